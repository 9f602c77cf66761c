/**
 * Issue 16 (applicability), end to end: against a provider that offers no OAuth 2.0, the oauth.*
 * checks are not-applicable with the catalog's reason (`no-oauth`), recorded in report.json — but
 * PT-12 (the signer sees what is signed) still applies: the signer consents through the SCA, so the
 * control is manual (an attestation decides), never not-applicable and never passed by absence.
 * Controls with CSC checks beside their OAuth ones are judged by those.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { appendFileSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";
import { startFixture } from "../../fixtures/rssp/index.ts";
import { runCli } from "../helpers/cli.ts";
import { tempDir } from "../helpers/temp.ts";
import { loadCatalog } from "../../src/catalog/load.ts";
import type { Report } from "../../src/report/types.ts";

test("no OAuth: oauth.* not-applicable (no-oauth, the catalog's reason) in report.json; PT-12 stays manual", { timeout: 240_000 }, async () => {
  const fixture = await startFixture({ oauth: false });
  try {
    const yaml = parseYaml(readFileSync(fixture.assessmentFile, "utf8")) as { target: { csc: Record<string, unknown> } };
    assert.equal(yaml.target.csc.oauth2, undefined, "the assessment names no OAuth client");
    const out = tempDir("rssp-no-oauth");
    appendFileSync(fixture.assessmentFile, 'checks:\n  only: ["oauth.*", "csc.info", "csc.protocol.*"]\n');
    const r = await runCli(["assess", "--config", fixture.assessmentFile, "--out", out, "--format", "json", "--lang", "en"]);
    assert.ok(r.code === 1, `incomplete or short, never a crash: ${r.code} ${r.stderr.slice(-400)}`);
    const report = JSON.parse(readFileSync(join(out, "report.json"), "utf8")) as Report;

    // The reason travels with each check: its summary in report.json, its catalog ID in the saved result.
    assert.ok(loadCatalog().notApplicableReasons["no-oauth"], "the catalog allows no-oauth as a reason");
    const oauthChecks = report.checks.filter((c) => c.id.startsWith("oauth."));
    assert.ok(oauthChecks.length >= 10, `${oauthChecks.length} oauth checks`);
    for (const c of oauthChecks) {
      assert.equal(c.status, "not-applicable", `${c.id}: ${JSON.stringify(c.summary)}`);
      assert.match(JSON.stringify(c.summary), /the provider offers no OAuth 2\.0/, c.id);
    }
    const saved = JSON.parse(readFileSync(join(out, "evidence", "checks", "oauth.consent-shows-digests", "result.json"), "utf8")) as Record<string, unknown>;
    assert.equal((saved.outcome as Record<string, unknown>).notApplicableReason, "no-oauth", JSON.stringify(saved).slice(0, 300));

    const pt12 = report.controls.find((c) => c.id === "PT-12")!;
    assert.equal(pt12.status, "manual");
    const summary = JSON.stringify(pt12.summary);
    assert.match(summary, /the requirement applies, but no check could reach it/);
    assert.match(summary, /oauth\.consent-shows-digests/);
    assert.match(summary, /the provider offers no OAuth 2\.0/);
    assert.notEqual(report.verdict.state, "conformant");
    assert.ok(!report.controls.some((c) => c.status === "not-applicable" && c.id === "PT-12"));
  } finally {
    await fixture.stop();
  }
});
