/**
 * A one-page PDF with an empty PAdES signature field (ETSI.CAdES.detached, PAdES-B-B): what the
 * assessor's probe has a provider sign through signatures/signDoc with signature_format "P".
 * The application's side of PAdES (EN 319 142-1 §5.2): the /ByteRange covers the whole file but
 * the /Contents hex string; its digest goes to the RSSP; the CMS that comes back fills /Contents.
 * Nothing of value is signed: the page says it is an assessment probe.
 */
import type { Text } from "../check/types.ts";
import { byteRangeDigest, fillContents } from "./pades.ts";

export interface PreparedPdf {
  /** The PDF with the /ByteRange filled in and /Contents all zeros. */
  pdf: Buffer;
  byteRange: [number, number, number, number];
  /** SHA-256 over the byte ranges: the documentDigest to send. */
  digest: Uint8Array;
  /** Bytes the CMS may take. */
  capacity: number;
}

const CONTENTS_BYTES = 16_384;
const RANGE_WIDTH = 10;

/** The prepared PDF (`time`: the /M signing time, PAdES-B-B's claimed signing time). */
export function preparePdf(time: Date = new Date(), note = "rssp-audit signDoc probe"): PreparedPdf {
  const stamp = time.toISOString().replace(/[-:T]/g, "").slice(0, 14);
  const text = note.replace(/[()\\]/g, "");
  const stream = `BT /F1 12 Tf 20 150 Td (${text}) Tj ET`;
  const placeholderRange = `[0 ${"0".padEnd(RANGE_WIDTH)} ${"0".padEnd(RANGE_WIDTH)} ${"0".padEnd(RANGE_WIDTH)}]`;
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [4 0 R] /SigFlags 3 >> >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] /Contents 6 0 R /Resources << /Font << /F1 7 0 R >> >> /Annots [4 0 R] >>",
    "<< /Type /Annot /Subtype /Widget /FT /Sig /T (Signature1) /Rect [0 0 0 0] /F 132 /P 3 0 R /V 5 0 R >>",
    `<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached /M (D:${stamp}Z) /ByteRange ${placeholderRange} /Contents <${"0".repeat(CONTENTS_BYTES * 2)}> >>`,
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  ];
  let body = "%PDF-1.7\n%\xe2\xe3\xcf\xd3\n";
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(Buffer.byteLength(body, "latin1"));
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = Buffer.byteLength(body, "latin1");
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("")}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  const pdf = Buffer.from(body, "latin1");
  const open = pdf.indexOf("/Contents <") + "/Contents ".length;
  const close = pdf.indexOf(">", open) + 1;
  const byteRange: [number, number, number, number] = [0, open, close, pdf.length - close];
  const filled = `[0 ${byteRange.slice(1).map((n) => String(n).padEnd(RANGE_WIDTH)).join(" ")}]`;
  const at = pdf.indexOf(placeholderRange);
  pdf.write(filled, at, "latin1");
  return { pdf, byteRange, digest: byteRangeDigest(pdf, byteRange), capacity: CONTENTS_BYTES };
}

/** The signed PDF: the CMS hex-encoded into /Contents (zero-padded), or why it does not fit. */
export function embedCms(p: PreparedPdf, cms: Uint8Array): Buffer | Text {
  return fillContents(p.pdf, p.byteRange, cms);
}
