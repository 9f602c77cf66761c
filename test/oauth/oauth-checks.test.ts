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
import { fixtureTarget, runChecks } from "../csc/helpers/run-family.ts";

async function assessOAuth(faults: string[], edit?: (f: RunningFixture) => void, profile?: string): Promise<{ report: Report; out: string; fixture: RunningFixture }> {
  const fixture = await startFixture({ faults, otpWindowSteps: 2, ...(profile ? { profile } : {}) });
  const out = tempDir("rssp-oauth");
  try {
    if (edit) edit(fixture);
    else appendFileSync(fixture.assessmentFile, 'checks:\n  only: ["oauth.*"]\n');
    // Level 3: oauth.token.hash-binding belongs to SC-L2-03, a level 3 control in the default reading.
    const { report } = await runAssessment({ configFile: fixture.assessmentFile, outDir: out, level: 3 });
    return { report, out, fixture };
  } finally {
    await fixture.stop();
  }
}

/** Checks of pushed authorization requests and authorization_details: not-applicable on a provider without them (test/oauth/par.test.ts). */
const PAR_CHECKS = ["oauth.par.request-uri-single-use", "oauth.par.request-uri-expiry", "oauth.par.required", "oauth.authorization-details.bound"];
const concluded = (c: { id: string; status: string }) => c.status === "pass" || (PAR_CHECKS.includes(c.id) && c.status === "not-applicable");

const statusOf = (r: Report) => Object.fromEntries(r.checks.filter((c) => c.id.startsWith("oauth.")).map((c) => [c.id, c.status]));

/** Each OAuth fault, the check that targets it, and the status the text supports (advisory: a SHOULD). */
const TARGETS: Record<string, { check: string; status: "fail" | "advisory" }> = {
  "pkce-not-required": { check: "oauth.pkce-required", status: "fail" },
  "redirect-uri-not-checked": { check: "oauth.redirect-uri-exact", status: "fail" },
  "implicit-grant-offered": { check: "oauth.implicit-refused", status: "fail" },
  "consent-no-digests": { check: "oauth.consent-shows-digests", status: "fail" },
  "state-not-echoed": { check: "oauth.state-echoed", status: "fail" },
  "credential-token-any-hash": { check: "oauth.token.hash-binding", status: "fail" },
  "credential-token-reusable": { check: "oauth.token.single-use", status: "fail" },
  // A day-long token under the catalog default of sad.ttlSeconds: no text gives a figure → advisory (the assessment's own parameter fails it: below).
  "credential-token-long-lived": { check: "oauth.token.expiry", status: "advisory" },
  "credential-token-refresh": { check: "oauth.refresh-service-only", status: "fail" },
  "credential-token-any-credential": { check: "oauth.token.cross-credential", status: "fail" },
  "credential-token-any-user": { check: "oauth.token.cross-user", status: "fail" },
  // CSC v2 §8.4.1: the jti "protects from replay" without a modal verb → advisory.
  "account-token-replay-accepted": { check: "oauth.account-token-replay", status: "advisory" },
  // With a probe code the faulty endpoint answers invalid_grant: it evaluated the grant first (RFC 6749 §5.2, advisory).
  "token-client-auth-optional": { check: "oauth.token-client-auth", status: "advisory" },
};

/** Fault groups that can share one fixture (no fault hides another's effect). */
const GROUPS = [
  ["pkce-not-required", "redirect-uri-not-checked", "implicit-grant-offered", "consent-no-digests", "state-not-echoed", "credential-token-refresh"],
  ["credential-token-any-hash", "credential-token-reusable", "credential-token-long-lived", "account-token-replay-accepted", "token-client-auth-optional"],
  ["credential-token-any-credential"],
  ["credential-token-any-user"],
];

for (const base of [undefined, "conformant-variant"]) {
  const on = base ?? "conformant";
  test(`every oauth check passes against the ${on} reference RSSP, with no departure lacking a basis`, { timeout: 180_000 }, async () => {
    const { report } = await assessOAuth([], undefined, base);
    const s = statusOf(report);
    assert.equal(Object.keys(s).length, 17);
    assert.deepEqual(Object.entries(s).filter(([id, status]) => !concluded({ id, status })), [], JSON.stringify(report.checks.filter((c) => c.status !== "pass").map((c) => [c.id, en(c.summary)])));
  });

  for (const group of GROUPS) {
    test(`on ${on}: OAuth faults ${group.join(", ")} each ${group.some((f) => TARGETS[f]!.status === "advisory") ? "fail or are advisory in" : "fail"} their check, with a basis`, { timeout: 180_000 }, async () => {
      const { report } = await assessOAuth(group, undefined, base);
      for (const fault of group) {
        const t = TARGETS[fault]!;
        const check = report.checks.find((c) => c.id === t.check)!;
        assert.equal(check.status, t.status, `${fault} → ${check.id}: ${en(check.summary)}`);
        const gone = check.observations.filter((o) => o.ok === false);
        assert.ok(gone.length > 0 && gone.every((o) => o.basis !== undefined && en(o.observed).length > 0), `${check.id} says what it observed and on which text`);
      }
    });
  }
}

test("credential-token-long-lived with sad.ttlSeconds set by the assessment: oauth.token.expiry fails on that parameter", { timeout: 180_000 }, async () => {
  const fixture = await startFixture({ faults: ["credential-token-long-lived"], otpWindowSteps: 2 });
  try {
    const run = (await runChecks(fixtureTarget(fixture.assessmentFile), ["oauth.token.expiry"], { parameters: { "sad.ttlSeconds": 300 } })).get("oauth.token.expiry")!;
    assert.equal(run.outcome.status, "fail", en(run.outcome.summary));
    const gone = run.outcome.observations.filter((o) => o.ok === false);
    assert.ok(gone.length === 1 && /expires_in 86400 s/.test(en(gone[0]!.observed)) && gone[0]!.basis?.clause === "parameter sad.ttlSeconds" && gone[0]!.basis.strength === "shall", JSON.stringify(gone));
  } finally {
    await fixture.stop();
  }
});

test("an assessment with only oauth2code accounts concludes every check (no error for lack of a SAD path), and leaks no secret", { timeout: 180_000 }, async () => {
  let secrets: Record<string, Record<string, string>> = {};
  const { report, out } = await assessOAuth([], (f) => {
    secrets = JSON.parse(readFileSync(f.secretsFile, "utf8")) as typeof secrets;
    const yaml = readFileSync(f.assessmentFile, "utf8").replace(/    signers:\n(      - .*\n)+/, "    signers: []\n");
    writeFileSync(f.assessmentFile, yaml);
  });
  const errors = report.checks.filter((c) => c.status === "error").map((c) => `${c.id}: ${c.summary}`);
  assert.deepEqual(errors, []);
  assert.ok(report.checks.filter((c) => c.id.startsWith("oauth.")).every(concluded));
  assertNoSecretIn(out, secrets);
});

/** No password, TOTP seed, PIN or client secret in any file the assessment wrote (names included); tokens and codes redacted. */
function assertNoSecretIn(out: string, secrets: Record<string, Record<string, string>>): void {
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
}

test("conformant-variant (script-built sign-in page behind a relative 302, issuer with a path): no secret in any output", { timeout: 180_000 }, async () => {
  let secrets: Record<string, Record<string, string>> = {};
  const { report, out } = await assessOAuth([], (f) => {
    secrets = JSON.parse(readFileSync(f.secretsFile, "utf8")) as typeof secrets;
    appendFileSync(f.assessmentFile, 'checks:\n  only: ["oauth.*"]\n');
  }, "conformant-variant");
  assert.ok(report.checks.filter((c) => c.id.startsWith("oauth.")).every(concluded));
  assertNoSecretIn(out, secrets);
});
