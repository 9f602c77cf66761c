/**
 * Pure derivations from report.json that several renderers share: counts, the checklist rows of
 * an investigative body's form, findings with their observations, controls grouped by domain.
 * No I/O and no formatting here: renderers decide how to show (and escape) these values.
 */
import type { Message, Status } from "../src/check/types.ts";
import type { CheckResult, ControlResult, EvidenceRef, LogResult, Report } from "../src/report/types.ts";
import { DOMAIN_ORDER, KIND_LABEL, STATUS_ORDER, pick, t, type Lang } from "./i18n.ts";

/** Statuses that satisfy a control at a level (design §3). */
export const SATISFIED: ReadonlySet<Status> = new Set<Status>(["pass", "not-applicable", "waived"]);

/** Statuses a reader must act on: shown with observations in the findings section. */
export const FINDING_STATUSES: ReadonlySet<Status> = new Set<Status>(["fail", "error", "manual"]);

/** How many controls have each status, in display order (zero counts included). */
export function statusCounts(controls: readonly ControlResult[]): Array<{ status: Status; count: number }> {
  return STATUS_ORDER.map((status) => ({ status, count: controls.filter((c) => c.status === status).length }));
}

export interface DomainGroup {
  domain: string;
  controls: ControlResult[];
}

/** Controls grouped by domain, domains in the guideline's order (unknown domains last, by code). */
export function controlsByDomain(report: Report): DomainGroup[] {
  const rank = (d: string) => {
    const i = (DOMAIN_ORDER as readonly string[]).indexOf(d);
    return i === -1 ? DOMAIN_ORDER.length : i;
  };
  const domains = [...new Set(report.controls.map((c) => c.domain as string))].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  return domains.map((domain) => ({
    domain,
    controls: report.controls.filter((c) => c.domain === domain).sort((a, b) => a.id.localeCompare(b.id)),
  }));
}

/** The check results a control names, in the control's order (missing ones skipped). */
export function checksOf(report: Report, control: ControlResult): CheckResult[] {
  const byId = new Map(report.checks.map((c) => [c.id, c]));
  return control.checks.map((id) => byId.get(id)).filter((c): c is CheckResult => c !== undefined);
}

/** One evidence item for the checklist's 証跡 column. */
export interface EvidenceItem {
  file: string;
  /** Absent when the file is referenced but not in the inventory (an attestation's reference). */
  sha256?: string;
  valid?: boolean;
}

/** Everything that backs a control's result: check transcripts, evidence documents, the attestation's reference. */
export function evidenceOf(report: Report, control: ControlResult): EvidenceItem[] {
  const items: EvidenceItem[] = [];
  const seen = new Set<string>();
  const add = (item: EvidenceItem) => {
    if (seen.has(item.file)) return;
    seen.add(item.file);
    items.push(item);
  };
  for (const check of checksOf(report, control)) for (const ref of check.evidence as EvidenceRef[]) add({ file: ref.file, sha256: ref.sha256 });
  for (const doc of report.evidence) if (control.evidence.includes(doc.kind)) add({ file: doc.file, sha256: doc.sha256, valid: doc.valid });
  const attested = control.attestation?.evidenceRef;
  if (attested) {
    const doc = report.evidence.find((d) => d.file === attested);
    add(doc ? { file: doc.file, sha256: doc.sha256, valid: doc.valid } : { file: attested });
  }
  return items;
}

/** A row of the checklist an investigative body uses: 調査項目 / 判定 / 根拠 / 証跡. */
export interface ChecklistRow {
  control: ControlResult;
  /** The one-line reason (the control's summary). */
  reason: Message;
  evidence: EvidenceItem[];
}

export function checklist(report: Report): ChecklistRow[] {
  return report.controls.map((control) => ({ control, reason: control.summary, evidence: evidenceOf(report, control) }));
}

/** A control that needs action, with the checks that explain why. */
export interface Finding {
  control: ControlResult;
  /** The named checks that did not pass (all named checks when none failed, e.g. a manual control). */
  checks: CheckResult[];
  /** Whether the control blocks the assessed level. */
  blocking: boolean;
}

/** Failing, erring and manual controls, the most severe first, then by ID. */
export function findings(report: Report): Finding[] {
  const severityRank = { critical: 0, high: 1, medium: 2, low: 3 } as const;
  const statusRank = (s: Status) => STATUS_ORDER.indexOf(s);
  const blocking = new Set(report.verdict.blocking);
  return report.controls
    .filter((c) => FINDING_STATUSES.has(c.status))
    .sort((a, b) => statusRank(a.status) - statusRank(b.status) || severityRank[a.severity] - severityRank[b.severity] || a.id.localeCompare(b.id))
    .map((control) => {
      const named = checksOf(report, control);
      const notPassing = named.filter((c) => c.status !== "pass");
      return { control, checks: notPassing.length ? notPassing : named, blocking: blocking.has(control.id) };
    });
}

/** `SEQ:HASH`, the form `--expect-head` takes, or null when the log had no verified head. */
export function headToKeep(log: LogResult): string | null {
  return log.head ? `${log.head.seq}:${log.head.hash}` : null;
}

/** The first 12 hex digits of a digest, for narrow table cells (the full digest is shown elsewhere). */
export function shortDigest(sha256: string): string {
  return sha256.slice(0, 12);
}

/** `2025-06-12 01:02 UTC` from an ISO timestamp (unchanged when it does not parse). */
export function formatTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/**
 * The closing sentence of 調査の概要及び結果: what was assessed and how it came out, in counts.
 * Returns plain text that includes the target's name: the caller escapes it for its medium.
 */
export function narrative(report: Report, lang: Lang): string {
  const n = (s: Status) => report.controls.filter((c) => c.status === s).length;
  const a = report.assessment;
  return t("narrative", lang, {
    target: a.target.name,
    kind: pick(KIND_LABEL[a.kind], lang).toLowerCase(),
    level: a.level,
    total: report.controls.length,
    pass: n("pass"),
    fail: n("fail"),
    error: n("error"),
    manual: n("manual"),
    waived: n("waived"),
    na: n("not-applicable"),
  });
}
