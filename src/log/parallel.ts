/**
 * Parallel scanning: chunks of complete lines go to worker threads (scan-worker.mjs: hashing and
 * byte scanning, the expensive part) and come back in order to the one chain verifier on this
 * thread, which stays sequential and cheap. At most two chunks per worker are in flight and their
 * buffers are recycled, so memory stays bounded. Over-long lines are rare and handled here, after
 * draining what is in flight.
 */
import { Worker } from "node:worker_threads";
import type { ChainVerifier } from "./chain-verifier.ts";
import type { LineBatch } from "./line-facts.ts";
import { BufferPool, readPieces } from "./line-reader.ts";
import { pathToFileURL } from "node:url";
import { assetPath, modulePath } from "../util/package-root.ts";

// The worker is plain JavaScript kept beside the sources (not compiled); it is told where the
// pure-JS scanner is as the code runs (line-facts.ts through tsx, or dist/…/line-facts.js).
const WORKER = pathToFileURL(assetPath("src", "log", "scan-worker.mjs"));
const LINE_FACTS = pathToFileURL(modulePath("src/log/line-facts")).href;

interface ScanRequest {
  id: number;
  buf: Uint8Array;
  start: number;
  end: number;
}

interface ScanReply {
  id: number;
  buf: Uint8Array;
  batches: Array<LineBatch & { start: number; count: number }>;
}

export async function scanInWorkers(file: string, onBytes: (n: number) => void, chunkBytes: number | undefined, verifier: ChainVerifier, scanner: "native" | "js", count: number): Promise<void> {
  const workers = Array.from({ length: count }, () => new Worker(WORKER, { workerData: { scanner, lineFacts: LINE_FACTS } }));
  const waiting = new Map<number, { resolve: (reply: ScanReply) => void; reject: (error: unknown) => void }>();
  for (const w of workers) {
    w.on("message", (reply: ScanReply | { ready: true }) => {
      if ("id" in reply) waiting.get(reply.id)?.resolve(reply);
    });
    w.on("error", (error) => {
      for (const p of waiting.values()) p.reject(error);
    });
  }
  const pool = new BufferPool();
  const inFlight: Array<{ reply: Promise<ScanReply>; unterminated: boolean }> = [];
  let nextId = 0;
  const consume = async (): Promise<void> => {
    const { reply, unterminated } = inFlight.shift()!;
    const r = await reply;
    waiting.delete(r.id);
    const buf = Buffer.from(r.buf.buffer, r.buf.byteOffset, r.buf.byteLength);
    r.batches.forEach((b, i) => verifier.lines(buf, b.start, b, b.count, unterminated && i === r.batches.length - 1));
    pool.give(buf);
  };
  try {
    for await (const piece of readPieces(file, onBytes, chunkBytes, pool)) {
      if (piece.kind === "long-line") {
        while (inFlight.length) await consume();
        verifier.longLine(piece.hash, piece.length, piece.unterminated);
        continue;
      }
      const id = nextId++;
      const reply = new Promise<ScanReply>((resolve, reject) => waiting.set(id, { resolve, reject }));
      reply.catch(() => undefined); // handled when consumed
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
