/** The CSC client's pure parts: base64 canonicalisation, TOTP, redaction, OTP planning, refusal judgement. */
import { en } from "../helpers/text.ts";
import { test, type TestContext } from "node:test";
import assert from "node:assert/strict";
import { decodeBase64Any } from "../../src/csc/base64.ts";
import { totpCode, base32ToBytes } from "../../src/csc/totp.ts";
import { REDACTED, SecretRegistry, redactDeep, redactFields } from "../../src/csc/redact.ts";
import { OtpAllocator } from "../../src/csc/otp.ts";
import { conclude, mustRefuse, worst } from "../../src/csc/probe.ts";
import { describeCredential } from "../../src/csc/credentials.ts";
import type { CscReply } from "../../src/csc/client.ts";

const reply = (status: number, body: Record<string, unknown> = {}): CscReply => ({ method: "m", status, ok: status >= 200 && status < 300, body, contentType: "application/json", error: body.error as string | undefined });

test("base64 and base64url, padded or not, decode to the same bytes; junk is null", () => {
  const bytes = Uint8Array.from([0xfb, 0xff, 0xbf, 0x01]);
  for (const s of ["+/+/AQ==", "+/+/AQ", "-_-_AQ==", "-_-_AQ"]) assert.deepEqual(decodeBase64Any(s), bytes, s);
  for (const s of ["", "not base64!", "+/-_", 42, null]) assert.equal(decodeBase64Any(s), null, String(s));
});

test("TOTP matches RFC 6238 (SHA-1, T=59 → 94287082, 6 digits 287082)", () => {
  const seed = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"; // "12345678901234567890"
  assert.equal(base32ToBytes(seed).toString(), "12345678901234567890");
  assert.equal(totpCode(seed, 1), "287082");
  assert.equal(totpCode(seed, 1, 8), "94287082");
  assert.equal(totpCode(seed, 37037036, 8), "07081804"); // T = 1111111109
  assert.equal(totpCode(seed, 37037037, 8), "14050471"); // T = 1111111111
});

test("redaction by field name and by value", () => {
  const body = { PIN: "1234", authData: [{ id: "OTP", value: "654321" }], SAD: "s3cr3t-sad", note: "the token s3cr3t-sad leaked", nested: { access_token: "tok" } };
  const fields = redactFields(body) as Record<string, unknown>;
  assert.equal(fields.PIN, REDACTED);
  assert.deepEqual(fields.authData, [{ id: "OTP", value: REDACTED }]);
  assert.equal((fields.nested as Record<string, unknown>).access_token, REDACTED);
  const secrets = new SecretRegistry();
  secrets.add("s3cr3t-sad", "SAD");
  const deep = redactDeep(body, secrets) as Record<string, unknown>;
  assert.equal(deep.note, `the token ${REDACTED} leaked`);
  assert.equal(secrets.containsSecret("xx s3cr3t-sad"), "SAD");
});

/** Lets the allocator's queued work reach its (mocked) sleep before the clock is moved. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A clock mocked at `offsetMs` into a TOTP step (the allocator's choice depends on where in the step it is). */
function atStepOffset(t: TestContext, offsetMs: number): number {
  const step = 57_000_000;
  t.mock.timers.enable({ apis: ["Date", "setTimeout"], now: step * 30_000 + offsetMs });
  return step;
}

test("the OTP planner never hands out a code twice and uses adjacent steps before waiting", async (t) => {
  const step = atStepOffset(t, 10_000);
  const otp = new OtpAllocator([{ signer: "alice", seed: "JBSWY3DPEHPK3PXP" }]);
  const grants = [await otp.next("alice"), await otp.next("alice"), await otp.next("alice")];
  assert.deepEqual(grants.map((g) => g.step), [step, step + 1, step - 1]);
  assert.equal(grants.filter((g) => g.adjacent).length, 2);
  assert.ok(grants.every((g) => g.waitedMs === 0));
  await assert.rejects(otp.next("nobody"), /no TOTP seed/);
});

test("near a step's end no code is handed out that would reach the provider a step too old", async (t) => {
  // 2 s before the boundary: the previous step's code would arrive two steps old (outside a ±1
  // window), and a provider that accepts only the current step would see the current code one old.
  const step = atStepOffset(t, 28_000);
  const unknown = new OtpAllocator([{ signer: "alice", seed: "JBSWY3DPEHPK3PXP" }]);
  const pending = unknown.next("alice");
  await settle();
  t.mock.timers.tick(2_200);
  const first = await pending;
  assert.equal(first.step, step + 1, "waited the 2 s for the next step instead of racing the boundary");
  assert.ok(first.waitedMs > 0 && first.waitedMs < 5_000);
});

test("near a step's end, with adjacent steps seen accepted: the current and next codes, not the previous", async (t) => {
  const step = atStepOffset(t, 28_000);
  const accepting = new OtpAllocator([{ signer: "bob", seed: "JBSWY3DPEHPK3PXP" }]);
  accepting.adjacentAccepted();
  const grants = [await accepting.next("bob"), await accepting.next("bob")];
  // Adjacent steps are known to be accepted: the current and the next code still arrive in the window; not the previous one.
  assert.deepEqual(grants.map((g) => g.step), [step, step + 1]);
  const third = accepting.next("bob");
  await settle();
  t.mock.timers.tick(2_200);
  assert.equal((await third).step, step + 2, "in the next step, the step after it (its own and the previous are spent)");
});

test("a refusal is judged by status: 4xx pass, 2xx fail naming the effect, 5xx error", () => {
  assert.equal(mustRefuse(reply(400, { error: "invalid_request" }), "e", "w", "effect").status, "pass");
  const accepted = mustRefuse(reply(200), "e", "w", "the SAD signed twice");
  assert.equal(accepted.status, "fail");
  assert.match(en(accepted.observation.observed), /the SAD signed twice/);
  assert.equal(mustRefuse(reply(500), "e", "w", "x").status, "error");
  assert.equal(worst(["pass", "error", "fail"]), "fail");
  assert.equal(worst(["pass", "error"]), "error");
});

test("credentials/info v1 and v2 normalise to the same factors", () => {
  const v2 = describeCredential("alice", "c1", reply(200, { key: { algo: ["1.2.840.10045.4.3.2"], len: 256 }, cert: { certificates: ["AAEC"] }, auth: { mode: "explicit", objects: [{ type: "Password", id: "PIN" }, { type: "Password", id: "OTP" }] }, SCAL: "2", multisign: 5 }));
  const v1 = describeCredential("alice", "c1", reply(200, { key: { algo: ["1.2.840.10045.4.3.2"], len: 256 }, cert: { certificates: ["AAEC"] }, PIN: { presence: "true" }, OTP: { presence: "true" }, authMode: "explicit", SCAL: "2", multisign: 5 }));
  for (const d of [v1, v2]) {
    assert.ok(typeof d !== "string");
    assert.equal(d.asksPin, true);
    assert.equal(d.asksOtp, true);
    assert.equal(d.multisign, 5);
  }
  assert.match(String(describeCredential("a", "c", reply(200, { cert: { certificates: ["!!"] } }))), /not base64/);
});

test("conclude: a fail's summary quotes the binding departure, not an advisory one beside it", () => {
  const advisory = { status: "fail" as const, observation: { expected: "accurate cert/status", observed: "status says valid", where: "a", ok: false, basis: { source: "CSC-API-1.0.4", clause: "11.5", strength: "should" as const } } };
  const binding = { status: "fail" as const, observation: { expected: "within validity", observed: "expired 2020-01-01", where: "b", ok: false, basis: { source: "RFC-5280", clause: "4.1.2.5", strength: "shall" as const } } };
  const out = conclude([advisory, binding], { pass: "ok", fail: "bad" });
  assert.equal(out.status, "fail");
  assert.equal(en(out.summary), "bad: expired 2020-01-01");
  // With only the advisory departure the summary quotes it (the collector then makes it advisory).
  assert.equal(en(conclude([advisory], { pass: "ok", fail: "bad" }).summary), "bad: status says valid");
});
