/**
 * Second factors without a TOTP seed, against the reference RSSP's online-otp profile (codes sent
 * by credentials/sendOTP to DIR/outbox/<user>.otp, single-use, expiring): typed at the prompt in a
 * pseudo-terminal (util-linux `script`), printed by otp.command, and — without either — `manual`.
 */
import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startFixture, type RunningFixture } from "../../fixtures/rssp/index.ts";
import { BIN } from "../helpers/cli.ts";
import { reportChecks as checks, runAssess as run } from "../helpers/assess-run.ts";
import { tempDir } from "../helpers/temp.ts";
import { en } from "../helpers/text.ts";

/** The checks that need a SCAL 2 authorization (a one-time code). */
const SCAL2_CHECKS = ["csc.authorize.otp-replay", "csc.sad.hash-binding", "csc.sad.hash-count", "csc.sad.cross-credential", "csc.sad.cross-user", "csc.signature.verifies"];

let fixture: RunningFixture;
before(async () => {
  fixture = await startFixture({ profile: "online-otp" });
});
after(() => fixture?.stop());

/** The fixture's assessment.yaml with the signers' `otp:` replaced and only the SCAL 2 checks. */
function config(dir: string, otp: "keep" | "prompt"): string {
  let yaml = readFileSync(fixture.assessmentFile, "utf8");
  if (otp === "prompt") yaml = yaml.replace(/otp: \{ command: "[^"]*" \}/g, "otp: prompt");
  const file = join(dir, "assessment.yaml");
  writeFileSync(file, `${yaml}checks:\n  only: [${SCAL2_CHECKS.join(", ")}]\n`);
  return file;
}

// Level 3: the hash-binding checks assess SC-L2-03/SC-L2-07, which the default profile places at level 3 (the guideline reaches them through the certified SAM).
const assess = (cfg: string, out: string) => [process.execPath, BIN, "assess", "--config", cfg, "--out", out, "--lang", "en", "--level", "3"];

test("otp.command: every SCAL 2 check runs unattended with codes sendOTP delivered", async () => {
  const dir = tempDir("otp-command");
  const out = join(dir, "out");
  const r = await run(assess(config(dir, "keep"), out), { detached: true });
  const rows = checks(out);
  for (const id of SCAL2_CHECKS) assert.equal(rows.get(id)?.status, "pass", `${id}: ${JSON.stringify(rows.get(id)?.summary)}\n${r.output.slice(-2000)}`);
  const transcript = readFileSync(join(out, "evidence", "checks", "csc.sad.hash-binding", "transcript.json"), "utf8");
  assert.match(transcript, /credentials\/sendOTP/, "the code was requested with credentials/sendOTP");
  for (const user of ["alice", "bob"]) {
    const last = readFileSync(join(fixture.outboxDir!, `${user}.otp`), "utf8").trim();
    assert.ok(!r.output.includes(last), "no code in the output");
  }
});

test("otp: prompt in a pseudo-terminal: the codes are announced, asked for by step, typed, and every SCAL 2 check passes", async () => {
  const dir = tempDir("otp-prompt");
  const out = join(dir, "out");
  const cmd = assess(config(dir, "prompt"), out).map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(" ");
  let answered = 0;
  const typed: string[] = [];
  const r = await run(["script", "-q", "-e", "-c", cmd, "/dev/null"], {
    onOutput(all, stdin) {
      const prompts = [...all.matchAll(/needs (?:the code the provider has just sent \(credentials\/sendOTP\)|the current one-time code) for signer (\w+)\.\r?\n\[rssp-audit\] Type the code and press Enter \(\d+ s; not echoed\): /g)];
      while (answered < prompts.length) {
        const user = prompts[answered]![1]!;
        answered++;
        const code = readFileSync(join(fixture.outboxDir!, `${user}.otp`), "utf8").trim();
        typed.push(code);
        stdin.write(`${code}\r`);
      }
    },
  });
  assert.match(r.output, /This assessment will ask for about 3 one-time code\(s\): alice 2, bob 1/, r.output.slice(0, 2000));
  // The step that needs the code is named (here in the shared SCAL 2 scenario).
  assert.match(r.output, /: "authorize 2 signatures \(PIN \+ OTP\)" needs the code the provider has just sent \(credentials\/sendOTP\) for signer alice/);
  // One per multi-factor credential; one more when the hash-count probe's refusal comes after bob's signature sample.
  assert.ok(answered >= 3 && answered <= 4, `${answered} codes asked for:\n${r.output.slice(-3000)}`);
  for (const code of typed) assert.ok(!r.output.includes(code), "a typed code is not echoed");
  const rows = checks(out);
  for (const id of SCAL2_CHECKS) assert.equal(rows.get(id)?.status, "pass", `${id}: ${JSON.stringify(rows.get(id)?.summary)}`);
});

test("otp: prompt without a terminal: the SCAL 2 checks are manual, for want of a code", async () => {
  const dir = tempDir("otp-no-tty");
  const out = join(dir, "out");
  // detached: a new session without a controlling terminal, as under CI.
  await run(assess(config(dir, "prompt"), out), { detached: true });
  const rows = checks(out);
  for (const id of SCAL2_CHECKS) {
    const row = rows.get(id)!;
    assert.equal(row.status, "manual", `${id}: ${JSON.stringify(row.summary)}`);
    assert.match(en(row.summary as never), /(want of a one-time code|check by hand).*this run has no terminal/, id);
  }
});
