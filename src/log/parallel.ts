/**
 * Parallel scanning: chunks of complete lines go to worker threads (hashing and byte scanning,
 * the expensive part) and come back in order to the one chain verifier on this thread, which
 * stays sequential and cheap. At most two chunks per worker are in flight, so memory stays
 * bounded. Over-long lines are rare and handled here, after draining what is in flight.
 */
import { Worker } from "node:worker_threads";
import type { ChainVerifier } from "./chain-verifier.ts";
import type { Piece } from "./line-reader.ts";
import type { ScanReply, ScanRequest } from "./scan-worker.ts";

export async function scanInWorkers(pieces: AsyncIterable<Piece>, verifier: ChainVerifier, scanner: "native" | "js", count: number): Promise<void> {
  const workers = Array.from({ length: count }, () => new Worker(new URL("./scan-worker-boot.mjs", import.meta.url), { workerData: { scanner } }));
  const waiting = new Map<number, (reply: ScanReply) => void>();
  let failure: unknown;
  for (const w of workers) {
    w.on("message", (reply: ScanReply) => waiting.get(reply.id)?.(reply));
    w.on("error", (error) => {
      failure = error;
      for (const resolve of waiting.values()) resolve({ id: -1, buf: new Uint8Array(0), batches: [] });
    });
  }
  const inFlight: Array<{ reply: Promise<ScanReply>; unterminated: boolean }> = [];
  let nextId = 0;
  const consume = async (): Promise<void> => {
    const { reply, unterminated } = inFlight.shift()!;
    const r = await reply;
    waiting.delete(r.id);
    if (failure) throw failure;
    const buf = Buffer.from(r.buf.buffer, r.buf.byteOffset, r.buf.byteLength);
    r.batches.forEach((b, i) => verifier.lines(buf, b.start, b, b.count, unterminated && i === r.batches.length - 1));
  };
  try {
    for await (const piece of pieces) {
      if (piece.kind === "long-line") {
        while (inFlight.length) await consume();
        verifier.longLine(piece.hash, piece.length, piece.unterminated);
        continue;
      }
      const id = nextId++;
      const reply = new Promise<ScanReply>((resolve) => waiting.set(id, resolve));
      const buf = new Uint8Array(piece.buf.buffer, piece.buf.byteOffset, piece.buf.byteLength);
      const req: ScanRequest = { id, buf, start: piece.start, end: piece.end };
      workers[id % count]!.postMessage(req, [buf.buffer as ArrayBuffer]);
      inFlight.push({ reply, unterminated: piece.unterminated });
      if (inFlight.length >= 2 * count) await consume();
    }
    while (inFlight.length) await consume();
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
