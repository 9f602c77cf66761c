/**
 * Evaluate: a control's status from its checks' outcomes, its evidence, and any waiver or
 * attestation (design §3). Pure.
 *
 *   fail   if any check fails (or an attestation says fail, or an evidence document fails its rules)
 *   error  else if any check could not conclude
 *   manual else if an assessor's decision is open (attestation method, evidence to examine,
 *          a check that could not run for lack of access or of --intrusive)
 *   pass   else; `advisory` checks count as passed and are carried as the control's advisories
 *          (they never block, design §3a)
 *   not-applicable  when nothing applied, and only for reasons the control allows
 *          (`notApplicableWhen`, each named by the check that found the feature absent); a
 *          requirement that applies but that no check could reach is manual (design §3a)
 * then: fail (or error) covered by an active waiver → waived. An expired waiver changes nothing.
 *
 * A check the planner could not run because the configuration lacks the access it needs does not
 * make the control not-applicable: absence of access is not absence of the requirement. It leaves
 * the decision to the assessor (manual).
 */
import type { CheckStatus, ControlStatus, Message } from "../check/types.ts";
import { concat, join } from "../check/message.ts";
import type { Control } from "../catalog/types.ts";
import type { AttestationRecord, WaiverRecord } from "../report/types.ts";

/** What the control's evaluation needs to know about one named check. */
export interface CheckVerdictInput {
  id: string;
  status: CheckStatus;
  summary: Message;
  /** True when the planner did not run it for lack of access or of --intrusive (an open question). */
  unassessed: boolean;
  /** With not-applicable: the catalog reason the check gave (the absent feature), if any. */
  notApplicableReason?: string;
}

/** The outcome of evaluating an evidence kind the control names (issue #7 fills these in). */
export interface EvidenceVerdictInput {
  kind: string;
  status: "pass" | "fail" | "manual" | "error" | "not-applicable";
  summary: Message;
  notApplicableReason?: string;
}

export interface ControlEvaluation {
  status: ControlStatus;
  summary: Message;
  /** Named checks that were `advisory`: the requirement holds, with observations to report. */
  advisories: string[];
}

/** `id: summary` for each item, joined. */
const listed = (items: ReadonlyArray<{ id: string; summary: Message }>): Message => join(items.map((c) => concat(`${c.id}: `, c.summary)));

export function evaluateControl(
  control: Control,
  checks: CheckVerdictInput[],
  evidence: EvidenceVerdictInput[],
  waiver: WaiverRecord | null,
  attestation: AttestationRecord | null,
): ControlEvaluation {
  const base = baseStatus(control, checks, evidence, attestation);
  const advisories = checks.filter((c) => c.status === "advisory").map((c) => c.id);
  if ((base.status === "fail" || base.status === "error") && waiver?.active) {
    const by = { ja: `${waiver.id}により${waiver.expires}まで免除（承認者 ${waiver.approver}）: `, en: `waived by ${waiver.id} until ${waiver.expires} (${waiver.approver}): ` };
    return { status: "waived", summary: concat(by, base.summary), advisories };
  }
  if ((base.status === "fail" || base.status === "error") && waiver && !waiver.active) {
    return { status: base.status, summary: concat(base.summary, { ja: `（免除 ${waiver.id} は${waiver.expires}に失効）`, en: ` (waiver ${waiver.id} expired ${waiver.expires})` }), advisories };
  }
  return { ...base, advisories };
}

type BaseEvaluation = Omit<ControlEvaluation, "advisories">;

function baseStatus(
  control: Control,
  checks: CheckVerdictInput[],
  evidence: EvidenceVerdictInput[],
  attestation: AttestationRecord | null,
): BaseEvaluation {
  const failing = checks.filter((c) => c.status === "fail");
  if (failing.length > 0) return { status: "fail", summary: listed(failing) };
  const badEvidence = evidence.filter((e) => e.status === "fail");
  if (badEvidence.length > 0) return { status: "fail", summary: listed(badEvidence.map((e) => ({ id: e.kind, summary: e.summary }))) };
  if (attestation?.decision === "fail") {
    return {
      status: "fail",
      summary: concat({ ja: `${attestation.assessor}が${attestation.date}に不適合と確認: `, en: `attested not conformant by ${attestation.assessor} on ${attestation.date}: ` }, attestation.justification),
    };
  }

  const erring = [...checks.filter((c) => c.status === "error"), ...evidence.filter((e) => e.status === "error").map((e) => ({ id: e.kind, summary: e.summary }))];
  if (erring.length > 0) return { status: "error", summary: listed(erring) };

  const open: Message[] = [
    ...checks.filter((c) => c.status === "manual" || c.unassessed).map((c) => concat(`${c.id}: `, c.summary)),
    ...evidence.filter((e) => e.status === "manual").map((e) => concat(`${e.kind}: `, e.summary)),
  ];
  if (control.assess.method === "attestation" && checks.length === 0 && evidence.length === 0) {
    open.push({ ja: "調査員による確認が必要", en: "needs an assessor's attestation" });
  }
  if (open.length > 0 && attestation?.decision !== "pass") return { status: "manual", summary: join(open) };

  const applied = checks.filter((c) => c.status === "pass" || c.status === "advisory");
  const passedEvidence = evidence.filter((e) => e.status === "pass");
  if (attestation?.decision === "pass") {
    return {
      status: "pass",
      summary: concat({ ja: `${attestation.assessor}が${attestation.date}に適合と確認: `, en: `attested by ${attestation.assessor} on ${attestation.date}: ` }, attestation.justification),
    };
  }
  if (applied.length === 0 && passedEvidence.length === 0) {
    const items = [...checks.map((c) => ({ id: c.id, summary: c.summary, reason: c.notApplicableReason })), ...evidence.map((e) => ({ id: e.kind, summary: e.summary, reason: e.notApplicableReason }))];
    if (items.length === 0) return { status: "not-applicable", summary: { ja: "このレベルで該当する項目なし", en: "nothing applies at this level" } };
    const reasons = listed(items);
    const allowed = new Set(control.notApplicableWhen ?? []);
    const unexplained = items.filter((c) => !c.reason || !allowed.has(c.reason));
    if (unexplained.length > 0) {
      // The requirement stands; the probes only could not reach it (design §3a): an assessor decides.
      return {
        status: "manual",
        summary: concat({ ja: "要求事項は適用されるが、どの試験も確認できなかった（", en: "the requirement applies, but no check could reach it (" }, reasons, { ja: "）。調査員の確認により判定する", en: "); an assessor's attestation decides" }),
      };
    }
    return { status: "not-applicable", summary: concat({ ja: `該当なし（${[...new Set(items.map((c) => c.reason))].join(", ")}）: `, en: `not applicable (${[...new Set(items.map((c) => c.reason))].join(", ")}): ` }, reasons) };
  }
  // What was observed, not only which checks passed: each passed check's own summary.
  return { status: "pass", summary: listed([...applied, ...passedEvidence.map((e) => ({ id: e.kind, summary: e.summary }))]) };
}
