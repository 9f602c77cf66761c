/**
 * The assessment's one prompter (src/csc/prompter-shared.ts), with a fake terminal: the CSC and the
 * OAuth session get the same one through ctx.shared, their questions and announcements go through
 * its one queue (never two at once, never an announcement inside a question), and its terminal is
 * opened only when some configured source asks on it.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { sharedValues } from "../../src/check/shared-values.ts";
import type { CheckContext, SignerAccount, Target } from "../../src/check/types.ts";
import { externalSource, type OtpSourceConfig, type Terminal } from "../../src/csc/otp-source.ts";
import { OtpAllocator } from "../../src/csc/otp.ts";
import { approvalSource } from "../../src/csc/approval.ts";
import { asksAtTerminal, sharedPrompter } from "../../src/csc/prompter-shared.ts";
import { secretFromValue } from "../../src/config/secrets.ts";

const prompt: OtpSourceConfig = { kind: "prompt", timeoutSeconds: 5 };
const account = (id: string, more: Partial<SignerAccount> = {}): SignerAccount => ({ id, username: id, ...more });

function target(csc: SignerAccount[], oauth: SignerAccount[]): Target {
  return { name: "t", logs: [], trustAnchors: [], csc: { baseUrl: "https://127.0.0.1/csc/v2", signers: csc, oauth2: { clientId: "c", clientSecret: secretFromValue("s"), redirectUri: "https://127.0.0.1/cb", recipe: { steps: [] }, signers: oauth } } };
}

function context(t: Target): CheckContext {
  return { target: t, level: 2, parameters: {}, intrusive: false, signal: new AbortController().signal, shared: sharedValues(), log() {} };
}

/** A terminal that records what happens on it; each question takes a while to be answered. */
function fakeTerminal(): Terminal & { events: string[] } {
  const events: string[] = [];
  let n = 0;
  return {
    events,
    write: (text) => void (text.trim() && events.push(`write ${text.trim()}`)),
    async ask(question) {
      const who = /signer (\w+)/.exec(question)![1]!;
      events.push(`open ${who}`);
      await new Promise((r) => setTimeout(r, 20));
      events.push(`close ${who}`);
      return String(100000 + ++n);
    },
  };
}

test("the CSC and the OAuth session's questions go one at a time through the one prompter; an announcement waits for the open question", async () => {
  const ctx = context(target([account("alice", { otp: prompt })], [account("dave", { otp: prompt })]));
  const terminal = fakeTerminal();
  let opened = 0;
  const open = () => (opened++, terminal);
  // As src/csc/session.ts and src/oauth/session.ts obtain it.
  const [cscPrompter, oauthPrompter] = await Promise.all([sharedPrompter(ctx, open), sharedPrompter(ctx, open)]);
  assert.equal(cscPrompter, oauthPrompter, "one prompter");
  assert.equal(opened, 1, "one terminal");
  const csc = new OtpAllocator([], [{ signer: "alice", source: externalSource(prompt, cscPrompter) }]);
  const oauth = new OtpAllocator([], [{ signer: "dave", source: externalSource(prompt, oauthPrompter) }]);
  const asking = [
    csc.next("alice", undefined, { check: "csc.sad.hash-binding", step: "authorize", sent: true }),
    oauth.next("dave", undefined, { check: "oauth", step: "sign-in", sent: true, sentBy: "by its sign-in page" }),
    csc.next("alice", undefined, { check: "csc.sad.cross-user", step: "authorize", sent: false }),
  ];
  // The OAuth session opens while alice's first question is open.
  await new Promise((r) => setTimeout(r, 5));
  oauthPrompter.announce("[rssp-audit] The OAuth sign-ins will ask for about 1 one-time code(s): dave 1");
  asking.push(oauth.next("dave", undefined, { check: "oauth", step: "sign-in again", sent: true }));
  const codes = (await Promise.all(asking)).map((g) => g.code);
  assert.equal(new Set(codes).size, 4);
  // Strictly one question at a time (open, close, open, close …), the announcement between two.
  const e = terminal.events;
  assert.deepEqual(e.filter((x) => !x.startsWith("write")), ["open alice", "close alice", "open dave", "close dave", "open alice", "close alice", "open dave", "close dave"]);
  const at = e.findIndex((x) => x.startsWith("write"));
  assert.equal(e.filter((x) => x.startsWith("write")).length, 1);
  assert.ok(e[at - 1]!.startsWith("close") && e[at + 1]!.startsWith("open"), `the announcement cut into a question: ${e.join(" | ")}`);
  assert.ok(at > 0);
});

test("the prompter's terminal is opened when any source asks on it: CSC otp or approval prompt, OAuth otp prompt; not for commands", async () => {
  const command = { kind: "command", command: "true", timeoutSeconds: 5 } as const;
  const cases: Array<[SignerAccount[], SignerAccount[], boolean]> = [
    [[account("alice", { otp: prompt })], [], true],
    [[account("alice", { approval: prompt })], [], true],
    [[], [account("dave", { otp: prompt })], true],
    [[account("alice", { otp: command, approval: command })], [account("dave", { otp: command })], false],
    [[account("alice", { totpSecret: secretFromValue("x") })], [], false],
  ];
  for (const [csc, oauth, asks] of cases) {
    const t = target(csc, oauth);
    assert.equal(asksAtTerminal(t), asks, JSON.stringify({ csc, oauth }));
    let opened = 0;
    const p = await sharedPrompter(context(t), () => (opened++, fakeTerminal()));
    assert.equal(opened, asks ? 1 : 0);
    assert.equal(p.available, asks);
  }
  // An approval asked on the shared prompter queues with the codes too.
  const ctx = context(target([account("alice", { approval: prompt })], [account("dave", { otp: prompt })]));
  const terminal = fakeTerminal();
  const p = await sharedPrompter(ctx, () => terminal);
  await Promise.all([approvalSource(prompt, p).approve({ signer: "alice", check: "csc.sad.hash-binding", step: "authorize" }), externalSource(prompt, await sharedPrompter(ctx)).code({ signer: "dave", check: "oauth", step: "sign-in", sent: true })]);
  assert.deepEqual(terminal.events, ["open alice", "close alice", "open dave", "close dave"]);
});
