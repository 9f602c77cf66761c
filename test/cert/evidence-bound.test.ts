/**
 * Checks that judge against what the assessment names, live on both conformant bases:
 * cert.policies (cert.requiredPolicies or the service-policy evidence's policyOids) and
 * cert.retention-horizon (the retention the provider's documents declare vs retention.years).
 * Nothing named: pass with the reason; named and missing: fail with the basis.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { en } from "../helpers/text.ts";
import { tempDir } from "../helpers/temp.ts";
import { startFixture } from "../../fixtures/rssp/index.ts";
import { SIGNER_POLICY_OID } from "../../fixtures/rssp/pki.ts";
import { departuresWithoutBasis } from "../../src/check/basis.ts";
import { namedPolicies } from "../../checks/cert/policies.ts";
import { fixtureTarget, runChecks } from "../csc/helpers/run-family.ts";
import { messageIn } from "../../src/check/types.ts";

function evidence(name: string, o: { policyOids?: string[]; retentionYears: number }): string {
  const dir = tempDir(name);
  const lines = [
    "kind: service-policy",
    "collected: '2026-10-01'",
    "url: https://127.0.0.1/policy/v1.0",
    "version: '1.0'",
    "published: '2026-09-01'",
    "algorithms:",
    "- name: ECDSA",
    "  curve: P-256",
    `retentionYears: ${o.retentionYears}`,
    ...(o.policyOids ? ["policyOids:", ...o.policyOids.map((x) => `- '${x}'`)] : []),
  ];
  writeFileSync(join(dir, "service-policy.yaml"), `${lines.join("\n")}\n`);
  return dir;
}

test("namedPolicies: the parameter's OIDs, then each service-policy document's policyOids, each with its basis", () => {
  const named = namedPolicies(["1.2.3"], [
    { name: "sp.yaml", kind: "service-policy", value: { policyOids: ["1.2.4"] } },
    { name: "rr.yaml", kind: "record-retention", value: { policyOids: ["9.9"] } },
  ]);
  assert.deepEqual(named.map((n) => n.oid), ["1.2.3", "1.2.4"]);
  assert.equal(named[0]!.basis.clause, "parameter cert.requiredPolicies");
  assert.match(messageIn(named[1]!.basis.clause, "en"), /service-policy policyOids \(sp\.yaml\)/);
  assert.deepEqual(namedPolicies(undefined, []), []);
});

for (const profile of ["conformant", "conformant-variant"]) {
  test(`${profile}: cert.policies and cert.retention-horizon judge only against what the assessment names`, async () => {
    const fixture = await startFixture({ profile });
    try {
      const ids = ["cert.policies", "cert.retention-horizon"];
      const run = async (evidenceDir?: string) => {
        const target = fixtureTarget(fixture.assessmentFile);
        if (evidenceDir) target.evidenceDir = evidenceDir;
        else delete target.evidenceDir;
        return runChecks(target, ids);
      };
      // Nothing named: pass, saying so (the variant's certificates carry no certificatePolicies at all).
      const none = await run();
      const p0 = none.get("cert.policies")!.outcome;
      assert.equal(p0.status, "pass", en(p0.summary));
      assert.match(en(p0.summary), /no policy named by the assessment/);
      if (profile === "conformant-variant") assert.ok(p0.observations.some((o) => /no certificatePolicies extension/.test(en(o.observed))));
      assert.equal(none.get("cert.retention-horizon")!.outcome.status, "pass");

      // The service policy names the fixture's policy and keeps records 10 years.
      const named = await run(evidence("policy-named", { policyOids: [SIGNER_POLICY_OID], retentionYears: 10 }));
      const p1 = named.get("cert.policies")!.outcome;
      const r1 = named.get("cert.retention-horizon")!.outcome;
      assert.equal(r1.status, "pass", en(r1.summary));
      if (profile === "conformant") assert.equal(p1.status, "pass", en(p1.summary));
      else {
        // Named by the evidence and missing: fail, on the provider's own declaration.
        assert.equal(p1.status, "fail", en(p1.summary));
        const bad = p1.observations.filter((o) => o.ok === false);
        assert.ok(bad.length > 0);
        for (const o of bad) {
          assert.match(en(o.expected), new RegExp(`one of ${SIGNER_POLICY_OID.replace(/\./g, "\\.")} \\(service-policy\\.yaml policyOids\\)`));
          assert.equal(o.basis?.source, "ASSESSMENT");
          assert.match(messageIn(o.basis!.clause, "en"), /service-policy policyOids/);
        }
      }

      // A policy nobody's certificate carries, and a retention shorter than retention.years: both fail with a basis.
      const short = await run(evidence("policy-other", { policyOids: ["1.3.6.1.4.1.55555.9.9"], retentionYears: 7 }));
      const p2 = short.get("cert.policies")!.outcome;
      const r2 = short.get("cert.retention-horizon")!.outcome;
      assert.equal(p2.status, "fail", en(p2.summary));
      assert.equal(r2.status, "fail", en(r2.summary));
      assert.ok(r2.observations.some((o) => o.ok === false && /service-policy\.yaml keeps records 7 years: only until/.test(en(o.observed)) && o.basis?.strength === "shall"));
      for (const o of [p2, r2]) assert.deepEqual(departuresWithoutBasis(o), []);
    } finally {
      await fixture.stop();
    }
  });
}
