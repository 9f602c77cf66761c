/**
 * Just enough of PDF's object syntax (ISO 32000-1 §7.3) to read the PDF chromium writes and to
 * append an incremental update to it: a tokenizer-parser over the file as a latin1 string (one
 * char = one byte, so string offsets are byte offsets), the classic cross-reference table and
 * trailer (§7.5.4–7.5.5, with /Prev chains), and reading an indirect object by number.
 *
 * Every parsed value keeps its raw text, so a dictionary can be rewritten with one key added
 * while every other entry is written back byte for byte. Cross-reference streams (§7.5.8) are not
 * read: Skia writes classic tables; another producer's file is refused with a one-line reason.
 * Pure functions; malformed input throws PdfSyntaxError (callers turn it into an InputError).
 */

export class PdfSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PdfSyntaxError";
  }
}

export interface Ref {
  kind: "ref";
  num: number;
  gen: number;
}

export type PdfValue =
  | { kind: "number"; value: number; raw: string }
  | { kind: "name"; value: string; raw: string }
  | { kind: "string"; raw: string }
  | { kind: "bool" | "null"; raw: string }
  | (Ref & { raw: string })
  | { kind: "array"; items: PdfValue[]; raw: string }
  | { kind: "dict"; entries: Map<string, PdfValue>; raw: string };

export type PdfDict = Extract<PdfValue, { kind: "dict" }>;

const WHITESPACE = new Set(["\0", "\t", "\n", "\f", "\r", " "]);
const DELIMITERS = new Set(["(", ")", "<", ">", "[", "]", "{", "}", "/", "%"]);

/** Index of the first non-whitespace, non-comment character at or after `i`. */
export function skipSpace(s: string, i: number): number {
  while (i < s.length) {
    const c = s[i]!;
    if (WHITESPACE.has(c)) i++;
    else if (c === "%") {
      while (i < s.length && s[i] !== "\n" && s[i] !== "\r") i++;
    } else break;
  }
  return i;
}

function regularEnd(s: string, i: number): number {
  while (i < s.length && !WHITESPACE.has(s[i]!) && !DELIMITERS.has(s[i]!)) i++;
  return i;
}

/** The end (exclusive) of a literal string starting at `(` (balanced parentheses, backslash escapes). */
function literalStringEnd(s: string, i: number): number {
  let depth = 0;
  for (let j = i; j < s.length; j++) {
    const c = s[j];
    if (c === "\\") j++;
    else if (c === "(") depth++;
    else if (c === ")" && --depth === 0) return j + 1;
  }
  throw new PdfSyntaxError(`unterminated string at byte ${i}`);
}

const MAX_DEPTH = 64;

/** Parses one value at `i` (after whitespace); returns it and the index just after it. */
export function parseValue(s: string, i: number, depth = 0): { value: PdfValue; end: number } {
  if (depth > MAX_DEPTH) throw new PdfSyntaxError(`objects nested deeper than ${MAX_DEPTH} at byte ${i}`);
  const start = skipSpace(s, i);
  const c = s[start];
  if (c === undefined) throw new PdfSyntaxError("unexpected end of file");
  if (c === "<" && s[start + 1] === "<") {
    const entries = new Map<string, PdfValue>();
    let j = start + 2;
    for (;;) {
      j = skipSpace(s, j);
      if (s[j] === ">" && s[j + 1] === ">") {
        const end = j + 2;
        return { value: { kind: "dict", entries, raw: s.slice(start, end) }, end };
      }
      const key = parseValue(s, j, depth + 1);
      if (key.value.kind !== "name") throw new PdfSyntaxError(`dictionary key is not a name at byte ${j}`);
      const val = parseValue(s, key.end, depth + 1);
      entries.set(key.value.value, val.value);
      j = val.end;
    }
  }
  if (c === "[") {
    const items: PdfValue[] = [];
    let j = start + 1;
    for (;;) {
      j = skipSpace(s, j);
      if (s[j] === "]") {
        const end = j + 1;
        return { value: { kind: "array", items, raw: s.slice(start, end) }, end };
      }
      const item = parseValue(s, j, depth + 1);
      items.push(item.value);
      j = item.end;
    }
  }
  if (c === "(") {
    const end = literalStringEnd(s, start);
    return { value: { kind: "string", raw: s.slice(start, end) }, end };
  }
  if (c === "<") {
    const end = s.indexOf(">", start);
    if (end < 0) throw new PdfSyntaxError(`unterminated hex string at byte ${start}`);
    return { value: { kind: "string", raw: s.slice(start, end + 1) }, end: end + 1 };
  }
  if (c === "/") {
    const end = regularEnd(s, start + 1);
    return { value: { kind: "name", value: s.slice(start + 1, end), raw: s.slice(start, end) }, end };
  }
  const end = regularEnd(s, start);
  const word = s.slice(start, end);
  if (word === "true" || word === "false") return { value: { kind: "bool", raw: word }, end };
  if (word === "null") return { value: { kind: "null", raw: word }, end };
  if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(word)) {
    // `N G R` is a reference: look ahead for a generation number and R.
    if (/^\d+$/.test(word)) {
      const m = /^\s+(\d+)\s+R(?![^\0\t\n\f\r ()<>[\]{}/%])/.exec(s.slice(end, end + 24));
      if (m) {
        const refEnd = end + m[0].length;
        return { value: { kind: "ref", num: Number(word), gen: Number(m[1]), raw: s.slice(start, refEnd) }, end: refEnd };
      }
    }
    return { value: { kind: "number", value: Number(word), raw: word }, end };
  }
  throw new PdfSyntaxError(`unexpected token "${word.slice(0, 20) || c}" at byte ${start}`);
}

/** A dictionary's raw text with entries replaced or added (others kept verbatim, in order). */
export function dictWith(dict: PdfDict, changes: Record<string, string>): string {
  const lines: string[] = [];
  for (const [key, value] of dict.entries) {
    if (!(key in changes)) lines.push(`/${key} ${value.raw}`);
  }
  for (const [key, raw] of Object.entries(changes)) lines.push(`/${key} ${raw}`);
  return `<<${lines.join("\n")}>>`;
}

export interface XrefEntry {
  offset: number;
  gen: number;
}

export interface PdfFile {
  text: string;
  /** Offset of the last cross-reference section (the one startxref names). */
  startxref: number;
  /** The newest trailer. */
  trailer: PdfDict;
  /** In-use objects: number → byte offset (newest section wins). */
  objects: Map<number, XrefEntry>;
}

/** The number after the last `startxref` keyword. */
export function findStartxref(s: string): number {
  const at = s.lastIndexOf("startxref");
  if (at < 0 || s.length - at > 2048) throw new PdfSyntaxError("no startxref near the end of the file (not a PDF, or truncated)");
  const m = /^startxref\s+(\d+)/.exec(s.slice(at, at + 40));
  if (!m) throw new PdfSyntaxError("startxref is not followed by an offset");
  return Number(m[1]);
}

/** Reads the classic cross-reference section at `offset` and its trailer. */
function readXrefSection(s: string, offset: number, objects: Map<number, XrefEntry>): PdfDict {
  let i = skipSpace(s, offset);
  if (!s.startsWith("xref", i)) {
    throw new PdfSyntaxError(`no cross-reference table at byte ${offset} (cross-reference streams are not supported)`);
  }
  i += 4;
  for (;;) {
    i = skipSpace(s, i);
    if (s.startsWith("trailer", i)) break;
    const head = /^(\d+)\s+(\d+)/.exec(s.slice(i, i + 40));
    if (!head) throw new PdfSyntaxError(`malformed cross-reference subsection at byte ${i}`);
    const first = Number(head[1]);
    const count = Number(head[2]);
    i = skipSpace(s, i + head[0].length);
    for (let k = 0; k < count; k++) {
      const row = /^(\d{10}) (\d{5}) ([nf])/.exec(s.slice(i, i + 20));
      if (!row) throw new PdfSyntaxError(`malformed cross-reference entry at byte ${i}`);
      const num = first + k;
      if (row[3] === "n" && !objects.has(num)) objects.set(num, { offset: Number(row[1]), gen: Number(row[2]) });
      if (row[3] === "f" && !objects.has(num)) objects.set(num, { offset: -1, gen: Number(row[2]) });
      i = skipSpace(s, i + 18);
    }
  }
  const trailer = parseValue(s, i + "trailer".length).value;
  if (trailer.kind !== "dict") throw new PdfSyntaxError("trailer is not a dictionary");
  return trailer;
}

/** Parses the file's cross-reference chain (newest first, following /Prev) and its newest trailer. */
export function parsePdf(bytes: Uint8Array): PdfFile {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1");
  if (!text.startsWith("%PDF-")) throw new PdfSyntaxError("not a PDF file (no %PDF- header)");
  const startxref = findStartxref(text);
  const objects = new Map<number, XrefEntry>();
  const trailer = readXrefSection(text, startxref, objects);
  const seen = new Set([startxref]);
  let prev = trailer.entries.get("Prev");
  while (prev?.kind === "number") {
    if (seen.has(prev.value) || seen.size > 1000) throw new PdfSyntaxError("cross-reference /Prev chain loops");
    seen.add(prev.value);
    prev = readXrefSection(text, prev.value, objects).entries.get("Prev");
  }
  for (const [num, entry] of objects) if (entry.offset < 0) objects.delete(num);
  return { text, startxref, trailer, objects };
}

/** The value of indirect object `num` (its `N G obj … endobj` body). */
export function readObject(pdf: PdfFile, num: number): PdfValue {
  const entry = pdf.objects.get(num);
  if (!entry || entry.offset >= pdf.text.length) throw new PdfSyntaxError(`object ${num} is not in the cross-reference table`);
  const head = /^(\d+)\s+(\d+)\s+obj/.exec(pdf.text.slice(entry.offset, entry.offset + 40));
  if (!head || Number(head[1]) !== num) throw new PdfSyntaxError(`object ${num}: the cross-reference offset ${entry.offset} does not point at it`);
  return parseValue(pdf.text, entry.offset + head[0].length).value;
}

/** Follows a reference (one level); a direct value is returned as is. */
export function resolve(pdf: PdfFile, value: PdfValue | undefined): PdfValue | undefined {
  return value?.kind === "ref" ? readObject(pdf, value.num) : value;
}

export function asDict(value: PdfValue | undefined, what: string): PdfDict {
  if (value?.kind !== "dict") throw new PdfSyntaxError(`${what} is not a dictionary`);
  return value;
}

export function asRef(value: PdfValue | undefined, what: string): Ref {
  if (value?.kind !== "ref") throw new PdfSyntaxError(`${what} is not an indirect reference`);
  return value;
}

/** The page objects' numbers in document order (walking /Pages → /Kids). */
export function pageRefs(pdf: PdfFile): number[] {
  const root = asDict(resolve(pdf, pdf.trailer.entries.get("Root")), "the document catalog");
  const pages: number[] = [];
  const seen = new Set<number>();
  const walk = (ref: Ref, depth: number) => {
    if (seen.has(ref.num) || depth > 64) throw new PdfSyntaxError("the page tree loops");
    seen.add(ref.num);
    const node = asDict(readObject(pdf, ref.num), `page tree node ${ref.num}`);
    const type = node.entries.get("Type");
    if (type?.kind === "name" && type.value === "Pages") {
      const kids = resolve(pdf, node.entries.get("Kids"));
      if (kids?.kind !== "array") throw new PdfSyntaxError(`page tree node ${ref.num} has no /Kids array`);
      for (const kid of kids.items) walk(asRef(kid, "a /Kids entry"), depth + 1);
    } else pages.push(ref.num);
  };
  walk(asRef(root.entries.get("Pages"), "/Pages"), 0);
  return pages;
}

/** Decodes a PDF text string (literal or hex; UTF-16BE with BOM, else PDFDocEncoding ≈ latin1). */
export function decodeTextString(raw: string): string {
  let bytes: Buffer;
  if (raw.startsWith("<")) bytes = Buffer.from(raw.slice(1, -1).replace(/[^0-9a-fA-F]/g, ""), "hex");
  else {
    const body = raw.slice(1, -1);
    const out: number[] = [];
    for (let i = 0; i < body.length; i++) {
      const c = body[i]!;
      if (c !== "\\") {
        out.push(c.charCodeAt(0));
        continue;
      }
      const n = body[++i] ?? "";
      const simple: Record<string, number> = { n: 10, r: 13, t: 9, b: 8, f: 12, "(": 40, ")": 41, "\\": 92 };
      if (n in simple) out.push(simple[n]!);
      else if (/[0-7]/.test(n)) {
        const oct = /^[0-7]{1,3}/.exec(body.slice(i))![0];
        out.push(parseInt(oct, 8) & 0xff);
        i += oct.length - 1;
      } else if (n === "\r" && body[i + 1] === "\n") i++;
    }
    bytes = Buffer.from(out);
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    const swapped = Buffer.from(bytes.subarray(2));
    if (swapped.length % 2) throw new PdfSyntaxError("odd-length UTF-16 text string");
    swapped.swap16();
    return swapped.toString("utf16le");
  }
  return bytes.toString("latin1");
}

/** A text string for any Unicode text: hex UTF-16BE with a byte-order mark (no escaping needed). */
export function encodeTextString(text: string): string {
  const le = Buffer.from(text, "utf16le");
  le.swap16();
  return `<FEFF${le.toString("hex").toUpperCase()}>`;
}
