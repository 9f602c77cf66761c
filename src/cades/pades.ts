/**
 * PAdES (ETSI EN 319 142-1) as far as the assessor needs it: the signature dictionary's
 * /ByteRange and /Contents of a signed PDF, the digest over the byte ranges (what an application
 * sends to signatures/signDoc as a documentDigest with signature_format "P"), and the validation
 * of the CMS in /Contents over those ranges (validate.ts) — and, when the RSSP only received the
 * digest, that the CMS's message-digest is the digest that was sent.
 *
 * The PDF is attacker-controlled (it comes back from an RSSP): the last signature dictionary is
 * read with bounded regular expressions, the ranges must cover the whole file except the
 * /Contents hex string, and nothing here throws.
 */
import { createHash } from "node:crypto";
import type { Text } from "../check/types.ts";
import { text as t } from "../check/message.ts";
import { validateCms, type CmsFinding, type CmsVerdict } from "./validate.ts";

/** Whether a result here is the reason it could not be had (bilingual: reports show it) rather than the value. */
export const isReason = (x: object): x is Text => "ja" in x && "en" in x;

export interface SignatureField {
  /** [offset1, length1, offset2, length2]. */
  byteRange: [number, number, number, number];
  /** The CMS in /Contents, without the zero padding after its DER end. */
  cms: Uint8Array;
}

/** Largest PDF read (the test PDFs and reports are far smaller). */
export const MAX_PDF_BYTES = 64 * 1024 * 1024;

/** The last signature's /ByteRange and /Contents, or why there is none usable. */
export function signatureField(pdf: Uint8Array): SignatureField | Text {
  const gap = contentsGap(pdf);
  if (isReason(gap)) return gap;
  const length = derLength(gap.contents);
  if (length === undefined) return t("/ContentsにDER構造がない", "/Contents holds no DER structure");
  return { byteRange: gap.byteRange, cms: new Uint8Array(gap.contents.subarray(0, length)) };
}

/** A PDF prepared for signing (the application's side, or an RSSP given the whole document): its byte ranges and the room in /Contents. */
export function placeholderOf(pdf: Uint8Array): { byteRange: [number, number, number, number]; capacity: number } | Text {
  const gap = contentsGap(pdf);
  if (isReason(gap)) return gap;
  if (gap.contents.some((b) => b !== 0)) return t("/Contentsが空（ゼロ）のプレースホルダではない", "/Contents is not an empty (zero) placeholder");
  return { byteRange: gap.byteRange, capacity: gap.contents.length };
}

/** The signed PDF: the CMS hex-encoded into the /Contents placeholder (zero-padded), or why it does not fit. */
export function fillContents(pdf: Uint8Array, byteRange: [number, number, number, number], cms: Uint8Array): Buffer | Text {
  const capacity = (byteRange[2] - byteRange[1] - 2) / 2;
  if (cms.length > capacity) return t(`CMS（${cms.length}バイト）が/Contentsのプレースホルダ（${capacity}バイト）より大きい`, `the CMS (${cms.length} bytes) is larger than the /Contents placeholder (${capacity} bytes)`);
  const out = Buffer.from(pdf);
  out.write(Buffer.from(cms).toString("hex").toUpperCase(), byteRange[1] + 1, "latin1");
  return out;
}

/** The last /ByteRange and the bytes of the /Contents hex string it leaves out. */
function contentsGap(pdf: Uint8Array): { byteRange: [number, number, number, number]; contents: Buffer } | Text {
  if (pdf.length > MAX_PDF_BYTES) return t(`PDFが${MAX_PDF_BYTES}バイトを超える`, `the PDF is larger than ${MAX_PDF_BYTES} bytes`);
  const text = Buffer.from(pdf).toString("latin1");
  const ranges = [...text.matchAll(/\/ByteRange\s*\[\s*(\d{1,12})\s+(\d{1,12})\s+(\d{1,12})\s+(\d{1,12})\s*\]/g)];
  const last = ranges.at(-1);
  if (!last) return t("PDFに/ByteRangeがない", "no /ByteRange in the PDF");
  const r = last.slice(1, 5).map(Number) as [number, number, number, number];
  const [a, b, c, d] = r;
  if (a !== 0 || b <= 0 || c <= b || c + d !== pdf.length) return t(`/ByteRange [${r.join(" ")}]が1つの間隙を除いてファイル全体（${pdf.length}バイト）を覆っていない`, `the /ByteRange [${r.join(" ")}] does not cover the file (${pdf.length} bytes) around one gap`);
  const gap = text.slice(b, c);
  const hex = /^<([0-9A-Fa-f\s]*)>$/.exec(gap);
  if (!hex) return t("/ByteRangeの間隙が/Contentsの16進文字列ではない", "the /ByteRange gap is not the /Contents hex string");
  return { byteRange: r, contents: Buffer.from(hex[1]!.replace(/\s+/g, ""), "hex") };
}

/** The digest over the byte ranges (what is signed). */
export function byteRangeDigest(pdf: Uint8Array, byteRange: [number, number, number, number], hash = "sha256"): Uint8Array {
  const [a, b, c, d] = byteRange;
  return new Uint8Array(createHash(hash).update(pdf.subarray(a, a + b)).update(pdf.subarray(c, c + d)).digest());
}

export interface PadesExpectation {
  /** The credential's chain, end entity first (DER). */
  chain: Uint8Array[];
  /** The digest sent to signDoc, when the RSSP received only a digest. */
  submittedDigest?: Uint8Array;
}

/** Validates the last signature of a PDF: the CMS over its byte ranges (PAdES-B-B), never throws. */
export function validatePades(pdf: Uint8Array, e: PadesExpectation): CmsVerdict {
  const field = signatureField(pdf);
  if (isReason(field)) return { ok: false, findings: [{ item: "structure", ok: false, detail: field }] };
  const digest = byteRangeDigest(pdf, field.byteRange);
  const verdict = validateCms(field.cms, { format: "P", digest, chain: e.chain });
  const extra: CmsFinding[] = [];
  if (e.submittedDigest && !Buffer.from(e.submittedDigest).equals(Buffer.from(digest))) {
    extra.push({ item: "message-digest", ok: false, detail: t("/ByteRangeに対するダイジェストがsignDocに送ったダイジェストと一致しない", "the digest over the /ByteRange is not the digest that was sent to signDoc") });
  }
  const findings = [...verdict.findings, ...extra];
  return { ok: findings.every((f) => f.ok), findings };
}

/** The length of the DER element at the start (the /Contents hex string is zero-padded). */
function derLength(b: Buffer): number | undefined {
  if (b.length < 2 || b[0] !== 0x30) return undefined;
  const first = b[1]!;
  if (first < 0x80) return 2 + first <= b.length ? 2 + first : undefined;
  const n = first & 0x7f;
  if (n === 0 || n > 4 || 2 + n > b.length) return undefined;
  let len = 0;
  for (let i = 0; i < n; i++) len = len * 256 + b[2 + i]!;
  return 2 + n + len <= b.length ? 2 + n + len : undefined;
}
