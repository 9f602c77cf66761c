/**
 * Japanese is a first language: every oauth check writes its summary and each
 * observation's expectation as { ja, en } on the reference RSSP (observed values may be plain:
 * values quoted as received).
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { startFixture, type RunningFixture } from "../../fixtures/rssp/index.ts";
import { fixtureTarget, runChecks } from "../csc/helpers/run-family.ts";

let fixture: RunningFixture;
before(async () => {
  fixture = await startFixture({});
});
after(async () => {
  await fixture?.stop();
});

const isText = (m: unknown) => typeof m === "object" && m !== null && typeof (m as { ja?: unknown }).ja === "string" && typeof (m as { en?: unknown }).en === "string";

test("oauth checks (intrusive included): summaries and expectations are bilingual", async () => {
  const runs = await runChecks(fixtureTarget(fixture.assessmentFile), ["oauth"], { intrusive: true });
  const plain: string[] = [];
  for (const run of runs.values()) {
    if (!run.ran) continue;
    if (!isText(run.outcome.summary)) plain.push(`${run.id} summary: ${String(run.outcome.summary)}`);
    for (const o of run.outcome.observations) if (!isText(o.expected)) plain.push(`${run.id} expected: ${String(o.expected)}`);
  }
  assert.deepEqual(plain, []);
});
