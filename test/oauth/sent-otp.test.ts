/**
 * OAuth sign-in whose second factor is a code the provider sends (SMS or e-mail), not a TOTP: the
 * reference RSSP's oauth-sent-otp profile asks for user and password, then writes a code to
 * DIR/outbox/<user>.otp (never on the page) and asks for it. With the OAuth accounts' otp.command
 * reading the outbox, every oauth check completes unattended, and no code reaches any output; with
 * `otp: prompt` in a pseudo-terminal (util-linux `script`) the codes are announced up front and
 * typed at the prompt; with no code source the checks that sign in are `manual`, naming why. The
 * CSC and the OAuth session ask on one prompter (ctx.shared).
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
import { BIN } from "../helpers/cli.ts";
import { inPseudoTerminal, runAssess } from "../helpers/assess-run.ts";
import { sharedValues } from "../../src/check/shared-values.ts";
import type { CheckContext } from "../../src/check/types.ts";
import { loadAssessmentConfig } from "../../src/config/load-config.ts";
import { cscSession } from "../../src/csc/session.ts";
import { oauthSession } from "../../src/oauth/session.ts";
import { Prompter } from "../../src/csc/otp-source.ts";
import { PROMPTER_KEY } from "../../src/csc/prompter-shared.ts";

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

/** Every file under `dir`. */
function filesUnder(dir: string): string[] {
  const files: string[] = [];
  const walk = (d: string) => { for (const n of readdirSync(d)) { const p = join(d, n); if (statSync(p).isDirectory()) walk(p); else files.push(p); } };
  walk(dir);
  return files;
}

/** A one-time code as a whole number in `text` (not part of a longer one). */
const hasCode = (text: string, code: string) => new RegExp(`(?<!\\d)${code}(?!\\d)`).test(text);

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
  for (const f of filesUnder(out)) {
    const content = readFileSync(f).toString("latin1");
    for (const c of codes) assert.ok(!hasCode(content, c) || f.endsWith(".png"), `the last code of a signer appears in ${f}`);
  }
});

test("otp: prompt in a pseudo-terminal: the sign-in codes are announced before the first question, typed from the outbox, every oauth check passes, no code in any output", { timeout: 240_000 }, async () => {
  const dir = tempDir("oauth-otp-prompt");
  const file = join(dir, "assessment.yaml");
  const yaml = readFileSync(fixture.assessmentFile, "utf8").replace(/otp: \{ command: "[^"]*" \}/g, "otp: prompt");
  assert.match(yaml, /- \{ id: dave, .*otp: prompt \}/);
  writeFileSync(file, `${yaml}checks:\n  only: ["oauth.*"]\n`);
  const out = join(dir, "out");
  // Level 3: oauth.token.hash-binding belongs to SC-L2-03, a level 3 control in the default reading.
  const typed: string[] = [];
  const r = await runAssess(inPseudoTerminal([process.execPath, BIN, "assess", "--config", file, "--out", out, "--lang", "en", "--level", "3"]), {
    onOutput(all, stdin) {
      const prompts = [...all.matchAll(/needs the code the provider has just sent \(by its sign-in page\) for signer (\w+)\.\r?\n\[rssp-audit\] Type the code and press Enter \(\d+ s; not echoed\): /g)];
      while (typed.length < prompts.length) {
        // The page has sent the code (to the outbox) before it shows the field the prompt is for.
        const code = readFileSync(join(fixture.outboxDir!, `${prompts[typed.length]![1]!}.otp`), "utf8").trim();
        typed.push(code);
        stdin.write(`${code}\r`);
      }
    },
  });
  const announced = r.output.search(/\[rssp-audit\] The OAuth sign-ins will ask for about 2 one-time code\(s\): dave 2 \(one per sign-in on the provider's page/);
  const firstQuestion = r.output.search(/\[rssp-audit\] oauth: "sign-in of dave on the provider's page \(credential\)" needs the code/);
  assert.ok(announced >= 0, `no announcement:\n${r.output.slice(0, 3000)}`);
  assert.ok(firstQuestion > announced, `the first question came before the announcement:\n${r.output.slice(0, 3000)}`);
  // As announced: the binding probe and oauth.token.expiry each sign in once (the provider refuses a request without PKCE before any sign-in).
  assert.equal(typed.length, 2, r.output.slice(-3000));
  const report = JSON.parse(readFileSync(join(out, "report.json"), "utf8")) as Report;
  const checks = oauthChecks(report);
  assert.equal(checks.length, 17);
  const open = checks.filter((c) => !(c.status === "pass" || (PAR_CHECKS.includes(c.id) && c.status === "not-applicable")));
  assert.deepEqual(open.map((c) => `${c.id}: ${c.status} — ${en(c.summary)}`), []);
  for (const code of typed) {
    assert.match(code, /^\d{6}$/);
    assert.ok(!hasCode(r.output, code), "a typed code is not echoed, nor reported");
    for (const f of filesUnder(out)) assert.ok(f.endsWith(".png") || !hasCode(readFileSync(f).toString("latin1"), code), `a typed code appears in ${f}`);
  }
});

test("a CSC otp: prompt + OAuth otp: prompt assessment has one prompter: both sessions take it from ctx.shared and announce on it", { timeout: 120_000 }, async () => {
  const dir = tempDir("oauth-one-prompter");
  const file = join(dir, "assessment.yaml");
  // alice's CSC codes and the OAuth accounts' codes are all typed at the prompt.
  const yaml = readFileSync(fixture.assessmentFile, "utf8").replace(/totpSecret: "[^"]*#alice\.totpSecret"/, "otp: prompt").replace(/otp: \{ command: "[^"]*" \}/g, "otp: prompt");
  assert.match(yaml, /- \{ id: alice, .*otp: prompt \}/);
  writeFileSync(file, yaml);
  const cache = sharedValues();
  const asked: string[] = [];
  const computed: string[] = [];
  const ctx: CheckContext = {
    target: loadAssessmentConfig(file).target,
    level: 3,
    parameters: {},
    intrusive: false,
    signal: new AbortController().signal,
    shared: (key, compute) => (asked.push(key), cache(key, (log) => (computed.push(key), compute(log)))),
    log() {},
  };
  // The prompter the sessions will find, on a terminal that records what is written to it.
  const written: string[] = [];
  const terminal = { write: (t: string) => void written.push(t), ask: async () => undefined };
  const ours = await ctx.shared(PROMPTER_KEY, async () => new Prompter(terminal));
  const [csc, oauth] = await Promise.all([cscSession(ctx), oauthSession(ctx)]);
  assert.ok(csc.signers.some((s) => s.token), "the CSC session opened");
  assert.ok("credentials" in oauth, `the OAuth session opened: ${JSON.stringify(oauth)}`);
  assert.equal(asked.filter((k) => k === PROMPTER_KEY).length, 3, "each session asked for the prompter");
  assert.equal(computed.filter((k) => k === PROMPTER_KEY).length, 1, "one prompter was made");
  assert.equal(await ctx.shared(PROMPTER_KEY, async () => new Prompter(undefined)), ours);
  // Both announced on it (through its queue): had either made its own, its text would not be here.
  await new Promise((r) => setImmediate(r));
  const text = written.join("");
  assert.match(text, /\[rssp-audit\] (?:This assessment will ask for about \d+ one-time code\(s\): alice \d+|No multi-factor credential of alice can be authorized)/);
  assert.match(text, /\[rssp-audit\] The OAuth sign-ins will ask for about 2 one-time code\(s\): dave 2/);
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
