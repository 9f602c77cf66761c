// Worker thread for parallel scanning (parallel.ts). Plain JavaScript so that a worker starts in
// milliseconds: with the native scanner it needs no TypeScript at all; with the pure-JS scanner it
// loads line-facts (registering tsx first when that is the TypeScript source). Contract of the scanners: see line-facts.ts.
// Each chunk is scanned knowing nothing of the line before it, so its first line is never FAST;
// the verifier on the main thread checks that link itself.
import { createRequire } from "node:module";
import { parentPort, workerData } from "node:worker_threads";

const BATCH_LINES = 1 << 17; // as in verify-files.ts

async function loadScanner() {
  if (workerData.scanner === "native") {
    const addon = createRequire(import.meta.url)("./native/build/Release/log_scan.node");
    return (chunk, start, end, state, b) => addon.scan(chunk, start, end, state, b.ends, b.seqs, b.flags, b.timeOffs, b.hashes);
  }
  // The sources need tsx (a development dependency); the build's line-facts.js does not.
  if (workerData.lineFacts.endsWith(".ts")) {
    const { register } = await import("tsx/esm/api");
    register();
  }
  return (await import(workerData.lineFacts)).scanLinesJs;
}

const scan = await loadScanner();
const work = {
  ends: new Int32Array(BATCH_LINES),
  hashes: new Uint8Array(BATCH_LINES * 32),
  flags: new Uint8Array(BATCH_LINES),
  seqs: new Float64Array(BATCH_LINES),
  timeOffs: new Int32Array(BATCH_LINES),
};

parentPort.on("message", (req) => {
  const state = new Uint8Array(64); // previous line unknown, time state "none"
  state[33] = 2; // time state "unknown": the chunk's first time is compared by the verifier
  const batches = [];
  let pos = req.start;
  while (pos < req.end) {
    const count = scan(req.buf, pos, req.end, state, work);
    if (count === 0) break;
    // Copies of exactly `count` entries: small, and transferable without faulting in new pages.
    batches.push({
      start: pos,
      count,
      ends: work.ends.slice(0, count),
      hashes: work.hashes.slice(0, count * 32),
      flags: work.flags.slice(0, count),
      seqs: work.seqs.slice(0, count),
      timeOffs: work.timeOffs.slice(0, count),
    });
    pos = work.ends[count - 1] + 1;
  }
  const transfer = [req.buf.buffer, ...batches.flatMap((b) => [b.ends.buffer, b.hashes.buffer, b.flags.buffer, b.seqs.buffer, b.timeOffs.buffer])];
  parentPort.postMessage({ id: req.id, buf: req.buf, batches }, transfer);
});
parentPort.postMessage({ ready: true });
