/**
 * Issue 16 (e): each control's levels carry their basis (guideline, derived with a rationale, or
 * external); the default reading follows the guideline where it speaks, and stricter readings
 * live in named profiles an assessment selects (assessment.yaml `profile:`).
 */
import { tempDir } from "../helpers/temp.ts";
import { test } from "node:test";
import assert from "node:assert/strict";
import { appendFileSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { applyProfile, loadCatalog } from "../../src/catalog/load.ts";
import { InputError } from "../../src/util/errors.ts";
import { runCli } from "../helpers/cli.ts";
import { startFixture } from "../../fixtures/rssp/index.ts";
import type { Report } from "../../src/report/types.ts";

test("every shipped control says where its levels come from; only Part II §3 is the guideline's", () => {
  const catalog = loadCatalog();
  for (const c of catalog.controls) {
    assert.ok(c.levelBasis, `${c.id} has a levelBasis`);
    if (c.levelBasis.kind === "derived") assert.ok(c.levelBasis.rationale?.ja && c.levelBasis.rationale.en, `${c.id} derived: a rationale in both languages`);
    else assert.ok(c.levelBasis.source && c.levelBasis.clause, `${c.id}: source and clause`);
    if (c.levelBasis.kind === "guideline") assert.equal(c.levelBasis.source, "JT2A-RSG-2", `${c.id}: only Part II assigns levels`);
  }
  const kind = (id: string) => catalog.controls.find((c) => c.id === id)!.levelBasis!.kind;
  assert.equal(kind("SC-L2-01"), "guideline");
  assert.equal(kind("UA-01"), "derived");
  assert.equal(kind("SC-L3-02"), "external");
});

test("default vs eu-aligned: hash binding and the tamper-protected SAM are level 2 only in the European reading; SC-L3-02 only there", () => {
  const full = loadCatalog();
  const byDefault = applyProfile(full);
  const eu = applyProfile(full, "eu-aligned");
  const levels = (cat: typeof full, id: string) => cat.controls.find((c) => c.id === id)?.levels;
  for (const id of ["SC-L2-03", "SC-L2-07", "SM-01", "SM-04"]) {
    assert.deepEqual(levels(byDefault, id), [3], `${id} default`);
    assert.deepEqual(levels(eu, id), [2, 3], `${id} eu-aligned`);
    assert.equal(eu.controls.find((c) => c.id === id)!.levelBasis!.profile, "eu-aligned");
    assert.equal(eu.controls.find((c) => c.id === id)!.levelBasis!.kind, "external");
  }
  assert.equal(levels(byDefault, "SC-L3-02"), undefined, "profile-only control absent by default");
  assert.deepEqual(levels(eu, "SC-L3-02"), [3]);
  assert.deepEqual(levels(byDefault, "SC-L2-01"), [2, 3]);
  assert.throws(() => applyProfile(full, "nope"), (e: unknown) => e instanceof InputError && /unknown catalog profile nope \(known: .*eu-aligned/.test(e.message));
});

test("catalog show ID --lang ja prints each level's basis, the profiles' readings included", async () => {
  const r = await runCli(["catalog", "show", "SC-L2-03", "--lang", "ja"]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /レベル: +3\n {2}根拠: ガイドライン — JT2A-RSG-2 パートⅡ §3 レベル3/);
  assert.match(r.stdout, /プロファイル eu-aligned: レベル 2, 3 — 外部規格 — EN-419-241-1 SRA_SAP\.2\.3/);
  const d = await runCli(["catalog", "show", "PT-02", "--lang", "ja"]);
  assert.match(d.stdout, /根拠: 本プロジェクトの読み方 — ガイドラインが対策レベルを定めるのは署名鍵の活性化（鍵認可）だけである/);
  const list = await runCli(["catalog", "list", "--level", "2", "--format", "json", "--profile", "eu-aligned"]);
  const ids = (JSON.parse(list.stdout) as Array<{ id: string }>).map((c) => c.id);
  assert.ok(ids.includes("SC-L2-03") && ids.includes("SM-01"));
  const bad = await runCli(["catalog", "list", "--profile", "nope"]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /unknown catalog profile nope/);
});

test("assess with profile: eu-aligned — a SAD not bound to its hashes blocks level 2 only in that reading; report.json records profile and basis", { timeout: 180_000 }, async () => {
  const fixture = await startFixture({ faults: ["sad-not-bound-to-hash"], otpWindowSteps: 4 });
  try {
    const base = readFileSync(fixture.assessmentFile, "utf8") + 'checks:\n  only: ["csc.sad.hash-binding"]\n';
    const run = async (extra: string) => {
      const out = tempDir("rssp-profile");
      const file = join(out, "assessment.yaml");
      appendFileSync(file, base + extra);
      const r = await runCli(["assess", "--config", file, "--out", out, "--format", "json", "--lang", "en"]);
      return { r, out, report: JSON.parse(readFileSync(join(out, "report.json"), "utf8")) as Report };
    };
    // The European reading first: it spends the TOTP codes; the default plans no hash-binding probe at level 2.
    const eu = await run("profile: eu-aligned\n");
    assert.equal(eu.r.code, 1, eu.r.stderr);
    assert.equal(eu.report.assessment.profile, "eu-aligned");
    const sc = eu.report.controls.find((c) => c.id === "SC-L2-03")!;
    assert.deepEqual(sc.levels, [2, 3]);
    assert.equal(sc.status, "fail", `${sc.summary}\n${JSON.stringify(eu.report.checks.map((c) => [c.id, c.status, c.summary]))}`);
    assert.deepEqual(sc.levelBasis, { kind: "external", source: "EN-419-241-1", clause: "SRA_SAP.2.3 (SCAL2: SAD bound to DTBS/R, signer and key)", profile: "eu-aligned" });
    assert.ok(eu.report.verdict.byLevel.find((v) => v.level === 2)!.blocking.includes("SC-L2-03"));
    assert.equal(eu.report.verdict.state, "not-conformant");
    // Offline re-evaluation reads the saved evidence with the same profile.
    const again = join(eu.out, "again");
    const e = await runCli(["evaluate", "--evidence", join(eu.out, "evidence"), "--out", again]);
    assert.equal(e.code, 1, e.stderr);
    const re = JSON.parse(readFileSync(join(again, "report.json"), "utf8")) as Report;
    assert.equal(re.assessment.profile, "eu-aligned");
    assert.deepEqual(re.verdict, eu.report.verdict);
    assert.deepEqual(re.controls.find((c) => c.id === "SC-L2-03")!.levelBasis, sc.levelBasis);
    const d = await run("");
    assert.equal(d.report.assessment.profile, undefined);
    assert.ok(!d.report.controls.some((c) => c.id === "SC-L2-03"), "SC-L2-03 is a level 3 control by default");
    assert.ok(!d.report.verdict.blocking.includes("SC-L2-03"));
    assert.equal(d.report.controls.find((c) => c.id === "SC-L2-01")!.levelBasis!.kind, "guideline");

  } finally {
    await fixture.stop();
  }
});
