/**
 * The I/O edge of log verification: opens the files, reads them in chunks, scans each chunk
 * (natively when the addon is built, else in JS; optionally in worker threads) and feeds the
 * chain verifier in order. Memory stays bounded: a few chunks in flight and the verifier's window.
 */
import { stat } from "node:fs/promises";
import type { LogResult } from "../report/types.ts";
import { displayPath, InputError, describeError } from "../util/errors.ts";
import type { ChainHead } from "./format.ts";
import { ChainVerifier, type VerifyOutcome } from "./chain-verifier.ts";
import { newBatch, newScanState, scanLinesJs, setScanStatePrev, unknownScanState, type LineBatch, type ScanLines } from "./line-facts.ts";
import { BufferPool, readPieces, type Piece } from "./line-reader.ts";
import { nativeScanLines, nativeScanLinesAsync, nativeScanThreads } from "./native/index.ts";
import { loadLogSigner, parsePemCertificates } from "./signing-cert.ts";
import type { TsaTrust } from "./timestamp-token.ts";

export type ScannerChoice = "auto" | "native" | "js";

export interface VerifyLogOptions {
  /** PEM text of the log-signing certificate (and its intermediates). */
  certPem?: string;
  /** PEM texts of trust anchors. */
  trustAnchorsPem?: readonly string[];
  /** PEM texts of trust anchors for checkpoint time-stamp tokens' TSAs; default: `trustAnchorsPem`. */
  tsaTrustAnchorsPem?: readonly string[];
  expectHead?: ChainHead;
  /** Which scanner: `auto` = native when built, else JS. */
  scanner?: ScannerChoice;
  /** Worker threads scanning chunks in parallel (0 = scan on this thread). */
  workers?: number;
  /** Called with bytes read so far and the total. */
  onProgress?: (done: number, total: number) => void;
  maxProblems?: number;
  /** Read size (tests use small chunks to exercise chunk boundaries). */
  chunkBytes?: number;
}

/** The scanner `choice` resolves to; throws when `native` is asked for but not built. */
export function pickScanner(choice: ScannerChoice = "auto"): { name: "native" | "js"; scan: ScanLines } {
  if (choice === "js" || (choice === "auto" && !nativeScanLines)) return { name: "js", scan: scanLinesJs };
  if (!nativeScanLines) throw new Error("the native log scanner is not built (npm ci builds it with node-gyp)");
  return { name: "native", scan: nativeScanLines };
}

/** Checks that every file is a readable regular file; bad input is an InputError (exit 2). */
export async function sizeOfLogFiles(files: readonly string[]): Promise<number> {
  let total = 0;
  for (const file of files) {
    try {
      const s = await stat(file);
      if (!s.isFile()) throw new Error("not a regular file");
      total += s.size;
    } catch (error) {
      throw new InputError([{ file, message: `cannot read log: ${describeError(error)}` }]);
    }
  }
  return total;
}

/** Verifies the log made of `files` (segments in order). */
export async function verifyLog(files: readonly string[], options: VerifyLogOptions = {}): Promise<VerifyOutcome> {
  const total = await sizeOfLogFiles(files);
  const loaded = options.certPem !== undefined ? loadLogSigner(options.certPem, options.trustAnchorsPem ?? []) : undefined;
  const verifier = new ChainVerifier({
    signer: loaded?.signer,
    signerUnusable: loaded !== undefined && !loaded.signer,
    expectHead: options.expectHead,
    tsaTrust: tsaTrustOf(options),
    maxProblems: options.maxProblems,
  });
  for (const p of loaded?.problems ?? []) verifier.report(p.code, p.message, 0, null, files[0] ?? "");
  const { name, scan } = pickScanner(options.scanner);
  let before = 0;
  const progress = (file: number) => (bytes: number) => options.onProgress?.(before + bytes, total);
  for (const file of files) {
    verifier.startFile(file);
    try {
      if (options.workers && options.workers > 0) {
        const { scanInWorkers } = await import("./parallel.ts"); // worker threads only without the native scanner, for large logs
        await scanInWorkers(file, progress(0), options.chunkBytes, verifier, name, options.workers);
      }
      else if (name === "native" && nativeScanLinesAsync) await scanPipelined(file, verifier, nativeScanLinesAsync, progress(0), options.chunkBytes);
      else await scanSerially(file, verifier, scan, progress(0), options.chunkBytes);
    } catch (error) {
      if (error instanceof InputError) throw error;
      throw new InputError([{ file, message: `cannot read log: ${describeError(error)}` }]);
    }
    before += (await stat(file)).size;
  }
  return verifier.finish();
}

/**
 * The TSA trust anchors: those given (unreadable ones are bad input), else the log's trust anchors
 * as a fallback (their problems are reported with the log-signing certificate's).
 */
export function tsaTrustOf(options: Pick<VerifyLogOptions, "trustAnchorsPem" | "tsaTrustAnchorsPem">): TsaTrust {
  if (options.tsaTrustAnchorsPem === undefined) {
    try {
      return { anchors: (options.trustAnchorsPem ?? []).flatMap(parsePemCertificates), explicit: false };
    } catch {
      return { anchors: [], explicit: false };
    }
  }
  try {
    return { anchors: options.tsaTrustAnchorsPem.flatMap(parsePemCertificates), explicit: true };
  } catch (error) {
    throw new InputError(`TSA trust anchor: ${describeError(error)}`);
  }
}

/** Lines per scan call: room for a whole chunk of lines as short as 64 bytes, so all the native scanner's parts fit. */
const BATCH_LINES = 1 << 17;

/** The pure-JS path: read (ahead), scan, verify, one chunk after the other on this thread. */
async function scanSerially(file: string, verifier: ChainVerifier, scan: ScanLines, onBytes: (n: number) => void, chunkBytes?: number): Promise<void> {
  const state = scanStates.get(verifier) ?? newScanState(new Uint8Array(32));
  scanStates.set(verifier, state);
  const batch = newBatch(BATCH_LINES);
  const pool = new BufferPool();
  for await (const piece of readPieces(file, onBytes, chunkBytes, pool)) {
    if (piece.kind === "long-line") {
      setScanStatePrev(state, piece.hash);
      verifier.longLine(piece.hash, piece.length, piece.unterminated);
      continue;
    }
    let pos = piece.start;
    while (pos < piece.end) {
      const n = scan(piece.buf, pos, piece.end, state, batch);
      if (n === 0) break;
      const next = batch.ends[n - 1]! + 1;
      verifier.lines(piece.buf, pos, batch, n, piece.unterminated && next >= piece.end);
      pos = next;
    }
    pool.give(piece.buf);
  }
}

/**
 * Chunk size of the native pipeline: small enough to stay in a core's L2 cache between the read
 * that writes it and the scan that reads it. Measured on 1M records (313 MB) pinned to one CPU:
 * 2 MiB chunks 0.41 s, 8 MiB 0.48 s; on two CPUs the same within noise (`npm run bench -- log-verify`).
 */
const PIPELINE_CHUNK_BYTES = 2 << 20;

type ScanLinesAsync = (...args: [...Parameters<ScanLines>, parts?: number]) => Promise<number>;
type LinesPiece = Extract<Piece, { kind: "lines" }>;

/**
 * The native path, a pipeline: while this thread verifies a chunk, the next ones are scanned on
 * libuv's thread pool, one chunk per scan thread (a chunk is split over threads only when there
 * are more CPUs than chunks in flight), and the one after is being read. Each chunk's scan starts
 * knowing nothing of the line before it, so its first line takes the verifier's careful path:
 * the results are the same as a serial scan's (tests compare them). Chunks are verified in order.
 */
async function scanPipelined(file: string, verifier: ChainVerifier, scanAsync: ScanLinesAsync, onBytes: (n: number) => void, chunkBytes = PIPELINE_CHUNK_BYTES): Promise<void> {
  const pool = new BufferPool();
  // One chunk per scan thread and one more, so a thread that finishes finds work without waiting
  // for this one; at most 3 (libuv's pool has 4 threads and reads need one). On one CPU, one
  // chunk: its bytes then stay in L2 from read to scan (measured 10 % faster than two).
  const inFlight = nativeScanThreads === 1 ? 1 : Math.min(3, nativeScanThreads + 1);
  const parts = Math.ceil(nativeScanThreads / inFlight);
  const freeBatches: LineBatch[] = [];
  const batchLines = Math.max(1024, Math.ceil(chunkBytes / 64)); // a chunk of 64-byte lines in one call
  interface Scanning { piece: LinesPiece; state: Uint8Array; batch: LineBatch; count: Promise<number> }
  const scanning: Scanning[] = [];
  const verifyScanned = async (s: Scanning): Promise<void> => {
    let pos = s.piece.start;
    for (let n = await s.count; n > 0; ) {
      const next = s.batch.ends[n - 1]! + 1;
      verifier.lines(s.piece.buf, pos, s.batch, n, s.piece.unterminated && next >= s.piece.end);
      pos = next;
      if (pos >= s.piece.end) break;
      n = await scanAsync(s.piece.buf, pos, s.piece.end, s.state, s.batch, parts); // the rest of a chunk of very short lines
    }
    pool.give(s.piece.buf);
    freeBatches.push(s.batch);
  };
  for await (const piece of readPieces(file, onBytes, chunkBytes, pool)) {
    if (piece.kind === "long-line") {
      while (scanning.length > 0) await verifyScanned(scanning.shift()!);
      verifier.longLine(piece.hash, piece.length, piece.unterminated);
      continue;
    }
    const state = unknownScanState();
    const batch = freeBatches.pop() ?? newBatch(batchLines);
    const started: Scanning = { piece, state, batch, count: scanAsync(piece.buf, piece.start, piece.end, state, batch, parts) };
    started.count.catch(() => undefined); // awaited below; never an unhandled rejection if verifying throws first
    scanning.push(started);
    if (scanning.length > inFlight) await verifyScanned(scanning.shift()!);
  }
  while (scanning.length > 0) await verifyScanned(scanning.shift()!);
}

/** One scan state per verification, carried across files (segments continue the chain). */
const scanStates = new WeakMap<ChainVerifier, Uint8Array>();

/** The verifier's outcome in report.json's shape (design §6). `label` names the log. */
export function toLogResult(label: string, outcome: VerifyOutcome, files: readonly string[] = [label]): LogResult {
  const many = files.length > 1 || outcome.layout !== undefined; // a folder's problems name their file
  return {
    file: label,
    records: outcome.records,
    intact: outcome.intact,
    head: outcome.head ?? outcome.fileHead ?? null,
    problems: outcome.problems.map((p) => ({
      code: p.code,
      line: p.line,
      seq: p.seq,
      message: `${p.severity === "warning" ? "warning: " : ""}${many && p.file ? `${displayPath(p.file)}: ` : ""}${p.message}`,
    })),
  };
}
