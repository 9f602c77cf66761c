/**
 * PAdES B-T (ETSI EN 319 142-1 §6.3, B-T level): an RFC 3161 time-stamp token over the SignerInfo's
 * signature value, carried as the unsigned attribute id-aa-signatureTimeStampToken (RFC 3161
 * Appendix A). The request goes over HTTP as `application/timestamp-query` (RFC 3161 §3.4) with a
 * random nonce and certReq; the response is accepted only if its status is granted (0) or
 * grantedWithMods (1), its token's message imprint is the SHA-256 of the signature value we sent,
 * and its nonce is ours (§2.4.2) — anything else is refused, never attached.
 *
 * Verification (`report verify`) reads the token back from the SignerInfo and checks it with the
 * audit log's RFC 3161 verifier (src/log/timestamp-token.ts): its imprint is the hash of this
 * SignerInfo's signature value, in the algorithm the token names; the TSA's signature over the
 * TSTInfo and its ESS signing-certificate binding hold; the TSA certificate is one (EKU
 * timeStamping, critical); and, given TSA trust anchors, its path to one is valid at genTime.
 */
import { createHash, randomBytes } from "node:crypto";
import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { CannotFinishError, InputError, describeError } from "../../src/util/errors.ts";
import { verifyTimestampToken } from "../../src/log/timestamp-token.ts";
import { parsePemCertificates } from "../../src/log/signing-cert.ts";

export const OID_SIGNATURE_TIME_STAMP_TOKEN = "1.2.840.113549.1.9.16.2.14";
const OID_SHA256 = "2.16.840.1.101.3.4.2.1";
const OID_SIGNED_DATA = "1.2.840.113549.1.7.2";

/** The TSA could not be reached or answered something we cannot use: a run that could not finish (exit 3). */
export class TimestampError extends CannotFinishError {}

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest();
const ab = (u: Uint8Array) => u.buffer.slice(u.byteOffset, u.byteOffset + u.byteLength) as ArrayBuffer;

export function timestampRequest(data: Uint8Array, nonce: Uint8Array): Uint8Array {
  const req = new pkijs.TimeStampReq({
    version: 1,
    messageImprint: new pkijs.MessageImprint({ hashAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: OID_SHA256 }), hashedMessage: new asn1js.OctetString({ valueHex: ab(sha256(data)) }) }),
    nonce: new asn1js.Integer({ valueHex: ab(nonce) }),
    certReq: true,
  });
  return new Uint8Array(req.toSchema().toBER(false));
}

/** The token's TSTInfo (the encapsulated content of its SignedData). */
export function tstInfoOf(token: pkijs.ContentInfo): pkijs.TSTInfo {
  const sd = new pkijs.SignedData({ schema: token.content });
  const content = sd.encapContentInfo.eContent;
  if (!content) throw new TimestampError("the time-stamp token has no TSTInfo");
  return pkijs.TSTInfo.fromBER(content.getValue());
}

/** Checks a TimeStampResp against what we asked; returns the token. */
export function acceptResponse(der: Uint8Array, data: Uint8Array, nonce: Uint8Array, url: string): pkijs.ContentInfo {
  let resp: pkijs.TimeStampResp;
  try {
    resp = pkijs.TimeStampResp.fromBER(ab(der));
  } catch {
    throw new TimestampError(`${url}: the answer is not an RFC 3161 TimeStampResp`);
  }
  const status = resp.status.status;
  if (status !== 0 && status !== 1) throw new TimestampError(`${url}: the TSA refused the request (PKIStatus ${status}${resp.status.statusStrings?.length ? `: ${resp.status.statusStrings.map((s) => s.valueBlock.value).join("; ")}` : ""})`);
  if (!resp.timeStampToken) throw new TimestampError(`${url}: granted but no time-stamp token`);
  const info = tstInfoOf(resp.timeStampToken);
  if (info.messageImprint.hashAlgorithm.algorithmId !== OID_SHA256 || !Buffer.from(info.messageImprint.hashedMessage.valueBlock.valueHexView).equals(sha256(data))) {
    throw new TimestampError(`${url}: the token's message imprint is not the signature value's SHA-256`);
  }
  if (!info.nonce || !Buffer.from(info.nonce.valueBlock.valueHexView).equals(Buffer.from(new asn1js.Integer({ valueHex: ab(nonce) }).valueBlock.valueHexView))) {
    throw new TimestampError(`${url}: the token's nonce is not ours`);
  }
  return resp.timeStampToken;
}

/** How long a TSA may take to answer (a bounded wait: the reports are on disk already). */
export const DEFAULT_TSA_TIMEOUT_MS = 15_000;
/** A TimeStampResp is a token and a status: a few KB, tens with a long chain; more is not an answer. */
const MAX_RESPONSE_BYTES = 1_048_576;

/** What --tsa-url says in every command's help. */
export const TSA_URL_HELP = "http(s); user:password@ in it go as HTTP basic auth and are never printed; 15 s at most";

/** A TSA address as given (flag or assessment.yaml): http(s) only; anything else is bad input. */
export function parseTsaUrl(raw: string, where: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new InputError(`${where}: not a URL: "${redactUrl(raw).slice(0, 80)}"`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new InputError(`${where}: an RFC 3161 TSA is reached over http:// or https://, not ${url.protocol}`);
  return url;
}

/** A TSA address with HTTP basic-auth credentials put in (held in memory only; redactUrl prints it). */
export function withCredentials(url: URL, username?: string, password?: string): URL {
  const out = new URL(url);
  if (username !== undefined) {
    out.username = encodeURIComponent(username);
    out.password = encodeURIComponent(password ?? "");
  }
  return out;
}

/**
 * The address as it may be printed: user and password (a TSA's basic-auth account) and the query
 * (where some TSAs take an API key) are replaced, so a log line never carries a credential.
 */
export function redactUrl(raw: string | URL): string {
  let url: URL;
  try {
    url = new URL(String(raw));
  } catch {
    // Not a URL: keep only what cannot be a credential.
    return String(raw).replace(/\/\/[^/@]*@/, "//***@").replace(/\?.*$/, "?***");
  }
  const auth = url.username || url.password ? "***@" : "";
  return `${url.protocol}//${auth}${url.host}${url.pathname}${url.search ? "?***" : ""}`;
}

/** The response body, refused past `max` bytes (a TSA that streams forever is not a TSA). */
async function boundedBody(res: Response, max: number): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of res.body ?? []) {
    size += chunk.byteLength;
    if (size > max) throw new TimestampError(`the answer is larger than ${max} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/**
 * Asks the TSA at `url` for a token over `data` (RFC 3161 over HTTP, §3.4). Credentials in the
 * URL go as HTTP basic authentication (fetch refuses them in the URL); every message names the
 * redacted URL.
 */
export async function requestTimestamp(url: string | URL, data: Uint8Array, timeoutMs = DEFAULT_TSA_TIMEOUT_MS): Promise<pkijs.ContentInfo> {
  const target = new URL(String(url));
  const shown = redactUrl(target);
  const headers: Record<string, string> = { "content-type": "application/timestamp-query" };
  if (target.username || target.password) {
    headers.authorization = `Basic ${Buffer.from(`${decodeURIComponent(target.username)}:${decodeURIComponent(target.password)}`).toString("base64")}`;
    target.username = "";
    target.password = "";
  }
  const nonce = randomBytes(8);
  nonce[0] = nonce[0]! & 0x7f; // a positive INTEGER without a leading zero byte
  let body: Uint8Array;
  try {
    const res = await fetch(target, { method: "POST", headers, body: Buffer.from(timestampRequest(data, nonce)), signal: AbortSignal.timeout(timeoutMs), redirect: "error" });
    if (!res.ok) throw new TimestampError(`HTTP ${res.status}`);
    body = await boundedBody(res, MAX_RESPONSE_BYTES);
  } catch (error) {
    if (error instanceof TimestampError) throw new TimestampError(`${shown}: ${error.message}`);
    const why = error instanceof Error && error.name === "TimeoutError" ? `no answer within ${timeoutMs / 1000} s` : error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
    throw new TimestampError(`${shown}: the TSA could not be reached (${why.split("\n")[0]})`);
  }
  return acceptResponse(body, data, nonce, shown);
}

/** The signature value of a CMS SignedData's (only) SignerInfo: what the B-T token is over. */
export function signatureValueOf(cms: Uint8Array): Uint8Array {
  const sd = new pkijs.SignedData({ schema: pkijs.ContentInfo.fromBER(ab(cms)).content });
  return new Uint8Array(sd.signerInfos[0]!.signature.valueBlock.valueHexView);
}

/** The CMS with the token added as the signer's id-aa-signatureTimeStampToken unsigned attribute. */
export function withSignatureTimestamp(cms: Uint8Array, token: pkijs.ContentInfo): Uint8Array {
  const sd = new pkijs.SignedData({ schema: pkijs.ContentInfo.fromBER(ab(cms)).content });
  sd.signerInfos[0]!.unsignedAttrs = new pkijs.SignedAndUnsignedAttributes({ type: 1, attributes: [new pkijs.Attribute({ type: OID_SIGNATURE_TIME_STAMP_TOKEN, values: [token.toSchema()] })] });
  return new Uint8Array(new pkijs.ContentInfo({ contentType: OID_SIGNED_DATA, content: sd.toSchema(true) }).toSchema().toBER(false));
}

/** The signer's time-stamp token, if the CMS carries one. */
export function signatureTimestampOf(cms: Uint8Array): pkijs.ContentInfo | undefined {
  const sd = new pkijs.SignedData({ schema: pkijs.ContentInfo.fromBER(ab(cms)).content });
  const attr = sd.signerInfos[0]?.unsignedAttrs?.attributes.find((a) => a.type === OID_SIGNATURE_TIME_STAMP_TOKEN);
  return attr ? new pkijs.ContentInfo({ schema: attr.values[0] }) : undefined;
}

/** What the signature-time-stamp of a PAdES B-T signature proves, or why it proves nothing. */
export type SignatureTimestampCheck =
  | { ok: true; genTime: string; tsa: string; chainChecked: boolean }
  | { ok: false; reason: string };

/** The TSA trust anchors given with --tsa-trust-anchor (PEM); unreadable ones are bad input. */
export function parseTsaAnchors(pem: string, where = "--tsa-trust-anchor"): ReturnType<typeof parsePemCertificates> {
  try {
    return parsePemCertificates(pem);
  } catch (error) {
    throw new InputError(`${where}: ${describeError(error)}`);
  }
}

/**
 * Checks the CMS's signature-time-stamp token (see the module comment); undefined when the CMS
 * carries none (a B-B signature). Without `tsaAnchorsPem` the TSA's chain is not checked, and
 * the result says so (`chainChecked: false`).
 */
export function verifySignatureTimestamp(cms: Uint8Array, tsaAnchorsPem?: string): SignatureTimestampCheck | undefined {
  const anchors = tsaAnchorsPem ? parseTsaAnchors(tsaAnchorsPem) : [];
  let token: pkijs.ContentInfo | undefined;
  let value: Uint8Array;
  try {
    token = signatureTimestampOf(cms);
    value = signatureValueOf(cms);
  } catch (error) {
    return { ok: false, reason: `the signature-time-stamp attribute cannot be read (${describeError(error)})` };
  }
  if (!token) return undefined;
  const verdict = verifyTimestampToken(new Uint8Array(token.toSchema().toBER(false)), { digestOf: (hash) => createHash(hash).update(value).digest(), what: "the signature value" }, { anchors, explicit: true });
  if (!verdict.ok) return { ok: false, reason: `signature time-stamp: ${verdict.message}` };
  return { ok: true, genTime: verdict.genTime.toISOString(), tsa: verdict.tsa, chainChecked: verdict.trust === "chained" };
}
