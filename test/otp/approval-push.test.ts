/**
 * Push approvals end to end, against the reference RSSP's push-approval profile over HTTPS: the
 * provider's side (v2 credentials/authorize → 202 + handle, credentials/authorizeCheck; v1 held
 * request; the test device at /test-device), then `assess` with approval.command (unattended),
 * with approval: prompt in a pseudo-terminal (util-linux `script`), with a device that denies,
 * and with approval: prompt and no terminal; last, the provider's lock-out counting denied approvals.
 */
import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startFixture, type RunningFixture } from "../../fixtures/rssp/index.ts";
import { deviceCommand } from "../../fixtures/rssp/provider.ts";
import { BIN } from "../helpers/cli.ts";
import { postJson, reportChecks as checks, runAssess as run } from "../helpers/assess-run.ts";
import { tempDir } from "../helpers/temp.ts";
import { en } from "../helpers/text.ts";

/** The checks that need a SCAL 2 authorization (here: a push approval). */
const SCAL2_CHECKS = ["csc.sad.hash-binding", "csc.sad.hash-count", "csc.sad.cross-credential", "csc.sad.cross-user", "csc.signature.verifies"];
/**
 * Those that need an approval granted. csc.sad.hash-count concludes without one: the provider
 * refuses the mismatched request before it pushes anything (no 202), and that refusal is the
 * check's observation.
 */
const APPROVED_CHECKS = SCAL2_CHECKS.filter((id) => id !== "csc.sad.hash-count");

let fixture: RunningFixture;
before(async () => {
  // A notification nobody answers (the no-terminal run) expires within the suite.
  fixture = await startFixture({ profile: "push-approval", pushTimeoutSeconds: 20 });
});
after(() => fixture?.stop());

const post = (url: string, body: unknown, authorization?: string) => postJson(url, body, fixture.tlsCaFile, authorization);

/** The fixture's assessment.yaml with each signer's approval source rewritten, and only the SCAL 2 checks. */
function config(dir: string, approval: (user: string) => string, baseUrl = fixture.baseUrl): string {
  const yaml = readFileSync(fixture.assessmentFile, "utf8")
    .replace(fixture.baseUrl, baseUrl)
    .split("\n")
    .map((line) => line.replace(/approval: \{ command: "(?:[^"\\]|\\.)*" \}/, () => `approval: ${approval(/id: (\w+)/.exec(line)![1]!)}`))
    .join("\n");
  const file = join(dir, "assessment.yaml");
  writeFileSync(file, `${yaml}checks:\n  only: [csc.authorize.otp-replay, ${SCAL2_CHECKS.join(", ")}]\n`);
  return file;
}

// Level 3: the hash-binding checks assess SC-L2-03/SC-L2-07, which the default profile places at level 3.
const assess = (cfg: string, out: string) => [process.execPath, BIN, "assess", "--config", cfg, "--out", out, "--lang", "en", "--level", "3"];

test("the provider's side: 202 + handle, authorizeCheck until the device approves (SAD, handle spent) or denies; v1 holds the request", async () => {
  const secrets = JSON.parse(readFileSync(fixture.secretsFile, "utf8")) as Record<string, { password: string; pin: string }>;
  const login = await post(`${fixture.baseUrl}/auth/login`, {}, `Basic ${Buffer.from(`alice:${secrets.alice!.password}`).toString("base64")}`);
  const bearer = `Bearer ${String(login.body.access_token)}`;
  const info = await post(`${fixture.baseUrl}/credentials/info`, { credentialID: "cred-alice-01", authInfo: true }, bearer);
  assert.deepEqual(info.body.auth && (info.body.auth as { objects: Array<{ type: string }> }).objects.map((o) => o.type), ["Password", "ChallengeResponseOOB"]);
  const methods = (await post(`${fixture.baseUrl}/info`, {})).body.methods as string[];
  assert.ok(methods.includes("credentials/authorizeCheck"));
  const authorize = (authData: unknown[]) => post(`${fixture.baseUrl}/credentials/authorize`, { credentialID: "cred-alice-01", numSignatures: 1, hashes: [Buffer.alloc(32, 7).toString("base64")], hashAlgorithmOID: "2.16.840.1.101.3.4.2.1", authData }, bearer);
  const factors = [{ id: "PIN", value: secrets.alice!.pin }, { id: "PUSH" }];

  const underway = await authorize(factors);
  assert.equal(underway.status, 202);
  const handle = underway.body.handle as string;
  assert.equal((await post(`${fixture.baseUrl}/credentials/authorizeCheck`, { handle }, bearer)).status, 202, "pending until the device answers");
  assert.equal((await post(`${fixture.deviceUrl!}/approve`, { user: "alice" })).status, 204);
  const granted = await post(`${fixture.baseUrl}/credentials/authorizeCheck`, { handle }, bearer);
  assert.equal(granted.status, 200);
  assert.equal(typeof granted.body.SAD, "string");
  assert.equal((await post(`${fixture.baseUrl}/credentials/authorizeCheck`, { handle }, bearer)).body.error_description, "Invalid parameter handle", "a handle is spent once answered");

  const denied = await authorize(factors);
  assert.equal((await post(`${fixture.deviceUrl!}/deny`, { user: "alice" })).status, 204);
  assert.deepEqual((await post(`${fixture.baseUrl}/credentials/authorizeCheck`, { handle: denied.body.handle }, bearer)).body, { error: "invalid_authentication_data", error_description: "The authentication data is invalid" });
  assert.equal((await authorize(factors.slice(0, 1))).body.error, "invalid_authentication_data", "without the out-of-band object the second factor is missing");
  assert.equal((await post(`${fixture.deviceUrl!}/approve`, { user: "alice" })).status, 409, "nothing waits on the device");

  // v1: authMode implicit, credentials/authorize held until the device answers.
  assert.equal((await post(`${fixture.baseUrlV1}/credentials/info`, { credentialID: "cred-alice-01", authInfo: true }, bearer)).body.authMode, "implicit");
  const held = post(`${fixture.baseUrlV1}/credentials/authorize`, { credentialID: "cred-alice-01", numSignatures: 1, hash: [Buffer.alloc(32, 8).toString("base64")] }, bearer);
  const approved = await new Promise<number | null>((resolve) => execFile("/bin/sh", ["-c", deviceCommand(fixture, "alice", "approve")], (_e, _o, _s) => resolve(_e ? 1 : 0)));
  assert.equal(approved, 0);
  assert.equal(typeof (await held).body.SAD, "string");
});

test("approval.command: every SCAL 2 check runs unattended, approved on the test device", async () => {
  const dir = tempDir("push-command");
  const out = join(dir, "out");
  const r = await run(assess(config(dir, (user) => `{ command: ${JSON.stringify(deviceCommand(fixture, user, "approve"))} }`), out), { detached: true });
  const rows = checks(out);
  for (const id of SCAL2_CHECKS) assert.equal(rows.get(id)?.status, "pass", `${id}: ${JSON.stringify(rows.get(id)?.summary)}\n${r.output.slice(-2000)}`);
  // No OTP in this design: the replay check does not apply.
  assert.equal(rows.get("csc.authorize.otp-replay")?.status, "not-applicable");
  const transcript = readFileSync(join(out, "evidence", "checks", "csc.sad.hash-binding", "transcript.json"), "utf8");
  assert.match(transcript, /credentials\/authorizeCheck/, "the authorization underway was polled");
  // The step names the factors the credential takes (here the push approval), not a TOTP.
  assert.match(transcript, /authorize 2 signatures \(PIN \+ push approval\)/);
  assert.doesNotMatch(transcript, /TOTP/);
  assert.doesNotMatch(transcript, /"handle": "(?!\[redacted\])/, "handles are redacted");
});

test("CSC v1 (implicit authorization, the request held until the device answers): approval.command completes the SCAL 2 checks", async () => {
  const dir = tempDir("push-v1");
  const out = join(dir, "out");
  const r = await run(assess(config(dir, (user) => `{ command: ${JSON.stringify(deviceCommand(fixture, user, "approve"))} }`, fixture.baseUrlV1), out), { detached: true });
  const rows = checks(out);
  for (const id of SCAL2_CHECKS) assert.equal(rows.get(id)?.status, "pass", `${id}: ${JSON.stringify(rows.get(id)?.summary)}\n${r.output.slice(-2000)}`);
});

test("approval: prompt in a pseudo-terminal: approvals announced, asked for by step, confirmed, and every SCAL 2 check passes", async () => {
  const dir = tempDir("push-prompt");
  const out = join(dir, "out");
  const cmd = assess(config(dir, () => "prompt"), out).map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(" ");
  let answered = 0;
  const r = await run(["script", "-q", "-e", "-c", cmd, "/dev/null"], {
    onOutput(all, stdin) {
      const prompts = [...all.matchAll(/needs a push approval by signer (\w+)\.\r?\n\[rssp-audit\] Approve on the device now, then press Enter \(\d+ s\): /g)];
      while (answered < prompts.length) {
        const user = prompts[answered]![1]!;
        answered++;
        // Confirmed at the prompt, then approved on the "device".
        stdin.write("\r");
        execFile("/bin/sh", ["-c", deviceCommand(fixture, user, "approve")], () => {});
      }
    },
  });
  assert.match(r.output, /This assessment will ask for about 3 push approval\(s\): alice 2, bob 1/, r.output.slice(0, 2000));
  assert.match(r.output, /: "authorize 2 signatures \(PIN \+ push approval\)" needs a push approval by signer alice/);
  assert.ok(answered >= 3, `${answered} approvals asked for:\n${r.output.slice(-3000)}`);
  const rows = checks(out);
  for (const id of SCAL2_CHECKS) assert.equal(rows.get(id)?.status, "pass", `${id}: ${JSON.stringify(rows.get(id)?.summary)}`);
});

test("a device that denies: the SCAL 2 checks are manual, naming the refusal (not a provider fault)", async () => {
  const dir = tempDir("push-deny");
  const out = join(dir, "out");
  await run(assess(config(dir, (user) => `{ command: ${JSON.stringify(deviceCommand(fixture, user, "deny"))} }`), out), { detached: true });
  const rows = checks(out);
  assert.equal(rows.get("csc.sad.hash-count")?.status, "pass");
  for (const id of APPROVED_CHECKS) {
    const row = rows.get(id)!;
    assert.equal(row.status, "manual", `${id}: ${JSON.stringify(row.summary)}`);
    assert.match(en(row.summary as never), /(want of a push approval|check by hand).*refused to authorize cred-\w+-\d+ once the push approval was sought \(HTTP 400 invalid_authentication_data.*denied it on the device/, id);
  }
});

test("approval: prompt without a terminal: the SCAL 2 checks are manual, for want of a push approval", async () => {
  const dir = tempDir("push-no-tty");
  const out = join(dir, "out");
  // detached: a new session without a controlling terminal, as under CI.
  await run(assess(config(dir, () => "prompt"), out), { detached: true });
  const rows = checks(out);
  assert.equal(rows.get("csc.sad.hash-count")?.status, "pass");
  for (const id of APPROVED_CHECKS) {
    const row = rows.get(id)!;
    assert.equal(row.status, "manual", `${id}: ${JSON.stringify(row.summary)}`);
    assert.match(en(row.summary as never), /(want of a push approval|check by hand).*this run has no terminal; give approval\.command/, id);
  }
});

// Last in this file: it locks cred-alice-01 of this fixture.
test("a denied push approval is a failed authentication: the fixture's 5 in a row lock the credential (an approval after them is refused as locked); an approval before resets the count", async () => {
  const secrets = JSON.parse(readFileSync(fixture.secretsFile, "utf8")) as Record<string, { password: string; pin: string }>;
  const login = await post(`${fixture.baseUrl}/auth/login`, {}, `Basic ${Buffer.from(`alice:${secrets.alice!.password}`).toString("base64")}`);
  const bearer = `Bearer ${String(login.body.access_token)}`;
  const device = (answer: "approve" | "deny") => post(`${fixture.deviceUrl!}/${answer}`, { user: "alice" });
  /** One v2 authorization of cred-alice-01 answered on the device; a refusal before any push (a lock) as it comes. */
  const authorize = async (answer: "approve" | "deny") => {
    const underway = await post(`${fixture.baseUrl}/credentials/authorize`, { credentialID: "cred-alice-01", numSignatures: 1, hashes: [Buffer.alloc(32, 9).toString("base64")], hashAlgorithmOID: "2.16.840.1.101.3.4.2.1", authData: [{ id: "PIN", value: secrets.alice!.pin }, { id: "PUSH" }] }, bearer);
    if (underway.status !== 202) return underway;
    assert.equal((await device(answer)).status, 204);
    return post(`${fixture.baseUrl}/credentials/authorizeCheck`, { handle: underway.body.handle }, bearer);
  };
  // Notifications an earlier run left unanswered go first (the device answers the oldest): approved, they lock nothing.
  while ((await device("approve")).status === 204);
  assert.equal((await authorize("approve")).status, 200, "the count starts from an approval");
  // The reference RSSP locks after 5 consecutive failures (fixtures/rssp/README.md).
  for (let i = 1; i <= 4; i++) assert.equal((await authorize("deny")).body.error, "invalid_authentication_data", `denial ${i}`);
  assert.equal((await authorize("approve")).status, 200, "4 denials do not lock; the approval resets the count");
  for (let i = 1; i <= 5; i++) assert.equal((await authorize("deny")).body.error, "invalid_authentication_data", `denial ${i} after the reset`);
  const locked = await authorize("approve");
  assert.equal(locked.status, 400, "refused before anything is pushed");
  assert.equal(locked.body.error_description, "Credential locked");
  assert.equal((await device("approve")).status, 409, "no notification was pushed for the locked credential");
  // v1 names the factor whose failures locked it (v1 §11.6): the second one, the device's approval.
  const v1 = await post(`${fixture.baseUrlV1}/credentials/authorize`, { credentialID: "cred-alice-01", numSignatures: 1, hash: [Buffer.alloc(32, 9).toString("base64")] }, bearer);
  assert.equal(v1.status, 400);
  assert.equal(v1.body.error_description, "OTP locked");
});
