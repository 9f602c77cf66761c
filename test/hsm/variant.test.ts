/**
 * The hsm, cert and tls checks on the reference RSSP's `conformant-variant` profile (keys without
 * CKA_ALLOWED_MECHANISMS, certificates without certificatePolicies, an RSA oauth2code credential…):
 * nothing fails or errs; what departs from practice only is advisory and says on which text.
 * One fixture per process: SoftHSM reads SOFTHSM2_CONF once.
 */
import { en } from "../helpers/text.ts";
import { test } from "node:test";
import assert from "node:assert/strict";
import { startFixture } from "../../fixtures/rssp/index.ts";
import { fixtureTarget, runChecks } from "../csc/helpers/run-family.ts";

test("conformant-variant: every hsm/cert/tls check passes (or is not-applicable / advisory with its basis); weak HSM mechanisms are advisory, not failures", { timeout: 180_000 }, async () => {
  const fixture = await startFixture({ profile: "conformant-variant" });
  try {
    const runs = await runChecks(fixtureTarget(fixture.assessmentFile), ["hsm", "cert", "tls"]);
    const bad = [...runs.values()].filter((r) => !["pass", "not-applicable", "advisory"].includes(r.outcome.status)).map((r) => `${r.id}: ${r.outcome.status} — ${en(r.outcome.summary)}`);
    assert.deepEqual(bad, []);
    for (const r of runs.values()) {
      if (r.outcome.status !== "advisory") continue;
      assert.ok(r.outcome.observations.filter((o) => o.ok === false).every((o) => o.basis && o.basis.strength !== "shall"), `${r.id} advisory rests on a should/may basis`);
    }
    const weak = runs.get("hsm.mechanisms.weak")!;
    assert.equal(weak.outcome.status, "advisory", en(weak.outcome.summary));
    assert.match(JSON.stringify(weak.outcome.observations.map((o) => en(o.observed))), /CKA_ALLOWED_MECHANISMS not set/);
    assert.equal(runs.get("cert.policies")!.outcome.status, "pass", "no policy named: certificates without certificatePolicies are not a failure");
  } finally {
    await fixture.stop();
  }
});
