/**
 * Small helpers the oauth.* checks share: run against the session (or report why OAuth cannot be
 * assessed), and turn a refusal/acceptance into an observation.
 */
import type { Basis, CheckContext, CheckOutcome, Message, Observation, RawEvidence } from "../check/types.ts";

import { CscError } from "../csc/client.ts";
import { HttpError } from "../csc/http.ts";
import { RecipeMismatch } from "./login-driver.ts";
import { NoSignAlgo } from "./flows.ts";
import { NoCode } from "../csc/otp-source.ts";
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
  if (error instanceof NoCode) return wantOfCode(error.message);
  const reason = error instanceof RecipeMismatch || error instanceof NoSignAlgo || error instanceof CscError || error instanceof HttpError ? error.message : `unexpected: ${(error as Error).message?.split("\n")[0]}`;
  return { status: "error", summary: { ja: `判定できない：${reason}`, en: `could not conclude: ${reason}` }, observations: [{ expected: { ja: "完了した試行", en: "a completed probe" }, observed: reason, where }] };
}

/** A probe that could not sign in for want of a one-time code: `manual`, with why (nothing is said about the provider). */
function wantOfCode(reason: string): CheckOutcome {
  const line = reason.replace(/[\r\n\t]+/g, " ").slice(0, 240);
  return {
    status: "manual",
    summary: { ja: `ワンタイムパスワードが得られずサインインできなかった（手動で確認）: ${line}`, en: `could not sign in for want of a one-time code (check by hand): ${line}` },
    observations: [{ expected: { ja: "OAuth試験用アカウントのワンタイムパスワード", en: "a one-time code for the OAuth test account" }, observed: line, where: "assessment.yaml target.csc.oauth2.signers[].otp" }],
  };
}

/**
 * A single-observation outcome. A departure carries its basis (design §3a); the collector turns a
 * fail resting on a should/may basis into `advisory`.
 */
export function verdict(ok: boolean, o: Omit<Observation, "ok" | "basis">, summary: { pass: Message; fail: Message }, basis: Basis, evidence?: RawEvidence[]): CheckOutcome {
  return { status: ok ? "pass" : "fail", summary: ok ? summary.pass : summary.fail, observations: [{ ...o, ok, basis }], ...(evidence ? { evidence } : {}) };
}

/** `HTTP 400 invalid_request` or `HTTP 200` for observations. */
export function described(r: { status: number; error?: string } | undefined): string {
  if (!r) return "not tried";
  return `HTTP ${r.status}${r.error ? ` ${r.error}` : ""}`;
}

/** How an answer to a request that must be refused reads: a 4xx refuses; a 5xx or no answer proves nothing. */
export type Refusal = "refused" | "accepted" | "inconclusive";

export function refusal(r: { status: number } | undefined): Refusal {
  if (!r || r.status === 0 || r.status >= 500) return "inconclusive";
  return r.status >= 400 ? "refused" : "accepted";
}

export const refused = (r: { status: number } | undefined) => refusal(r) === "refused";

/**
 * The outcome of "this must be refused": pass on a 4xx, fail (with its basis) on a success, and
 * `error` on a 5xx or no answer (a server error is not a refusal: CSC v2 §10.1 server_error).
 */
export function refusalVerdict(r: { status: number; error?: string } | undefined, o: Omit<Observation, "ok" | "basis" | "observed">, summary: { pass: Message; fail: Message }, basis: Basis): CheckOutcome {
  const seen = described(r);
  if (refusal(r) === "inconclusive") {
    return { status: "error", summary: { ja: `判定できない：拒否か受理かを示す応答ではない（${seen}）`, en: `could not conclude: the answer is neither a refusal nor an acceptance (${seen})` }, observations: [{ ...o, observed: seen }] };
  }
  return verdict(refused(r), { ...o, observed: seen }, summary, basis);
}
