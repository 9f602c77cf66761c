/**
 * Push approvals (src/csc/approval.ts): approval.command (exit 0 = approved), approval: prompt on a
 * terminal (a fake one, and a real pseudo-terminal through util-linux `script`), no terminal, and a
 * held authorization answered only after the reference RSSP's test device approves.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { approvalAnnouncement, approvalSource, approveByCommand, whileApproving } from "../../src/csc/approval.ts";
import { NoCode, Prompter } from "../../src/csc/otp-source.ts";
import { PushApprovals, handleDevice } from "../../fixtures/rssp/csc-push.ts";
import { REPO_ROOT } from "../helpers/cli.ts";
import { tempDir } from "../helpers/temp.ts";

const need = { signer: "alice", check: "csc.sad.single-use", step: "authorize 1 signature (push approval)" };

test("approval.command: exit 0 is approved; the signer, check and step are in its environment", async () => {
  await approveByCommand("true", need, 5);
  await approveByCommand('test "$RSSP_AUDIT_SIGNER:$RSSP_AUDIT_CHECK" = alice:csc.sad.single-use', need, 5);
});

test("approval.command failures are NoCode and say nothing of what the command printed", async () => {
  const cases: Array<[string, RegExp]> = [
    ["echo SECRET-OUTPUT; exit 4", /exited with status 4 \(not approved\)/],
    ["head -c 100000 /dev/zero | tr '\\0' 7", /printed more than 65536 bytes/],
    ["sleep 5", /did not finish within 1 s/],
  ];
  for (const [command, why] of cases) {
    const started = Date.now();
    const error = await approveByCommand(command, need, 1).then(() => undefined, (e: unknown) => e);
    assert.ok(error instanceof NoCode, command);
    assert.match(error.message, why);
    assert.doesNotMatch(error.message, /SECRET-OUTPUT|7777/);
    assert.ok(Date.now() - started < 4000, "bounded in time");
  }
});

test("approval: prompt names the check and step; unanswered is NoCode; no terminal is NoCode with the remedy", async () => {
  const asked: string[] = [];
  const answers = ["", undefined];
  const p = new Prompter({ write: () => {}, ask: async (q: string) => (asked.push(q), answers.shift()) });
  const source = approvalSource({ kind: "prompt", timeoutSeconds: 9 }, p);
  await source.approve(need);
  assert.match(asked[0]!, /csc\.sad\.single-use: "authorize 1 signature \(push approval\)" needs a push approval by signer alice\.\n\[rssp-audit\] Approve on the device now, then press Enter \(9 s\)/);
  await assert.rejects(source.approve(need), (e: unknown) => e instanceof NoCode && /not confirmed within 9 s/.test(e.message));
  await assert.rejects(approvalSource({ kind: "prompt", timeoutSeconds: 9 }, new Prompter(undefined)).approve(need), (e: unknown) => e instanceof NoCode && /approval: prompt.*no terminal; give approval.command/.test(e.message));
});

test("the approvals the suite needs are announced up front", () => {
  assert.equal(approvalAnnouncement([{ id: "alice", n: 2 }, { id: "bob", n: 1 }]), "[rssp-audit] This assessment will ask for about 3 push approval(s): alice 2, bob 1 (an estimate: the authorizations the checks of this run expect granted; a refusal or a retry can ask for more). Keep the test accounts' devices at hand.");
  assert.equal(approvalAnnouncement([{ id: "alice", n: 0 }]), undefined);
});

test("a held authorization is answered once the test device approves (approval.command), and refused when it declines or no one approves", async () => {
  const push = new PushApprovals({ timeoutMs: 1500 });
  // The provider's side of credentials/authorize: held until the device answers.
  const authorize = async (signal: AbortSignal) => {
    const approved = await push.hold("alice");
    if (signal.aborted) throw new Error("aborted");
    return approved ? { SAD: "sad-1" } : { error: "access_denied" };
  };
  // The "device": the approval source approves the pending notification (here in process; over HTTP it is handleDevice).
  const device = (action: "approve" | "deny") => ({
    description: "test device",
    approve: async () => {
      await new Promise((r) => setTimeout(r, 50));
      const r = handleDevice(push, action, { user: "alice" });
      if (r.status !== 204) throw new NoCode(`device answered ${r.status}`);
    },
  });
  assert.deepEqual(await whileApproving(authorize, device("approve"), need), { SAD: "sad-1" });
  assert.deepEqual(await whileApproving(authorize, device("deny"), need), { error: "access_denied" });
  // No one approves: the approval source fails (NoCode → manual) and that is what is reported, not the refusal.
  const error = await whileApproving(authorize, { description: "none", approve: async () => Promise.reject(new NoCode("approval.command for alice exited with status 1 (not approved)")) }, need).then(() => undefined, (e: unknown) => e);
  assert.ok(error instanceof NoCode);
  await new Promise((r) => setTimeout(r, 1600));
  assert.equal(push.waiting("alice"), 0, "an unanswered notification expires");
  assert.equal(handleDevice(push, "approve", { user: "alice" }).status, 409, "nothing to approve");
  assert.equal(handleDevice(push, "approve", {}).status, 400);
  assert.equal(handleDevice(undefined, "approve", { user: "alice" }).status, 404);
});

test("approval: prompt in a pseudo-terminal: asked on /dev/tty, Enter confirms", async () => {
  const dir = tempDir("approval-pty");
  const script = join(dir, "ask.mts");
  writeFileSync(
    script,
    `import { Prompter, controllingTerminal } from ${JSON.stringify(join(REPO_ROOT, "src/csc/otp-source.ts"))};\n` +
      `import { approvalSource } from ${JSON.stringify(join(REPO_ROOT, "src/csc/approval.ts"))};\n` +
      `const s = approvalSource({ kind: "prompt", timeoutSeconds: 20 }, new Prompter(controllingTerminal()));\n` +
      `await s.approve({ signer: "alice", check: "csc.sad.single-use", step: "authorize" }).then(() => console.log("APPROVED"), (e) => { console.log("REFUSED " + e.message); });\n`,
  );
  const child = spawn("script", ["-q", "-e", "-c", `${JSON.stringify(process.execPath)} --import tsx ${JSON.stringify(script)}`, "/dev/null"], { cwd: REPO_ROOT, stdio: ["pipe", "pipe", "pipe"] });
  let output = "";
  let answered = false;
  const done = new Promise<number>((resolve) => child.on("close", (code) => resolve(code ?? -1)));
  child.stdout.on("data", (chunk: Buffer) => {
    output += chunk.toString();
    if (!answered && /Approve on the device now, then press Enter \(20 s\): /.test(output)) {
      answered = true;
      child.stdin.write("\r");
    }
  });
  const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
  const code = await done;
  clearTimeout(timer);
  assert.equal(code, 0, output);
  assert.match(output, /csc\.sad\.single-use: "authorize" needs a push approval by signer alice/);
  assert.match(output, /APPROVED/, output);
});
