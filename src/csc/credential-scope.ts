/**
 * The assessment's credential scope (assessment.yaml `scope.excludedCredentials`, each with its
 * reason): which of the provider's credentials the probes may touch.
 *
 * The rule: `credentials/list` necessarily returns an excluded credential — the provider decides
 * what it lists, and the assessor learns the ID only from that reply. From there on nothing asks
 * about it: no `credentials/info`, no `credentials/authorize` or `sendOTP`, no signing, not even a
 * request meant to be refused. The sessions (the CSC session pool, src/csc/session.ts, and the
 * OAuth session, src/oauth/session.ts) drop the excluded IDs right after the listing, so every
 * probe, scenario and certificate check chooses among in-scope credentials only;
 * csc.authorize.level-factors lists the exclusions it was given, and a probe left without any
 * credential because of them is `manual` ("excluded by scope"): the requirement still applies to
 * the provider, the assessment chose not to probe it there.
 */
import type { CheckOutcome, Target } from "../check/types.ts";

/** Where an exclusion is decided. */
const SCOPE_WHERE = "assessment.yaml scope.excludedCredentials";

/** A listed credential the assessment's scope takes out, with its signer and the reason given. */
export interface Exclusion {
  credentialID: string;
  signer: string;
  reason: string;
}

/** The excluded IDs and their reasons (empty when the assessment scopes nothing out). */
export function exclusionsOf(target: Pick<Target, "excludedCredentials">): Map<string, string> {
  return new Map((target.excludedCredentials ?? []).map((e) => [e.id, e.reason]));
}

/** A signer's listing split into what the probes may use and what they must leave alone (pure). */
export function splitListed(signer: string, listed: string[], excluded: Map<string, string>): { inScope: string[]; excluded: Exclusion[] } {
  const inScope: string[] = [];
  const out: Exclusion[] = [];
  for (const id of listed) {
    const reason = excluded.get(id);
    if (reason === undefined) inScope.push(id);
    else out.push({ credentialID: id, signer, reason });
  }
  return { inScope, excluded: out };
}

/**
 * The outcome of a probe that found no credential to use while the scope excluded some: `manual`,
 * naming the exclusions (the credentials the probe might have used are out of scope, so nothing is
 * said about the provider). Undefined without exclusions: then the lack is the probe's to report.
 */
export function excludedByScope(excluded: Exclusion[]): CheckOutcome | undefined {
  if (!excluded.length) return undefined;
  const list = excluded.map((e) => `${e.credentialID} (${e.reason})`).join("; ");
  return {
    status: "manual",
    summary: { ja: `評価の範囲から除外: このプローブが使える範囲内の鍵がない（除外${excluded.length}個）`, en: `excluded by scope: no credential in scope this probe can use (${excluded.length} excluded)` },
    observations: [
      {
        expected: { ja: "プローブに使える評価範囲内の鍵", en: "a credential in the assessment's scope the probe can use" },
        observed: { ja: `範囲内に使える鍵がなく、評価の範囲から除外された鍵がある: ${list}`, en: `none usable in scope; excluded by the assessment's scope: ${list}` },
        where: SCOPE_WHERE,
      },
    ],
  };
}

/**
 * What a shared scenario that found no credential says about the scope: "" without exclusions, else
 * which credentials it was not allowed to use (the scenario's checks carry it into their summaries).
 */
export function scopeNote(excluded: Exclusion[]): { ja: string; en: string } {
  // A count, not the IDs: the scenario cannot know whether an excluded credential would have served.
  if (!excluded.length) return { ja: "", en: "" };
  return { ja: `（評価の範囲から除外した鍵${excluded.length}個は使わない）`, en: ` (${excluded.length} credential(s) excluded by scope left alone)` };
}
