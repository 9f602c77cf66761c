/**
 * Issue 16 (g): the accredited-CA layer (認定認証業務 under 電子署名法) as an optional profile: it
 * validates, its controls (the 施行規則第六条 key flows, IC card / JPKI authentication, the annual
 * investigation) come into force only when selected, are decided by attestation, and render.
 */
import { tempDir } from "../helpers/temp.ts";
import { test } from "node:test";
import assert from "node:assert/strict";
import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { applyProfile, loadCatalog } from "../../src/catalog/load.ts";
import { runCli, REPO_ROOT } from "../helpers/cli.ts";
import { startFixture } from "../../fixtures/rssp/index.ts";
import type { Report } from "../../src/report/types.ts";

const AC = ["AC-01", "AC-02", "AC-03", "AC-04", "AC-05"];

test("the accredited-ca profile validates; its controls are in force only under it", async () => {
  const v = await runCli(["catalog", "validate"]);
  assert.equal(v.code, 0, v.stderr);
  const full = loadCatalog();
  assert.ok("accredited-ca" in full.profiles);
  const ids = (cat: ReturnType<typeof applyProfile>) => cat.controls.map((c) => c.id);
  for (const id of [...AC, "RG-08"]) {
    assert.ok(!ids(applyProfile(full)).includes(id), `${id} not in the default reading`);
    assert.ok(ids(applyProfile(full, "accredited-ca")).includes(id), `${id} under accredited-ca`);
  }
  const ac3 = full.controls.find((c) => c.id === "AC-03")!;
  assert.equal(ac3.assess.method, "attestation");
  assert.match(ac3.statement.ja, /利用者識別符号/);
  assert.match(ac3.statement.ja, /一回に限り/);
  assert.deepEqual(ac3.levelBasis && [ac3.levelBasis.kind, ac3.levelBasis.source, ac3.levelBasis.clause], ["external", "JP-ESA", "施行規則第六条第三号の二ロ"]);
  const show = await runCli(["catalog", "show", "AC-01", "--lang", "ja"]);
  assert.match(show.stdout, /プロファイル限定: accredited-ca/);
  assert.match(show.stdout, /根拠: 外部規格 — JP-ESA 施行規則第六条第三号/);
});

test("assess with profile: accredited-ca — open until attested, then decided; HTML and Markdown render the AC domain", { timeout: 180_000 }, async () => {
  const fixture = await startFixture({ evidenceDir: join(REPO_ROOT, "fixtures/evidence/complete") });
  const dir = tempDir("rssp-ac");
  try {
    const base = readFileSync(fixture.assessmentFile, "utf8") + 'profile: accredited-ca\nchecks:\n  only: ["tls.*"]\n';
    const open = join(dir, "open.yaml");
    writeFileSync(open, base);
    const out1 = join(dir, "open");
    await runCli(["assess", "--config", open, "--out", out1, "--format", "json", "--lang", "ja"]);
    const r1 = JSON.parse(readFileSync(join(out1, "report.json"), "utf8")) as Report;
    assert.equal(r1.assessment.profile, "accredited-ca");
    for (const id of AC) assert.equal(r1.controls.find((c) => c.id === id)?.status, "manual", id);

    const attestations = join(dir, "attestations.yaml");
    writeFileSync(attestations, `attestations:\n${AC.map((id) => `  - { control: ${id}, assessor: 調査員 テスト, date: 2026-11-01, decision: pass, justification: "examined the ${id} records (test)", evidenceRef: records/${id}.pdf, expires: 2030-12-31 }`).join("\n")}\n`);
    const decided = join(dir, "decided.yaml");
    writeFileSync(decided, base);
    appendFileSync(decided, `attestations: ${attestations}\n`);
    const out2 = join(dir, "decided");
    const a = await runCli(["assess", "--config", decided, "--out", out2, "--format", "json,html,md", "--lang", "ja"]);
    const r2 = JSON.parse(readFileSync(join(out2, "report.json"), "utf8")) as Report;
    for (const id of AC) {
      const c = r2.controls.find((x) => x.id === id)!;
      assert.equal(c.status, "pass", `${id}: ${c.summary} ${a.stderr}`);
      assert.equal(c.domain, "AC");
      assert.equal(c.levelBasis?.kind, "external");
    }
    const html = readFileSync(join(out2, "report.ja.html"), "utf8");
    assert.match(html, /認定認証業務（電子署名法）/);
    assert.match(html, /AC-03/);
    const md = readFileSync(join(out2, "report.ja.md"), "utf8");
    assert.match(md, /AC-05/);
  } finally {
    await fixture.stop();
  }
});
