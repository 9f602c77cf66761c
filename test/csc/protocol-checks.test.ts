/**
 * csc.protocol.*: every check passes against the reference RSSP, and each protocol deviation it
 * targets, switched on as a fault, makes it report an advisory with its CSC basis.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { startFixture } from "../../fixtures/rssp/index.ts";
import { describeRuns, fixtureTarget, runChecks } from "./helpers/run-family.ts";
import { en } from "../helpers/text.ts";

async function run(faults: string[]) {
  const fixture = await startFixture({ faults });
  try {
    return await runChecks(fixtureTarget(fixture.assessmentFile), ["csc.protocol"]);
  } finally {
    await fixture.stop();
  }
}

test("against the reference RSSP every csc.protocol.* check passes", { timeout: 120_000 }, async () => {
  const runs = await run([]);
  assert.ok(runs.size >= 1, "the protocol checks ran");
  for (const r of runs.values()) assert.equal(r.outcome.status, "pass", describeRuns(runs));
});

test("v2-info-incomplete and v2-info-both-oauth2 make csc.protocol.info-fields advisory, with the v2 §11.1 basis", { timeout: 120_000 }, async () => {
  const runs = await run(["v2-info-incomplete", "v2-info-both-oauth2"]);
  const r = runs.get("csc.protocol.info-fields")!;
  assert.equal(r.outcome.status, "advisory", describeRuns(runs));
  const gone = r.outcome.observations.filter((o) => o.ok === false);
  assert.ok(gone.some((o) => /missing signAlgorithms/.test(en(o.observed))), JSON.stringify(gone));
  assert.ok(gone.some((o) => /oauth2 and oauth2Issuer/.test(en(o.observed))), JSON.stringify(gone));
  for (const o of gone) assert.deepEqual(o.basis, { source: "CSC-API-2.0", clause: "11.1", strength: "shall" });
});
