/**
 * Test helper: runs built checks (by ID prefix) against a target through the engine's own
 * collector, with the catalog's default parameters — the same path `rssp-audit assess` takes.
 */
import { messageIn } from "../../../src/check/types.ts";
import { loadRegistry } from "../../../src/check/registry.ts";
import { loadAssessmentConfig } from "../../../src/config/load-config.ts";
import { collect, type CheckRun } from "../../../src/collect/run-checks.ts";
import { loadCatalog, resolveParameters } from "../../../src/catalog/load.ts";
import type { Target } from "../../../src/check/types.ts";
import type { Plan } from "../../../src/plan/plan.ts";
import { capabilitiesOf } from "../../../src/plan/plan.ts";

export interface RunOptions {
  intrusive?: boolean;
  parameters?: Record<string, unknown>;
  concurrency?: number;
}

/** Runs every built check whose ID starts with one of the prefixes; results by ID. */
export async function runChecks(target: Target, prefixes: string[], options: RunOptions = {}): Promise<Map<string, CheckRun>> {
  const registry = await loadRegistry();
  const caps = capabilitiesOf(target);
  const checks = registry.checks.filter((c) => prefixes.some((p) => c.id === p || c.id.startsWith(p.endsWith(".") ? p : `${p}.`) || (p.endsWith("*") && c.id.startsWith(p.slice(0, -1)))));
  const plan: Plan = {
    level: 2,
    controls: [],
    checks: checks.map((check) => {
      const missing = check.needs.filter((n) => !caps.has(n));
      if (missing.length) return { id: check.id, run: false as const, check, skip: { kind: "unmet-needs" as const, missing } };
      if (check.intrusive && !options.intrusive) return { id: check.id, run: false as const, check, skip: { kind: "intrusive" as const } };
      return { id: check.id, run: true as const, check };
    }),
  };
  const parameters = { ...resolveParameters(loadCatalog()), ...options.parameters };
  const runs = await collect(plan, { target, level: 2, parameters, parametersSet: Object.keys(options.parameters ?? {}), intrusive: options.intrusive ?? false, concurrency: options.concurrency });
  return new Map(runs.map((r) => [r.id, r]));
}

/** The target of a fixture's assessment.yaml (its scope excludes carol's PIN-only SCAL 1 credential). */
export function fixtureTarget(assessmentFile: string): Target {
  return loadAssessmentConfig(assessmentFile).target;
}

/**
 * The same target without the scope's exclusions: for tests of probes that need carol's credential
 * (the fixture's only single-factor and only RSA one) — with the scope, no probe touches it.
 */
export function unscopedTarget(assessmentFile: string): Target {
  return { ...fixtureTarget(assessmentFile), excludedCredentials: undefined };
}

/** One line per run, for assertion messages. */
export function describeRuns(runs: Map<string, CheckRun>): string {
  return [...runs.values()].map((r) => `${r.id}: ${r.outcome.status} — ${messageIn(r.outcome.summary, "en")}`).join("\n");
}
