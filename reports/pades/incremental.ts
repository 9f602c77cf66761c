/**
 * The incremental update (ISO 32000-1 §7.5.6) that adds an empty signature to a PDF: a signature
 * dictionary with a ByteRange and a zero-filled /Contents placeholder, an invisible widget on the
 * first page that is also the signature field, an AcroForm naming it (SigFlags 3: signatures
 * exist, append only), the catalog and first page rewritten to point at them, a cross-reference
 * section for exactly these objects and a trailer with /Prev. The original bytes are kept as
 * they are, so a reader that ignores the update still sees the unsigned report.
 *
 * Pure: bytes in, bytes and the ByteRange out. `fillContents` writes the CMS into the gap.
 */
import { PdfSyntaxError, asDict, asRef, dictWith, encodeTextString, pageRefs, parsePdf, readObject, resolve } from "./pdf-objects.ts";

export interface SignatureFieldOptions {
  /** The signer's name for /Name (from the certificate; informative only). */
  signerName: string;
  /** The claimed signing time, /M (PAdES: in the dictionary, not in the CMS). */
  date: Date;
  reason?: string;
  /** Bytes reserved for the DER signature (the hex string is twice as long). */
  contentsBytes: number;
  /** The field's partial name /T. */
  fieldName?: string;
}

export type ByteRange = readonly [number, number, number, number];

export interface Placeholder {
  /** The original bytes followed by the update; /Contents is all zeros. */
  pdf: Buffer;
  /** [0, start of `<`, just after `>`, the rest]: what the signature covers. */
  byteRange: ByteRange;
}

/** A PDF date string in UTC, `(D:YYYYMMDDHHmmSSZ)`. */
export function pdfDate(date: Date): string {
  const p = (n: number, w = 2) => String(n).padStart(w, "0");
  return `(D:${p(date.getUTCFullYear(), 4)}${p(date.getUTCMonth() + 1)}${p(date.getUTCDate())}${p(date.getUTCHours())}${p(date.getUTCMinutes())}${p(date.getUTCSeconds())}Z)`;
}

/** A cross-reference section for `offsets` (object number → byte offset), grouped into runs. */
export function xrefSection(offsets: Map<number, number>): string {
  const nums = [...offsets.keys()].sort((a, b) => a - b);
  const lines = ["xref", "0 1", "0000000000 65535 f "];
  for (let i = 0; i < nums.length; ) {
    let j = i;
    while (j + 1 < nums.length && nums[j + 1] === nums[j]! + 1) j++;
    if (nums[i] === 0) throw new PdfSyntaxError("object 0 cannot be rewritten");
    lines.push(`${nums[i]} ${j - i + 1}`);
    // Each entry is exactly 20 bytes: 10-digit offset, space, 5-digit generation, space, n, space, LF.
    for (let k = i; k <= j; k++) lines.push(`${String(offsets.get(nums[k]!)).padStart(10, "0")} 00000 n `);
    i = j + 1;
  }
  return `${lines.join("\n")}\n`;
}

const BYTE_RANGE_WIDTH = 10;
const BYTE_RANGE_PLACEHOLDER = `[0 ${"0".repeat(BYTE_RANGE_WIDTH)} ${"0".repeat(BYTE_RANGE_WIDTH)} ${"0".repeat(BYTE_RANGE_WIDTH)}]`;

/** Appends the signature field and placeholder (see the module comment). */
export function appendSignatureField(bytes: Uint8Array, options: SignatureFieldOptions): Placeholder {
  const pdf = parsePdf(bytes);
  const rootRef = asRef(pdf.trailer.entries.get("Root"), "the trailer's /Root");
  const root = asDict(readObject(pdf, rootRef.num), "the document catalog");
  if (root.entries.has("AcroForm")) throw new PdfSyntaxError("the PDF already has a form (/AcroForm): it is signed already or not a report written by rssp-audit");
  const size = pdf.trailer.entries.get("Size");
  if (size?.kind !== "number") throw new PdfSyntaxError("the trailer has no /Size");
  const firstPage = pageRefs(pdf)[0];
  if (firstPage === undefined) throw new PdfSyntaxError("the PDF has no page");
  const page = asDict(readObject(pdf, firstPage), `page object ${firstPage}`);

  const sigNum = size.value;
  const widgetNum = sigNum + 1;
  const formNum = sigNum + 2;
  const annots = resolve(pdf, page.entries.get("Annots"));
  const annotItems = annots?.kind === "array" ? annots.items.map((a) => a.raw) : [];

  const hexLength = options.contentsBytes * 2;
  const sigDict = [
    "<</Type /Sig",
    "/Filter /Adobe.PPKLite",
    "/SubFilter /ETSI.CAdES.detached",
    `/ByteRange ${BYTE_RANGE_PLACEHOLDER}`,
    `/Name ${encodeTextString(options.signerName)}`,
    `/M ${pdfDate(options.date)}`,
    ...(options.reason ? [`/Reason ${encodeTextString(options.reason)}`] : []),
    `/Contents <${"0".repeat(hexLength)}>>>`,
  ].join("\n");
  const objects: Array<[number, string]> = [
    [sigNum, sigDict],
    [widgetNum, `<</Type /Annot /Subtype /Widget /FT /Sig /T ${encodeTextString(options.fieldName ?? "ReportSignature")} /V ${sigNum} 0 R /F 132 /Rect [0 0 0 0] /P ${firstPage} 0 R>>`],
    [formNum, `<</Fields [${widgetNum} 0 R] /SigFlags 3>>`],
    [rootRef.num, dictWith(root, { AcroForm: `${formNum} 0 R` })],
    [firstPage, dictWith(page, { Annots: `[${[...annotItems, `${widgetNum} 0 R`].join(" ")}]` })],
  ];

  const original = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let text = original[original.length - 1] === 0x0a ? "" : "\n";
  const offsets = new Map<number, number>();
  for (const [num, body] of objects) {
    offsets.set(num, original.length + text.length);
    text += `${num} 0 obj\n${body}\nendobj\n`;
  }
  const xrefOffset = original.length + text.length;
  const trailer = dictWith(pdf.trailer, { Size: String(formNum + 1), Prev: String(pdf.startxref) });
  text += `${xrefSection(offsets)}trailer\n${trailer}\nstartxref\n${xrefOffset}\n%%EOF\n`;
  const out = Buffer.concat([original, Buffer.from(text, "latin1")]);

  // The gap is the /Contents hex string itself, angle brackets included (ISO 32000-1 §12.8.1).
  const sigStart = offsets.get(sigNum)!;
  const contentsAt = out.indexOf("/Contents <", sigStart, "latin1") + "/Contents ".length;
  const gapEnd = contentsAt + hexLength + 2;
  const byteRange: ByteRange = [0, contentsAt, gapEnd, out.length - gapEnd];
  const rangeAt = out.indexOf(`/ByteRange ${BYTE_RANGE_PLACEHOLDER}`, sigStart, "latin1") + "/ByteRange ".length;
  const filled = `[${byteRange.join(" ")}]`.padEnd(BYTE_RANGE_PLACEHOLDER.length, " ");
  if (filled.length !== BYTE_RANGE_PLACEHOLDER.length) throw new PdfSyntaxError("the PDF is too large to sign (ByteRange beyond 10 digits)");
  out.write(filled, rangeAt, "latin1");
  return { pdf: out, byteRange };
}

/** The signed bytes: everything the ByteRange covers, in order. */
export function signedBytes(pdf: Uint8Array, byteRange: ByteRange): Buffer {
  const b = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength);
  return Buffer.concat([b.subarray(byteRange[0], byteRange[0] + byteRange[1]), b.subarray(byteRange[2], byteRange[2] + byteRange[3])]);
}

/** Writes the DER signature into the placeholder's gap (hex, zero-padded). */
export function fillContents(placeholder: Placeholder, der: Uint8Array): Buffer {
  const [, start, end] = placeholder.byteRange;
  const room = end - start - 2;
  const hex = Buffer.from(der).toString("hex").toUpperCase();
  if (hex.length > room) throw new PdfSyntaxError(`the signature (${der.length} bytes) does not fit the ${room / 2} bytes reserved for it`);
  const out = Buffer.from(placeholder.pdf);
  out.write(hex.padEnd(room, "0"), start + 1, "latin1");
  return out;
}
