/**
 * The Markdown report (ja or en): the same sections as the HTML report, for review in a merge
 * request or a wiki. Every value read from report.json goes through `escapeMarkdown` (or
 * `markdownCode` for digests and IDs): observed values are the target's own words, and a
 * report.json handed to us may itself be hostile.
 */
import { messageIn } from "../src/check/types.ts";
import type { Report } from "../src/report/types.ts";
import { isLogWarning } from "../src/report/findings.ts";
import { escapeMarkdown as md, markdownCode as code } from "./escape.ts";
import { KIND_LABEL, METHOD_LABEL, SEVERITY_LABEL, domainLabel, pick, stateLabel, statusLabel, t, verdictSentence, type Lang } from "./i18n.ts";
import { FINDING_CLASS_LABEL, attestationConflicts, evidenceInventory, shortDigest, assessorsOf, parameterValue, scopeExtras, basisText, logProblemMessage, checklist, controlsByDomain, findings, formatTime, headToKeep, narrative, statusCounts, type EvidenceItem } from "./view.ts";

const row = (cells: string[]) => `| ${cells.join(" | ")} |`;
const table = (head: string[], rows: string[][]) => [row(head), row(head.map(() => "---")), ...rows.map(row)].join("\n");

function evidenceCell(items: EvidenceItem[], lang: Lang): string {
  if (!items.length) return "—";
  // The short digest here; the full one in the evidence inventory.
  return items.map((e) => `${md(e.file)}${e.sha256 ? ` (sha256 ${code(`${shortDigest(e.sha256)}…`)})` : ""}${e.valid === false ? ` ${t("validNo", lang)}` : ""}`).join("<br>");
}

const CHECK_RECORDS = { ja: "試験の記録", en: "Check records" };

export function renderMarkdown(report: Report, lang: Lang): string {
  const a = report.assessment;
  const v = report.verdict;
  const out: string[] = [];
  const push = (...blocks: string[]) => out.push(...blocks, "");

  push(`# ${t("reportTitle", lang)}`, `${t("guideline", lang)}`);
  push(
    table(["", ""], [
      [t("target", lang), md(a.target.name)],
      ...(a.target.baseUrl ? [[t("endpoint", lang), md(a.target.baseUrl)]] : []),
      [t("assessmentId", lang), code(a.id)],
      [t("kind", lang), pick(KIND_LABEL[a.kind], lang)],
      [t("levelAssessed", lang), String(a.level)],
      [t("assessor", lang), assessorsOf(report).map(md).join("、") || "—"],
      [t("period", lang), `${md(formatTime(a.startedAt))} – ${md(formatTime(a.finishedAt))}`],
      [t("intrusive", lang), t(a.intrusive ? "yes" : "no", lang)],
      [t("overall", lang), `**${verdictSentence(v.state, v.level, lang)}**`],
    ]),
  );

  push(`## ${t("summaryHeading", lang)}`);
  push(md(narrative(report, lang)));
  push(
    `**${t("overall", lang)}: ${verdictSentence(v.state, v.level, lang)}** — ${t("highestLevel", lang)}: ${v.highestConformantLevel === 0 ? t("noneLevel", lang) : v.highestConformantLevel}`,
  );
  push(table(statusCounts(report.controls).map((x) => statusLabel(x.status, lang)).concat(t("total", lang)), [statusCounts(report.controls).map((x) => String(x.count)).concat(String(report.controls.length))]));

  // The formal parts: scope, criteria, method and parameters, schedule, team and issue.
  const sys = a.system ?? {};
  const extras = scopeExtras(report);
  const orDash = (v?: string) => (v ? md(v) : t("notStated", lang));
  push(`## ${t("scopeHeading", lang)}`);
  push(
    table(["", ""], [
      [t("boundary", lang), orDash(sys.boundary)],
      [t("service", lang), orDash(sys.service)],
      [t("serviceVersion", lang), orDash(sys.version)],
      [t("sites", lang), sys.sites?.length ? sys.sites.map(md).join("<br>") : t("notStated", lang)],
      [t("exclusions", lang), sys.exclusions?.length ? sys.exclusions.map((e) => `${md(e.item)}: ${md(e.reason)}`).join("<br>") : t("none", lang)],
      ...(extras.excludedCredentials.length ? [[t("excludedCredentials", lang), extras.excludedCredentials.map((e) => `${code(e.id)}: ${md(e.reason)}`).join("<br>")]] : []),
    ]),
  );
  push(`## ${t("criteriaHeading", lang)}`);
  push(
    table(["", ""], [
      [t("criteriaHeading", lang), t("criteriaText", lang)],
      [t("catalogVersion", lang), md(a.catalog.version)],
      [t("catalogDigest", lang), code(a.catalog.sha256)],
      [t("profile", lang), extras.profile ? code(extras.profile) : t("profileDefault", lang)],
    ]),
  );
  push(`## ${t("methodHeading", lang)}`, t("methodText", lang));
  const params = Object.entries(a.parameters ?? {}).sort(([x], [y]) => x.localeCompare(y));
  push(`### ${t("parametersHeading", lang)}`);
  push(params.length ? table([t("parameter", lang), t("value", lang)], params.map(([k, v]) => [code(k), md(parameterValue(v))])) : t("noneRecorded", lang));
  push(`## ${t("teamHeading", lang)}`);
  push(
    table(["", ""], [
      [t("organisation", lang), orDash(a.organisation)],
      [t("assessors", lang), assessorsOf(report).map(md).join("<br>") || t("notStated", lang)],
      [t("reviewer", lang), orDash(a.reviewer)],
      [t("approver", lang), orDash(a.approver)],
      [t("scheduled", lang), a.schedule?.from || a.schedule?.to ? `${md(a.schedule.from ?? "—")} – ${md(a.schedule.to ?? "—")}` : t("notStated", lang)],
      [t("issued", lang), orDash(a.issued)],
      [t("reportVersion", lang), orDash(a.reportVersion)],
    ]),
  );

  push(`## ${t("byLevelHeading", lang)}`);
  push(
    table(
      [t("level", lang), t("verdict", lang), t("blocking", lang)],
      v.byLevel.map((lv) => [String(lv.level), stateLabel(lv.state, lang), lv.blocking.length ? lv.blocking.map(md).join(", ") : t("none", lang)]),
    ),
  );

  const conflicts = attestationConflicts(report);
  if (conflicts.length) push(...conflicts.map((c) => `> ⚠ ${md(c.control)}: ${md(pick(c.message, lang))}`));
  push(`## ${t("checklistHeading", lang)}`);
  push(
    table(
      [t("item", lang), t("result", lang), t("reason", lang), t("proof", lang)],
      checklist(report).map((r) => [
        `${md(r.control.id)} ${md(pick(r.control.title, lang))} (${METHOD_LABEL[r.control.method] ? pick(METHOD_LABEL[r.control.method], lang) : md(r.control.method)})`,
        `**${statusLabel(r.control.status, lang)}**`,
        [md(messageIn(r.reason, lang)), ...conflicts.filter((c) => c.control === r.control.id).map((c) => `⚠ ${md(pick(c.message, lang))}`)].join("<br>"),
        evidenceCell(r.evidence, lang),
      ]),
    ),
  );

  push(`## ${t("domainsHeading", lang)}`);
  for (const group of controlsByDomain(report)) {
    push(`### ${md(group.domain)} ${md(domainLabel(group.domain, lang))}`);
    push(
      table(
        [t("control", lang), t("result", lang), t("severity", lang), t("levels", lang), t("method", lang)],
        group.controls.map((c) => [
          `${md(c.id)} ${md(pick(c.title, lang))}`,
          statusLabel(c.status, lang),
          SEVERITY_LABEL[c.severity] ? pick(SEVERITY_LABEL[c.severity], lang) : md(c.severity),
          c.levels.join(", "),
          METHOD_LABEL[c.method] ? pick(METHOD_LABEL[c.method], lang) : md(c.method),
        ]),
      ),
    );
  }

  push(`## ${t("findingsHeading", lang)}`);
  const open = findings(report);
  if (!open.length) push(t("noFindings", lang));
  else push(`_${t("findingsIntro", lang)} ${t("observedNote", lang)}_`);
  for (const f of open) {
    const x = f.finding;
    push(`### ${md(x.id)} ${pick(FINDING_CLASS_LABEL[x.class], lang)} — ${x.controls.map(md).join(", ")}`);
    push(
      `- ${t("findingClass", lang)}: **${pick(FINDING_CLASS_LABEL[x.class], lang)}**; ${t("severity", lang)}: ${SEVERITY_LABEL[x.severity] ? pick(SEVERITY_LABEL[x.severity], lang) : md(x.severity)}${x.blocking ? `; ${t("blocking", lang)}` : ""}`,
      `- ${t("affectedControls", lang)}: ${f.controls.map((c) => `${md(c.id)} ${md(pick(c.title, lang))}`).join("; ") || x.controls.map(md).join(", ")}`,
      ...(x.check ? [`- ${t("sourceCheck", lang)}: ${code(x.check)}${f.check ? ` (${statusLabel(f.check.status, lang)})` : ""}`] : []),
      ...(x.log ? [`- ${t("logWarning", lang)}: ${code(x.log.code)} · ${md(x.log.file)} · ${t("occurrences", lang)}: ${x.log.count}`] : []),
      `- ${t("statement", lang)}: ${f.controls.map((c) => `${md(c.id)}: ${md(pick(c.statement, lang))}`).join(" / ")}`,
      `- ${t("reason", lang)}: ${md(messageIn(x.summary, lang))}`,
      `- ${t("basis", lang)}: ${x.basis.length ? x.basis.map((b) => md(basisText(b, lang))).join("; ") : f.controls.flatMap((c) => c.refs.map((r) => md(`${r.source}${r.clause ? ` ${r.clause}` : ""}`))).join("; ") || "—"}`,
      `- ${t("proof", lang)}: ${evidenceCell(f.evidence, lang)}`,
      `- ${t("recommendation", lang)}: ${md(pick(f.recommendation, lang))}`,
    );
    if (f.check && f.departures.length) {
      push(table([t("expected", lang), t("observed", lang), t("where", lang)], f.departures.map((o) => [md(messageIn(o.expected, lang)), md(messageIn(o.observed, lang)), md(o.where)])));
    }
  }

  push(`## ${t("waiversHeading", lang)}`);
  push(
    report.waivers.length
      ? table(
          [t("waiverId", lang), t("scope", lang), t("justification", lang), t("approver", lang), t("expires", lang), t("active", lang)],
          report.waivers.map((w) => [
            md(w.id),
            md([w.scope.control, w.scope.check].filter(Boolean).join(" / ")),
            md(w.justification),
            md(w.approver),
            md(w.expires),
            t(w.active ? "waiverActive" : "waiverExpired", lang),
          ]),
        )
      : t("noneRecorded", lang),
  );

  push(`## ${t("attestationsHeading", lang)}`);
  push(
    report.attestations.length
      ? table(
          [t("control", lang), t("assessor", lang), t("date", lang), t("decision", lang), t("justification", lang), t("proof", lang), t("expires", lang)],
          report.attestations.map((x) => [md(x.control), md(x.assessor), md(x.date), statusLabel(x.decision, lang), [md(x.justification), ...conflicts.filter((c) => c.attestation === x).map((c) => `⚠ ${md(pick(c.message, lang))}`)].join("<br>"), x.evidenceRef ? md(x.evidenceRef) : "—", x.expires ? md(x.expires) : "—"]),
        )
      : t("noneRecorded", lang),
  );

  push(`## ${t("logsHeading", lang)}`);
  if (!report.logs.length) push(t("noLogs", lang));
  for (const log of report.logs) {
    const head = headToKeep(log);
    push(
      `### ${md(log.file)}`,
      `- ${t("records", lang)}: ${log.records}`,
      `- ${t("intact", lang)}: **${t(log.intact ? "intactYes" : "intactNo", lang)}**`,
      `- ${t("head", lang)}: ${head ? code(head) : "—"}`,
    );
    if (log.problems.length) push(table([t("problems", lang), t("severityWord", lang), t("line", lang), t("seq", lang), t("message", lang)], log.problems.map((p) => [code(p.code), t(isLogWarning(p.code) ? "warning" : "error", lang), String(p.line), p.seq === null ? "—" : String(p.seq), md(logProblemMessage(p, lang))])));
  }

  push(`## ${t("evidenceHeading", lang)}`);
  push(
    report.evidence.length
      ? table(
          [t("evidenceKind", lang), t("logFile", lang), "SHA-256", t("valid", lang), t("collected", lang), t("expires", lang), t("problems", lang)],
          report.evidence.map((e) => [md(e.kind), md(e.file), code(e.sha256), t(e.valid ? "validYes" : "validNo", lang), e.collected ? md(e.collected) : "—", e.expires ? md(e.expires) : "—", e.problems.map((p) => md(messageIn(p, lang))).join("; ") || "—"]),
        )
      : t("noEvidence", lang),
  );
  const records = evidenceInventory(report).filter((i) => i.source === "transcript");
  if (records.length) {
    push(`### ${pick(CHECK_RECORDS, lang)}`);
    push(table([t("logFile", lang), "SHA-256", t("sourceCheck", lang)], records.map((r) => [md(r.file), code(r.sha256), r.by.map((id) => code(id)).join(" ")])));
  }

  push(`## ${t("catalogHeading", lang)}`);
  push(
    `- ${t("catalogVersion", lang)}: ${md(a.catalog.version)}`,
    `- ${t("catalogDigest", lang)}: ${code(a.catalog.sha256)}`,
    `- ${t("tool", lang)}: ${md(`${report.tool.name} ${report.tool.version}`)}`,
  );
  return `${out.join("\n").trimEnd()}\n`;
}
