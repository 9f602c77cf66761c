/** otp.command and the online-OTP outbox, in process: bounded, never leaking what a command printed. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { codeFromCommand, NoCode, Prompter } from "../../src/csc/otp-source.ts";
import { OnlineOtp, handleSendOtp } from "../../fixtures/rssp/csc-otp.ts";
import { tempDir } from "../helpers/temp.ts";

const need = { signer: "alice", check: "csc.sad.hash-binding", step: "authorize", sent: true };

test("otp.command: the first line is the code; the signer and step are in its environment", async () => {
  assert.equal(await codeFromCommand("printf '%s\\n' 123456 ignored", need, 5), "123456");
  assert.equal(await codeFromCommand('test "$RSSP_AUDIT_SIGNER:$RSSP_AUDIT_STEP:$RSSP_AUDIT_OTP_SENT" = alice:authorize:1 && echo 654321', need, 5), "654321");
});

test("otp.command failures are NoCode, and say nothing of what the command printed", async () => {
  const cases: Array<[string, RegExp]> = [
    ["echo SECRET-OUTPUT >&2; exit 3", /exited with status 3/],
    ["echo not a code SECRET-OUTPUT", /printed no one-time code/],
    ["head -c 10000 /dev/zero | tr '\\0' 7", /printed more than 4096 bytes/],
    ["sleep 5", /did not finish within 1 s/],
  ];
  for (const [command, why] of cases) {
    const started = Date.now();
    const error = await codeFromCommand(command, need, 1).then(() => undefined, (e: unknown) => e);
    assert.ok(error instanceof NoCode, command);
    assert.match(error.message, why);
    assert.doesNotMatch(error.message, /SECRET-OUTPUT|7777/);
    assert.ok(Date.now() - started < 4000, "bounded in time");
  }
});

test("otp: prompt without a terminal is NoCode with the remedy", async () => {
  await assert.rejects(new Prompter(undefined).code(need, 5), (e: unknown) => e instanceof NoCode && /no terminal; give otp.command/.test(e.message));
});

test("a prompt that is not answered in time is NoCode; a typed code is returned; prompts are one at a time", async () => {
  const asked: string[] = [];
  const answers = ["  482913 ", undefined];
  const terminal = { write: () => {}, ask: async (q: string) => (asked.push(q), answers.shift()) };
  const p = new Prompter(terminal);
  const [a, b] = await Promise.allSettled([p.code(need, 5), p.code({ ...need, signer: "bob" }, 7)]);
  assert.deepEqual(a, { status: "fulfilled", value: "482913" });
  assert.equal(b.status, "rejected");
  assert.match((b as PromiseRejectedResult).reason.message, /no one-time code for bob was typed within 7 s/);
  assert.match(asked[0]!, /csc\.sad\.hash-binding: "authorize" needs the code the provider has just sent \(credentials\/sendOTP\) for signer alice/);
});

test("the reference RSSP's sendOTP: delivered to the outbox, single use, replaced by the next, expiring", async () => {
  const dir = tempDir("outbox");
  const otp = new OnlineOtp({ outboxDir: dir, ttlSeconds: 1 });
  const owns = (id: string) => (id === "cred-alice-01" ? "yes" : id === "cred-carol-01" ? "not-online" : "no") as "yes" | "not-online" | "no";
  assert.equal(handleSendOtp(otp, "alice", { credentialID: "cred-alice-01" }, owns).status, 204);
  const first = readFileSync(join(dir, "alice.otp"), "utf8").trim();
  assert.match(first, /^\d{6}$/);
  assert.equal(otp.verify("alice", first), true);
  assert.equal(otp.verify("alice", first), false, "single use");
  otp.send("alice");
  const second = readFileSync(join(dir, "alice.otp"), "utf8").trim();
  otp.send("alice");
  const third = readFileSync(join(dir, "alice.otp"), "utf8").trim();
  if (second !== third) assert.equal(otp.verify("alice", second), false, "replaced by the next sendOTP");
  otp.send("alice");
  const late = readFileSync(join(dir, "alice.otp"), "utf8").trim();
  await new Promise((r) => setTimeout(r, 1100));
  assert.equal(otp.verify("alice", late), false, "expired");
  assert.equal(handleSendOtp(otp, "alice", { credentialID: "cred-bob-01" }, owns).status, 400);
  assert.equal(handleSendOtp(otp, "alice", { credentialID: "cred-carol-01" }, owns).status, 400);
  assert.equal(handleSendOtp(otp, "alice", {}, owns).status, 400);
});

test("assessment.yaml: otp prompt / command / timeouts are read; totpSecret and otp together are refused", async () => {
  const { loadAssessmentConfig } = await import("../../src/config/load-config.ts");
  const dir = tempDir("otp-config");
  const { writeFileSync } = await import("node:fs");
  const write = (signers: string) => {
    const f = join(dir, "a.yaml");
    writeFileSync(f, `target:\n  name: t\n  csc:\n    baseUrl: https://127.0.0.1/csc/v2\n    signers:\n${signers}level: 2\n`);
    return f;
  };
  const c = loadAssessmentConfig(
    write(
      "      - { id: a, username: a, otp: prompt }\n      - { id: b, username: b, otp: { command: 'cat x', timeoutSeconds: 5 } }\n      - { id: c, username: c, otp: { prompt: true, timeoutSeconds: 30 }, approval: prompt }\n      - { id: d, username: d, approval: { command: './approve-on-device d', timeoutSeconds: 60 } }\n",
    ),
  );
  assert.deepEqual(
    c.target.csc!.signers.map((s) => [s.otp, s.approval]),
    [
      [{ kind: "prompt", timeoutSeconds: 120 }, undefined],
      [{ kind: "command", command: "cat x", timeoutSeconds: 5 }, undefined],
      [{ kind: "prompt", timeoutSeconds: 30 }, { kind: "prompt", timeoutSeconds: 120 }],
      [undefined, { kind: "command", command: "./approve-on-device d", timeoutSeconds: 60 }],
    ],
  );
  assert.throws(() => loadAssessmentConfig(write("      - { id: a, username: a, otp: sms }\n")), /a\.yaml:\d+/);
  assert.throws(() => loadAssessmentConfig(write("      - { id: a, username: a, approval: { command: '' } }\n")), /a\.yaml:\d+/);
  assert.throws(() => loadAssessmentConfig(write("      - { id: a, username: a, totpSecret: 'env:X', otp: prompt }\n")), /a\.yaml:\d+/);
});
