/**
 * What changed between two assessments of the same target (an annual assessment against the
 * previous one, a change assessment against the last): new failures, fixed controls, every
 * status change, controls added to or removed from the catalog, and level verdict changes.
 * A regression — a control satisfied before and not now, a new control that is not satisfied,
 * or a level that was conformant and is not — makes `report diff` exit 1.
 * Pure; `renderDiffText` formats the result (escaping is the caller's medium: plain text here).
 */
import { messageIn, type Message, type Status } from "../src/check/types.ts";
import type { Level, Report } from "../src/report/types.ts";
import { statusLabel, t, type Lang } from "./i18n.ts";
import { SATISFIED } from "./view.ts";

export interface StatusChange {
  id: string;
  before: Status;
  after: Status;
  summary: Message;
}

export interface LevelChange {
  level: Level;
  before: boolean;
  after: boolean;
}

export interface ReportDiff {
  old: { id: string; finishedAt: string };
  new: { id: string; finishedAt: string };
  /** Satisfied (or absent) before, not satisfied now. */
  newFailures: StatusChange[];
  /** Not satisfied before, satisfied now. */
  fixed: StatusChange[];
  /** Every control whose status changed (including the two lists above). */
  statusChanges: StatusChange[];
  added: Array<{ id: string; status: Status }>;
  removed: Array<{ id: string; status: Status }>;
  levelChanges: LevelChange[];
  highestConformantLevel: { before: number; after: number };
  /** Whether anything got worse. */
  regressed: boolean;
}

const satisfied = (s: Status) => SATISFIED.has(s);

export function diffReports(older: Report, newer: Report): ReportDiff {
  const before = new Map(older.controls.map((c) => [c.id, c]));
  const after = new Map(newer.controls.map((c) => [c.id, c]));
  const statusChanges: StatusChange[] = [];
  const newFailures: StatusChange[] = [];
  const fixed: StatusChange[] = [];
  const added: ReportDiff["added"] = [];
  for (const c of newer.controls) {
    const old = before.get(c.id);
    if (!old) {
      added.push({ id: c.id, status: c.status });
      continue;
    }
    if (old.status === c.status) continue;
    const change = { id: c.id, before: old.status, after: c.status, summary: c.summary };
    statusChanges.push(change);
    if (satisfied(old.status) && !satisfied(c.status)) newFailures.push(change);
    if (!satisfied(old.status) && satisfied(c.status)) fixed.push(change);
  }
  const removed = older.controls.filter((c) => !after.has(c.id)).map((c) => ({ id: c.id, status: c.status }));
  const oldLevels = new Map(older.verdict.byLevel.map((l) => [l.level, l.conformant]));
  const levelChanges = newer.verdict.byLevel
    .filter((l) => oldLevels.has(l.level) && oldLevels.get(l.level) !== l.conformant)
    .map((l) => ({ level: l.level, before: oldLevels.get(l.level)!, after: l.conformant }));
  const regressed =
    newFailures.length > 0 ||
    added.some((a) => !satisfied(a.status)) ||
    levelChanges.some((l) => l.before && !l.after) ||
    newer.verdict.highestConformantLevel < older.verdict.highestConformantLevel;
  return {
    old: { id: older.assessment.id, finishedAt: older.assessment.finishedAt },
    new: { id: newer.assessment.id, finishedAt: newer.assessment.finishedAt },
    newFailures,
    fixed,
    statusChanges,
    added,
    removed,
    levelChanges,
    highestConformantLevel: { before: older.verdict.highestConformantLevel, after: newer.verdict.highestConformantLevel },
    regressed,
  };
}

/** Plain-text rendering for the terminal (target-supplied summaries are single-lined). */
export function renderDiffText(diff: ReportDiff, lang: Lang): string {
  const one = (s: string) => s.replace(/[\u0000-\u001F\u007F-\u009F]/g, " ");
  const change = (c: StatusChange) => `  ${one(c.id)}: ${c.before} (${statusLabel(c.before, lang)}) → ${c.after} (${statusLabel(c.after, lang)})  ${one(messageIn(c.summary, lang))}`;
  const lines = [`${one(diff.old.id)} → ${one(diff.new.id)}`];
  lines.push(`${t("highestLevel", lang)}: ${diff.highestConformantLevel.before} → ${diff.highestConformantLevel.after}`);
  for (const l of diff.levelChanges) lines.push(`  L${l.level}: ${statusLabel(l.before ? "pass" : "fail", lang)} → ${statusLabel(l.after ? "pass" : "fail", lang)}`);
  lines.push(`new failures: ${diff.newFailures.length}`, ...diff.newFailures.map(change));
  lines.push(`fixed: ${diff.fixed.length}`, ...diff.fixed.map(change));
  const other = diff.statusChanges.filter((c) => !diff.newFailures.includes(c) && !diff.fixed.includes(c));
  lines.push(`other status changes: ${other.length}`, ...other.map(change));
  if (diff.added.length) lines.push(`added: ${diff.added.map((a) => `${one(a.id)} ${a.status}`).join(", ")}`);
  if (diff.removed.length) lines.push(`removed: ${diff.removed.map((a) => `${one(a.id)} ${a.status}`).join(", ")}`);
  lines.push(diff.regressed ? "regressed: yes" : "regressed: no");
  return `${lines.join("\n")}\n`;
}
