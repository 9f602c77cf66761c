/**
 * The native scanner splits a large range across threads (every part but the first starts
 * knowing nothing of the line before it). Logs of several MB, tampered at and around the split
 * points, must give exactly the pure-JS verifier's findings (verifyAllWays asserts the
 * agreement), also with more parts than this machine has CPUs (RSSP_AUDIT_LOG_THREADS).
 */
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { verifyLog } from "../../src/log/verify-files.ts";
import { makeTestPki, type TestPki } from "./helpers/pki.ts";
import { cleanLog, toText, editRecord } from "./helpers/log-writer.ts";
import { codes, nativeBuilt, verifyAllWays } from "./helpers/verify-all-ways.ts";

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

test("seven threads on a tampered log find exactly what pure JS finds", { skip: !nativeBuilt && "native addon not built" }, async () => {
  let lines = clean;
  for (const seq of [3, 4_285, 8_571, 12_857, 17_143, 21_429, 25_714, 29_999]) lines = edit(lines, seq, (r) => (r.actor = "mallory"));
  [lines[9_000], lines[9_001]] = [lines[9_001]!, lines[9_000]!];
  lines = edit(lines, 20_000, (r) => (r.time = "2020-01-01T00:00:00.000Z"));
  const dir = mkdtempSync(join(tmpdir(), "rssp-log-threads-"));
  try {
    const files = { log: join(dir, "audit.log"), cert: join(dir, "signer.pem"), anchor: join(dir, "root.pem") };
    writeFileSync(files.log, toText(lines));
    writeFileSync(files.cert, trust.certPem);
    writeFileSync(files.anchor, trust.trustAnchorsPem[0]!);
    const child = spawnSync(process.execPath, ["--import", "tsx", "test/log/helpers/verify-native-child.ts", files.cert, files.anchor, files.log], {
      encoding: "utf8",
      env: { ...process.env, RSSP_AUDIT_LOG_THREADS: "7" },
    });
    assert.equal(child.status, 0, child.stderr);
    const js = await verifyLog([files.log], { scanner: "js", ...trust });
    assert.deepEqual(JSON.parse(child.stdout), JSON.parse(JSON.stringify(js)));
    assert.ok(codes(js).includes("record.modified@29999") && codes(js).length >= 10, codes(js).join(" "));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
