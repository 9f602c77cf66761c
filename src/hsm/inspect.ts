/**
 * `rssp-audit hsm inspect` without the terminal: survey one token, run every hsm.* check on the
 * survey, and derive each key's verdict per check from the checks' observations. Input problems
 * (missing module, unknown label, wrong PIN) propagate as InputError before any check runs.
 */
import { concat } from "../check/message.ts";
import type { Check, CheckContext, CheckOutcome, CheckStatus, Parameters } from "../check/types.ts";
import { loadRegistry } from "../check/registry.ts";
import { describeError } from "../util/errors.ts";
import { randomBitsFor, SURVEY_KEY } from "./assessment-survey.ts";
import { inventoryOf, type TokenInventory } from "./inventory.ts";
import { surveyToken } from "./survey.ts";
import type { HsmAccess } from "./token-session.ts";
import { describeKey, isSigningKey, type TokenSurvey } from "./survey-types.ts";

/** One check's result in an inspection. */
export interface InspectedCheck extends CheckOutcome {
  id: string;
}

/** A key's verdict per check: `-` when the check says nothing about this key. */
export type KeyVerdict = CheckStatus | "-";

export interface InspectedKey {
  /** `label (id 01, EC P-256)` — the subject the checks' observations use. */
  key: string;
  uri: string;
  role: "signing key" | "private key" | "secret key";
  verdicts: Record<string, KeyVerdict>;
}

export interface Inspection {
  schema: "rssp-audit/hsm-inspect/v1";
  inventory: TokenInventory;
  keys: InspectedKey[];
  checks: InspectedCheck[];
  /** fail if any check fails, else error if any errs, else pass. */
  conclusion: "pass" | "fail" | "error";
}

export interface InspectOptions {
  parameters?: Parameters;
  /** An evidence folder (hsm.token.info compares the token with its hsm-certification document). */
  evidenceDir?: string;
  log?: (message: string) => void;
  signal?: AbortSignal;
}

/** Surveys the token once and runs every hsm.* check on the survey. */
export async function inspectToken(access: HsmAccess, options: InspectOptions = {}): Promise<Inspection> {
  const parameters = options.parameters ?? {};
  const log = options.log ?? (() => {});
  const survey = await surveyToken(access, { randomBits: randomBitsFor({ parameters }), log, ...(options.signal ? { signal: options.signal } : {}) });
  const checks = (await loadRegistry()).checks.filter((c) => c.family === "hsm");
  const results: InspectedCheck[] = [];
  for (const check of checks) results.push({ id: check.id, ...(await runOnSurvey(check, survey, access, parameters, log, options.evidenceDir)) });
  return { schema: "rssp-audit/hsm-inspect/v1", inventory: inventoryOf(survey), keys: keyVerdicts(survey, results), checks: results, conclusion: conclude(results) };
}

async function runOnSurvey(check: Check, survey: TokenSurvey, access: HsmAccess, parameters: Parameters, log: (m: string) => void, evidenceDir?: string): Promise<CheckOutcome> {
  const ctx: CheckContext = {
    target: { name: `token ${access.token}`, hsm: access, logs: [], trustAnchors: [], ...(evidenceDir ? { evidenceDir } : {}) },
    level: 3,
    parameters,
    intrusive: false,
    signal: new AbortController().signal,
    // The survey is already there; anything else a check shares (e.g. CSC certificates) is computed as usual.
    shared: <T>(key: string, compute: (log: (message: string) => void) => Promise<T>) => (key === SURVEY_KEY ? Promise.resolve(survey as T) : compute(log)),
    log: (m) => log(`[${check.id}] ${m}`),
  };
  try {
    const outcome = await check.run(ctx);
    if (outcome.status === "pass" && outcome.observations.length === 0) return { ...outcome, status: "error", summary: concat({ ja: "観測なしで合格した：", en: "passed without any observation: " }, outcome.summary) };
    return outcome;
  } catch (error) {
    return { status: "error", summary: { ja: `結論を出せなかった：${describeError(error)}`, en: `could not conclude: ${describeError(error)}` }, observations: [] };
  }
}

function keyVerdicts(survey: TokenSurvey, checks: InspectedCheck[]): InspectedKey[] {
  const rows = [
    ...survey.privateKeys.map((k) => ({ key: describeKey(k), uri: k.uri, role: isSigningKey(k) ? ("signing key" as const) : ("private key" as const) })),
    ...survey.secretKeys.map((k) => ({ key: describeKey(k), uri: k.uri, role: "secret key" as const })),
  ];
  return rows.map((row) => ({ ...row, verdicts: Object.fromEntries(checks.map((c) => [c.id, verdictFor(row.key, c)])) }));
}

/** A key's verdict in one check, from the observations about it. */
function verdictFor(key: string, check: InspectedCheck): KeyVerdict {
  const about = check.observations.filter((o) => o.subject === key);
  if (about.length === 0) return "-";
  if (about.some((o) => o.ok === false)) return "fail";
  if (check.status === "not-applicable") return "not-applicable";
  if (about.some((o) => o.ok === undefined)) return "error";
  return "pass";
}

function conclude(checks: InspectedCheck[]): Inspection["conclusion"] {
  if (checks.some((c) => c.status === "fail")) return "fail";
  if (checks.some((c) => c.status === "error")) return "error";
  return "pass";
}
