/**
 * The terminal summary: verdict per level, counts by status and domain, and the controls that
 * need action with their one-line reason. Colour only when asked (the CLI asks on a TTY without
 * NO_COLOR); without colour the output is plain text, tables included.
 * Summaries and IDs come from the target's answers: chalk does not interpret them, and control
 * characters are replaced so a value cannot move the cursor or recolour the terminal.
 */
import { Chalk, type ChalkInstance } from "chalk";
import type { Report } from "../src/report/types.ts";
import { makeTable, paintStatus } from "../src/cli/output.ts";
import { domainLabel, statusLabel, t, type Lang } from "./i18n.ts";
import { controlsByDomain, findings, statusCounts } from "./view.ts";
import type { Status } from "../src/check/types.ts";

export interface ConsoleOptions {
  colour: boolean;
  lang: Lang;
}

/** Replaces terminal control characters (ESC, BEL, …) in target-supplied text. */
export function safeTerminalText(value: string): string {
  // eslint-disable-next-line no-control-regex
  return value.replace(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g, "\uFFFD").replace(/\n/g, " ");
}

export function renderConsole(report: Report, options: ConsoleOptions): string {
  const { lang, colour } = options;
  const c: ChalkInstance = new Chalk({ level: colour ? 1 : 0 });
  const status = (s: Status) => `${paintStatus(s, c)} ${statusLabel(s, lang)}`;
  const v = report.verdict;
  const lines: string[] = [];

  const verdictText = v.conformant ? c.green.bold(t("conformantAt", lang, { n: v.level })) : c.red.bold(t("notConformantAt", lang, { n: v.level }));
  lines.push(`${c.bold(safeTerminalText(report.assessment.target.name))} — ${verdictText}`);
  lines.push(`${t("highestLevel", lang)}: ${v.highestConformantLevel === 0 ? t("noneLevel", lang) : v.highestConformantLevel}   ${t("assessmentId", lang)}: ${safeTerminalText(report.assessment.id)}`);

  const levels = makeTable([t("level", lang), t("verdict", lang), t("blocking", lang)], colour);
  for (const lv of v.byLevel) {
    levels.push([
      `L${lv.level}`,
      lv.conformant ? c.green(statusLabel("pass", lang)) : c.red(statusLabel("fail", lang)),
      lv.blocking.length ? safeTerminalText(lv.blocking.join(", ")) : t("none", lang),
    ]);
  }
  lines.push(levels.toString());

  lines.push(`${t("controls", lang)}: ${statusCounts(report.controls).filter((x) => x.count > 0).map((x) => `${status(x.status)} ${x.count}`).join(", ")}`);

  const shown = statusCounts(report.controls).filter((x) => x.count > 0).map((x) => x.status);
  const domains = makeTable([t("domainsHeading", lang), ...shown.map((s) => statusLabel(s, lang))], colour);
  for (const group of controlsByDomain(report)) {
    domains.push([safeTerminalText(`${group.domain} ${domainLabel(group.domain, lang)}`), ...shown.map((s) => String(group.controls.filter((x) => x.status === s).length))]);
  }
  lines.push(domains.toString());

  const open = findings(report);
  if (open.length) {
    const table = makeTable([t("control", lang), t("result", lang), t("severity", lang), t("reason", lang)], colour);
    for (const f of open) table.push([safeTerminalText(f.control.id), status(f.control.status), safeTerminalText(f.control.severity), safeTerminalText(f.control.summary)]);
    lines.push(table.toString());
  }
  for (const w of report.waivers) {
    const scope = w.scope.control ?? w.scope.check ?? "";
    lines.push(`${status(w.active ? "waived" : "fail")} ${safeTerminalText(scope)} ${safeTerminalText(w.id)} (${t("expires", lang)} ${safeTerminalText(w.expires)})`);
  }
  return `${lines.join("\n")}\n`;
}
