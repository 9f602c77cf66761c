/**
 * csc.authorize.lockout's two routes (v1 §11.6 NOTE 1: "a wrong PIN or OTP"): a wrong PIN with a
 * well-formed OTP, and — when the provider refuses that as a format error — the real PIN with a
 * wrong OTP. Each refusal must be an authentication failure; refusals that prove nothing make the
 * check `error`. Live on both conformant bases.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { en } from "../helpers/text.ts";
import type { CscReply } from "../../src/csc/client.ts";
import { abandonRoute, classifyRefusal, routesFor } from "../../checks/csc/authorize.lockout.ts";
import { departuresWithoutBasis } from "../../src/check/basis.ts";
import { assertFailsWith, runAgainstFault } from "./helpers/fault-case.ts";

const reply = (status: number, error?: string, errorDescription?: string): CscReply => ({ method: "m", status, ok: status >= 200 && status < 300, body: {}, contentType: "application/json", error, errorDescription });

test("routes: a format refusal of the first attempt moves to the next route; CSC format wordings are format errors", () => {
  assert.deepEqual(routesFor(true), ["wrong-pin", "wrong-otp"]);
  assert.deepEqual(routesFor(false), ["wrong-pin"]);
  assert.equal(abandonRoute(1, "format", true), true);
  assert.equal(abandonRoute(1, "server-error", true), true);
  assert.equal(abandonRoute(1, "format", false), false);
  assert.equal(abandonRoute(2, "format", true), false);
  assert.equal(abandonRoute(1, "auth-failure", true), false);
  assert.equal(classifyRefusal(reply(400, "invalid_request", "Invalid parameter PIN")), "format");
  assert.equal(classifyRefusal(reply(400, "invalid_otp", "The OTP is invalid")), "auth-failure");
  assert.equal(classifyRefusal(reply(400, "invalid_request", "OTP locked")), "locked");
});

const lockout = "csc.authorize.lockout";

for (const profile of ["conformant", "conformant-variant"]) {
  test(`${profile} + pin-failure-as-format: the real PIN with wrong OTPs locks the credential (pass)`, async () => {
    const runs = await runAgainstFault("pin-failure-as-format", [lockout], { profile, intrusive: true });
    const run = runs.get(lockout)!;
    assert.equal(run.outcome.status, "pass", en(run.outcome.summary));
    assert.ok(run.outcome.observations.some((o) => /real PIN with a wrong OTP: locked at attempt \d/.test(en(o.observed))), JSON.stringify(run.outcome.observations));
  });

  test(`${profile} + pin-failure-as-format + no-pin-lockout: not locked after wrong OTPs (fail)`, async () => {
    const runs = await runAgainstFault(["pin-failure-as-format", "no-pin-lockout"], [lockout], { profile, intrusive: true });
    assertFailsWith(runs, lockout, /not locked: the correct PIN still authorizes after \d+ consecutive wrong OTPs/);
    assert.deepEqual(departuresWithoutBasis(runs.get(lockout)!.outcome), []);
  });

  test(`${profile} + auth-failure-as-format: refusals that are format errors prove nothing (error)`, async () => {
    const runs = await runAgainstFault("auth-failure-as-format", [lockout], { profile, intrusive: true });
    const run = runs.get(lockout)!;
    assert.equal(run.outcome.status, "error", en(run.outcome.summary));
    assert.match(en(run.outcome.summary), /no refusal was an authentication failure \(tried: wrong PIN, real PIN with a wrong OTP;.*the refusals prove nothing/);
  });
}
