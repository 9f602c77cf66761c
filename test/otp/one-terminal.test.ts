/**
 * CSC and OAuth codes typed on one terminal: the reference RSSP with both the online-otp design
 * (credentials/sendOTP delivers the CSC signers' codes) and the oauth-sent-otp design (the OAuth
 * sign-in page sends the accounts' codes), every account `otp: prompt`, `assess` in a
 * pseudo-terminal (util-linux `script`). The two sessions ask through the assessment's one
 * prompter: each announces before its first question, and no question opens before the one before
 * it was answered.
 */
import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startFixture, type RunningFixture } from "../../fixtures/rssp/index.ts";
import { BIN } from "../helpers/cli.ts";
import { inPseudoTerminal, reportChecks, runAssess } from "../helpers/assess-run.ts";
import { tempDir } from "../helpers/temp.ts";

const CSC_CHECKS = ["csc.authorize.otp-replay", "csc.sad.hash-binding", "csc.sad.hash-count", "csc.sad.cross-credential", "csc.sad.cross-user", "csc.signature.verifies"];
/** Not applicable on a provider without PAR or authorization_details. */
const PAR_CHECKS = ["oauth.par.request-uri-single-use", "oauth.par.request-uri-expiry", "oauth.par.required", "oauth.authorization-details.bound"];
const QUESTION = /\[rssp-audit\] ([^\n"]+): "[^"]+" needs (?:the code the provider has just sent \([^)]*\)|the current one-time code) for signer (\w+)\.\r?\n\[rssp-audit\] Type the code and press Enter \(\d+ s; not echoed\): /g;

/** How long the "assessor" takes to answer a question. */
const ANSWER_DELAY_MS = 1500;

let fixture: RunningFixture;
before(async () => {
  fixture = await startFixture({ otpDelivery: "online", oauthOtpDelivery: "sent" });
});
after(() => fixture?.stop());

test("otp: prompt for the CSC signers and the OAuth accounts: one question at a time, each session announces before its first, every check passes", { timeout: 240_000 }, async () => {
  const dir = tempDir("one-terminal");
  const yaml = readFileSync(fixture.assessmentFile, "utf8").replace(/otp: \{ command: "[^"]*" \}/g, "otp: prompt");
  assert.match(yaml, /- \{ id: alice, .*otp: prompt \}/);
  assert.match(yaml, /- \{ id: dave, .*otp: prompt \}/);
  const file = join(dir, "assessment.yaml");
  // Every check at once, so that the CSC and the OAuth questions fall due together.
  writeFileSync(file, `${yaml}checks:\n  concurrency: 24\n  only: [${[...CSC_CHECKS, "oauth.*"].map((c) => JSON.stringify(c)).join(", ")}]\n`);
  const out = join(dir, "out");
  /** Per question: where it starts in the output, whose it is, and how much output there was when it was answered. */
  const asked: Array<{ at: number; check: string; signer: string; answeredAt: number }> = [];
  const typed: string[] = [];
  // Level 3: the hash-binding checks belong to level 3 controls in the default reading.
  let seen = 0;
  const r = await runAssess(inPseudoTerminal([process.execPath, BIN, "assess", "--config", file, "--out", out, "--lang", "en", "--level", "3"]), {
    onOutput(all, stdin) {
      seen = all.length;
      const questions = [...all.matchAll(QUESTION)];
      while (asked.length < questions.length) {
        const q = questions[asked.length]!;
        const question = { at: q.index, check: q[1]!, signer: q[2]!, answeredAt: Infinity };
        asked.push(question);
        const code = readFileSync(join(fixture.outboxDir!, `${question.signer}.otp`), "utf8").trim();
        typed.push(code);
        // Answered as an assessor would, after a moment: a question another session opened meanwhile would show.
        setTimeout(() => {
          question.answeredAt = seen;
          stdin.write(`${code}\r`);
        }, ANSWER_DELAY_MS);
      }
    },
  });
  const tail = r.output.slice(-4000);
  for (const [k, q] of asked.entries()) if (k > 0) assert.ok(q.at >= asked[k - 1]!.answeredAt, `question ${k + 1} (${q.signer}) opened before question ${k} was answered:\n${tail}`);
  const csc = asked.filter((q) => q.check !== "oauth");
  const oauth = asked.filter((q) => q.check === "oauth");
  assert.ok(csc.length >= 3 && oauth.length === 2, `${csc.length} CSC and ${oauth.length} OAuth questions:\n${tail}`);
  const cscAnnounced = r.output.search(/\[rssp-audit\] This assessment will ask for about 3 one-time code\(s\): alice 2, bob 1/);
  const oauthAnnounced = r.output.search(/\[rssp-audit\] The OAuth sign-ins will ask for about 2 one-time code\(s\): dave 2/);
  assert.ok(cscAnnounced >= 0 && cscAnnounced < csc[0]!.at, `the CSC announcement before its first question:\n${r.output.slice(0, 3000)}`);
  assert.ok(oauthAnnounced >= 0 && oauthAnnounced < oauth[0]!.at, `the OAuth announcement before its first question:\n${r.output.slice(0, 3000)}`);
  // An announcement never stands inside a question: not between a question's start and its answer.
  for (const at of [cscAnnounced, oauthAnnounced]) assert.ok(!asked.some((q) => at > q.at && at < q.answeredAt), `an announcement cut into a question:\n${tail}`);
  const rows = reportChecks(out);
  const open = [...rows.values()].filter((c) => (CSC_CHECKS.includes(c.id) || c.id.startsWith("oauth.")) && !(c.status === "pass" || (PAR_CHECKS.includes(c.id) && c.status === "not-applicable")));
  assert.deepEqual(open.map((c) => `${c.id}: ${c.status} — ${JSON.stringify(c.summary)}`), []);
  for (const code of typed) assert.ok(!new RegExp(`(?<!\\d)${code}(?!\\d)`).test(r.output), "a typed code is not echoed");
});
