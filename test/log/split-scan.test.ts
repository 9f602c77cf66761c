/**
 * The native scanner splits a large range across two threads (the second half starts knowing
 * nothing of the line before it). Logs of several MB, tampered at and around the split points,
 * must give exactly the pure-JS verifier's findings (verifyAllWays asserts the agreement).
 */
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { makeTestPki, type TestPki } from "./helpers/pki.ts";
import { cleanLog, toText, editRecord } from "./helpers/log-writer.ts";
import { codes, verifyAllWays } from "./helpers/verify-all-ways.ts";

let pki: TestPki;
let clean: string[];
let trust: { certPem: string; trustAnchorsPem: string[] };
const N = 30_000; // ≈ 6 MB: several chunks, each large enough to be split

before(async () => {
  pki = await makeTestPki();
  clean = cleanLog(N, 5_000, { key: pki.logSigner.key }).lines;
  trust = { certPem: pki.logSigner.certPem, trustAnchorsPem: [pki.rootPem] };
});

const edit = editRecord;

test("a large clean log verifies intact with every scanner arrangement", async () => {
  const o = await verifyAllWays([toText(clean)], trust);
  assert.deepEqual(codes(o), []);
  assert.equal(o.records, N + 1);
});

test("tampering spread over a large log is found at the same seqs by every arrangement", async () => {
  let lines = clean;
  const targets = [1, 2_501, 7_499, 15_001, 22_222, 29_998];
  for (const seq of targets) lines = edit(lines, seq, (r) => (r.outcome = "failure"));
  // time going backwards and a swap, near where a chunk's halves meet
  lines = edit(lines, 11_000, (r) => (r.time = "2020-01-01T00:00:00.000Z"));
  [lines[18_001], lines[18_002]] = [lines[18_002]!, lines[18_001]!];
  const o = await verifyAllWays([toText(lines)], trust);
  for (const seq of targets) assert.ok(codes(o).includes(`record.modified@${seq}`), `${seq}: ${codes(o).join(" ")}`);
  assert.ok(codes(o).some((c) => c.startsWith("time.backwards@11000") || c.startsWith("record.modified@11000")), codes(o).join(" "));
  assert.ok(codes(o).some((c) => /@1800[12]$/.test(c)), codes(o).join(" "));
  assert.equal(o.intact, false);
});
