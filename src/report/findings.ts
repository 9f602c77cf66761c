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
 * A warning of the log verifier (records after the last signed checkpoint, a chain not checked
 * against a trust anchor…) leaves the log intact and its check passing, yet it is something the
 * reader must be told: each (log, code) becomes an observation of the controls naming the checks
 * that verified that log — so 指摘事項 never says "none" while a log warning exists.
 *
 * Numbers are assigned in a stable order (class, severity, first control, check, fingerprint),
 * so the same findings get the same numbers in every run and every rendering. Pure.
 */
import { departures } from "../check/basis.ts";
import { messageIn, type Basis } from "../check/types.ts";
import { logProblemText } from "../log/problem-text.ts";
import { stableSubject } from "./stable-subject.ts";
import { severityOf, type ProblemCode } from "../log/problems.ts";
import type { CheckResult, ControlResult, FindingClass, LogResult, ReportFinding, Severity } from "./types.ts";

/** A verified log and the checks whose facts carried it. */
export interface LogSource {
  log: LogResult;
  checks: readonly string[];
}

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
  for (const o of departures(check.observations)) if (o.basis) seen.set(`${o.basis.source}\0${messageIn(o.basis.clause, "en")}\0${o.basis.strength}`, o.basis);
  return [...seen.values()];
}

type Unnumbered = Omit<ReportFinding, "id">;

/** Whether a log problem code is a warning (unknown codes, e.g. from an older report, are errors). */
export function isLogWarning(code: string): boolean {
  try {
    return severityOf(code as ProblemCode) === "warning";
  } catch {
    return false;
  }
}

export function buildFindings(controls: readonly ControlResult[], checks: readonly CheckResult[], blocking: ReadonlySet<string>, logs: readonly LogSource[] = []): ReportFinding[] {
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
  for (const { log, checks: by } of logs) {
    const affected = controls.filter((c) => c.checks.some((id) => by.includes(id)));
    if (affected.length === 0) continue;
    const codes = [...new Set(log.problems.filter((p) => isLogWarning(p.code)).map((p) => p.code))].sort();
    for (const code of codes) {
      const problems = log.problems.filter((p) => p.code === code);
      const first = problems[0]!;
      const label = logProblemText(code);
      out.push({
        class: "observation",
        controls: affected.map((c) => c.id).sort(),
        severity: highest(affected),
        blocking: false,
        fingerprint: `log:${code}:${stableSubject(log.file)}`,
        log: { file: log.file, code, count: problems.length },
        // The label in both languages, with the verifier's own (English) detail in the English text.
        summary: { ja: `${label.ja}（${log.file}、${problems.length}件）`, en: `${label.en} (${log.file}): ${first.message}${problems.length > 1 ? ` (+${problems.length - 1})` : ""}` },
        basis: [],
      });
    }
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
      (a.check ?? a.log?.code ?? "").localeCompare(b.check ?? b.log?.code ?? "") ||
      a.fingerprint.localeCompare(b.fingerprint),
  );
  const counters: Record<string, number> = {};
  return out.map((f) => {
    const prefix = PREFIX[f.class];
    counters[prefix] = (counters[prefix] ?? 0) + 1;
    return { id: `${prefix}-${String(counters[prefix]).padStart(2, "0")}`, ...f };
  });
}
