/**
 * The assessment engine end to end against the reference RSSP (issue #7's acceptance): conformant
 * at level 2 with the complete dossier (exit 0) and re-evaluated offline to the same result; the
 * gapped dossier and a faulted provider exit 1 naming their blocking controls; an expired waiver
 * and a missing evidence folder stop the run with exit 2 and one line, before anything is probed.
 */
import { en } from "../helpers/text.ts";
import { test } from "node:test";
import assert from "node:assert/strict";
import { appendFileSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { startFixture } from "../../fixtures/rssp/index.ts";
import { runCli, REPO_ROOT } from "../helpers/cli.ts";
import type { Report } from "../../src/report/types.ts";
import { tempDir } from "../helpers/temp.ts";

const DOSSIERS = join(REPO_ROOT, "fixtures/evidence");
const read = (dir: string) => JSON.parse(readFileSync(join(dir, "report.json"), "utf8")) as Report;

async function assess(options: { faults?: string[]; dossier: string; extra?: string }) {
  const fixture = await startFixture({ faults: options.faults, evidenceDir: join(DOSSIERS, options.dossier), attestationsFile: join(DOSSIERS, "attestations.yaml") });
  const out = tempDir("rssp-ref");
  try {
    if (options.extra) appendFileSync(fixture.assessmentFile, options.extra);
    const r = await runCli(["assess", "--config", fixture.assessmentFile, "--out", out, "--format", "json", "--lang", "en"]);
    return { r, out };
  } finally {
    await fixture.stop();
  }
}

test("conformant provider + complete dossier: conformant at level 2, exit 0; evaluate reproduces it offline", { timeout: 180_000 }, async () => {
  const { r, out } = await assess({ dossier: "complete" });
  const report = read(out);
  assert.equal(r.code, 0, `${r.stderr}\n${report.verdict.blocking.join(", ")}`);
  assert.deepEqual(report.verdict, { level: 2, conformant: true, state: "conformant", highestConformantLevel: 2, blocking: [], byLevel: [{ level: 1, conformant: true, state: "conformant", blocking: [] }, { level: 2, conformant: true, state: "conformant", blocking: [] }] });
  assert.ok(report.evidence.length >= 23 && report.evidence.every((e) => e.valid));
  assert.ok(report.logs.length === 1 && report.logs[0]!.intact);
  const again = join(out, "re-evaluated");
  const e = await runCli(["evaluate", "--evidence", join(out, "evidence"), "--out", again]);
  assert.equal(e.code, 0, e.stderr);
  const re = read(again);
  assert.deepEqual(re.verdict, report.verdict);
  assert.deepEqual(re.controls.map((c) => [c.id, c.status, c.summary]), report.controls.map((c) => [c.id, c.status, c.summary]));
  assert.deepEqual(re.checks.map((c) => [c.id, c.status, c.fingerprint]), report.checks.map((c) => [c.id, c.status, c.fingerprint]));
});

test("the gapped dossier: exit 1, and the blocking controls are named", { timeout: 180_000 }, async () => {
  const { r, out } = await assess({ dossier: "gapped", extra: 'checks:\n  skip: ["oauth.*", "csc.*", "cert.*", "tls.*"]\n' });
  const report = read(out);
  assert.equal(r.code, 1);
  for (const id of ["PT-06", "KM-05", "SP-01", "RK-09", "PT-07", "PT-04", "PT-08", "KM-02"]) assert.ok(report.verdict.blocking.includes(id), `${id} blocks`);
  const missing = report.checks.find((c) => c.id === "evidence.financial-stability")!;
  assert.equal(missing.status, "fail");
  assert.match(en(missing.summary), /no financial-stability document/);
});

test("a faulted provider (SAD reusable) with the complete dossier: exit 1, SC-L2-04 blocks", { timeout: 180_000 }, async () => {
  const { r, out } = await assess({ dossier: "complete", faults: ["sad-reusable"], extra: 'checks:\n  skip: ["oauth.*"]\n' });
  const report = read(out);
  assert.equal(r.code, 1);
  assert.ok(report.verdict.blocking.includes("SC-L2-04"), report.verdict.blocking.join(", "));
  assert.equal(report.checks.find((c) => c.id === "csc.sad.single-use")!.status, "fail");
});

test("an expired waiver or a missing evidence folder: exit 2 with one line, nothing probed", { timeout: 60_000 }, async () => {
  const w = await assess({ dossier: "complete", extra: `waivers: ${join(DOSSIERS, "waivers-expired.yaml")}\n` });
  assert.equal(w.r.code, 2);
  assert.equal(w.r.stderr.trim().split("\n").length, 1, w.r.stderr);
  assert.match(w.r.stderr, /waivers-expired\.yaml:\d+:\d+: waiver W-2025-001 expired on 2025-12-31/);
  const m = await assess({ dossier: "does-not-exist" });
  assert.equal(m.r.code, 2);
  assert.equal(m.r.stderr.trim().split("\n").length, 1, m.r.stderr);
  assert.match(m.r.stderr, /evidence: folder .*does-not-exist does not exist/);
});
