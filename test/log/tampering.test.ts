import { test, before } from "node:test";
import assert from "node:assert/strict";
import { makeTestPki, type TestPki } from "./helpers/pki.ts";
import { cleanLog, hashLine, rechain, toText, LogWriter, editRecord } from "./helpers/log-writer.ts";
import { codes, verifyAllWays } from "./helpers/verify-all-ways.ts";

// A clean log: seqs 0..200, checkpoints at 50, 100, 150, 200. Line number = seq + 1.
let pki: TestPki;
let clean: string[];
let trust: { certPem: string; trustAnchorsPem: string[] };

before(async () => {
  pki = await makeTestPki();
  clean = cleanLog(200, 50, { key: pki.logSigner.key }).lines;
  trust = { certPem: pki.logSigner.certPem, trustAnchorsPem: [pki.rootPem] };
});

const edit = editRecord;

test("a clean log verifies with no problem and gives its head", async () => {
  const o = await verifyAllWays([toText(clean)], trust);
  assert.deepEqual(codes(o), []);
  assert.equal(o.intact, true);
  assert.equal(o.records, 201);
  assert.equal(o.checkpoints, 4);
  assert.equal(o.signedCheckpoints, 4);
  assert.deepEqual(o.head, { seq: 200, hash: hashLine(clean[200]!) });
});

test("a modified record is reported at its seq", async () => {
  const o = await verifyAllWays([toText(edit(clean, 60, (r) => (r.outcome = "failure")))], trust);
  assert.deepEqual(codes(o), ["record.modified@60"]);
  assert.equal(o.problems[0]!.line, 61);
  assert.equal(o.intact, false);
  assert.equal(o.head, null);
});

test("a deleted record is reported with the missing seq", async () => {
  const lines = clean.filter((_, i) => i !== 60);
  const o = await verifyAllWays([toText(lines)], trust);
  assert.deepEqual(codes(o), ["record.deleted@60"]);
  assert.equal(o.problems[0]!.line, 61, "found where seq 61 now sits");
});

test("several deleted records are one finding naming the range", async () => {
  const lines = clean.filter((_, i) => i < 60 || i > 62);
  const o = await verifyAllWays([toText(lines)], trust);
  assert.deepEqual(codes(o), ["record.deleted@60"]);
  assert.match(o.problems[0]!.message, /seqs 60–62 missing/);
});

test("an inserted record (correctly chained to its predecessor) is reported", async () => {
  const forged = JSON.stringify({ ...JSON.parse(clean[61]!), actor: "mallory", prev: hashLine(clean[60]!) });
  const lines = [...clean.slice(0, 61), forged, ...clean.slice(61)];
  const o = await verifyAllWays([toText(lines)], trust);
  assert.deepEqual(codes(o), ["record.inserted@61"]);
  assert.equal(o.problems[0]!.line, 62, "the forged line");
});

test("two swapped records are reported as reordered", async () => {
  const lines = [...clean];
  [lines[60], lines[61]] = [lines[61]!, lines[60]!];
  const o = await verifyAllWays([toText(lines)], trust);
  assert.ok(codes(o).includes("record.reordered@60"), codes(o).join(" "));
  assert.deepEqual(codes(o).filter((c) => !c.startsWith("time.")), ["record.reordered@60"]);
});

test("a record moved further down is reported as reordered, not deleted", async () => {
  const moved = clean[60]!;
  const lines = [...clean.slice(0, 60), ...clean.slice(61, 65), moved, ...clean.slice(65)];
  const o = await verifyAllWays([toText(lines)], trust);
  assert.deepEqual(codes(o).filter((c) => !c.startsWith("time.")), ["record.reordered@60"]);
});

test("a seq gap in an intact chain is reported", async () => {
  const bumped = clean.map((l, i) => (i >= 60 ? JSON.stringify({ ...JSON.parse(l), seq: i + 1 }) : l));
  const lines = rechain(bumped, 60, pki.logSigner.key);
  const o = await verifyAllWays([toText(lines)], trust);
  assert.deepEqual(codes(o), ["seq.gap@61"]);
});

test("time going backwards is reported at its seq", async () => {
  const lines = rechain(edit(clean, 70, (r) => (r.time = "2026-02-01T00:00:00.000Z")), 70, pki.logSigner.key);
  const o = await verifyAllWays([toText(lines)], trust);
  assert.deepEqual(codes(o), ["time.backwards@70"]);
});

test("a malformed line is reported with its line number", async () => {
  const lines = [...clean];
  lines[80] = "this is not json";
  const o = await verifyAllWays([toText(lines)], trust);
  assert.equal(o.problems[0]!.code, "record.malformed");
  assert.equal(o.problems[0]!.line, 81);
  assert.ok(!o.problems.some((p) => p.message.includes("this is not json")), "content is not echoed");
});

test("a full re-chain without the signing key fails the next checkpoint signatures", async () => {
  const lines = rechain(edit(clean, 60, (r) => (r.actor = "mallory")), 60);
  const o = await verifyAllWays([toText(lines)], trust);
  assert.deepEqual(codes(o), ["checkpoint.bad-signature@100", "checkpoint.bad-signature@150", "checkpoint.bad-signature@200"]);
  assert.match(o.problems[0]!.message, /after seq 50 up to seq 99/);
  assert.equal(o.protectedUpTo, 50);
});

test("a re-chain that leaves the checkpoint untouched is a head mismatch", async () => {
  const tampered = edit(clean, 60, (r) => (r.actor = "mallory"));
  const lines = [...rechain(tampered, 60).slice(0, 100), ...tampered.slice(100)];
  const fixed = rechain(lines, 100).map((l, i) => (i === 100 ? tampered[100]!.replace(/"prev":"[0-9a-f]+"/, `"prev":"${hashLine(rechain(tampered, 60)[99]!)}"`) : l));
  const o = await verifyAllWays([toText(fixed.slice(0, 101))], trust);
  assert.ok(codes(o).includes("checkpoint.head-mismatch@100"), codes(o).join(" "));
});

test("a rewrite re-signed with a key that does not chain to the anchor", async () => {
  const lines = rechain(edit(clean, 60, (r) => (r.actor = "mallory")), 0, pki.rogueSigner.key);
  const genuine = await verifyAllWays([toText(lines)], trust);
  assert.deepEqual(codes(genuine), ["checkpoint.bad-signature@50", "checkpoint.bad-signature@100", "checkpoint.bad-signature@150", "checkpoint.bad-signature@200"]);
  const swapped = await verifyAllWays([toText(lines)], { certPem: pki.rogueSigner.certPem, trustAnchorsPem: [pki.rootPem] });
  assert.deepEqual(codes(swapped), ["cert.untrusted@-"]);
  assert.equal(swapped.intact, false);
});

test("missing checkpoint signatures are reported", async () => {
  const o = await verifyAllWays([cleanLog(20, 10).text()], trust);
  assert.deepEqual(codes(o), ["checkpoint.missing-signature@10", "checkpoint.missing-signature@20"]);
});

test("checkpoint size and head mismatches are reported", async () => {
  const w = new LogWriter({ key: pki.logSigner.key });
  for (let i = 0; i < 5; i++) w.record();
  w.checkpoint({ size: 3 });
  w.record();
  w.checkpoint({ head: "ab".repeat(32) });
  const o = await verifyAllWays([w.text()], trust);
  assert.deepEqual(codes(o), ["checkpoint.size-mismatch@5", "checkpoint.bad-signature@5", "checkpoint.head-mismatch@7", "checkpoint.bad-signature@7"]);
});

test("raw r‖s signatures are accepted", async () => {
  const o = await verifyAllWays([cleanLog(30, 10, { key: pki.logSigner.key, sigEncoding: "raw" }).text()], trust);
  assert.deepEqual(codes(o), []);
  assert.equal(o.signedCheckpoints, 3);
});

test("a certificate expired at checkpoint time is reported", async () => {
  const o = await verifyAllWays([cleanLog(20, 10, { key: pki.expiredSigner.key }).text()], { certPem: pki.expiredSigner.certPem, trustAnchorsPem: [pki.rootPem] });
  assert.deepEqual(codes(o), ["cert.expired@10", "cert.expired@20"]);
});

test("records after the last checkpoint are a warning naming the first unprotected seq", async () => {
  const w = cleanLog(20, 10, { key: pki.logSigner.key });
  w.record();
  w.record();
  const o = await verifyAllWays([w.text()], trust);
  assert.deepEqual(codes(o), ["tail.unprotected@21"]);
  assert.equal(o.problems[0]!.severity, "warning");
  assert.equal(o.intact, true);
  assert.equal(o.head?.seq, 22);
});

test("without a certificate, signatures are reported unverified; without an anchor, the chain unchecked", async () => {
  const text = cleanLog(20, 10, { key: pki.logSigner.key }).text();
  assert.deepEqual(codes(await verifyAllWays([text])), ["checkpoint.unverified@-"]);
  assert.deepEqual(codes(await verifyAllWays([text], { certPem: pki.logSigner.certPem })), ["cert.chain-unchecked@-"]);
});

test("--expect-head: truncation and rewriting are detected; the same log passes", async () => {
  const head = { seq: 200, hash: hashLine(clean[200]!) };
  assert.deepEqual(codes(await verifyAllWays([toText(clean)], { ...trust, expectHead: head })), []);
  const truncated = await verifyAllWays([toText(clean.slice(0, 151))], { ...trust, expectHead: head });
  assert.deepEqual(codes(truncated), ["head.truncated@200"]);
  // An insider with the key rewrites record 120 and re-signs: only the kept head shows it.
  const rewritten = rechain(edit(clean, 120, (r) => (r.outcome = "failure")), 120, pki.logSigner.key);
  assert.deepEqual(codes(await verifyAllWays([toText(rewritten)], trust)), []);
  assert.deepEqual(codes(await verifyAllWays([toText(rewritten)], { ...trust, expectHead: head })), ["head.rewritten@200"]);
});

test("segments continue the chain across files, and problems name the file", async () => {
  const a = toText(clean.slice(0, 120));
  const b = toText(clean.slice(120));
  const o = await verifyAllWays([a, b], trust);
  assert.deepEqual(codes(o), []);
  const broken = await verifyAllWays([a, toText(clean.slice(121))], trust);
  assert.deepEqual(codes(broken), ["record.deleted@120"]);
  assert.equal(broken.problems[0]!.file, broken.files[1]);
  assert.equal(broken.problems[0]!.line, 1);
});
