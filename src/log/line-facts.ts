/**
 * Line facts: what the verifier's hot loop needs from each line, computed for a whole chunk at
 * once so that no per-line object is made. Two interchangeable scanners fill the same arrays:
 *
 *  - `scanLinesJs` (this file): crypto.hash + JSON.parse per line. Simple, the reference.
 *  - the native addon (native/log_scan.c): hashes and scans bytes without allocating.
 *
 * Contract (both): for each complete line (bytes up to, not including, `\n`) starting at
 * `start`, until `end` or until the output arrays are full (a scanner may also stop earlier, as
 * the native one does when its two threads' halves do not both fit; callers call again from
 * the line after the last one returned):
 *   ends[i]     offset of the line's `\n` in the chunk
 *   hashes[32i] SHA-256 of the line's exact bytes
 *   flags[i]    (never for lines longer than MAX_LINE_BYTES) WELL_FORMED when the scanner is certain the line is a JSON object whose top-level
 *               `seq` (non-negative integer), `prev` (64 lowercase hex) and `time` (canonical,
 *               see isCanonicalTime) are in form; LINKED / IN_TIME / CHECKPOINT only with it
 *   seqs[i]     seq when WELL_FORMED, else -1
 *   timeOffs[i] offset of the time value's first character when WELL_FORMED, else -1
 * A scanner may leave WELL_FORMED unset when unsure: the verifier then parses the line itself
 * (JSON.parse is the authority), so results never depend on which scanner ran.
 *
 * `state` carries the previous line across calls (64 bytes):
 *   [0,32) hash of the previous line   [32] 1 when that hash is known
 *   [33] time state: 0 no time yet, 1 [34,58) holds the previous well-formed line's time,
 *        2 unknown (a line the scanner was unsure about came in between)
 */
import { hash } from "node:crypto";
import { CHECKPOINT_EVENT, MAX_LINE_BYTES, isCanonicalTime, isHash } from "./format.ts";

export const WELL_FORMED = 1;
export const LINKED = 2;
export const IN_TIME = 4;
export const CHECKPOINT = 8;
/** The flags of an ordinary record that the hot loop can accept without looking further. */
export const FAST = WELL_FORMED | LINKED | IN_TIME;

export const STATE_BYTES = 64;
const ST_PREV_KNOWN = 32;
const ST_TIME_STATE = 33;
const ST_LAST_TIME = 34;
const TIME_LEN = 24;

/** Output arrays of one scan call; `capacity` lines at most. */
export interface LineBatch {
  ends: Int32Array;
  hashes: Uint8Array;
  flags: Uint8Array;
  seqs: Float64Array;
  timeOffs: Int32Array;
}

export function newBatch(capacity: number): LineBatch {
  return {
    ends: new Int32Array(capacity),
    hashes: new Uint8Array(capacity * 32),
    flags: new Uint8Array(capacity),
    seqs: new Float64Array(capacity),
    timeOffs: new Int32Array(capacity),
  };
}

/** A fresh scan state: nothing before. With `prevHash`, the line before is known (seq 0: zeros). */
export function newScanState(prevHash?: Uint8Array): Uint8Array {
  const state = new Uint8Array(STATE_BYTES);
  if (prevHash) {
    state.set(prevHash, 0);
    state[ST_PREV_KNOWN] = 1;
  }
  return state;
}

/**
 * A scan state knowing nothing of the line before (a chunk scanned out of order): no previous
 * hash, time state "unknown", so the chunk's first line takes the verifier's careful path.
 */
export function unknownScanState(): Uint8Array {
  const state = new Uint8Array(STATE_BYTES);
  state[ST_TIME_STATE] = 2;
  return state;
}

/** Marks the state's previous line as one hashed outside the scanner (an over-long line). */
export function setScanStatePrev(state: Uint8Array, prevHash: Uint8Array): void {
  state.set(prevHash, 0);
  state[ST_PREV_KNOWN] = 1;
  state[ST_TIME_STATE] = 2;
}

/** The scanner signature shared by the JS and native implementations. Returns the line count. */
export type ScanLines = (chunk: Uint8Array, start: number, end: number, state: Uint8Array, batch: LineBatch) => number;

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
const latin1 = new TextDecoder("latin1");

/** The pure-JS scanner: one crypto.hash and one JSON.parse per line. */
export const scanLinesJs: ScanLines = (chunk, start, end, state, batch) => {
  const capacity = batch.ends.length;
  let count = 0;
  let pos = start;
  const buf = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  while (count < capacity && pos < end) {
    const nl = buf.indexOf(10, pos);
    if (nl < 0 || nl >= end) break;
    const line = buf.subarray(pos, nl);
    const digest = hash("sha256", line, "buffer");
    batch.hashes.set(digest, count * 32);
    const fields = line.length <= MAX_LINE_BYTES ? wellFormedFields(line) : undefined;
    let flags = 0;
    if (fields) {
      flags |= WELL_FORMED;
      if (state[ST_PREV_KNOWN] === 1 && fields.prev === Buffer.from(state.subarray(0, 32)).toString("hex")) flags |= LINKED;
      const timeState = state[ST_TIME_STATE];
      if (timeState === 0 || (timeState === 1 && fields.time >= latin1.decode(state.subarray(ST_LAST_TIME, ST_LAST_TIME + TIME_LEN)))) flags |= IN_TIME;
      if (fields.checkpoint) flags |= CHECKPOINT;
      state.set(Buffer.from(fields.time, "latin1"), ST_LAST_TIME);
      state[ST_TIME_STATE] = 1;
      batch.timeOffs[count] = pos + fields.timeOffset;
      batch.seqs[count] = fields.seq;
    } else {
      state[ST_TIME_STATE] = 2;
      batch.timeOffs[count] = -1;
      batch.seqs[count] = -1;
    }
    state.set(digest, 0);
    state[ST_PREV_KNOWN] = 1;
    batch.ends[count] = nl;
    batch.flags[count] = flags;
    count++;
    pos = nl + 1;
  }
  return count;
};

interface Fields {
  seq: number;
  prev: string;
  time: string;
  timeOffset: number;
  checkpoint: boolean;
}

/** The fields of a well-formed line, or undefined. */
function wellFormedFields(line: Buffer): Fields | undefined {
  let value: unknown;
  try {
    value = JSON.parse(utf8.decode(line));
  } catch {
    return undefined;
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
  const r = value as Record<string, unknown>;
  if (!Number.isSafeInteger(r.seq) || (r.seq as number) < 0 || !isHash(r.prev) || !isCanonicalTime(r.time)) return undefined;
  // The time string is canonical ASCII without escapes only if it appears verbatim; find it for timeOffs.
  const timeOffset = line.indexOf(`"time":"${r.time}"`);
  const at = timeOffset >= 0 ? timeOffset + 8 : findTimeValue(line, r.time as string);
  if (at < 0) return undefined;
  return { seq: r.seq as number, prev: r.prev as string, time: r.time as string, timeOffset: at, checkpoint: r.event === CHECKPOINT_EVENT };
}

/** Where the time value's characters start when the key is followed by whitespace; -1 if not verbatim. */
function findTimeValue(line: Buffer, time: string): number {
  const m = /"time"\s*:\s*"/.exec(line.toString("latin1"));
  if (!m) return -1;
  const at = m.index + m[0].length;
  return line.toString("latin1", at, at + time.length) === time ? at : -1;
}
