/**
 * Test helper for "each fixture fault makes its check fail": starts the reference RSSP with one
 * fault, runs only the checks that target it, and returns their results.
 */
import { en } from "../../helpers/text.ts";
import { startFixture } from "../../../fixtures/rssp/index.ts";
import type { CheckRun } from "../../../src/collect/run-checks.ts";
import { fixtureTarget, runChecks, unscopedTarget } from "./run-family.ts";
import assert from "node:assert/strict";

/** `unscoped`: without the fixture's scope, so that probes may use carol's credential (a fault on her key). */
export async function runAgainstFault(fault: string | string[], checkIds: string[], options: { intrusive?: boolean; profile?: string; unscoped?: boolean } = {}): Promise<Map<string, CheckRun>> {
  const fixture = await startFixture({ faults: Array.isArray(fault) ? fault : [fault], ...(options.profile ? { profile: options.profile } : {}) });
  try {
    return await runChecks((options.unscoped ? unscopedTarget : fixtureTarget)(fixture.assessmentFile), checkIds, options);
  } finally {
    await fixture.stop();
  }
}

/** Asserts the check failed with an observation matching the fault's effect. */
export function assertFailsWith(runs: Map<string, CheckRun>, id: string, effect: RegExp): void {
  const run = runs.get(id);
  assert.ok(run, `${id} did not run`);
  assert.equal(run.outcome.status, "fail", `${id}: ${run.outcome.status} — ${run.outcome.summary}`);
  assert.ok(run.outcome.observations.some((o) => o.ok === false && effect.test(en(o.observed))), `${id}: no failing observation matches ${effect}: ${JSON.stringify(run.outcome.observations)}`);
}
