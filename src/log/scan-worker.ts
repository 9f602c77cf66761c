/**
 * Worker thread for parallel scanning (parallel.ts): scans the chunks it is sent and sends back
 * the line facts. It starts each chunk knowing nothing of the line before it, so the chunk's
 * first line is never FAST; the verifier, on the main thread, checks that link itself.
 */
import { parentPort, workerData } from "node:worker_threads";
import { newBatch, newScanState, scanLinesJs, type LineBatch } from "./line-facts.ts";
import { nativeScanLines } from "./native/index.ts";

export interface ScanRequest {
  id: number;
  buf: Uint8Array;
  start: number;
  end: number;
}

export interface ScannedBatch extends LineBatch {
  start: number;
  count: number;
}

export interface ScanReply {
  id: number;
  buf: Uint8Array;
  batches: ScannedBatch[];
}

const BATCH_LINES = 1 << 16;
const scan = (workerData as { scanner: "native" | "js" }).scanner === "native" && nativeScanLines ? nativeScanLines : scanLinesJs;

parentPort!.on("message", (req: ScanRequest) => {
  const state = newScanState();
  const batches: ScannedBatch[] = [];
  let pos = req.start;
  while (pos < req.end) {
    const batch = newBatch(BATCH_LINES);
    const count = scan(req.buf, pos, req.end, state, batch);
    if (count === 0) break;
    batches.push({ ...batch, start: pos, count });
    pos = batch.ends[count - 1]! + 1;
  }
  const transfer = [req.buf.buffer as ArrayBuffer, ...batches.flatMap((b) => [b.ends.buffer, b.hashes.buffer, b.flags.buffer, b.seqs.buffer, b.timeOffs.buffer] as ArrayBuffer[])];
  parentPort!.postMessage({ id: req.id, buf: req.buf, batches } satisfies ScanReply, transfer);
});
