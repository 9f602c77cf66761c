/**
 * A provider that signs through signatures/signDoc only (design profile signdoc-only): every
 * signature and SAD check runs through signDoc and passes (or is not-applicable with a reason).
 */
import { en } from "../helpers/text.ts";
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { startFixture, type RunningFixture } from "../../fixtures/rssp/index.ts";
import { describeRuns, fixtureTarget, runChecks } from "./helpers/run-family.ts";

let fixture: RunningFixture;
before(async () => {
  fixture = await startFixture({ profile: "signdoc-only" });
});
after(async () => {
  await fixture?.stop();
});

test("signdoc-only: every csc check passes or is not-applicable, the signing ones through signDoc", async () => {
  const runs = await runChecks(fixtureTarget(fixture.assessmentFile), ["csc", "cert.key-matches-credential"], { intrusive: true });
  for (const run of runs.values()) {
    const expected = run.id === "csc.sad.max-uses" ? ["advisory"] : ["pass", "not-applicable"];
    assert.ok(expected.includes(run.outcome.status), `${run.id}: ${run.outcome.status} — ${en(run.outcome.summary)}\n${describeRuns(runs)}`);
  }
  for (const id of ["csc.signature.verifies", "csc.sad.hash-binding", "csc.sad.single-use", "csc.sad.cross-credential", "csc.sad.cross-user", "csc.sad.expiry"]) {
    const run = runs.get(id)!;
    assert.equal(run.outcome.status, "pass", `${id}: ${en(run.outcome.summary)}`);
    const transcript = (run.outcome.evidence ?? []).map((e) => String(e.content)).join("\n");
    assert.match(transcript, /signatures\/signDoc/, `${id} did not sign through signDoc`);
    assert.doesNotMatch(transcript, /signatures\/signHash/, `${id} called signHash`);
  }
  assert.match(en(runs.get("csc.signature.verifies")!.outcome.observations.find((o) => o.ok)!.observed), /CAdES-B-B signature object\(s\) validate/);
});
