/**
 * Reading a user-supplied input file as text, refusing hostile input before it costs memory:
 * a missing path, a folder or a device, a file larger than the cap, bytes that are not UTF-8
 * (Shift_JIS, Latin-1, binary) and UTF-16/32 byte-order marks are InputErrors (exit 2) of one
 * line naming the file — and, for encodings, the byte offset. A UTF-8 byte-order mark is dropped.
 */
import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { isUtf8 } from "node:buffer";
import { createHash } from "node:crypto";
import { InputError, describeError } from "./errors.ts";

/**
 * Default cap for configuration, catalog, decision and evidence files: the largest shipped file
 * is ~22 KB. (YAML has its own, tighter limit on what it builds: yaml-file.ts.)
 */
export const MAX_INPUT_BYTES = 1024 * 1024;

const BOMS: ReadonlyArray<[string, number[]]> = [
  // UTF-32 first: its little-endian mark begins with UTF-16LE's.
  ["UTF-32LE", [0xff, 0xfe, 0x00, 0x00]],
  ["UTF-32BE", [0x00, 0x00, 0xfe, 0xff]],
  ["UTF-16LE", [0xff, 0xfe]],
  ["UTF-16BE", [0xfe, 0xff]],
];

/** The bytes of `file`, at most `maxBytes` of them (a larger file is refused, not truncated). */
export function readInputBytes(file: string, maxBytes = MAX_INPUT_BYTES): Buffer {
  let fd: number;
  try {
    fd = openSync(file, "r");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a folder, not a file" : `cannot read: ${describeError(error)}`;
    throw new InputError([{ file, message: reason }]);
  }
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) throw new InputError([{ file, message: "is a folder, not a file" }]);
    if (!st.isFile()) throw new InputError([{ file, message: "not a regular file" }]);
    if (st.size > maxBytes) throw new InputError([{ file, message: `too large: ${st.size} bytes (limit ${maxBytes})` }]);
    // Read to one byte past the cap: the file may have grown since fstat.
    const buf = Buffer.allocUnsafe(Math.min(st.size, maxBytes) + 1);
    let n = 0;
    for (;;) {
      const got = readSync(fd, buf, n, buf.length - n, null);
      if (got === 0) break;
      n += got;
      if (n === buf.length) break;
    }
    if (n > maxBytes) throw new InputError([{ file, message: `too large: more than ${maxBytes} bytes` }]);
    return buf.subarray(0, n);
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError([{ file, message: `cannot read: ${describeError(error)}` }]);
  } finally {
    closeSync(fd);
  }
}

/** Offset of the first byte that does not belong to a well-formed UTF-8 sequence, or -1. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  if (isUtf8(bytes)) return -1;
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    let need: number;
    let min: number;
    if (b < 0x80) {
      i++;
      continue;
    } else if (b >= 0xc2 && b <= 0xdf) [need, min] = [1, 0x80];
    else if (b >= 0xe0 && b <= 0xef) [need, min] = [2, 0x800];
    else if (b >= 0xf0 && b <= 0xf4) [need, min] = [3, 0x10000];
    else return i;
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

/** `bytes` as UTF-8 text (a UTF-8 byte-order mark dropped); anything else is an InputError at its byte offset. */
export function decodeUtf8(file: string, bytes: Uint8Array): string {
  for (const [name, mark] of BOMS) {
    if (mark.every((m, k) => bytes[k] === m)) throw new InputError([{ file, message: `byte 0: a ${name} byte-order mark; save the file as UTF-8` }]);
  }
  const body = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  const bad = firstInvalidUtf8(body);
  if (bad >= 0) {
    const at = bad + (body === bytes ? 0 : 3);
    throw new InputError([{ file, message: `byte ${at}: not valid UTF-8 (0x${bytes[at]!.toString(16).padStart(2, "0")}); save the file as UTF-8 (Shift_JIS and other encodings are not read)` }]);
  }
  return Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString("utf8");
}

/** A user-supplied text file: bounded, UTF-8, one-line errors. */
export function readInputText(file: string, maxBytes = MAX_INPUT_BYTES): string {
  return decodeUtf8(file, readInputBytes(file, maxBytes));
}

/**
 * JSON.parse's message without the excerpt of the input it quotes (a hostile file's bytes —
 * terminal escapes included — must not reach the terminal), control characters escaped.
 */
export function jsonErrorMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const cut = message.replace(/, "[\s\S]*"(?:\.\.\.)? is not valid JSON$/, " (not valid JSON)").replace(/^Unexpected token '([\s\S])'/, (_m, c: string) => `Unexpected character U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`);
  return cut.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** A user-supplied JSON file: bounded, UTF-8, parsed; every failure one line naming the file. */
export function readInputJson(file: string, maxBytes = MAX_INPUT_BYTES): unknown {
  const text = readInputText(file, maxBytes);
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new InputError([{ file, message: `not JSON: ${jsonErrorMessage(error)}` }]);
  }
}

/** SHA-256 (hex) of a file's bytes, read in pieces (a file refused as too large still has a digest); undefined when unreadable. */
export function sha256File(file: string): string | undefined {
  let fd: number;
  try {
    fd = openSync(file, "r");
  } catch {
    return undefined;
  }
  try {
    const hash = createHash("sha256");
    const piece = Buffer.allocUnsafe(1 << 20);
    for (let n; (n = readSync(fd, piece, 0, piece.length, null)) > 0; ) hash.update(piece.subarray(0, n));
    return hash.digest("hex");
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}
