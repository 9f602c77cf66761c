/**
 * Test helper — Japanese is a first language: every summary and each observation's expectation a
 * check writes is { ja, en } (observed values may be plain: values quoted as received).
 * `plainTexts` lists the texts that are not; `assertFamilyBilingual` runs whole families against
 * the reference RSSP and asserts there are none.
 */
import assert from "node:assert/strict";
import type { CheckOutcome } from "../../src/check/types.ts";
import { startFixture, type FixtureOptions } from "../../fixtures/rssp/index.ts";
import { fixtureTarget, runChecks } from "../csc/helpers/run-family.ts";

/** Whether a message is a { ja, en } text. */
export function isText(m: unknown): boolean {
  return typeof m === "object" && m !== null && typeof (m as { ja?: unknown }).ja === "string" && typeof (m as { en?: unknown }).en === "string";
}

/** One line per summary or expectation that is a plain string, labelled `label id`. */
export function plainTexts(outcomes: Iterable<[string, CheckOutcome]>, label = ""): string[] {
  const plain: string[] = [];
  const at = (id: string) => (label ? `${label} ${id}` : id);
  for (const [id, o] of outcomes) {
    if (!isText(o.summary)) plain.push(`${at(id)} summary: ${String(o.summary)}`);
    for (const x of o.observations) if (!isText(x.expected)) plain.push(`${at(id)} expected: ${String(x.expected)}`);
  }
  return plain;
}

export interface BilingualOptions {
  /** Run intrusive checks too (default true: their texts are shown as well). */
  intrusive?: boolean;
  /** Checks left out of the scan (by ID), e.g. csc.protocol.* whose texts quote the CSC text. */
  skip?: (id: string) => boolean;
  /** The fixture's options (a fault or profile whose failing texts are to be scanned). */
  fixture?: FixtureOptions;
}

/** Runs the families (check ID prefixes) against a fresh reference RSSP and asserts every text that ran is bilingual. */
export async function assertFamilyBilingual(families: string[], options: BilingualOptions = {}): Promise<void> {
  const fixture = await startFixture(options.fixture ?? {});
  try {
    const runs = await runChecks(fixtureTarget(fixture.assessmentFile), families, { intrusive: options.intrusive ?? true });
    const ran = [...runs.values()].filter((r) => r.ran && !options.skip?.(r.id));
    assert.ok(ran.length > 0, `no check of ${families.join(", ")} ran`);
    assert.deepEqual(plainTexts(ran.map((r) => [r.id, r.outcome] as [string, CheckOutcome])), []);
  } finally {
    await fixture.stop();
  }
}
