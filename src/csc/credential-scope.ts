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
 *
 * An excluded credential is never judged: not its activation (level-factors only lists it), its key
 * (csc.algo.key-size, signalgo-matches-key), its certificate (cert.*, hsm.key.matches-certificate
 * via csc:credential-certificates), nor anything reported as a property of that credential.
 *
 * An exclusion may add `instrument: true`: the credential may still serve as a test instrument.
 * The provider-wide probes that need only some authorizable credential — those that take
 * `cheapCredential` / `cheapCandidates` (wrong PIN, lock-out's spare list, SAD single use, expiry,
 * numSignatures, digest length, weak hash…) — may then authorize and sign with it, as a PIN-only
 * credential costs no one-time code. `credentials/info` is asked for it only as far as authorizing
 * needs (auth mode, PIN/OTP objects, key algorithm; the signer certificate alone, to verify
 * the signatures the probes ask for); the session keeps it apart
 * (`SignerSession.instruments`, never in `allCredentials`), so no judging check sees it, and every
 * observation made with it says so (`markInstruments`). The report's cover shows the note.
 * Without `instrument` the strict rule above holds (the default).
 */
import type { CheckOutcome, Target } from "../check/types.ts";

/** Where an exclusion is decided. */
const SCOPE_WHERE = "assessment.yaml scope.excludedCredentials";

/** A listed credential the assessment's scope takes out, with its signer and the reason given. */
export interface Exclusion {
  credentialID: string;
  signer: string;
  reason: string;
  /** The scope lets provider-wide probes use it as a test instrument (never judged). */
  instrument: boolean;
}

/** What the scope says about one excluded ID. */
export interface ScopeEntry {
  reason: string;
  instrument: boolean;
}

/** The excluded IDs and their reasons (empty when the assessment scopes nothing out). */
export function exclusionsOf(target: Pick<Target, "excludedCredentials">): Map<string, ScopeEntry> {
  return new Map((target.excludedCredentials ?? []).map((e) => [e.id, { reason: e.reason, instrument: e.instrument === true }]));
}

/** A signer's listing split into what the probes may use and what they must leave alone (pure). */
export function splitListed(signer: string, listed: string[], excluded: Map<string, ScopeEntry>): { inScope: string[]; excluded: Exclusion[] } {
  const inScope: string[] = [];
  const out: Exclusion[] = [];
  for (const id of listed) {
    const entry = excluded.get(id);
    if (entry === undefined) inScope.push(id);
    else out.push({ credentialID: id, signer, ...entry });
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

/** What an observation made with a test instrument adds to its `where`. */
export const INSTRUMENT_MARK = "(test instrument, out of scope / 試験用・評価範囲外)";

/**
 * The outcome with every observation that names a test-instrument credential (its subject, or its
 * where) marked as made with one (pure): the reader sees it judged the provider, not that credential.
 */
export function markInstruments(o: CheckOutcome, instrumentIds: string[]): CheckOutcome {
  if (!instrumentIds.length) return o;
  const names = (x: string | undefined) => x !== undefined && instrumentIds.some((id) => x.includes(id));
  // What credentials/list returned (level-factors' list of exclusions) was not made with it.
  const listing = (where: string) => where.includes("credentials/list");
  return {
    ...o,
    observations: o.observations.map((ob) => (!listing(ob.where) && (names(ob.subject) || names(ob.where)) ? { ...ob, where: `${ob.where} ${INSTRUMENT_MARK}` } : ob)),
  };
}
