/**
 * The survey as the hsm.* checks get it: computed once per assessment through `ctx.shared`, so
 * the token is opened, read and finalised once however many checks look at it.
 */
import type { CheckContext } from "../check/types.ts";
import { CannotFinishError } from "../util/errors.ts";
import { DEFAULT_RANDOM_BITS, surveyToken } from "./survey.ts";
import type { TokenSurvey } from "./survey-types.ts";

/** The `ctx.shared` key of the survey. */
export const SURVEY_KEY = "hsm:survey";

/** Time budget of every hsm.* check: the first one to run pays for the survey (key reads, export probes, 256 KiB of random). */
export const HSM_CHECK_TIMEOUT_MS = 5 * 60_000;

/** Random bits drawn: the tested sequence and an equally long one that must confirm any failure. */
export function randomBitsFor(ctx: Pick<CheckContext, "parameters">): number {
  const tested = Number(ctx.parameters["hsm.rng.bits"] ?? DEFAULT_RANDOM_BITS);
  return 2 * Math.max(DEFAULT_RANDOM_BITS, Number.isFinite(tested) ? tested : DEFAULT_RANDOM_BITS);
}

/** The token survey of this assessment. */
export function tokenSurvey(ctx: CheckContext): Promise<TokenSurvey> {
  const hsm = ctx.target.hsm;
  if (!hsm) return Promise.reject(new CannotFinishError("the assessment names no HSM (target.hsm)"));
  return ctx.shared(SURVEY_KEY, (log) => surveyToken(hsm, { signal: ctx.signal, log, randomBits: randomBitsFor(ctx) }));
}
