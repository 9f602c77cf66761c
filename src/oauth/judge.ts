/**
 * Small helpers the oauth.* checks share: run against the session (or report why OAuth cannot be
 * assessed), and turn a refusal/acceptance into an observation.
 */
import type { CheckContext, CheckOutcome, Observation, RawEvidence } from "../check/types.ts";
import { CscError } from "../csc/client.ts";
import { HttpError } from "../csc/http.ts";
import { RecipeMismatch } from "./login-driver.ts";
import { oauthSession, transcriptEvidence, unavailableOutcome, type OAuthSession } from "./session.ts";

export async function withOAuth(ctx: CheckContext, where: string, judge: (s: OAuthSession) => Promise<CheckOutcome>): Promise<CheckOutcome> {
  let session: Awaited<ReturnType<typeof oauthSession>>;
  try {
    session = await oauthSession(ctx);
  } catch (error) {
    return cannotConclude(error, where);
  }
  if (!("client" in session)) return unavailableOutcome(session, where);
  try {
    const outcome = await judge(session);
    return { ...outcome, evidence: [...(outcome.evidence ?? []), transcriptEvidence(session)] };
  } catch (error) {
    return { ...cannotConclude(error, where), evidence: [transcriptEvidence(session)] };
  }
}

function cannotConclude(error: unknown, where: string): CheckOutcome {
  const reason = error instanceof RecipeMismatch || error instanceof CscError || error instanceof HttpError ? error.message : `unexpected: ${(error as Error).message?.split("\n")[0]}`;
  return { status: "error", summary: `could not conclude: ${reason}`, observations: [{ expected: "a completed probe", observed: reason, where }] };
}

/** A single-observation outcome. */
export function verdict(ok: boolean, o: Omit<Observation, "ok">, summary: { pass: string; fail: string }, evidence?: RawEvidence[]): CheckOutcome {
  return { status: ok ? "pass" : "fail", summary: ok ? summary.pass : summary.fail, observations: [{ ...o, ok }], ...(evidence ? { evidence } : {}) };
}

/** `HTTP 400 invalid_request` or `HTTP 200` for observations. */
export function described(r: { status: number; error?: string } | undefined): string {
  if (!r) return "not tried";
  return `HTTP ${r.status}${r.error ? ` ${r.error}` : ""}`;
}

export const refused = (r: { status: number } | undefined) => r !== undefined && r.status >= 400;
