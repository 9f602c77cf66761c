/**
 * par.requestUriMaxSeconds changes oauth.par.request-uri-expiry's result on the csc-2.2-par
 * profile, whose request_uris live 10 s: the default ceiling (600 s) passes them, 5 s fails them
 * with the parameter as basis. No login is made (no one-time code spent).
 */
import { en } from "../helpers/text.ts";
import { test } from "node:test";
import assert from "node:assert/strict";
import { startFixture } from "../../fixtures/rssp/index.ts";
import { fixtureTarget, runChecks } from "../csc/helpers/run-family.ts";

const ID = "oauth.par.request-uri-expiry";

test("par.requestUriMaxSeconds: 600 passes 10-second request_uris, 5 fails them", { timeout: 120_000 }, async () => {
  const fixture = await startFixture({ profile: "csc-2.2-par" });
  try {
    const target = fixtureTarget(fixture.assessmentFile);
    const lenient = (await runChecks(target, [ID], { parameters: { "par.requestUriMaxSeconds": 600 } })).get(ID)!;
    assert.equal(lenient.outcome.status, "pass", en(lenient.outcome.summary));
    const strict = (await runChecks(target, [ID], { parameters: { "par.requestUriMaxSeconds": 5 } })).get(ID)!;
    assert.equal(strict.outcome.status, "fail", en(strict.outcome.summary));
    assert.match(en(strict.outcome.summary), /longer than 5 s/);
    const departure = strict.outcome.observations.find((o) => o.ok === false)!;
    assert.ok(departure.basis, "the departure carries the parameter's basis");
  } finally {
    await fixture.stop();
  }
});
