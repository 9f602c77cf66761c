/**
 * Runs check definitions directly (no engine, no plan): one context shared by the checks of one
 * call, as an assessment shares it, so cached values (`ctx.shared`) are computed once.
 */
import { sharedValues } from "../../src/check/shared-values.ts";
import type { Check, CheckContext, CheckOutcome, Target } from "../../src/check/types.ts";

export function checkContext(target: Target, parameters: Record<string, unknown> = {}): CheckContext {
  return {
    target,
    level: 2,
    parameters,
    intrusive: false,
    signal: new AbortController().signal,
    shared: sharedValues(),
    log() {},
  };
}

/** Each check's outcome by id, run one after another. */
export async function runChecks(checks: readonly Check[], target: Target, parameters: Record<string, unknown> = {}): Promise<Map<string, CheckOutcome>> {
  const ctx = checkContext(target, parameters);
  const out = new Map<string, CheckOutcome>();
  for (const c of checks) out.set(c.id, await c.run(ctx));
  return out;
}
