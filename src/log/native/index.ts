/**
 * Loads the optional native scanner (log_scan.c, built by `npm ci` through node-gyp). When it is
 * absent or fails to load, `nativeScanLines` is undefined and the verifier uses the pure-JS
 * scanner, which gives the same results (test/log/scanners.test.ts compares them).
 * Set RSSP_AUDIT_LOG_NATIVE=0 to force the pure-JS path. The addon scans with one thread per CPU
 * (at most 8); RSSP_AUDIT_LOG_THREADS=N sets the number (1: the single-core figure).
 */
import { createRequire } from "node:module";
import type { ScanLines } from "../line-facts.ts";
import { assetPath } from "../../util/package-root.ts";

interface Addon {
  /** `parts`: threads the range may be split over (default: scanThreads). */
  scan(chunk: Uint8Array, start: number, end: number, state: Uint8Array, ends: Int32Array, seqs: Float64Array, flags: Uint8Array, timeOffs: Int32Array, hashes: Uint8Array, parts?: number): number;
  scanAsync(chunk: Uint8Array, start: number, end: number, state: Uint8Array, ends: Int32Array, seqs: Float64Array, flags: Uint8Array, timeOffs: Int32Array, hashes: Uint8Array, parts?: number): Promise<number>;
  /** Threads the addon may scan on: one per CPU, at most 8, or RSSP_AUDIT_LOG_THREADS. */
  scanThreads: number;
}

function load(): Addon | undefined {
  if (process.env.RSSP_AUDIT_LOG_NATIVE === "0") return undefined;
  try {
    // Built beside its sources (src/log/native/build), also when the code runs from dist/.
    const require = createRequire(import.meta.url);
    return require(assetPath("src", "log", "native", "build", "Release", "log_scan.node")) as Addon;
  } catch {
    return undefined;
  }
}

const addon = load();

/** The native scanner, when built. */
export const nativeScanLines: ScanLines | undefined = addon
  ? (chunk, start, end, state, b) => addon.scan(chunk, start, end, state, b.ends, b.seqs, b.flags, b.timeOffs, b.hashes)
  : undefined;

/** Threads the native scanner may use (1 without the addon). */
export const nativeScanThreads: number = addon?.scanThreads ?? 1;

/**
 * The native scanner on libuv's thread pool: the same contract, settled later, the range split
 * over at most `parts` threads. Until the promise settles, the chunk, state and batch belong to
 * the scan: the caller must not read or reuse them.
 */
export const nativeScanLinesAsync: ((...args: [...Parameters<ScanLines>, parts?: number]) => Promise<number>) | undefined = addon
  ? (chunk, start, end, state, b, parts) => addon.scanAsync(chunk, start, end, state, b.ends, b.seqs, b.flags, b.timeOffs, b.hashes, parts)
  : undefined;
