/**
 * The SAD checks run through signatures/signDoc too where info offers it beside signHash (the
 * default profile): csc.sad.single-use, csc.sad.expiry, csc.sad.cross-credential and
 * csc.sad.cross-user make one observation per route, each naming its method; a fault on signDoc's
 * door alone (signHash refuses the same misuse) fails the check on the signDoc observation.
 */
import { en } from "../helpers/text.ts";
import { test } from "node:test";
import assert from "node:assert/strict";
import { startFixture } from "../../fixtures/rssp/index.ts";
import type { CheckRun } from "../../src/collect/run-checks.ts";
import { fixtureTarget, runChecks } from "./helpers/run-family.ts";
import { assertFailsWith, runAgainstFault } from "./helpers/fault-case.ts";

const SAD_CHECKS = ["csc.sad.single-use", "csc.sad.expiry", "csc.sad.cross-credential", "csc.sad.cross-user"];
const SIGN_HASH = /\/signatures\/signHash \(/;
const SIGN_DOC = /\/signatures\/signDoc \(/;

/** The observations of a run about one signing method. */
const about = (run: CheckRun, method: RegExp) => run.outcome.observations.filter((o) => method.test(o.where));

test("default profile (signHash and signDoc offered): each SAD check passes on both routes, each observation naming its method", async () => {
  const fixture = await startFixture();
  let runs: Map<string, CheckRun>;
  try {
    runs = await runChecks(fixtureTarget(fixture.assessmentFile), SAD_CHECKS);
  } finally {
    await fixture.stop();
  }
  for (const id of SAD_CHECKS) {
    const run = runs.get(id)!;
    assert.equal(run.outcome.status, "pass", `${id}: ${en(run.outcome.summary)}`);
    const hash = about(run, SIGN_HASH);
    const doc = about(run, SIGN_DOC);
    assert.ok(hash.length > 0 && hash.every((o) => o.ok), `${id}: signHash observations ${JSON.stringify(hash)}`);
    assert.ok(doc.length > 0 && doc.every((o) => o.ok && /^refused: /.test(en(o.observed))), `${id}: signDoc observations ${JSON.stringify(doc)}`);
    assert.ok(doc.every((o) => /signatures\/signDoc/.test(en(o.expected))), `${id}: the signDoc observation names its method`);
    const transcript = (run.outcome.evidence ?? []).map((e) => String(e.content)).join("\n");
    assert.match(transcript, /signatures\/signDoc/, `${id} called signDoc`);
  }
  // csc.sad.cross-user: both misuses (the SAD's own credential and the other signer's) on both routes.
  assert.equal(about(runs.get("csc.sad.cross-user")!, SIGN_DOC).length, 2);
});

/** The check a signDoc-only fault fails, and what its failing observation says. */
const CASES: Array<{ faults: string[]; check: string; effect: RegExp }> = [
  { faults: ["signdoc-sad-reusable", "signdoc-sad-never-expires"], check: "csc.sad.single-use", effect: /SAD signed a second time \(reusable SAD, signatures\/signDoc\)/ },
  { faults: ["signdoc-sad-reusable", "signdoc-sad-never-expires"], check: "csc.sad.expiry", effect: /still signed .* it never expires \(signatures\/signDoc\)/ },
  { faults: ["signdoc-sad-cross-credential"], check: "csc.sad.cross-credential", effect: /signDoc signed with cred-alice-02 on the SAD of cred-alice-01/ },
  { faults: ["signdoc-sad-cross-user"], check: "csc.sad.cross-user", effect: /bob signed through signDoc with alice's SAD/ },
];

for (const faults of [...new Set(CASES.map((c) => c.faults.join(",")))].map((f) => f.split(","))) {
  const cases = CASES.filter((c) => c.faults.join(",") === faults.join(","));
  test(`${faults.join(" + ")}: ${cases.map((c) => c.check).join(", ")} fail on the signDoc route while signHash refuses`, async () => {
    const runs = await runAgainstFault(faults, cases.map((c) => c.check));
    for (const c of cases) {
      assertFailsWith(runs, c.check, c.effect);
      const run = runs.get(c.check)!;
      assert.ok(about(run, SIGN_HASH).every((o) => o.ok), `${c.check}: signHash still refuses: ${JSON.stringify(about(run, SIGN_HASH))}`);
      const failing = run.outcome.observations.filter((o) => o.ok === false);
      assert.ok(failing.length > 0 && failing.every((o) => SIGN_DOC.test(o.where) && o.basis), `${c.check}: departures on signDoc, with a basis: ${JSON.stringify(failing)}`);
    }
  });
}
