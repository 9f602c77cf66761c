/**
 * The native scanner may be conservative (leave WELL_FORMED unset when unsure) but never
 * optimistic: whatever it flags well-formed, JSON.parse agrees with, with the same seq and time.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { CHECKPOINT, WELL_FORMED, newBatch, newScanState, scanLinesJs, type LineBatch } from "../../src/log/line-facts.ts";
import { nativeScanLines } from "../../src/log/native/index.ts";
import { verifyAllWays, codes } from "./helpers/verify-all-ways.ts";

const Z = "0".repeat(64);
const T = "2026-01-01T00:00:00.000Z";
const tricky = [
  `{"seq":0,"time":"${T}","prev":"${Z}"}`,
  `{"seq":1,"time":"${T}","prev":"${Z}","event":"log.checkpoint"}`,
  `{"seq":1,"time":"${T}","prev":"${Z}","event":"log.checkpoin\\u0074"}`,
  `{"se\\u0071":1,"time":"${T}","prev":"${Z}"}`,
  `{"seq":1.0,"time":"${T}","prev":"${Z}"}`,
  `{"seq":1e0,"time":"${T}","prev":"${Z}"}`,
  `{"seq":-1,"time":"${T}","prev":"${Z}"}`,
  `{"seq":1,"seq":2,"time":"${T}","prev":"${Z}"}`,
  `{"seq":1,"time":"${T}","prev":"${Z.toUpperCase()}"}`,
  `{"seq":1,"time":"2026-01-01T00:00:00Z","prev":"${Z}"}`,
  `{"seq":1,"time":"2026-13-01T00:00:00.000Z","prev":"${Z}"}`,
  `{"seq":1,"time":"${T}","prev":"${Z}",}`,
  `{"seq":1,"time":"${T}","prev":"${Z}"} x`,
  ` { "seq" : 1 , "time" : "${T}" , "prev" : "${Z}" } `,
  `\ufeff{"seq":1,"time":"${T}","prev":"${Z}"}`,
  `{"seq":1,"time":"${T}","prev":"${Z}","detail":{"seq":9,"n":"日本語","e":"\\ud800"}}`,
  `{"seq":1,"time":"${T}","prev":"${Z}","detail":"\u0001"}`,
  `{"seq":1,"time":"${T}","prev":"${Z}","detail":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}`,
  `{"seq":1,"time":"${T}","prev":"${Z}","detail":{"a":tru}}`,
  `{"seq":123456789012345678,"time":"${T}","prev":"${Z}"}`,
  `[1,2]`,
  `{}`,
  ``,
  `{"seq":1,"time":"${T}","prev":"${Z}","x":"\\x"}`,
];
const invalidUtf8 = [Buffer.from([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x3a, 0x31, 0x7d]), Buffer.from([0x7b, 0x22, 0xed, 0xa0, 0x80, 0x22, 0x3a, 0x31, 0x7d])];

function scanAll(scan: typeof scanLinesJs, chunk: Buffer): { batch: LineBatch; n: number } {
  const batch = newBatch(1000);
  const n = scan(chunk, 0, chunk.length, newScanState(new Uint8Array(32)), batch);
  return { batch, n };
}

test("native scanner: never well-formed where JSON.parse disagrees; same hashes", { skip: !nativeScanLines && "native addon not built" }, () => {
  const chunk = Buffer.concat([...tricky.map((l) => Buffer.from(`${l}\n`)), ...invalidUtf8.flatMap((b) => [b, Buffer.from("\n")])]);
  const js = scanAll(scanLinesJs, chunk);
  const c = scanAll(nativeScanLines!, chunk);
  assert.equal(c.n, js.n);
  assert.deepEqual(c.batch.ends.subarray(0, c.n), js.batch.ends.subarray(0, js.n));
  assert.deepEqual(c.batch.hashes.subarray(0, 32 * c.n), js.batch.hashes.subarray(0, 32 * js.n));
  for (let i = 0; i < c.n; i++) {
    if (c.batch.flags[i]! & WELL_FORMED) {
      assert.ok(js.batch.flags[i]! & WELL_FORMED, `line ${i} (${tricky[i]}) flagged well-formed natively only`);
      assert.equal(c.batch.seqs[i], js.batch.seqs[i]);
      assert.equal(c.batch.timeOffs[i], js.batch.timeOffs[i]);
      assert.equal(c.batch.flags[i]! & CHECKPOINT, js.batch.flags[i]! & CHECKPOINT);
    }
  }
  // The unambiguous lines are recognised natively (the fast path is actually used).
  assert.ok(c.batch.flags[0]! & WELL_FORMED);
  assert.ok(c.batch.flags[1]! & CHECKPOINT);
  assert.ok(c.batch.flags[13]! & WELL_FORMED, "whitespace is fine");
  assert.ok(c.batch.flags[15]! & WELL_FORMED, "UTF-8 and nested keys are fine");
});

test("all scanners give identical verifier results on tricky lines", async () => {
  const o = await verifyAllWays([tricky.map((l) => `${l}\n`).join("")]);
  assert.ok(codes(o).length > 10);
});
