/**
 * The frame every csc.* and cert.* check runs in: it opens (or reuses) the session, gives the
 * check its own transcript, turns anything that prevents a conclusion into `error` with a one-line
 * reason, attaches the transcripts as `transcript.json` evidence, and scrubs every known secret
 * from observations and the summary. Also the small judgement helpers the checks share.
 */
import { BINDING_STRENGTHS, type Basis, type CheckContext, type CheckOutcome, type CheckStatus, type Message, type Observation } from "../check/types.ts";
import { describeError } from "../util/errors.ts";
import { concat } from "../check/message.ts";
import { describeReply, type CscReply } from "./client.ts";
import { cscSession, instrumentCredentials, signingMethod, type CscSession } from "./session.ts";
import { markInstruments } from "./credential-scope.ts";
import { Transcript, transcriptsJson } from "./transcript.ts";
import type { SecretRegistry } from "./redact.ts";
import { NoApproval, NoCode } from "./otp-source.ts";

/** A probe that could not run for want of a one-time code or a push approval: `manual`, with why (nothing is said about the provider). */
export function wantOfCode(error: NoCode): CheckOutcome {
  const reason = oneLine(error.message);
  if (error instanceof NoApproval) {
    return {
      status: "manual",
      summary: { ja: `端末での承認（プッシュ承認）が得られず実施できなかった（手動で確認）: ${reason}`, en: `could not run for want of a push approval (check by hand): ${reason}` },
      observations: [{ expected: { ja: "試験用アカウントの端末での承認", en: "an approval by the test account on its device" }, observed: reason, where: "assessment.yaml target.csc.signers[].approval" }],
    };
  }
  return {
    status: "manual",
    summary: { ja: `ワンタイムパスワードが得られず実施できなかった（手動で確認）: ${reason}`, en: `could not run for want of a one-time code (check by hand): ${reason}` },
    observations: [{ expected: { ja: "試験用アカウントのワンタイムパスワード", en: "a one-time code for the test account" }, observed: reason, where: "assessment.yaml target.csc.signers[].otp" }],
  };
}
import { cscBasis } from "./bases.ts";

export interface Probe {
  ctx: CheckContext;
  session: CscSession;
  /** This check's own exchanges. */
  t: Transcript;
  /** Declares a shared transcript this check's conclusion rests on (added to its evidence). */
  uses(t: Transcript): void;
}

/** Thrown by a probe that cannot conclude; becomes `error` with this reason. */
export class Inconclusive extends Error {}

/** Runs a CSC probe inside the frame. */
export async function runProbe(ctx: CheckContext, checkId: string, probe: (p: Probe) => Promise<CheckOutcome>): Promise<CheckOutcome> {
  let session: CscSession;
  try {
    session = await cscSession(ctx);
  } catch (error) {
    const reason = oneLine(describeError(error));
    return { status: "error", summary: { ja: `CSCサービスを利用できない: ${reason}`, en: `CSC service unusable: ${reason}` }, observations: [{ expected: { ja: "info及びauth/loginに応答するCSCサービス", en: "a CSC service answering info and auth/login" }, observed: reason, where: ctx.target.csc?.baseUrl ?? "target.csc", ok: false }] };
  }
  const t = new Transcript(checkId);
  const used: Transcript[] = [session.transcript];
  let outcome: CheckOutcome;
  try {
    outcome = await probe({ ctx, session, t, uses: (x) => used.push(x) });
  } catch (error) {
    const reason = oneLine(describeError(error));
    if (error instanceof NoCode) outcome = wantOfCode(error);
    else outcome = { status: "error", summary: { ja: `結論を出せない: ${reason}`, en: `could not conclude: ${reason}` }, observations: [{ expected: { ja: "判定できるCSCのやり取り", en: "a CSC exchange to judge" }, observed: reason, where: session.client.baseUrl, ok: false }] };
  }
  const notes = [...t.notes, ...used.flatMap((u) => u.notes)];
  if (notes.length) outcome.observations.push({ expected: { ja: "待機なしでのプローブ実行", en: "the probe ran without waiting" }, observed: [...new Set(notes)].join("; "), where: "authorization planner", ok: true });
  const evidence = [{ name: "transcript.json", mediaType: "application/json", content: transcriptsJson([t, ...used], session.secrets) }];
  // Observations made with a test instrument (an excluded credential the scope lets the cheap probes use) say so.
  const marked = markInstruments(outcome, instrumentCredentials(session).map((c) => c.credentialID));
  return scrubOutcome(withBasis({ ...marked, evidence: [...(outcome.evidence ?? []), ...evidence] }, cscBasis(checkId)), session.secrets);
}

/** Every departure without a basis of its own gets the check's (src/csc/bases.ts; design §3a). */
export function withBasis(o: CheckOutcome, b: Basis | undefined): CheckOutcome {
  if (!b) return o;
  return { ...o, observations: o.observations.map((ob) => (ob.ok === false && !ob.basis ? { ...ob, basis: b } : ob)) };
}

/** Every string of the outcome with known secrets replaced. */
export function scrubOutcome(o: CheckOutcome, secrets: SecretRegistry): CheckOutcome {
  const s = (x: string) => secrets.scrub(x);
  const m = (x: Message): Message => (typeof x === "string" ? s(x) : { ja: s(x.ja), en: s(x.en) });
  return {
    ...o,
    summary: m(o.summary),
    observations: o.observations.map((ob) => ({ ...ob, expected: m(ob.expected), observed: m(ob.observed), where: s(ob.where), ...(ob.subject ? { subject: s(ob.subject) } : {}) })),
  };
}

/** A target-supplied text made safe for one line. */
export function oneLine(text: string, max = 240): string {
  const flat = text.replace(/[\r\n\t]+/g, " ").replace(/[\u0000-\u001f\u007f]/g, "");
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

export interface Judged {
  status: CheckStatus;
  observation: Observation;
}

/**
 * A call that must be refused: 4xx → pass, 2xx → fail (with `failure` naming the effect), 5xx or
 * anything else → error (a crash is not a refusal the probe can rely on).
 */
export function mustRefuse(reply: CscReply, expected: Message, where: string, failure: Message, subject?: string): Judged {
  const observed = oneLine(describeReply(reply));
  if (reply.ok) return { status: "fail", observation: { expected, observed: concat(failure, ` (${observed})`), where, subject, ok: false } };
  if (reply.status >= 400 && reply.status < 500) return { status: "pass", observation: { expected, observed: concat({ ja: "拒否: ", en: "refused: " }, observed), where, subject, ok: true } };
  return { status: "error", observation: { expected, observed: concat({ ja: "受理も拒否もされない: ", en: "neither accepted nor refused: " }, observed), where, subject, ok: false } };
}

/** The worst of several statuses (fail > error > pass; not-applicable only when all are). */
export function worst(statuses: CheckStatus[]): CheckStatus {
  if (statuses.includes("fail")) return "fail";
  if (statuses.includes("error")) return "error";
  if (statuses.includes("manual")) return "manual";
  if (statuses.length && statuses.every((s) => s === "not-applicable")) return "not-applicable";
  return statuses.some((s) => s === "pass") ? "pass" : "not-applicable";
}

/** An outcome from judged observations, with summaries per status. */
export function conclude(judged: Judged[], summaries: { pass: Message; fail: Message; error?: Message }): CheckOutcome {
  const status = worst(judged.map((j) => j.status));
  const observations = judged.map((j) => j.observation);
  // A fail's summary quotes a departure from a binding text first: a `should` departure beside it
  // is only advisory (src/check/basis.ts) and must not be what the finding's summary says.
  const binding = (j: Judged) => !j.observation.basis || BINDING_STRENGTHS.has(j.observation.basis.strength);
  const failing = judged
    .filter((j) => j.status === status && status !== "pass")
    .sort((x, y) => (status === "fail" ? Number(binding(y)) - Number(binding(x)) : 0))
    .map((j) => j.observation.observed);
  const summary: Message =
    status === "pass"
      ? summaries.pass
      : status === "fail"
        ? concat(summaries.fail, ": ", failing[0] ?? "")
        : status === "error"
          ? concat({ ja: "結論を出せない: ", en: "could not conclude: " }, failing[0] ?? summaries.error ?? { ja: "使える応答がない", en: "no usable reply" })
          : status === "manual"
            ? concat({ ja: "手動で確認: ", en: "check by hand: " }, failing[0] ?? { ja: "プローブを実施できなかった", en: "the probe could not run" })
            : summaries.pass;
  return { status, observations, summary: oneLineMessage(summary, 400) };
}

/** oneLine for both languages of a message. */
export function oneLineMessage(m: Message, max = 240): Message {
  return typeof m === "string" ? oneLine(m, max) : { ja: oneLine(m.ja, max), en: oneLine(m.en, max) };
}

/** A not-applicable outcome with the reason (lack of accounts, credentials…). */
export function notApplicable(reason: Message, where: string): CheckOutcome {
  return { status: "not-applicable", summary: reason, observations: [{ expected: { ja: "プローブに必要なもの", en: "what the probe needs" }, observed: reason, where }] };
}

/** An error outcome for a missing precondition that the configuration promised. */
export function cannotConclude(reason: Message, where: string): CheckOutcome {
  return { status: "error", summary: concat({ ja: "結論を出せない: ", en: "could not conclude: " }, reason), observations: [{ expected: { ja: "利用できる前提条件", en: "a usable precondition" }, observed: reason, where, ok: false }] };
}

/** `where` for a CSC method (signHash probes name signDoc where the provider signs through it). */
export function at(session: CscSession, method: string, step: string): string {
  const called = method === "signatures/signHash" ? signingMethod(session) : method;
  return `${session.client.baseUrl}/${called} (${step})`;
}
