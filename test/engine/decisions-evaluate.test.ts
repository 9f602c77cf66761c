import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync, appendFileSync } from "node:fs";
import { join } from "node:path";
import { runCli, REPO_ROOT } from "../helpers/cli.ts";
import { startTlsServer, type TestTlsServer } from "../helpers/tls-server.ts";
import type { Report } from "../../src/report/types.ts";
import { tempDir } from "../helpers/temp.ts";

const CATALOG = join(REPO_ROOT, "test/fixtures/catalogs/minimal");
let server: TestTlsServer;
let work: string;

before(async () => {
  server = await startTlsServer();
  work = tempDir("rssp-audit-decisions");
});
after(() => server.close());

function config(name: string, extra = ""): string {
  const file = join(work, `${name}.yaml`);
  writeFileSync(file, `target:\n  name: Minimal\n  csc:\n    baseUrl: ${server.url}/csc/v2\n    tlsCa: file:${server.caFile}\nlevel: 2\n${extra}`);
  return file;
}
const read = (dir: string) => JSON.parse(readFileSync(join(dir, "report.json"), "utf8")) as Report;
const volatile = (r: Report) => ({ ...r, assessment: { ...r.assessment, startedAt: "", finishedAt: "" }, checks: r.checks.map((c) => ({ ...c, durationMs: 0 })) });

test("an attestation decides the manual control and appears in the report", async () => {
  writeFileSync(join(work, "att.yaml"), `attestations:\n  - control: SC-L2-01\n    assessor: 調査員 A\n    date: 2026-11-01\n    decision: pass\n    justification: Examined the activation procedure and observed PIN + TOTP.\n    evidenceRef: evidence/activation.pdf\n`);
  const out = join(work, "out-att");
  const r = await runCli(["assess", "--config", config("cfg-att", "attestations: att.yaml\n"), "--out", out, "--catalog", CATALOG]);
  assert.equal(r.code, 1, r.stderr);
  const report = read(out);
  const c = report.controls.find((x) => x.id === "SC-L2-01")!;
  assert.equal(c.status, "pass", r.stderr);
  assert.equal(c.attestation?.assessor, "調査員 A");
  assert.equal(report.attestations.length, 1);
});

test("an active waiver turns the open control into waived only when it fails; an expired waiver stops the run with exit 2", async () => {
  writeFileSync(join(work, "w-expired.yaml"), `waivers:\n  - id: W-1\n    scope: { control: SC-L1-01 }\n    justification: Replacement HSM arrives next month.\n    approver: CISO\n    expires: 2020-01-01\n`);
  const r = await runCli(["assess", "--config", config("wexp", "waivers: w-expired.yaml\n"), "--out", join(work, "out-wexp"), "--catalog", CATALOG]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /w-expired\.yaml:2:\d+: waiver W-1 expired on 2020-01-01/);
  assert.equal(r.stderr.trim().split("\n").length, 1);
});

test("a waiver for an unknown control or a malformed waiver file exits 2 before probing", async () => {
  writeFileSync(join(work, "w-unknown.yaml"), `waivers:\n  - id: W-2\n    scope: { control: XX-99 }\n    justification: Something long enough.\n    approver: CISO\n    expires: 2099-01-01\n`);
  let r = await runCli(["assess", "--config", config("wunk", "waivers: w-unknown.yaml\n"), "--out", join(work, "out-wunk"), "--catalog", CATALOG]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /unknown control XX-99/);
  writeFileSync(join(work, "w-bad.yaml"), `waivers:\n  - id: W-3\n    scope: { control: SC-L1-01 }\n    approver: CISO\n`);
  r = await runCli(["assess", "--config", config("wbad", "waivers: w-bad.yaml\n"), "--out", join(work, "out-wbad"), "--catalog", CATALOG]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /missing required property "justification"/);
  assert.match(r.stderr, /missing required property "expires"/);
});

test("evaluate re-derives the same controls and verdict offline, and refuses altered evidence", async () => {
  const out = join(work, "out-eval");
  const first = await runCli(["assess", "--config", config("eval"), "--out", out, "--catalog", CATALOG]);
  const collected = read(out);
  const again = join(work, "out-eval-again");
  const r = await runCli(["evaluate", "--evidence", join(out, "evidence"), "--out", again, "--catalog", CATALOG]);
  assert.equal(r.code, first.code, r.stderr);
  assert.deepEqual(volatile(read(again)), volatile(collected));

  // Any change to the saved evidence (here: a check's recorded result) is refused.
  appendFileSync(join(out, "evidence", "checks", "tls.reachable", "result.json"), " ");
  const t = await runCli(["evaluate", "--evidence", join(out, "evidence"), "--catalog", CATALOG]);
  assert.equal(t.code, 2);
  assert.match(t.stderr, /tls\.reachable\/result\.json: evidence file modified after collection/);
});

test("evaluate on a folder that is not saved evidence exits 2 with one line", async () => {
  const r = await runCli(["evaluate", "--evidence", work]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /session\.json: not a saved assessment/);
});

test("assess twice gives the same report apart from timestamps and durations", async () => {
  const a = join(work, "det-a");
  const b = join(work, "det-b");
  await runCli(["assess", "--config", config("det"), "--out", a, "--catalog", CATALOG]);
  await runCli(["assess", "--config", config("det"), "--out", b, "--catalog", CATALOG]);
  assert.deepEqual(volatile(read(a)), volatile(read(b)));
});
