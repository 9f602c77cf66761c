/**
 * Run as a child process (the native scanner picks its hashing once, when it loads, from
 * RSSP_AUDIT_LOG_HASH): hashes lines of every length from 0 to 700 bytes with the native
 * scanner and prints their SHA-256 in hex, one per line.
 */
import { newBatch, newScanState } from "../../../src/log/line-facts.ts";
import { nativeScanLines } from "../../../src/log/native/index.ts";

const lines = Array.from({ length: 701 }, (_, n) => Buffer.alloc(n, 0x61 + (n % 26)));
const chunk = Buffer.concat(lines.flatMap((l) => [l, Buffer.from("\n")]));
const batch = newBatch(lines.length);
const n = nativeScanLines!(chunk, 0, chunk.length, newScanState(), batch);
for (let i = 0; i < n; i++) process.stdout.write(`${Buffer.from(batch.hashes.subarray(32 * i, 32 * i + 32)).toString("hex")}\n`);
