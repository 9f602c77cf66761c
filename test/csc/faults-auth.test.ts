/** Activation and signature faults of the reference RSSP, one fixture start per fault. */
import { en } from "../helpers/text.ts";
import { test } from "node:test";
import assert from "node:assert/strict";
import { assertFailsWith, runAgainstFault } from "./helpers/fault-case.ts";

test("no-pin-lockout: the correct PIN still works after repeated failures (intrusive)", async () => {
  const runs = await runAgainstFault("no-pin-lockout", ["csc.authorize.lockout"], { intrusive: true });
  assertFailsWith(runs, "csc.authorize.lockout", /not locked: the correct PIN still authorizes after 10 consecutive wrong PINs/);
});

test("the lock-out probe does not run without --intrusive", async () => {
  const runs = await runAgainstFault("no-pin-lockout", ["csc.authorize.lockout"]);
  const run = runs.get("csc.authorize.lockout")!;
  assert.equal(run.ran, false);
  assert.equal(run.outcome.status, "not-applicable");
});

test("otp-replay-accepted: a TOTP code works twice", async () => {
  const runs = await runAgainstFault("otp-replay-accepted", ["csc.authorize.otp-replay"]);
  assertFailsWith(runs, "csc.authorize.otp-replay", /same TOTP code was accepted a second time/);
});

test("single-factor-scal2: a SCAL 2 credential authorizes with the PIN alone", async () => {
  const runs = await runAgainstFault("single-factor-scal2", ["csc.authorize.otp-required", "csc.authorize.otp-replay"]);
  assertFailsWith(runs, "csc.authorize.otp-required", /PIN alone authorized a credential declaring SCAL 2/);
  // The replay probe does not blame replay detection when the OTP is not checked at all.
  assert.equal(runs.get("csc.authorize.otp-replay")!.outcome.status, "error");
  assert.match(en(runs.get("csc.authorize.otp-replay")!.outcome.summary), /OTP is not verified at all/);
});

test("sha1-accepted: a SHA-1 hash is signed", async () => {
  const runs = await runAgainstFault("sha1-accepted", ["csc.algo.weak-hash-refused"]);
  assertFailsWith(runs, "csc.algo.weak-hash-refused", /SHA-1 hash was signed/);
});

test("wrong-signature: returned signatures do not verify over the submitted hash", async () => {
  const runs = await runAgainstFault("wrong-signature", ["csc.signature.verifies", "cert.key-matches-credential"]);
  assertFailsWith(runs, "csc.signature.verifies", /do not verify over the submitted hash/);
  assertFailsWith(runs, "cert.key-matches-credential", /does not sign with the certified key/);
});
