/**
 * The CI gate: turns a report (and optionally the previous one) into an exit decision.
 *
 *   default            1 when the target is not conformant at the assessed level
 *   --fail-on SEV      only blocking controls of severity SEV or worse count
 *   --baseline OLD     only regressions count (a ratchet): a control satisfied in OLD that is not
 *                      now, or a failing check whose fingerprint OLD did not have
 * Pure.
 */
import type { ControlResult, Report, Severity } from "../report/types.ts";
import { messageIn } from "../check/types.ts";

export const SEVERITY_ORDER: readonly Severity[] = ["low", "medium", "high", "critical"];
const SATISFIED = new Set(["pass", "not-applicable", "waived"]);

export interface GateOptions {
  failOn?: Severity;
  baseline?: Report;
}

export interface GateDecision {
  failed: boolean;
  /** One line per reason, for the console and CI logs. */
  reasons: string[];
}

export function atLeast(severity: Severity, threshold: Severity): boolean {
  return SEVERITY_ORDER.indexOf(severity) >= SEVERITY_ORDER.indexOf(threshold);
}

export function gate(report: Report, options: GateOptions = {}): GateDecision {
  const bySeverity = (c: ControlResult) => !options.failOn || atLeast(c.severity, options.failOn);
  const blocking = new Set(report.verdict.blocking);
  let counted = report.controls.filter((c) => blocking.has(c.id) && bySeverity(c));

  if (options.baseline) {
    const before = new Map(options.baseline.controls.map((c) => [c.id, c]));
    const oldFingerprints = new Set(options.baseline.checks.filter((c) => c.status === "fail").map((c) => c.fingerprint));
    const newlyFailingChecks = new Set(
      report.checks.filter((c) => c.status === "fail" && !oldFingerprints.has(c.fingerprint)).map((c) => c.id),
    );
    counted = counted.filter((c) => {
      const old = before.get(c.id);
      const regressed = !old || SATISFIED.has(old.status);
      return regressed || c.checks.some((id) => newlyFailingChecks.has(id));
    });
  }
  const reasons = counted.map((c) => `${c.id} (${c.severity}) ${c.status}: ${messageIn(c.summary, "en")}`);
  // Both a nonconformity and an incomplete assessment (open manual/error items, 判定保留) fail the
  // gate: the first line says which, so a CI log tells "fix the provider" from "finish the review".
  if (counted.length > 0) {
    const fails = counted.filter((c) => c.status === "fail").length;
    const head = fails > 0
      ? `not conformant at level ${report.verdict.level}: ${fails} failing control(s)`
      : `incomplete at level ${report.verdict.level}: ${counted.length} control(s) await an assessor's decision or could not be concluded`;
    reasons.unshift(head);
  }
  return { failed: counted.length > 0, reasons };
}
