/**
 * Findings (design §3a): one per failed or advisory check — not one per control — listing every
 * control it affects; a control that fails without a failing check (evidence, attestation) or is
 * left open gets its own. Classified and numbered:
 *
 *   NC-nn  nonconformity: major (重大な不適合) when an affected control is critical or high,
 *          minor (軽微な不適合) otherwise
 *   OB-nn  observation (観察事項): an advisory check
 *   IN-nn  incomplete (判定保留): a control left manual or in error
 *
 * Numbers are assigned in a stable order (class, severity, first control, check, fingerprint),
 * so the same findings get the same numbers in every run and every rendering. Pure.
 */
import { departures } from "../check/basis.ts";
import type { Basis } from "../check/types.ts";
import type { CheckResult, ControlResult, FindingClass, ReportFinding, Severity } from "./types.ts";

/** Severities whose nonconformity is major (重大な不適合). */
export const MAJOR_SEVERITIES: ReadonlySet<Severity> = new Set<Severity>(["critical", "high"]);

const SEVERITY_RANK: Record<Severity, number> = { critical: 0, high: 1, medium: 2, low: 3 };
const CLASS_RANK: Record<FindingClass, number> = { major: 0, minor: 1, observation: 2, incomplete: 3 };
const PREFIX: Record<FindingClass, string> = { major: "NC", minor: "NC", observation: "OB", incomplete: "IN" };

function highest(controls: readonly ControlResult[]): Severity {
  return [...controls].sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity])[0]?.severity ?? "low";
}

function basesOf(check: CheckResult): Basis[] {
  const seen = new Map<string, Basis>();
  for (const o of departures(check.observations)) if (o.basis) seen.set(`${o.basis.source}\0${o.basis.clause}\0${o.basis.strength}`, o.basis);
  return [...seen.values()];
}

type Unnumbered = Omit<ReportFinding, "id">;

export function buildFindings(controls: readonly ControlResult[], checks: readonly CheckResult[], blocking: ReadonlySet<string>): ReportFinding[] {
  const out: Unnumbered[] = [];
  const explained = new Set<string>();
  for (const check of checks) {
    if (check.status !== "fail" && check.status !== "advisory") continue;
    const affected = controls.filter((c) => c.checks.includes(check.id));
    if (affected.length === 0) continue;
    // A failing check under a waived control (or a waived check) is not a nonconformity; the
    // waiver is shown with the control.
    const live = check.status === "fail" ? affected.filter((c) => c.status === "fail") : affected;
    if (live.length === 0) continue;
    for (const c of live) if (check.status === "fail") explained.add(c.id);
    const severity = highest(live);
    out.push({
      class: check.status === "advisory" ? "observation" : MAJOR_SEVERITIES.has(severity) ? "major" : "minor",
      check: check.id,
      controls: live.map((c) => c.id).sort(),
      severity,
      blocking: check.status === "fail" && live.some((c) => blocking.has(c.id)),
      fingerprint: check.fingerprint,
      summary: check.summary,
      basis: basesOf(check),
    });
  }
  for (const c of controls) {
    const open = c.status === "manual" || c.status === "error";
    if (!(c.status === "fail" && !explained.has(c.id)) && !open) continue;
    out.push({
      class: open ? "incomplete" : MAJOR_SEVERITIES.has(c.severity) ? "major" : "minor",
      controls: [c.id],
      severity: c.severity,
      blocking: blocking.has(c.id),
      fingerprint: c.id,
      summary: c.summary,
      basis: [],
    });
  }
  out.sort(
    (a, b) =>
      CLASS_RANK[a.class] - CLASS_RANK[b.class] ||
      SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
      a.controls[0]!.localeCompare(b.controls[0]!) ||
      (a.check ?? "").localeCompare(b.check ?? "") ||
      a.fingerprint.localeCompare(b.fingerprint),
  );
  const counters: Record<string, number> = {};
  return out.map((f) => {
    const prefix = PREFIX[f.class];
    counters[prefix] = (counters[prefix] ?? 0) + 1;
    return { id: `${prefix}-${String(counters[prefix]).padStart(2, "0")}`, ...f };
  });
}
