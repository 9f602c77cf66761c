/**
 * OAuth sign-in whose second factor is a code the provider sends (SMS or e-mail), not a TOTP: the
 * reference RSSP's oauth-sent-otp profile asks for user and password, then writes a code to
 * DIR/outbox/<user>.otp (never on the page) and asks for it. With the OAuth accounts' otp.command
 * reading the outbox, every oauth check completes unattended, and no code reaches any output; with
 * no code source the checks that sign in are `manual`, naming why.
 */
import { en } from "../helpers/text.ts";
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startFixture, type RunningFixture } from "../../fixtures/rssp/index.ts";
import { runAssessment } from "../../src/engine/assess.ts";
import type { Report } from "../../src/report/types.ts";
import { tempDir } from "../helpers/temp.ts";

let fixture: RunningFixture;
before(async () => {
  fixture = await startFixture({ profile: "oauth-sent-otp" });
});
after(() => fixture?.stop());

/** Checks that need no sign-in (they probe the authorization request itself) or no PAR. */
const PAR_CHECKS = ["oauth.par.request-uri-single-use", "oauth.par.request-uri-expiry", "oauth.par.required", "oauth.authorization-details.bound"];

async function assess(yaml: string): Promise<{ report: Report; out: string }> {
  const dir = tempDir("oauth-sent-otp");
  const file = join(dir, "assessment.yaml");
  writeFileSync(file, `${yaml}checks:\n  only: ["oauth.*"]\n`);
  const out = join(dir, "out");
  // Level 3: oauth.token.hash-binding belongs to SC-L2-03, a level 3 control in the default reading.
  const { report } = await runAssessment({ configFile: file, outDir: out, level: 3 });
  return { report, out };
}

const oauthChecks = (r: Report) => r.checks.filter((c) => c.id.startsWith("oauth."));

test("otp.command: every oauth check completes with the codes the sign-in page sent; no code in any output", { timeout: 240_000 }, async () => {
  const yaml = readFileSync(fixture.assessmentFile, "utf8");
  assert.match(yaml, /- \{ id: dave, .*otp: \{ command: "cat '[^']*dave\.otp'" \} \}/, "the OAuth accounts read their codes from the outbox");
  assert.doesNotMatch(yaml, /dave\.totpSecret/);
  const { report, out } = await assess(yaml);
  const checks = oauthChecks(report);
  assert.equal(checks.length, 17);
  const open = checks.filter((c) => !(c.status === "pass" || (PAR_CHECKS.includes(c.id) && c.status === "not-applicable")));
  assert.deepEqual(open.map((c) => `${c.id}: ${c.status} — ${en(c.summary)}`), []);
  // The codes were sent to the outbox (the page never shows them) and typed from there.
  assert.ok(existsSync(join(fixture.outboxDir!, "dave.otp")), "dave's sign-in sent a code to the outbox");
  const codes = ["dave", "erin"].filter((u) => existsSync(join(fixture.outboxDir!, `${u}.otp`))).map((u) => readFileSync(join(fixture.outboxDir!, `${u}.otp`), "utf8").trim());
  for (const c of codes) assert.match(c, /^\d{6}$/);
  const files: string[] = [];
  const walk = (d: string) => { for (const n of readdirSync(d)) { const p = join(d, n); if (statSync(p).isDirectory()) walk(p); else files.push(p); } };
  walk(out);
  for (const f of files) {
    const content = readFileSync(f).toString("latin1");
    for (const c of codes) assert.ok(!new RegExp(`(?<!\\d)${c}(?!\\d)`).test(content) || f.endsWith(".png"), `the last code of a signer appears in ${f}`);
  }
});

test("without a code source, the oauth checks that sign in are manual with the reason (none errs)", { timeout: 240_000 }, async () => {
  const yaml = readFileSync(fixture.assessmentFile, "utf8").replace(/, otp: \{ command: "[^"]*" \}/g, "");
  assert.doesNotMatch(yaml.split("oauth2:")[1]!, /otp:/);
  const { report } = await assess(yaml);
  const checks = oauthChecks(report);
  assert.deepEqual(checks.filter((c) => c.status === "error" || c.status === "fail").map((c) => `${c.id}: ${c.status} — ${en(c.summary)}`), []);
  const manual = checks.filter((c) => c.status === "manual");
  for (const id of ["oauth.token.hash-binding", "oauth.token.single-use", "oauth.state-echoed", "oauth.consent-shows-digests"]) {
    const c = checks.find((x) => x.id === id)!;
    assert.equal(c.status, "manual", `${id}: ${c.status} — ${en(c.summary)}`);
    assert.match(en(c.summary), /for want of a one-time code .*no TOTP seed and no otp source/);
    assert.equal(c.observations[0]!.where, "assessment.yaml target.csc.oauth2.signers[].otp");
  }
  assert.ok(manual.length >= 4);
});

test("assessment.yaml: an OAuth account's otp prompt / command is read; totpSecret and otp together are refused", async () => {
  const { loadAssessmentConfig } = await import("../../src/config/load-config.ts");
  const dir = tempDir("oauth-otp-config");
  const recipe = fileURLToPath(new URL("../../fixtures/rssp/oauth-recipe-sent-otp.yaml", import.meta.url));
  const write = (accounts: string) => {
    const f = join(dir, "a.yaml");
    writeFileSync(f, `target:\n  name: t\n  csc:\n    baseUrl: https://127.0.0.1/csc/v2\n    signers: []\n    oauth2:\n      clientId: c\n      clientSecret: "env:HOME"\n      redirectUri: https://127.0.0.1/cb\n      recipe: ${recipe}\n      signers:\n${accounts}level: 2\n`);
    return f;
  };
  const c = loadAssessmentConfig(write("        - { id: a, username: a, password: 'env:HOME', otp: prompt }\n        - { id: b, username: b, password: 'env:HOME', otp: { command: 'cat x', timeoutSeconds: 5 } }\n"));
  assert.deepEqual(c.target.csc!.oauth2!.signers.map((s) => s.otp), [{ kind: "prompt", timeoutSeconds: 120 }, { kind: "command", command: "cat x", timeoutSeconds: 5 }]);
  assert.throws(() => loadAssessmentConfig(write("        - { id: a, username: a, password: 'env:HOME', totpSecret: 'env:HOME', otp: prompt }\n")), /a\.yaml:\d+/);
  assert.throws(() => loadAssessmentConfig(write("        - { id: a, username: a, password: 'env:HOME', otp: sms }\n")), /a\.yaml:\d+/);
});
