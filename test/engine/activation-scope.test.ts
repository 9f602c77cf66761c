/**
 * Issue 16 (a): activation is judged per credential in service at the assessed level. The
 * reference RSSP's SCAL 1 credential (cred-carol-01) is protected by a PIN alone: not excluded,
 * it makes level 2 not-conformant; excluded by the assessment's scope (with a reason), it is listed
 * in the check and in report.json (assessment.scope), and level 2 holds.
 */
import { tempDir } from "../helpers/temp.ts";
import { en } from "../helpers/text.ts";
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startFixture } from "../../fixtures/rssp/index.ts";
import { fixtureTarget, runChecks, describeRuns } from "../csc/helpers/run-family.ts";
import { minFactorsAt } from "../../checks/csc/authorize.level-factors.ts";
import { runCli, REPO_ROOT } from "../helpers/cli.ts";
import type { Report } from "../../src/report/types.ts";

const ID = "csc.authorize.level-factors";

/** The fixture's assessment.yaml without its scope block. */
function withoutScope(file: string): void {
  const text = readFileSync(file, "utf8");
  const stripped = text.replace(/^scope:\n(?: {2}.*\n)+/m, "");
  assert.notEqual(stripped, text, "the fixture's assessment.yaml has a scope block");
  writeFileSync(file, stripped);
}

test("activation.minFactors per level", () => {
  assert.equal(minFactorsAt({ "2": 2, "3": 2 }, 2), 2);
  assert.equal(minFactorsAt({ "2": 2, "3": 2 }, 1), 1);
  assert.equal(minFactorsAt(3, 1), 3);
  assert.equal(minFactorsAt("two", 2), 1);
});

test("level-factors: the PIN-only SCAL 1 credential fails level 2 unless the scope excludes it", { timeout: 120_000 }, async () => {
  const fixture = await startFixture({});
  try {
    const scoped = fixtureTarget(fixture.assessmentFile);
    assert.deepEqual(scoped.excludedCredentials?.map((e) => e.id), ["cred-carol-01"]);
    const inScope = await runChecks(scoped, [ID]);
    const ok = inScope.get(ID)!;
    assert.equal(ok.outcome.status, "pass", describeRuns(inScope));
    assert.ok(ok.outcome.observations.some((o) => o.subject === "cred-carol-01" && /excluded by the assessment's scope: SCAL 1 credential/.test(en(o.observed))));
    // Every other credential of the configured signers was probed and refused the PIN alone.
    for (const id of ["cred-alice-01", "cred-alice-02", "cred-bob-01"]) {
      assert.ok(ok.outcome.observations.some((o) => o.subject === id && o.ok === true && /^refused/.test(en(o.observed))), `${id} probed`);
    }

    const unscoped = { ...scoped, excludedCredentials: undefined };
    const runs = await runChecks(unscoped, [ID]);
    const ng = runs.get(ID)!;
    assert.equal(ng.outcome.status, "fail", describeRuns(runs));
    const bad = ng.outcome.observations.filter((o) => o.ok === false);
    assert.deepEqual(bad.map((o) => o.subject), ["cred-carol-01"]);
    assert.match(en(bad[0]!.observed), /the PIN alone activated cred-carol-01 \(SCAL 1, PIN only declared\)/);
    assert.equal(bad[0]!.basis?.strength, "shall");

    // The parameter decides: an assessment that reads level 2 as single-factor passes carol.
    const lenient = await runChecks(unscoped, [ID], { parameters: { "activation.minFactors": { "2": 1, "3": 2 } } });
    assert.equal(lenient.get(ID)!.outcome.status, "pass", describeRuns(lenient));
  } finally {
    await fixture.stop();
  }
});

test("assess: without the scope the PIN-only credential makes level 2 not-conformant; with it, report.json shows the exclusion", { timeout: 180_000 }, async () => {
  const fixture = await startFixture({ evidenceDir: join(REPO_ROOT, "fixtures/evidence/complete"), attestationsFile: join(REPO_ROOT, "fixtures/evidence/attestations.yaml") });
  try {
    const only = 'checks:\n  only: ["csc.authorize.*"]\n';
    const scopedOut = tempDir("rssp-scope");
    writeFileSync(fixture.assessmentFile, readFileSync(fixture.assessmentFile, "utf8") + only);
    await runCli(["assess", "--config", fixture.assessmentFile, "--out", scopedOut, "--format", "json", "--lang", "en"]);
    const scoped = JSON.parse(readFileSync(join(scopedOut, "report.json"), "utf8")) as Report;
    assert.deepEqual(scoped.assessment.scope, { excludedCredentials: [{ id: "cred-carol-01", reason: "SCAL 1 credential (PIN only), offered as a level 1 service only; kept as a test instrument (it costs no one-time code)", instrument: true }] });
    assert.equal(scoped.controls.find((c) => c.id === "SC-L2-01")!.status, "pass");

    withoutScope(fixture.assessmentFile);
    const out = tempDir("rssp-noscope");
    const r = await runCli(["assess", "--config", fixture.assessmentFile, "--out", out, "--format", "json", "--lang", "en"]);
    const report = JSON.parse(readFileSync(join(out, "report.json"), "utf8")) as Report;
    assert.equal(r.code, 1, r.stderr);
    assert.equal(report.assessment.scope, undefined);
    assert.equal(report.verdict.state, "not-conformant");
    assert.ok(report.verdict.blocking.includes("SC-L2-01"), report.verdict.blocking.join(", "));
    const l2 = report.verdict.byLevel.find((v) => v.level === 2)!;
    assert.equal(l2.state, "not-conformant");
    assert.ok(!report.verdict.byLevel.find((v) => v.level === 1)!.blocking.includes("SC-L2-01"));
    const finding = report.findings.find((f) => f.check === ID)!;
    assert.ok(finding && finding.controls.includes("SC-L2-01") && finding.blocking, JSON.stringify(report.findings));
  } finally {
    await fixture.stop();
  }
});
