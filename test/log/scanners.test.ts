/**
 * The native scanner may be conservative (leave WELL_FORMED unset when unsure) but never
 * optimistic: whatever it flags well-formed, JSON.parse agrees with, with the same seq and time.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
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

/** Scans the whole chunk the way the verifier does: calling again until every line is in. */
function scanAll(scan: typeof scanLinesJs, chunk: Buffer, capacity = 1000): { batch: LineBatch; n: number } {
  const batch = newBatch(capacity);
  const part = newBatch(capacity);
  const state = newScanState(new Uint8Array(32));
  let n = 0;
  for (let pos = 0; pos < chunk.length; ) {
    const got = scan(chunk, pos, chunk.length, state, part);
    assert.ok(got > 0 && n + got <= capacity, "the scanner makes progress");
    batch.ends.set(part.ends.subarray(0, got), n);
    batch.hashes.set(part.hashes.subarray(0, 32 * got), 32 * n);
    batch.flags.set(part.flags.subarray(0, got), n);
    batch.seqs.set(part.seqs.subarray(0, got), n);
    batch.timeOffs.set(part.timeOffs.subarray(0, got), n);
    n += got;
    pos = part.ends[got - 1]! + 1;
  }
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

for (const way of ["x16", "pair", "openssl"]) {
  // Lengths 0..700 cross the 55/56/64-byte padding edges and several blocks; 701 lines so that
  // groups of 16 and pairs end with a partial group. A way the CPU lacks falls back to OpenSSL.
  test(`native scanner hashing "${way}": every line length hashes like node:crypto`, { skip: !nativeScanLines && "native addon not built" }, () => {
    const child = spawnSync(process.execPath, ["--import", "tsx", "test/log/helpers/hash-lines-child.ts"], { encoding: "utf8", env: { ...process.env, RSSP_AUDIT_LOG_HASH: way } });
    assert.equal(child.status, 0, child.stderr);
    const hashes = child.stdout.trim().split("\n");
    assert.equal(hashes.length, 701);
    hashes.forEach((h, n) => assert.equal(h, createHash("sha256").update(Buffer.alloc(n, 0x61 + (n % 26))).digest("hex"), `length ${n}`));
  });
}

test("native scanner: mutated records are never flagged well-formed unless JSON.parse agrees", { skip: !nativeScanLines && "native addon not built" }, () => {
  // A deterministic fuzz: flip, insert and delete bytes of valid records, including the bytes
  // the parser branches on. Whatever the native scanner accepts must parse, with the same seq.
  let seed = 0x2545f491;
  const rand = (n: number): number => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 8) % n;
  const specials = Buffer.from(`{}[]:,"\\ \t\r0123456789-+.eEtrufalsn\u00e9\u0001\u007f`, "latin1");
  const base = [
    `{"seq":7,"time":"${T}","event":"auth.login","actor":"u-1","outcome":"success","detail":{"a":[1,2.5e3,true,null],"b":"x"},"prev":"${Z}"}`,
    `{"seq":8,"time":"${T}","prev":"${Z}","event":"log.checkpoint","detail":{"size":8,"sig":"AbC/+=="}}`,
  ];
  const mutated: Buffer[] = [];
  for (let i = 0; i < 20_000; i++) {
    const b = [...Buffer.from(base[i % base.length]!)];
    for (let m = 1 + rand(3); m > 0; m--) {
      const at = rand(b.length);
      const byte = rand(4) === 0 ? rand(256) : specials[rand(specials.length)]!;
      const op = rand(3);
      if (op === 0) b[at] = byte;
      else if (op === 1) b.splice(at, 0, byte);
      else b.splice(at, 1);
    }
    mutated.push(Buffer.from(b.filter((x) => x !== 10)));
  }
  const chunk = Buffer.concat(mutated.flatMap((l) => [l, Buffer.from("\n")]));
  // Capacity = line count: the native scanner's two threads cannot both fit at once, so this
  // also drives the "second half dropped, caller comes back" path.
  const { batch, n } = scanAll(nativeScanLines!, chunk, mutated.length);
  const { batch: js } = scanAll(scanLinesJs, chunk, mutated.length);
  assert.equal(n, mutated.length);
  let accepted = 0;
  for (let i = 0; i < mutated.length; i++) {
    if (!(batch.flags[i]! & WELL_FORMED)) continue;
    accepted++;
    assert.ok(js.flags[i]! & WELL_FORMED, `native accepted ${JSON.stringify(mutated[i]!.toString("latin1"))}`);
    assert.equal(batch.seqs[i], js.seqs[i]);
    assert.equal(batch.timeOffs[i], js.timeOffs[i]);
  }
  assert.ok(accepted > 1000, `the fast path still accepts harmless mutations (${accepted})`);
});

test("native scanner: a range that ends inside a line yields only the complete lines before it", { skip: !nativeScanLines && "native addon not built" }, () => {
  // The scanner finds each line's end while validating it and relies on the range ending with
  // '\n'; a caller passing a cut range must get the whole lines, never a read past the range.
  const lines = [`{"seq":0,"time":"${T}","prev":"${Z}"}`, `{"seq":1,"time":"${T}","prev":"${Z}","detail":"${"x".repeat(200)}"}`];
  const chunk = Buffer.from(`${lines[0]}\n${lines[1]}\n`);
  for (const cut of [lines[0]!.length + 1, lines[0]!.length + 20, chunk.length - 1]) {
    const batch = newBatch(10);
    const n = nativeScanLines!(chunk, 0, cut, newScanState(new Uint8Array(32)), batch);
    assert.equal(n, 1, `cut at ${cut}`);
    assert.equal(batch.ends[0], lines[0]!.length);
  }
  assert.equal(nativeScanLines!(chunk, 0, 10, newScanState(new Uint8Array(32)), newBatch(10)), 0, "no complete line: none");
});
