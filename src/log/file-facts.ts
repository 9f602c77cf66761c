/**
 * One streaming pass over a rotated log file for the sealed layouts (timestamped-files,
 * signed-manifest): the digests of its bytes as stored (what a time-stamp token or a manifest
 * covers; for `.gz` the compressed bytes), and, decompressing as it goes, how many records it
 * holds and its first and last record (time, seq, prev, hash). Memory is constant: 1 MiB reads,
 * zlib streamed, only the first and the latest complete line kept (each at most MAX_LINE_BYTES).
 */
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGunzip } from "node:zlib";
import { describeError } from "../util/errors.ts";
import { MAX_LINE_BYTES, isCanonicalTime, isHash } from "./format.ts";

/** What a record line says about its place, when it is a §7 record (fields absent otherwise). */
export interface RecordEnds {
  /** 1-based line number in the (decompressed) file. */
  line: number;
  time: string | null;
  seq: number | null;
  prev: string | null;
  /** SHA-256 of the line's bytes (what the next record's prev names). */
  hash: string;
}

export interface FileFacts {
  bytes: number;
  /** Hex digests of the stored bytes, by algorithm asked for. */
  digests: Record<string, string>;
  /** Lines in the content (a last line without `\n` counts). */
  records: number;
  first: RecordEnds | null;
  last: RecordEnds | null;
  /** Why the content ends early: a gzip stream cut short, or a last line without `\n`. */
  truncated: string | null;
}

const READ_BYTES = 1 << 20;

export const isGzip = (file: string): boolean => file.endsWith(".gz");

/** Reads `file` once; `hashes` are node digest names. Throws (one line) only when it cannot be read. */
export async function scanLogFile(file: string, hashes: readonly string[]): Promise<FileFacts> {
  const digests = [...new Set(hashes)].map((h) => [h, createHash(h)] as const);
  let bytes = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _enc, done) {
      bytes += chunk.length;
      for (const [, h] of digests) h.update(chunk);
      done(null, chunk);
    },
  });
  const lines = new LineTracker();
  const sink = async (source: AsyncIterable<Buffer>): Promise<void> => {
    for await (const chunk of source) lines.add(chunk);
  };
  let truncated: string | null = null;
  try {
    if (isGzip(file)) await pipeline(createReadStream(file, { highWaterMark: READ_BYTES }), tap, createGunzip(), sink);
    else await pipeline(createReadStream(file, { highWaterMark: READ_BYTES }), tap, sink);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== "Z_BUF_ERROR" && code !== "Z_DATA_ERROR") throw new Error(`cannot read ${file}: ${describeError(error)}`);
    // A gzip stream that ends early or is corrupt: the stored bytes are still hashed to the end.
    truncated = code === "Z_BUF_ERROR" ? "the gzip stream ends early (the file was cut)" : `the gzip data is corrupt (${describeError(error)})`;
    for await (const chunk of createReadStream(file, { start: bytes, highWaterMark: READ_BYTES }) as AsyncIterable<Buffer>) {
      bytes += chunk.length;
      for (const [, h] of digests) h.update(chunk);
    }
  }
  const ends = lines.finish();
  if (!truncated && ends.unterminated) truncated = "the last line has no newline (a partial write, or the file was cut)";
  return { bytes, digests: Object.fromEntries(digests.map(([n, h]) => [n, h.digest("hex")])), records: ends.records, first: ends.first, last: ends.last, truncated };
}

/** Counts lines across chunks and keeps the first and the latest complete one. */
class LineTracker {
  #records = 0;
  #first: RecordEnds | null = null;
  #lastBytes: Buffer | null = null;
  #partial: Buffer[] = [];
  #partialLength = 0;
  #partialLong = false;

  add(chunk: Buffer): void {
    let start = 0;
    for (let nl = chunk.indexOf(10); nl >= 0; nl = chunk.indexOf(10, start)) {
      this.#complete(chunk.subarray(start, nl));
      start = nl + 1;
    }
    if (start < chunk.length) this.#hold(chunk.subarray(start));
  }

  #hold(piece: Buffer): void {
    this.#partialLength += piece.length;
    if (this.#partialLength > MAX_LINE_BYTES) {
      this.#partialLong = true; // an over-long line is counted, never held
      this.#partial = [];
    } else this.#partial.push(Buffer.from(piece));
  }

  #complete(tail: Buffer): void {
    this.#records++;
    const long = this.#partialLong || this.#partialLength + tail.length > MAX_LINE_BYTES;
    const line = long ? null : this.#partial.length > 0 ? Buffer.concat([...this.#partial, tail]) : tail;
    this.#partial = [];
    this.#partialLength = 0;
    this.#partialLong = false;
    if (this.#records === 1) this.#first = line ? ends(line, 1) : null;
    // Only the latest line is kept, copied once per chunk at most (the caller's chunk is reused).
    this.#lastBytes = line;
    this.#lastLine = this.#records;
  }
  #lastLine = 0;

  finish(): { records: number; first: RecordEnds | null; last: RecordEnds | null; unterminated: boolean } {
    const unterminated = this.#partialLength > 0;
    if (unterminated) {
      const tail = this.#partialLong ? null : Buffer.concat(this.#partial);
      this.#records++;
      if (this.#records === 1) this.#first = tail ? ends(tail, 1) : null;
      this.#lastBytes = tail;
      this.#lastLine = this.#records;
    }
    const last = this.#lastBytes ? ends(this.#lastBytes, this.#lastLine) : null;
    return { records: this.#records, first: this.#first, last, unterminated };
  }
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** The §7 fields of one line, leniently (a file of other JSON lines still has a time, maybe). */
function ends(line: Buffer, lineNo: number): RecordEnds {
  const hash = createHash("sha256").update(line).digest("hex");
  let r: Record<string, unknown> = {};
  try {
    const v: unknown = JSON.parse(utf8.decode(line));
    if (typeof v === "object" && v !== null && !Array.isArray(v)) r = v as Record<string, unknown>;
  } catch {
    // not JSON: no fields
  }
  return {
    line: lineNo,
    time: isCanonicalTime(r.time) ? r.time : typeof r.time === "string" && !Number.isNaN(Date.parse(r.time)) ? new Date(Date.parse(r.time)).toISOString() : null,
    seq: Number.isSafeInteger(r.seq) && (r.seq as number) >= 0 ? (r.seq as number) : null,
    prev: isHash(r.prev) ? r.prev : null,
    hash,
  };
}
