/**
 * Collect: runs the planned checks against the target with bounded concurrency and a time budget
 * each. A check that throws, times out or returns nonsense becomes `error` — never `pass`.
 * Shared values (`ctx.shared`) are computed once per assessment.
 */
import type { CheckContext, CheckOutcome, Parameters, Target } from "../check/types.ts";
import { describeError } from "../util/errors.ts";
import { sharedValues } from "../check/shared-values.ts";
import { statusByBasis } from "../check/basis.ts";
import { concat } from "../check/message.ts";
import { describeSkip, type Plan, type PlannedCheck } from "../plan/plan.ts";
import type { Level } from "../report/types.ts";

export const DEFAULT_CHECK_TIMEOUT_MS = 30_000;

export interface CheckRun {
  id: string;
  outcome: CheckOutcome;
  durationMs: number;
  /** Whether it actually ran (false: not-applicable or manual by plan). */
  ran: boolean;
  /** Not run for lack of access or of --intrusive: the requirement stays an open question. */
  unassessed: boolean;
}

export interface CollectOptions {
  target: Target;
  level: Level;
  parameters: Parameters;
  /** Parameters the assessment itself set (the rest are the catalog's defaults). */
  parametersSet?: readonly string[];
  intrusive: boolean;
  concurrency?: number;
  timeoutMs?: number;
  log?: (message: string) => void;
  /** Called as each check finishes (progress display). */
  onResult?: (run: CheckRun) => void;
}

/** Runs every planned check; results come back sorted by check ID. */
export async function collect(plan: Plan, options: CollectOptions): Promise<CheckRun[]> {
  const log = options.log ?? (() => {});
  const shared = sharedValues(log);
  const planned: ReadonlySet<string> = new Set(plan.checks.filter((c) => c.run).map((c) => c.id));
  const results: CheckRun[] = [];
  for (const stage of STAGES) {
    const queue = plan.checks.filter((c) => stage.includes(familyOf(c.id)));
    const worker = async () => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        const run = await runOne(next, { ...options, shared, log, planned });
        results.push(run);
        options.onResult?.(run);
      }
    };
    const n = Math.max(1, Math.min(options.concurrency ?? 4, queue.length || 1));
    await Promise.all(Array.from({ length: n }, worker));
  }
  return results.sort((a, b) => a.id.localeCompare(b.id));
}

/**
 * Families run in stages, each after the one before has finished:
 * live probes first (their own test transactions then appear in the provider's logs, which the
 * assessor can look for); the HSM next (it compares its keys with the credential certificates the
 * CSC checks fetched); logs after the probes; evidence documents last (they are compared with
 * what the probes observed, e.g. the HSM's model and firmware).
 */
const STAGES: ReadonlyArray<readonly string[]> = [["tls", "csc", "cert", "oauth"], ["hsm"], ["log"], ["evidence"]];

function familyOf(checkId: string): string {
  const family = checkId.split(".")[0]!;
  return STAGES.some((s) => s.includes(family)) ? family : "evidence";
}

async function runOne(
  planned: PlannedCheck,
  options: CollectOptions & { shared: CheckContext["shared"]; log: (m: string) => void; planned: ReadonlySet<string> },
): Promise<CheckRun> {
  if (!planned.run) {
    const status = planned.skip.kind === "not-built" ? "manual" : "not-applicable";
    const unassessed = planned.skip.kind === "unmet-needs" || planned.skip.kind === "intrusive";
    return { id: planned.id, ran: false, unassessed, durationMs: 0, outcome: { status, observations: [], summary: describeSkip(planned.skip) } };
  }
  const { check } = planned;
  const budget = check.timeoutMs ?? options.timeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS;
  const controller = new AbortController();
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const late = new CheckTimedOut(budget);
      controller.abort(late);
      reject(late);
    }, budget);
  });
  const ctx: CheckContext = {
    target: options.target,
    level: options.level,
    parameters: options.parameters,
    parametersSet: new Set(options.parametersSet ?? []),
    intrusive: options.intrusive,
    planned: options.planned,
    signal: controller.signal,
    shared: options.shared,
    log: (m) => options.log(`[${check.id}] ${m}`),
  };
  let outcome: CheckOutcome;
  try {
    outcome = sanitise(await Promise.race([check.run(ctx), timeout]));
  } catch (error) {
    const reason = error instanceof CheckTimedOut ? { ja: `制限時間（${error.budgetMs / 1000}秒）内に終わらなかった`, en: error.message } : { ja: describeError(error), en: describeError(error) };
    outcome = { status: "error", observations: [], summary: { ja: `結論できなかった: ${reason.ja}`, en: `could not conclude: ${reason.en}` } };
  } finally {
    clearTimeout(timer);
  }
  return { id: check.id, ran: true, unassessed: false, outcome, durationMs: Math.round(performance.now() - started) };
}

/** A check that ran past its time budget (the check's own `timeoutMs`, else the default). */
class CheckTimedOut extends Error {
  constructor(readonly budgetMs: number) {
    super(`timed out after ${budgetMs} ms`);
  }
}

const STATUSES = new Set(["pass", "advisory", "fail", "error", "not-applicable", "manual"]);

/** A check's return value is trusted for shape only after this: anything odd is an error. */
function sanitise(outcome: CheckOutcome): CheckOutcome {
  if (!outcome || !STATUSES.has(outcome.status) || !Array.isArray(outcome.observations)) {
    return { status: "error", observations: [], summary: { ja: "チェックが有効な結果を返さなかった", en: "the check returned no valid outcome" } };
  }
  if ((outcome.status === "pass" || outcome.status === "advisory") && outcome.observations.length === 0) {
    // A pass must show what it looked at; a silent pass is indistinguishable from a check that did nothing.
    return { ...outcome, status: "error", summary: concat("passed without any observation: ", outcome.summary) };
  }
  // A fail that rests only on SHOULD/MAY text is an observation (観察事項), not a nonconformity.
  return { ...outcome, status: statusByBasis(outcome), summary: outcome.summary || outcome.status };
}
