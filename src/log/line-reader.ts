/**
 * Reads a log file in large chunks of complete lines, in constant memory, for the scanners.
 * A line longer than MAX_LINE_BYTES is never held in memory: it is hashed as it streams by and
 * handed over as a digest. The last line without `\n` is handed over with a `\n` added (and
 * flagged) so scanners see only complete lines; its hash still covers only its own bytes.
 * Buffers are never pooled (allocUnsafeSlow) so they can be transferred to worker threads.
 */
import { createHash, type Hash } from "node:crypto";
import { open } from "node:fs/promises";
import { MAX_LINE_BYTES } from "./format.ts";

/** Bytes read per call; each chunk is a fresh buffer so it can be handed to a worker. */
export const CHUNK_BYTES = 8 << 20;
/** Extra room in each chunk buffer for the partial line carried over from the previous read. */
const CARRY_ROOM = 64 << 10;

export type Piece =
  /** Complete lines in `buf[start, end)`; `end - 1` is a `\n`. */
  | { kind: "lines"; buf: Buffer; start: number; end: number; unterminated: boolean }
  /** An over-long line, hashed while streaming. */
  | { kind: "long-line"; hash: Buffer; length: number; unterminated: boolean };

/**
 * Chunk buffers handed back by consumers once done with them (the serial verifier right away,
 * a worker when its reply arrives), so reading does not fault in fresh memory for every chunk.
 */
export class BufferPool {
  readonly #free: Buffer[] = [];
  /**
   * A buffer of at least `size` bytes that nobody else uses (never pooled by Node: transferable);
   * a new one gets `allocate` bytes when that is more, to be reusable for larger sizes later.
   */
  take(size: number, allocate = size): Buffer {
    const i = this.#free.findIndex((b) => b.length >= size);
    return i >= 0 ? this.#free.splice(i, 1)[0]! : Buffer.allocUnsafeSlow(Math.max(size, allocate));
  }
  give(buf: Buffer): void {
    if (this.#free.length < 8) this.#free.push(buf);
  }
}

/**
 * Yields the pieces of `file` in order; `onBytes` reports progress (bytes read so far). A piece's
 * buffer belongs to the consumer, which may give it back to `pool` when done.
 */
export async function* readPieces(file: string, onBytes?: (bytes: number) => void, chunkBytes = CHUNK_BYTES, pool = new BufferPool()): AsyncGenerator<Piece> {
  const fh = await open(file, "r");
  try {
    let carry: Buffer | null = null;
    let long: { hash: Hash; length: number } | null = null;
    let total = 0;
    // The next read is started before the current chunk is handed over, so the disk (or page
    // cache copy, on the thread pool) overlaps with scanning.
    const startRead = (): { buf: Buffer; carried: number; read: Promise<{ bytesRead: number }> } => {
      // Room for a chunk and a carried line of up to 64 KiB, so a buffer fits nearly every
      // read: one sized to each read's carry would rarely be reusable, and a fresh one costs
      // page faults and zeroing (measured: reads took twice as long).
      const buf = pool.take(chunkBytes + (carry?.length ?? 0), chunkBytes + CARRY_ROOM);
      const carried: number = carry ? carry.copy(buf, 0) : 0;
      carry = null;
      return { buf, carried, read: fh.read(buf, carried, chunkBytes, null) };
    };
    let next = startRead();
    for (;;) {
      const { buf, carried } = next;
      const { bytesRead } = await next.read;
      total += bytesRead;
      onBytes?.(total);
      const filled: number = carried + bytesRead;
      if (bytesRead === 0) {
        if (long) yield { kind: "long-line", hash: long.hash.digest(), length: long.length, unterminated: true };
        else if (filled > 0) {
          const last = Buffer.allocUnsafeSlow(filled + 1);
          buf.copy(last, 0, 0, filled);
          last[filled] = 10;
          yield { kind: "lines", buf: last, start: 0, end: filled + 1, unterminated: true };
        }
        pool.give(buf);
        return;
      }
      let start = 0;
      if (long) {
        const nl = buf.indexOf(10, carried);
        const upto = nl < 0 || nl >= filled ? filled : nl;
        long.hash.update(buf.subarray(0, upto));
        long.length += upto;
        if (upto === filled) {
          pool.give(buf);
          next = startRead();
          continue;
        }
        const done = { hash: long.hash.digest(), length: long.length };
        long = null;
        start = upto + 1;
        yield { kind: "long-line", ...done, unterminated: false };
      }
      const lastNl = filled > start ? buf.lastIndexOf(10, filled - 1) : -1;
      const restFrom = lastNl >= start ? lastNl + 1 : start;
      // Keep the partial last line before yielding: the consumer may hand `buf` to a worker.
      const rest = filled - restFrom;
      if (rest > MAX_LINE_BYTES) {
        long = { hash: createHash("sha256"), length: rest };
        long.hash.update(buf.subarray(restFrom, filled));
      } else if (rest > 0) {
        carry = Buffer.from(buf.subarray(restFrom, filled));
      }
      next = startRead();
      if (lastNl >= start) yield { kind: "lines", buf, start, end: lastNl + 1, unterminated: false };
      else pool.give(buf);
    }
  } finally {
    await fh.close();
  }
}

/**
 * The pieces of a gzipped file's content, decompressed as a stream (zlib, 1 MiB reads): the same
 * shapes as `readPieces`, for the content pass over rotated `.gz` files. A corrupt or cut gzip
 * stream ends the pieces early with the error (the sealed layouts report the file).
 */
export async function* readGzipPieces(file: string): AsyncGenerator<Piece> {
  const { createReadStream } = await import("node:fs");
  const { createGunzip } = await import("node:zlib");
  const source = createReadStream(file, { highWaterMark: 1 << 20 }).pipe(createGunzip());
  let carry: Buffer | null = null;
  let long: { hash: Hash; length: number } | null = null;
  for await (const chunk of source as AsyncIterable<Buffer>) {
    let start = 0;
    if (long) {
      const nl = chunk.indexOf(10);
      if (nl < 0) {
        long.hash.update(chunk);
        long.length += chunk.length;
        continue;
      }
      long.hash.update(chunk.subarray(0, nl));
      yield { kind: "long-line", hash: long.hash.digest(), length: long.length + nl, unterminated: false };
      long = null;
      start = nl + 1;
    }
    const buf: Buffer = carry ? Buffer.concat([carry, chunk.subarray(start)]) : chunk.subarray(start);
    carry = null;
    const lastNl = buf.lastIndexOf(10);
    const rest = buf.subarray(lastNl + 1);
    if (rest.length > MAX_LINE_BYTES) {
      long = { hash: createHash("sha256").update(rest), length: rest.length };
    } else if (rest.length > 0) carry = Buffer.from(rest);
    if (lastNl >= 0) yield { kind: "lines", buf, start: 0, end: lastNl + 1, unterminated: false };
  }
  if (long) yield { kind: "long-line", hash: long.hash.digest(), length: long.length, unterminated: true };
  else if (carry) yield { kind: "lines", buf: Buffer.concat([carry, Buffer.from("\n")]), start: 0, end: carry.length + 1, unterminated: true };
}
