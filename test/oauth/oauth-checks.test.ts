/**
 * The oauth.* checks against the reference RSSP's OAuth 2.0 server (real HTTPS, real chromium):
 * all pass on the conformant fixture, each OAuth fault fails the check that targets it, an
 * assessment with only oauth2code accounts concludes every check, and no secret reaches any
 * output, evidence file or screenshot name.
 */
import { en } from "../helpers/text.ts";
import { test } from "node:test";
import assert from "node:assert/strict";
import { appendFileSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startFixture, type RunningFixture } from "../../fixtures/rssp/index.ts";
import { runAssessment } from "../../src/engine/assess.ts";
import type { Report } from "../../src/report/types.ts";
import { tempDir } from "../helpers/temp.ts";

async function assessOAuth(faults: string[], edit?: (f: RunningFixture) => void): Promise<{ report: Report; out: string; fixture: RunningFixture }> {
  const fixture = await startFixture({ faults, otpWindowSteps: 2 });
  const out = tempDir("rssp-oauth");
  try {
    if (edit) edit(fixture);
    else appendFileSync(fixture.assessmentFile, 'checks:\n  only: ["oauth.*"]\n');
    const { report } = await runAssessment({ configFile: fixture.assessmentFile, outDir: out, level: 2 });
    return { report, out, fixture };
  } finally {
    await fixture.stop();
  }
}

const statusOf = (r: Report) => Object.fromEntries(r.checks.filter((c) => c.id.startsWith("oauth.")).map((c) => [c.id, c.status]));

test("every oauth check passes against the conformant reference RSSP", { timeout: 120_000 }, async () => {
  const { report } = await assessOAuth([]);
  const s = statusOf(report);
  assert.equal(Object.keys(s).length, 13);
  assert.deepEqual(Object.entries(s).filter(([, v]) => v !== "pass"), []);
});

const TARGETS: Record<string, string> = {
  "pkce-not-required": "oauth.pkce-required",
  "redirect-uri-not-checked": "oauth.redirect-uri-exact",
  "implicit-grant-offered": "oauth.implicit-refused",
  "consent-no-digests": "oauth.consent-shows-digests",
  "credential-token-any-hash": "oauth.token.hash-binding",
  "credential-token-reusable": "oauth.token.single-use",
  "credential-token-long-lived": "oauth.token.expiry",
  "account-token-replay-accepted": "oauth.account-token-replay",
  "token-client-auth-optional": "oauth.token-client-auth",
};

for (const group of [
  ["pkce-not-required", "redirect-uri-not-checked", "implicit-grant-offered", "consent-no-digests"],
  ["credential-token-any-hash", "credential-token-reusable", "credential-token-long-lived", "account-token-replay-accepted", "token-client-auth-optional"],
]) {
  test(`OAuth faults ${group.join(", ")} each fail their check, with a finding`, { timeout: 120_000 }, async () => {
    const { report } = await assessOAuth(group);
    for (const fault of group) {
      const check = report.checks.find((c) => c.id === TARGETS[fault])!;
      assert.equal(check.status, "fail", `${fault} → ${check.id}: ${check.summary}`);
      assert.ok(check.observations.some((o) => o.ok === false && en(o.observed).length > 0), `${check.id} says what it observed`);
    }
  });
}

test("an assessment with only oauth2code accounts concludes every check (no error for lack of a SAD path), and leaks no secret", { timeout: 180_000 }, async () => {
  let secrets: Record<string, Record<string, string>> = {};
  const { report, out } = await assessOAuth([], (f) => {
    secrets = JSON.parse(readFileSync(f.secretsFile, "utf8")) as typeof secrets;
    const yaml = readFileSync(f.assessmentFile, "utf8").replace(/    signers:\n(      - .*\n)+/, "    signers: []\n");
    writeFileSync(f.assessmentFile, yaml);
  });
  const errors = report.checks.filter((c) => c.status === "error").map((c) => `${c.id}: ${c.summary}`);
  assert.deepEqual(errors, []);
  assert.ok(report.checks.filter((c) => c.id.startsWith("oauth.")).every((c) => c.status === "pass"));
  // No password, TOTP seed, PIN or client secret in any file the assessment wrote (names included).
  const values = Object.values(secrets).flatMap((s) => Object.values(s)).filter((v) => v.length >= 6);
  const files: string[] = [];
  const walk = (d: string) => { for (const n of readdirSync(d)) { const p = join(d, n); if (statSync(p).isDirectory()) walk(p); else files.push(p); } };
  walk(out);
  assert.ok(files.some((f) => f.endsWith(".png")), "screenshots kept as evidence");
  for (const file of files) {
    const content = readFileSync(file).toString("latin1");
    // Tokens and codes the flows handled are redacted wherever they were recorded.
    assert.doesNotMatch(content, /"(access_token|refresh_token|code_verifier|client_secret|account_token)":\s*"(?!\[redacted\])[^"]+"/, file);
    assert.doesNotMatch(content, /[?&#](code|access_token|account_token)=(?!%5Bredacted%5D|\[redacted\])[^&"\s]+/, file);
    for (const v of values) {
      assert.ok(!content.includes(v), `a secret appears in ${file}`);
      assert.ok(!file.includes(v), `a secret appears in a file name ${file}`);
    }
  }
});
