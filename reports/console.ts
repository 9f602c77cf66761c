/**
 * The terminal summary: verdict per level, counts by status and domain, and the controls that
 * need action with their one-line reason. Colour only when asked (the CLI asks on a TTY without
 * NO_COLOR); without colour the output is plain text, tables included.
 * Summaries and IDs come from the target's answers: chalk does not interpret them, and control
 * characters are replaced so a value cannot move the cursor or recolour the terminal.
 */
import { Chalk, type ChalkInstance } from "chalk";
import type { Report, VerdictState } from "../src/report/types.ts";
import { makeTable, paintStatus } from "../src/cli/output.ts";
import { domainLabel, pick, stateLabel, statusLabel, t, verdictSentence, type Lang } from "./i18n.ts";
import { FINDING_CLASS_LABEL, controlsByDomain, findings, scopeExtras, statusCounts } from "./view.ts";
import type { FindingClass } from "../src/report/types.ts";
import { messageIn, type Status } from "../src/check/types.ts";

export interface ConsoleOptions {
  colour: boolean;
  lang: Lang;
  /** Terminal width in columns (default 100): long reasons are wrapped to fit. */
  width?: number;
}

/** Display width of one character: East Asian wide and fullwidth characters take two columns. */
function charWidth(ch: string): number {
  return /[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]/.test(ch) ? 2 : 1;
}

/** Breaks text into lines of at most `width` columns, at spaces when it can. Pure. */
export function wrapText(text: string, width: number): string {
  const lines: string[] = [];
  let line = "";
  let used = 0;
  for (const word of text.split(/(?<= )/)) {
    const w = [...word].reduce((n, ch) => n + charWidth(ch), 0);
    if (used + w <= width) {
      line += word;
      used += w;
      continue;
    }
    if (line.trim()) lines.push(line.trimEnd());
    line = "";
    used = 0;
    for (const ch of word) {
      if (line === "" && ch === " ") continue;
      const cw = charWidth(ch);
      if (used + cw > width) {
        lines.push(line);
        line = "";
        used = 0;
      }
      line += ch;
      used += cw;
    }
  }
  if (line.trim()) lines.push(line.trimEnd());
  return lines.join("\n");
}

/** Replaces terminal control characters (ESC, BEL, …) in target-supplied text. */
export function safeTerminalText(value: string): string {
  // eslint-disable-next-line no-control-regex
  return value.replace(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g, "\uFFFD").replace(/\n/g, " ");
}

/** Display width of a plain (uncoloured) string. */
function textWidth(text: string): number {
  return [...text].reduce((n, ch) => n + charWidth(ch), 0);
}

/** The short status names used as column heads in narrow tables. */
const SHORT_STATUS: Record<Status, string> = { pass: "pass", advisory: "obs", fail: "fail", error: "error", manual: "manual", waived: "waived", "not-applicable": "n/a" };

export function renderConsole(report: Report, options: ConsoleOptions): string {
  const { lang, colour } = options;
  const width = Math.max(60, options.width ?? 100);
  const c: ChalkInstance = new Chalk({ level: colour ? 1 : 0 });
  const status = (s: Status) => `${paintStatus(s, c)} ${statusLabel(s, lang)}`;
  const v = report.verdict;
  const lines: string[] = [];

  const paintState = (state: VerdictState, text: string) => (state === "conformant" ? c.green.bold(text) : state === "incomplete" ? c.yellow.bold(text) : c.red.bold(text));
  const verdictText = paintState(v.state, verdictSentence(v.state, v.level, lang));
  lines.push(`${c.bold(safeTerminalText(report.assessment.target.name))} — ${verdictText}`);
  lines.push(`${t("highestLevel", lang)}: ${v.highestConformantLevel === 0 ? t("noneLevel", lang) : v.highestConformantLevel}   ${t("assessmentId", lang)}: ${safeTerminalText(report.assessment.id)}`);
  // The credentials the assessment scoped out stand with the verdict they qualify (issue 16).
  for (const e of scopeExtras(report).excludedCredentials) lines.push(wrapText(`${t("excludedCredentials", lang)}: ${safeTerminalText(e.id)} — ${safeTerminalText(e.reason)}${e.instrument ? ` (${t("instrumentNote", lang)})` : ""}`, width));

  // Level table: the blocking list takes what the two narrow columns leave (3 columns → 10 border/padding columns).
  const levelHeads = [t("level", lang), t("verdict", lang), t("blocking", lang)];
  const verdictWidth = Math.max(textWidth(levelHeads[1]!), ...(["conformant", "not-conformant", "incomplete"] as const).map((s) => textWidth(stateLabel(s, lang))));
  const blockingWidth = Math.max(20, width - Math.max(textWidth(levelHeads[0]!), 2) - verdictWidth - 10);
  const levels = makeTable(levelHeads, colour);
  for (const lv of v.byLevel) {
    levels.push([
      `L${lv.level}`,
      paintState(lv.state, stateLabel(lv.state, lang)),
      lv.blocking.length ? wrapText(safeTerminalText(lv.blocking.join(", ")), blockingWidth) : t("none", lang),
    ]);
  }
  lines.push(levels.toString());

  const counts = statusCounts(report.controls).filter((x) => x.count > 0);
  lines.push(wrapText(`${t("controls", lang)}: ${counts.map((x) => (lang === "ja" ? `${statusLabel(x.status, lang)} ${x.count}` : `${x.status} ${x.count}`)).join(", ")}`, width));

  // Domain table: short status names as heads so it fits 80 columns.
  const shown = counts.map((x) => x.status);
  const domains = makeTable([t("domainsHeading", lang), ...shown.map((s) => (lang === "ja" ? statusLabel(s, lang) : SHORT_STATUS[s]))], colour);
  for (const group of controlsByDomain(report)) {
    domains.push([wrapText(safeTerminalText(`${group.domain} ${domainLabel(group.domain, lang)}`), 24), ...shown.map((s) => String(group.controls.filter((x) => x.status === s).length))]);
  }
  lines.push(domains.toString());

  // Findings: numbered (NC/OB/IN); the text column takes what ID, class and controls leave (4 columns → 13 border/padding columns).
  const open = findings(report);
  if (open.length) {
    const heads = [t("findingId", lang), t("findingClass", lang), t("control", lang), t("reason", lang)];
    const paintClass = (k: FindingClass, text: string) => (k === "major" ? c.red.bold(text) : k === "minor" ? c.red(text) : k === "incomplete" ? c.yellow(text) : c.blue(text));
    const rows = open.map((f) => ({
      id: safeTerminalText(f.finding.id),
      klass: f.finding.class,
      label: pick(FINDING_CLASS_LABEL[f.finding.class], lang),
      controls: safeTerminalText(f.finding.controls.join(", ")),
      reason: safeTerminalText(`${f.finding.check ? `${f.finding.check}: ` : f.finding.log ? `${f.finding.log.code}: ` : ""}${messageIn(f.finding.summary, lang)}`),
    }));
    const widest = (values: string[]) => Math.max(...values.map(textWidth));
    const controlsWidth = Math.min(24, widest([heads[2]!, ...rows.map((r) => r.controls)]));
    const fixed = widest([heads[0]!, ...rows.map((r) => r.id)]) + widest([heads[1]!, ...rows.map((r) => r.label)]) + controlsWidth;
    const reasonWidth = Math.max(20, width - fixed - 13);
    const table = makeTable(heads, colour);
    for (const r of rows) table.push([r.id, paintClass(r.klass, r.label), wrapText(r.controls, controlsWidth), wrapText(r.reason, reasonWidth)]);
    lines.push(table.toString());
  } else {
    lines.push(t("noFindings", lang));
  }
  for (const w of report.waivers) {
    const scope = w.scope.control ?? w.scope.check ?? "";
    lines.push(`${status(w.active ? "waived" : "fail")} ${safeTerminalText(scope)} ${safeTerminalText(w.id)} (${t("expires", lang)} ${safeTerminalText(w.expires)})`);
  }
  return `${lines.join("\n")}\n`;
}
