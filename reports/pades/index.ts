/**
 * PAdES baseline B-B signatures on the PDF report (ETSI EN 319 142-1): an incremental update
 * (incremental.ts) whose signature dictionary has /SubFilter /ETSI.CAdES.detached and a CMS
 * SignedData over the ByteRange, with the signed attributes content-type, message-digest and
 * ESS signing-certificate-v2 (RFC 5035). The claimed signing time is the dictionary's /M; the CMS
 * carries no signing-time attribute (EN 319 142-1 §6.3 forbids it in PAdES baseline signatures).
 *
 * Verification: the ByteRange starts at 0, its gap is exactly the /Contents string and it ends
 * at the end of the file (nothing appended after signing); the digest and signature verify over
 * those bytes (reports/sign.ts); signing-certificate-v2 names the signer's certificate; with
 * trust anchors, the signer's chain reaches one. A PDF that has no signature, or is no PDF, is
 * bad input; a signature that does not hold is a verification result (not an exception).
 */
import { createHash } from "node:crypto";
import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { CannotFinishError, InputError } from "../../src/util/errors.ts";
import { nameToString, parseCertificates, parseSignature, signDetached, verifyReportBytes, type SignatureVerification } from "../sign.ts";
import { requestTimestamp, signatureValueOf, verifySignatureTimestamp, withSignatureTimestamp, type SignatureTimestampCheck } from "./timestamp.ts";
import { appendSignatureField, fillContents, signedBytes, type ByteRange } from "./incremental.ts";
import { PdfSyntaxError, asDict, decodeTextString, parsePdf, resolve, type PdfDict, type PdfFile } from "./pdf-objects.ts";
import { CMS_OID } from "../../src/cades/cms-oids.ts";

/**
 * Room for the DER signature, fixed before signing (the ByteRange depends on it): the signer's
 * certificates as given plus the CMS around them (signed attributes, a signature of RSA-4096 at
 * most), at least 16 KiB; with a TSA, room for its token with the TSA's chain (RFC 3161 §2.4.1
 * certReq: a TSTInfo, the TSA's SignerInfo and a few certificates of RSA-4096), so that B-T with a
 * usual signer stays under the 32,767-byte string limit of ISO 32000-1 Annex C. A signature that
 * still does not fit is refused before anything is written (signPdfBytes).
 */
const MIN_CONTENTS_BYTES = 16_384;
const CMS_OVERHEAD_BYTES = 4_096;
export const TOKEN_ROOM_BYTES = 16_000;

export function contentsBytesFor(signerCerts: readonly pkijs.Certificate[], withTimestamp: boolean): number {
  const certs = signerCerts.reduce((n, c) => n + c.toSchema().toBER(false).byteLength, 0);
  return Math.max(MIN_CONTENTS_BYTES, certs + CMS_OVERHEAD_BYTES) + (withTimestamp ? TOKEN_ROOM_BYTES : 0);
}

const sha256 = (bytes: Uint8Array | ArrayBuffer) => createHash("sha256").update(new Uint8Array(bytes)).digest();

/** ESS signing-certificate-v2 for `signer`: SHA-256 (the default, so omitted) of its DER and its issuer/serial. */
export function signingCertificateV2(signer: pkijs.Certificate): pkijs.Attribute {
  const issuerSerial = new asn1js.Sequence({
    value: [new pkijs.GeneralNames({ names: [new pkijs.GeneralName({ type: 4, value: signer.issuer })] }).toSchema(), new asn1js.Integer({ valueHex: signer.serialNumber.valueBlock.valueHexView })],
  });
  const essCertIdV2 = new asn1js.Sequence({ value: [new asn1js.OctetString({ valueHex: sha256(signer.toSchema().toBER(false)) }), issuerSerial] });
  return new pkijs.Attribute({ type: CMS_OID.signingCertificateV2, values: [new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [essCertIdV2] })] })] });
}

const commonName = (cert: pkijs.Certificate) => String(cert.subject.typesAndValues.find((tv) => tv.type === "2.5.4.3")?.value.valueBlock.value ?? nameToString(cert.subject));

function pdfInput<T>(what: string, run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof PdfSyntaxError) throw new InputError(`${what}: ${error.message}`);
    throw error;
  }
}

export interface PdfSignOptions {
  date?: Date;
  reason?: string;
  /** B-T: an RFC 3161 TSA's URL; its token over the signature value goes in as signatureTimeStampToken. */
  tsaUrl?: string | URL;
  /** How long the TSA may take (default DEFAULT_TSA_TIMEOUT_MS). */
  tsaTimeoutMs?: number;
  /** Room reserved for the signature (default contentsBytesFor the signer's certificates). */
  contentsBytes?: number;
}

/** The PDF with a PAdES signature appended: B-B, or B-T with `tsaUrl` (key and certificate as for `report sign`). */
export async function signPdfBytes(pdf: Uint8Array, keyPem: string, certPem: string, options: PdfSignOptions = {}): Promise<Buffer> {
  const certs = parseCertificates(certPem, "--cert");
  const contentsBytes = options.contentsBytes ?? contentsBytesFor(certs, Boolean(options.tsaUrl));
  const placeholder = pdfInput("PDF", () => appendSignatureField(pdf, { signerName: commonName(certs[0]!), date: options.date ?? new Date(), reason: options.reason, contentsBytes }));
  const signed = await signDetached(signedBytes(placeholder.pdf, placeholder.byteRange), keyPem, certPem, { extraAttributes: (s) => [signingCertificateV2(s)] });
  const der = options.tsaUrl ? withSignatureTimestamp(signed, await requestTimestamp(options.tsaUrl, signatureValueOf(signed), options.tsaTimeoutMs)) : signed;
  // Checked here, not left to fillContents: a signature that does not fit is a run that could not
  // finish (the TSA's token larger than any chain we allow for), never a truncated /Contents.
  if (der.byteLength > contentsBytes) {
    throw new CannotFinishError(`the signature${options.tsaUrl ? " with its time-stamp token" : ""} (${der.byteLength} bytes) does not fit the ${contentsBytes} bytes reserved for it in the PDF; the PDF was not signed`);
  }
  return pdfInput("PDF", () => fillContents(placeholder, der));
}

/** What a PDF's signature dictionary says, located structurally or, in a damaged file, by scanning. */
interface FoundSignature {
  byteRange: number[];
  contentsRaw: string;
  subFilter?: string;
  claimedTime?: string;
}

function fromDict(dict: PdfDict): FoundSignature | undefined {
  const range = dict.entries.get("ByteRange");
  const contents = dict.entries.get("Contents");
  if (range?.kind !== "array" || contents?.kind !== "string") return undefined;
  const subFilter = dict.entries.get("SubFilter");
  const m = dict.entries.get("M");
  return {
    byteRange: range.items.map((i) => (i.kind === "number" ? i.value : NaN)),
    contentsRaw: contents.raw,
    subFilter: subFilter?.kind === "name" ? subFilter.value : undefined,
    claimedTime: m?.kind === "string" ? pdfDateToIso(decodeTextString(m.raw)) : undefined,
  };
}

/** `D:YYYYMMDDHHmmSS[Z|+HH'mm']` → ISO 8601 (as written when it does not parse). */
export function pdfDateToIso(date: string): string {
  const m = /^D:(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(Z|[+-]\d{2}'?\d{2}'?)?/.exec(date);
  if (!m) return date;
  const zone = !m[7] || m[7] === "Z" ? "Z" : `${m[7].slice(0, 3)}:${m[7].replace(/'/g, "").slice(3, 5)}`;
  const parsed = new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}${zone}`);
  return Number.isNaN(parsed.getTime()) ? date : parsed.toISOString();
}

/** The last signature field's value, through catalog → AcroForm → Fields. */
function structuralSignature(file: PdfFile): FoundSignature | undefined {
  const root = asDict(resolve(file, file.trailer.entries.get("Root")), "the document catalog");
  const form = resolve(file, root.entries.get("AcroForm"));
  if (form?.kind !== "dict") return undefined;
  const fields = resolve(file, form.entries.get("Fields"));
  if (fields?.kind !== "array") return undefined;
  let found: FoundSignature | undefined;
  for (const f of fields.items) {
    const field = resolve(file, f);
    if (field?.kind !== "dict") continue;
    const ft = field.entries.get("FT");
    if (ft?.kind !== "name" || ft.value !== "Sig") continue;
    const value = resolve(file, field.entries.get("V"));
    if (value?.kind === "dict") found = fromDict(value) ?? found;
  }
  return found;
}

/** A damaged file (a changed byte can break its structure): the last ByteRange/Contents pair in the text. */
function scannedSignature(text: string): FoundSignature | undefined {
  const ranges = [...text.matchAll(/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g)];
  const last = ranges.at(-1);
  if (!last) return undefined;
  const after = text.slice(last.index!);
  const contents = /\/Contents\s*(<[0-9A-Fa-f\s]*>)/.exec(after);
  const subFilter = /\/SubFilter\s*\/([^\s/<>[\]()]+)/.exec(after);
  return { byteRange: last.slice(1, 5).map(Number), contentsRaw: contents?.[1] ?? "", subFilter: subFilter?.[1] };
}

export interface PdfVerification extends SignatureVerification {
  byteRange?: number[];
  subFilter?: string;
  /** The PAdES baseline level the signature claims: B-T when it carries a signature-time-stamp. */
  level?: "B-B" | "B-T";
  /** The B-T token's check (genTime, TSA, whether its chain was checked). */
  timestamp?: SignatureTimestampCheck;
}

/** The length of the DER value at the start of `bytes` (the hex gap is zero-padded after it). */
function derLength(bytes: Buffer): number {
  if (bytes.length < 2) return bytes.length;
  const first = bytes[1]!;
  if (first < 0x80) return 2 + first;
  const n = first & 0x7f;
  let len = 0;
  for (let i = 0; i < n; i++) len = len * 256 + (bytes[2 + i] ?? 0);
  return Math.min(bytes.length, 2 + n + len);
}

const notValid = (reason: string, extra: Partial<PdfVerification> = {}): PdfVerification => ({ ok: false, signatureValid: false, chainChecked: false, chainValid: false, reason, ...extra });

/**
 * Verifies the PAdES signature of a PDF over its exact bytes (see the module comment) and, for
 * B-T, its signature-time-stamp token (timestamp.ts), whose TSA chains to `tsaAnchorsPem` if given.
 */
export async function verifyPdfBytes(pdf: Uint8Array, trustAnchorsPem?: string, at = new Date(), tsaAnchorsPem?: string): Promise<PdfVerification> {
  const bytes = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength);
  const text = bytes.toString("latin1");
  if (!text.startsWith("%PDF-")) throw new InputError("not a PDF file (no %PDF- header)");
  let found: FoundSignature | undefined;
  try {
    found = structuralSignature(parsePdf(bytes));
  } catch (error) {
    if (!(error instanceof PdfSyntaxError)) throw error;
    found = undefined;
  }
  found ??= scannedSignature(text);
  if (!found) throw new InputError("the PDF has no signature (no signature field with a /ByteRange)");

  const range = found.byteRange;
  const extra = { byteRange: range, subFilter: found.subFilter, signingTime: found.claimedTime };
  if (range.length !== 4 || range.some((n) => !Number.isSafeInteger(n) || n < 0)) return notValid("the /ByteRange is not four non-negative integers", extra);
  const [a, b, c, d] = range as [number, number, number, number];
  if (a !== 0) return notValid(`the /ByteRange does not start at the beginning of the file (${a})`, extra);
  if (!(b < c) || c + d > bytes.length) return notValid("the /ByteRange does not fit the file", extra);
  if (c + d !== bytes.length) return notValid(`${bytes.length - (c + d)} bytes after the signed range: the file was changed after it was signed`, extra);
  if (text.slice(b, c) !== found.contentsRaw) return notValid("the /ByteRange gap is not exactly the signature's /Contents", extra);
  if (found.subFilter !== "ETSI.CAdES.detached") return notValid(`/SubFilter is ${found.subFilter ?? "missing"}, not ETSI.CAdES.detached (PAdES)`, extra);

  const hex = Buffer.from(found.contentsRaw.slice(1, -1).replace(/\s+/g, ""), "hex");
  const der = hex.subarray(0, derLength(hex));
  let signedData: pkijs.SignedData;
  try {
    signedData = parseSignature(der);
  } catch {
    return notValid("the signature's /Contents is not a CMS SignedData", extra);
  }
  const timestamp = verifySignatureTimestamp(der, tsaAnchorsPem);
  // B-T: the time-stamp proves the signature existed at genTime, so the signer's certificate is
  // judged at genTime (EN 319 102-1's best-signature-time), not at the moment of verifying: a
  // certificate that expired since still verifies, one not yet valid at genTime does not.
  const result = await verifyReportBytes(signedBytes(bytes, range as unknown as ByteRange), der, trustAnchorsPem, timestamp?.ok ? new Date(timestamp.genTime) : at);
  const verified = { ...result, ...extra, level: timestamp ? ("B-T" as const) : ("B-B" as const), ...(timestamp ? { timestamp } : {}) };
  const essProblem = checkSigningCertificateV2(signedData);
  if (result.ok && essProblem) return { ...verified, ok: false, reason: essProblem };
  if (result.ok && timestamp && !timestamp.ok) return { ...verified, ok: false, reason: timestamp.reason };
  const order = timestamp?.ok ? claimedAfterTimestamp(found.claimedTime, timestamp.genTime) : undefined;
  if (result.ok && order) return { ...verified, ok: false, reason: order };
  return verified;
}

/** How far the signer's clock may run ahead of the TSA's before /M is called later than genTime. */
export const CLOCK_SKEW_MS = 5 * 60_000;

/**
 * Why the claimed signing time (/M) cannot be true, or undefined: a time-stamp is taken over the
 * finished signature, so the signing it proves came before its genTime (beyond the clock skew allowed).
 */
export function claimedAfterTimestamp(claimedIso: string | undefined, genTimeIso: string): string | undefined {
  const claimed = claimedIso ? Date.parse(claimedIso) : Number.NaN;
  if (Number.isNaN(claimed) || claimed <= Date.parse(genTimeIso) + CLOCK_SKEW_MS) return undefined;
  return `the claimed signing time /M (${claimedIso}) is later than the signature-time-stamp's genTime (${genTimeIso}): the signature existed before the time it claims`;
}

/** Why the ESS signing-certificate-v2 attribute does not name the signer's certificate, or undefined. */
function checkSigningCertificateV2(signedData: pkijs.SignedData): string | undefined {
  const info = signedData.signerInfos[0];
  const attr = info?.signedAttrs?.attributes.find((x) => x.type === CMS_OID.signingCertificateV2);
  if (!info || !attr) return "no signing-certificate-v2 attribute (required in a PAdES baseline signature)";
  const sid = info.sid instanceof pkijs.IssuerAndSerialNumber ? info.sid : undefined;
  const signer = (signedData.certificates ?? []).find((c): c is pkijs.Certificate => c instanceof pkijs.Certificate && !!sid && c.serialNumber.isEqual(sid.serialNumber) && c.issuer.isEqual(sid.issuer));
  if (!signer) return "the signer's certificate is not in the signature";
  try {
    const certs = (attr.values[0] as asn1js.Sequence).valueBlock.value[0] as asn1js.Sequence;
    const first = certs.valueBlock.value[0] as asn1js.Sequence;
    const hashField = first.valueBlock.value.find((v): v is asn1js.OctetString => v instanceof asn1js.OctetString);
    if (hashField && Buffer.from(hashField.valueBlock.valueHexView).equals(sha256(signer.toSchema().toBER(false)))) return undefined;
  } catch {
    // fall through: malformed attribute
  }
  return "signing-certificate-v2 does not name the signer's certificate";
}
