/**
 * The HTML report (ja or en): one self-contained file — inline CSS, one inline script allowed by
 * its hash (navigation: html-nav.ts), no external resource — that an investigative body can hand
 * over as is, and the source of the PDF (print CSS drops the navigation controls).
 *
 * Sections: cover, 調査の概要及び結果 (verdict per level with blocking controls), the checklist
 * (調査項目 / 判定 / 根拠 / 証跡), per-domain sections, findings with observations, waivers and
 * attestations, log verification with the head to keep, evidence inventory, catalog version.
 *
 * Every value read from report.json passes through `escapeHtml` (observed values are the target's
 * own words; a report.json handed to us may itself be hostile). A Content-Security-Policy that
 * allows only our own script (by hash) and no fetch but `data:` is a second line of defence if
 * one is ever missed.
 */
import type { ControlResult, FindingClass, Report, VerdictState } from "../src/report/types.ts";
import { messageIn, type Status, type Text } from "../src/check/types.ts";
import { isLogWarning } from "../src/report/findings.ts";
import { escapeHtml as h } from "./escape.ts";
import { KIND_LABEL, METHOD_LABEL, SEVERITY_LABEL, domainLabel, pick, stateLabel, statusLabel, t, verdictSentence, type Lang } from "./i18n.ts";
import { FINDING_CLASS_LABEL, assessorsOf, attestationConflicts, evidenceHref, evidenceInventory, parameterValue, scopeExtras, basisText, logProblemMessage, checklist, controlsByDomain, findingOf, findings, formatTime, headToKeep, narrative, shortDigest, statusCounts, type AttestationConflict, type EvidenceItem } from "./view.ts";
import { NAV_CSS, REPORT_CSP, filterBar, navLabel, navScriptTag, tableOfContents } from "./html-nav.ts";

/**
 * Fonts named explicitly so Japanese never falls back to boxes. TrueType-outline fonts first
 * (BIZ UDPGothic from fonts-morisawa-bizud-gothic, DejaVu Sans Mono): chromium embeds them in
 * the PDF as CID TrueType fonts, whereas the CFF-based Noto CJK can only be drawn as Type 3
 * glyphs. Both come with a real bold face: a synthesised bold is also drawn as Type 3, hence
 * `font-synthesis: none` below. Noto stays as the fallback where they are not installed.
 */
export const REPORT_FONT_FAMILY = `"BIZ UDPGothic", "Noto Sans CJK JP", "Noto Sans JP", sans-serif`;
export const REPORT_MONO_FAMILY = `"DejaVu Sans Mono", "BIZ UDGothic", "Noto Sans Mono CJK JP", monospace`;

const CSS = `
@page { size: A4; }
* { box-sizing: border-box; font-synthesis: none; }
body { font-family: ${REPORT_FONT_FAMILY}; font-size: 10.5pt; line-height: 1.55; color: #1b1f24; margin: 0 auto; max-width: 190mm; padding: 12mm 6mm; }
h1 { font-size: 19pt; margin: 0 0 2mm; } h2 { font-size: 14pt; border-bottom: 2px solid #24364f; padding-bottom: 1mm; margin-top: 9mm; }
h3 { font-size: 12pt; margin: 6mm 0 2mm; } h4 { font-size: 10.5pt; margin: 4mm 0 1mm; }
.subtitle { color: #4a5563; margin: 0 0 6mm; }
table { border-collapse: collapse; width: 100%; margin: 2mm 0 4mm; page-break-inside: auto; }
tr { page-break-inside: avoid; }
th, td { border: 1px solid #b8c0cc; padding: 1.2mm 2mm; text-align: left; vertical-align: top; overflow-wrap: break-word; }
th { white-space: nowrap; }
th { background: #e8edf4; font-weight: 700; }
table.cover th { width: 32%; }
table.fixed { table-layout: fixed; }
code, .mono { font-family: ${REPORT_MONO_FAMILY}; font-size: 8.5pt; overflow-wrap: anywhere; }
.verdict { font-size: 15pt; font-weight: 700; padding: 3mm 4mm; border-radius: 2mm; margin: 3mm 0; }
.verdict.ok { background: #e3f5e8; color: #125b2b; border: 1px solid #5fb97c; }
.verdict.ng { background: #fde8e8; color: #8a1414; border: 1px solid #e07171; }
.verdict.open { background: #fff4d6; color: #6b4a00; border: 1px solid #d9a400; }
.status { display: inline-block; padding: 0 2mm; border-radius: 1mm; font-weight: 700; white-space: nowrap; }
.status-pass { background: #e3f5e8; color: #125b2b; } .status-fail { background: #fde8e8; color: #8a1414; }
.status-error { background: #f3e6fa; color: #5d1a80; } .status-manual { background: #fff4d6; color: #6b4a00; }
.status-advisory { background: #e8f0fe; color: #1a3d7c; } .status-waived { background: #e2f1f8; color: #134f6b; } .status-not-applicable { background: #eef0f3; color: #4a5563; }
.finding { border-left: 4px solid #e07171; padding-left: 4mm; margin: 4mm 0; page-break-inside: avoid; }
.finding.finding-minor-box { border-left-color: #e0a071; } .finding.finding-observation-box { border-left-color: #5b8bd9; } .finding.finding-incomplete-box { border-left-color: #d9a400; }
.finding-major { background: #fde8e8; color: #8a1414; } .finding-minor { background: #fdf0e4; color: #7a3a0a; }
.finding-observation { background: #e8f0fe; color: #1a3d7c; } .finding-incomplete { background: #fff4d6; color: #6b4a00; }
.note { color: #4a5563; font-size: 9pt; }
.sign-line { height: 12mm; }
.observed { background: #fff8f0; }
footer { margin-top: 10mm; color: #4a5563; font-size: 8.5pt; }
.conflict { margin-top: 1mm; padding: 1mm 2mm; background: #fff4d6; border-left: 3px solid #d9a400; color: #5a3d00; }
.findings-of { display: block; margin-top: 1mm; }
@media print { body { padding: 0; max-width: none; } h2, h3, h4 { page-break-after: avoid; break-after: avoid; } }
${NAV_CSS}`;

/** A level's state as a badge, coloured like the control status it most resembles. */
function stateBadge(state: VerdictState, lang: Lang): string {
  const look = state === "conformant" ? "pass" : state === "incomplete" ? "manual" : "fail";
  return `<span class="status status-${look}" data-state="${h(state)}">${h(stateLabel(state, lang))}</span>`;
}

function badge(status: Status, lang: Lang): string {
  return `<span class="status status-${h(status)}" data-status="${h(status)}">${h(statusLabel(status, lang))}</span>`;
}

/**
 * The 証跡 cell: each file (a link when it is a check's record in the report folder), its short
 * digest linking to the full one in the evidence inventory (`anchors`: file → anchor).
 */
function evidenceList(items: EvidenceItem[], lang: Lang, anchors: ReadonlyMap<string, string> = new Map()): string {
  if (!items.length) return "—";
  return items
    .map((e) => {
      const href = e.source === "transcript" ? evidenceHref(e.file) : undefined;
      const name = href ? `<a class="mono evidence-file" href="${h(href)}">${h(e.file)}</a>` : `<span class="mono">${h(e.file)}</span>`;
      const anchor = anchors.get(e.file);
      const digest = e.sha256 ? (anchor ? `<a href="#${h(anchor)}"><code title="sha256:${h(e.sha256)}">sha256:${h(shortDigest(e.sha256))}…</code></a>` : `<code>sha256:${h(e.sha256)}</code>`) : "";
      return `<div>${name}${digest ? `<br>${digest}` : ""}${e.valid === false ? ` <strong>(${h(t("validNo", lang))})</strong>` : ""}</div>`;
    })
    .join("");
}

/** Filter attributes (html-nav.ts): statuses, severities and domains an item answers to. */
function filterAttrs(statuses: Iterable<string>, severities: Iterable<string>, domains: Iterable<string>, extra = ""): string {
  const j = (xs: Iterable<string>) => h([...new Set(xs)].join(" "));
  return `data-filter-item data-statuses="${j(statuses)}" data-severities="${j(severities)}" data-domains="${j(domains)}"${extra ? ` ${extra}` : ""}`;
}

function conflictNote(c: AttestationConflict, lang: Lang): string {
  return `<div class="conflict" role="note" data-conflict="${h(c.control)}">⚠ ${h(pick(c.message, lang))}</div>`;
}

function tableHtml(head: string[], rows: string[][], attrs: string[] = [], widths: string[] = []): string {
  const cols = widths.length ? `<colgroup>${widths.map((w) => `<col style="width: ${w}">`).join("")}</colgroup>` : "";
  const thead = `<thead><tr>${head.map((x) => `<th>${x}</th>`).join("")}</tr></thead>`;
  const tbody = rows.map((cells, i) => `<tr${attrs[i] ? ` ${attrs[i]}` : ""}>${cells.map((x) => `<td>${x}</td>`).join("")}</tr>`).join("\n");
  return `<table${widths.length ? ' class="fixed"' : ""}>${cols}${thead}<tbody>\n${tbody}\n</tbody></table>`;
}

const severity = (c: ControlResult, lang: Lang) => (SEVERITY_LABEL[c.severity] ? h(pick(SEVERITY_LABEL[c.severity], lang)) : h(c.severity));
const method = (c: ControlResult, lang: Lang) => (METHOD_LABEL[c.method] ? h(pick(METHOD_LABEL[c.method], lang)) : h(c.method));

function cover(report: Report, lang: Lang): string {
  const a = report.assessment;
  const v = report.verdict;
  const rows: Array<[string, string]> = [
    [t("target", lang), h(a.target.name)],
    ...(a.target.baseUrl ? [[t("endpoint", lang), `<span class="mono">${h(a.target.baseUrl)}</span>`] as [string, string]] : []),
    [t("assessmentId", lang), `<span class="mono">${h(a.id)}</span>`],
    [t("kind", lang), h(pick(KIND_LABEL[a.kind], lang))],
    [t("levelAssessed", lang), h(a.level)],
    [t("assessor", lang), assessorsOf(report).map(h).join("、") || "—"],
    ...(a.organisation ? [[t("organisation", lang), h(a.organisation)] as [string, string]] : []),
    ...(a.reportVersion || a.issued ? [[t("issueHeading", lang), `${h(t("reportVersion", lang))} ${a.reportVersion ? h(a.reportVersion) : "—"} · ${h(t("issued", lang))} ${a.issued ? h(a.issued) : "—"}`] as [string, string]] : []),
    [t("period", lang), `${h(formatTime(a.startedAt))} – ${h(formatTime(a.finishedAt))}`],
    [t("intrusive", lang), h(t(a.intrusive ? "yes" : "no", lang))],
    // The credentials the assessment scoped out, with the reasons, stand on the cover (issue 16).
    ...scopeExtras(report).excludedCredentials.map((e): [string, string] => [t("excludedCredentials", lang), `<code>${h(e.id)}</code>: ${h(e.reason)}${e.instrument ? ` (${h(t("instrumentNote", lang))})` : ""}`]),
  ];
  return `<header id="cover">
<h1>${h(t("reportTitle", lang))}</h1>
<p class="subtitle">${h(t("guideline", lang))}</p>
<table class="cover"><tbody>${rows.map(([k, x]) => `<tr><th>${h(k)}</th><td>${x}</td></tr>`).join("")}</tbody></table>
<p id="verdict" class="verdict ${v.state === "conformant" ? "ok" : v.state === "incomplete" ? "open" : "ng"}" data-conformant="${v.conformant}" data-state="${h(v.state)}" data-level="${h(v.level)}">${h(t("overall", lang))}: ${h(verdictSentence(v.state, v.level, lang))}</p>
</header>`;
}

const kv = (rows: Array<[string, string]>) => `<table class="cover"><tbody>${rows.map(([k, v]) => `<tr><th>${h(k)}</th><td>${v}</td></tr>`).join("")}</tbody></table>`;
const orDash = (v: string | undefined, lang: Lang) => (v ? h(v) : `<span class="note">${h(t("notStated", lang))}</span>`);

/** 調査の範囲, 調査基準, 調査の方法, parameters, schedule, team and issue: the formal parts. */
function formalSections(report: Report, lang: Lang): string {
  const a = report.assessment;
  const sys = a.system ?? {};
  const extras = scopeExtras(report);
  const exclusions = [...(sys.exclusions ?? []).map((e) => `${h(e.item)}: ${h(e.reason)}`)];
  const methods = (["automated", "evidence", "attestation"] as const).map((m) => `${h(pick(METHOD_LABEL[m], lang))} ${h(report.controls.filter((c) => c.method === m).length)}`).join(" · ");
  const params = Object.entries(a.parameters ?? {}).sort(([x], [y]) => x.localeCompare(y));
  return `<section id="scope">
<h2>${h(t("scopeHeading", lang))}</h2>
${kv([
  [t("target", lang), h(a.target.name)],
  ...(a.target.baseUrl ? [[t("endpoint", lang), `<span class="mono">${h(a.target.baseUrl)}</span>`] as [string, string]] : []),
  [t("boundary", lang), orDash(sys.boundary, lang)],
  [t("service", lang), orDash(sys.service, lang)],
  [t("serviceVersion", lang), orDash(sys.version, lang)],
  [t("sites", lang), sys.sites?.length ? sys.sites.map(h).join("<br>") : orDash(undefined, lang)],
  [t("exclusions", lang), exclusions.length ? exclusions.join("<br>") : h(t("none", lang))],
  ...(extras.excludedCredentials.length ? [[t("excludedCredentials", lang), extras.excludedCredentials.map((e) => `<code>${h(e.id)}</code>: ${h(e.reason)}`).join("<br>")] as [string, string]] : []),
])}
</section>
<section id="criteria">
<h2>${h(t("criteriaHeading", lang))}</h2>
${kv([
  [t("criteriaHeading", lang), h(t("criteriaText", lang))],
  [t("levelAssessed", lang), h(a.level)],
  [t("catalogVersion", lang), h(a.catalog.version)],
  [t("catalogDigest", lang), `<code>${h(a.catalog.sha256)}</code>`],
  [t("profile", lang), extras.profile ? `<code>${h(extras.profile)}</code>` : h(t("profileDefault", lang))],
])}
</section>
<section id="method">
<h2>${h(t("methodHeading", lang))}</h2>
<p>${h(t("methodText", lang))}</p>
${kv([
  [t("methodCount", lang), methods],
  [t("intrusive", lang), h(t(a.intrusive ? "yes" : "no", lang))],
  [t("tool", lang), `${h(report.tool.name)} ${h(report.tool.version)}`],
])}
<h3 id="parameters">${h(t("parametersHeading", lang))}</h3>
${params.length ? tableHtml([h(t("parameter", lang)), h(t("value", lang))], params.map(([k, v]) => [`<code>${h(k)}</code>`, h(parameterValue(v))]), [], ["45%", "55%"]) : `<p>${h(t("noneRecorded", lang))}</p>`}
</section>
<section id="schedule">
<h2>${h(t("scheduleHeading", lang))}</h2>
${kv([
  [t("scheduled", lang), a.schedule?.from || a.schedule?.to ? `${a.schedule.from ? h(a.schedule.from) : "—"} – ${a.schedule.to ? h(a.schedule.to) : "—"}${a.schedule.note ? `<br>${h(a.schedule.note)}` : ""}` : orDash(undefined, lang)],
  [t("probeRun", lang), `${h(formatTime(a.startedAt))} – ${h(formatTime(a.finishedAt))}`],
])}
</section>
<section id="team">
<h2>${h(t("teamHeading", lang))}</h2>
${kv([
  [t("organisation", lang), orDash(a.organisation, lang)],
  [t("assessors", lang), assessorsOf(report).map(h).join("<br>") || orDash(undefined, lang)],
  [t("reviewer", lang), orDash(a.reviewer, lang)],
  [t("approver", lang), orDash(a.approver, lang)],
  [t("issued", lang), orDash(a.issued, lang)],
  [t("reportVersion", lang), orDash(a.reportVersion, lang)],
])}
</section>`;
}

/** 署名欄: one row per role, the name printed, the signature and date left to be written by hand (or signed as PDF). */
function signatureBlock(report: Report, lang: Lang): string {
  const a = report.assessment;
  const rows: Array<[string, string]> = [
    ...assessorsOf(report).slice(0, 4).map((n) => [t("assessors", lang), n] as [string, string]),
    [t("reviewer", lang), a.reviewer ?? ""],
    [t("approver", lang), a.approver ?? ""],
  ];
  return `<section id="signatures">
<h2>${h(t("signatureHeading", lang))}</h2>
${a.organisation ? `<p>${h(t("organisation", lang))}: ${h(a.organisation)}</p>` : ""}
${tableHtml([h(t("role", lang)), h(t("name", lang)), h(t("signature", lang)), h(t("date", lang))], rows.map(([role, name]) => [h(role), h(name), '<div class="sign-line"></div>', ""]), [], ["20%", "30%", "32%", "18%"])}
</section>`;
}

function summary(report: Report, lang: Lang): string {
  const v = report.verdict;
  const counts = statusCounts(report.controls);
  return `<section id="summary">
<h2>${h(t("summaryHeading", lang))}</h2>
<p class="narrative">${h(narrative(report, lang))}</p>
<p>${h(t("highestLevel", lang))}: <strong>${v.highestConformantLevel === 0 ? h(t("noneLevel", lang)) : h(v.highestConformantLevel)}</strong></p>
${tableHtml([...counts.map((x) => badge(x.status, lang)), h(t("total", lang))], [[...counts.map((x) => h(x.count)), h(report.controls.length)]])}
<h3>${h(t("byLevelHeading", lang))}</h3>
${tableHtml(
  [h(t("level", lang)), h(t("verdict", lang)), h(t("blocking", lang))],
  v.byLevel.map((lv) => [`L${h(lv.level)}`, stateBadge(lv.state, lang), lv.blocking.length ? lv.blocking.map((id) => {
    const f = findingOf(report, id);
    return `<a href="#${f ? `finding-${h(f.id)}` : `control-${h(id)}`}">${h(id)}</a>${f ? ` (${h(f.id)})` : ""}`;
  }).join(", ") : h(t("none", lang))]),
  v.byLevel.map((lv) => `data-level="${h(lv.level)}" data-conformant="${lv.conformant}" data-state="${h(lv.state)}"`),
)}
${conflictsBox(report, lang)}
</section>`;
}

/**
 * The checklist: one row per control with the one-line reason (for a passed control, what was
 * observed), a warning where an attestation contradicts an observation, links to the findings it
 * is part of, and its evidence. Passed rows are collapsible on screen (html-nav.ts).
 */
/** Every attestation that contradicts an observation, at the top where a reader cannot miss it. */
function conflictsBox(report: Report, lang: Lang): string {
  const conflicts = attestationConflicts(report);
  if (!conflicts.length) return "";
  return `<div id="attestation-conflicts">
<h3>⚠ ${h(pick(LABEL.conflictsHeading, lang))}</h3>
${conflicts.map((c) => `<div class="conflict" role="note"><a href="#control-${h(c.control)}">${h(c.control)}</a>: ${h(pick(c.message, lang))}</div>`).join("\n")}
</div>`;
}

function checklistSection(report: Report, lang: Lang, anchors: ReadonlyMap<string, string>): string {
  const rows = checklist(report);
  const conflicts = attestationConflicts(report);
  const found = report.findings ?? [];
  const toggle = `<button type="button" class="row-toggle" aria-expanded="true" aria-label="${h(navLabel("toggleRow", lang))}">±</button>`;
  return `<section id="checklist">
<h2>${h(t("checklistHeading", lang))}</h2>
${tableHtml(
  [h(t("item", lang)), h(t("result", lang)), h(t("reason", lang)), h(t("proof", lang))],
  rows.map((r) => {
    const collapsible = r.control.status === "pass";
    const links = found.filter((f) => f.controls.includes(r.control.id)).map((f) => `<a href="#finding-${h(f.id)}">→ ${h(f.id)}</a>`);
    const notes = conflicts.filter((c) => c.control === r.control.id).map((c) => conflictNote(c, lang)).join("");
    return [
      `${collapsible ? toggle : ""}<strong>${h(r.control.id)}</strong> ${h(pick(r.control.title, lang))}<br><span class="note">${method(r.control, lang)}</span>`,
      badge(r.control.status, lang),
      `<div class="detail">${h(messageIn(r.reason, lang))}</div>${notes}${links.length ? `<span class="findings-of">${links.join(" ")}</span>` : ""}`,
      `<div class="evidence-list">${evidenceList(r.evidence, lang, anchors)}</div>${r.evidence.length ? `<span class="evidence-count">${h(navLabel("evidenceCount", lang, { n: r.evidence.length }))}</span>` : ""}`,
    ];
  }),
  rows.map((r) => `id="control-${h(r.control.id)}" data-control="${h(r.control.id)}" data-status="${h(r.control.status)}" ${filterAttrs([r.control.status], [r.control.severity], [r.control.domain], `data-count${r.control.status === "pass" ? " data-collapsible" : ""}`)}`),
  ["27%", "11%", "34%", "28%"],
)}
</section>`;
}

function domainSections(report: Report, lang: Lang): string {
  return `<section id="domains">
<h2>${h(t("domainsHeading", lang))}</h2>
${controlsByDomain(report)
  .map(
    (g) => `<div class="domain-group" data-filter-group data-domain="${h(g.domain)}">
<h3 id="domain-${h(g.domain)}">${h(g.domain)} ${h(domainLabel(g.domain, lang))}</h3>
${tableHtml(
  [h(t("control", lang)), h(t("result", lang)), h(t("severity", lang)), h(t("levels", lang)), h(t("method", lang))],
  g.controls.map((c) => [`<a href="#control-${h(c.id)}">${h(c.id)}</a> ${h(pick(c.title, lang))}`, badge(c.status, lang), severity(c, lang), h(c.levels.join(", ")), method(c, lang)]),
  g.controls.map((c) => `data-domain-control="${h(c.id)}" ${filterAttrs([c.status], [c.severity], [c.domain])}`),
)}
</div>`,
  )
  .join("\n")}
</section>`;
}

function findingClassBadge(k: FindingClass, lang: Lang): string {
  return `<span class="status finding-${h(k)}" data-class="${h(k)}">${h(pick(FINDING_CLASS_LABEL[k], lang))}</span>`;
}

function findingsSection(report: Report, lang: Lang, anchors: ReadonlyMap<string, string>): string {
  const open = findings(report);
  const counts = (["major", "minor", "observation", "incomplete"] as const).map((k) => [k, open.filter((f) => f.finding.class === k).length] as const);
  const body = open.length
    ? `<p class="note">${h(t("findingsIntro", lang))} ${h(t("observedNote", lang))}</p>
${tableHtml(counts.map(([k]) => findingClassBadge(k, lang)), [counts.map(([, n]) => h(n))])}
` +
      open
        .map((f) => {
          const x = f.finding;
          const controls = f.controls.map((c) => `<a href="#control-${h(c.id)}">${h(c.id)}</a> ${h(pick(c.title, lang))}`).join("<br>") || x.controls.map(h).join(", ");
          const obs = f.check && f.departures.length
            ? tableHtml(
                [h(t("expected", lang)), h(t("observed", lang)), h(t("where", lang))],
                f.departures.map((o) => [h(messageIn(o.expected, lang)), `<span class="observed">${h(messageIn(o.observed, lang))}</span>`, `<span class="mono">${h(o.where)}</span>`]),
                [],
                ["38%", "38%", "24%"],
              )
            : "";
          const statement = f.controls.map((c) => `${h(c.id)}: ${h(pick(c.statement, lang))}`).join("<br>");
          const basis = x.basis.length ? x.basis.map((b) => h(basisText(b, lang))).join("<br>") : f.controls.flatMap((c) => c.refs.map((r) => h(`${r.source}${r.clause ? ` ${r.clause}` : ""}`))).join("; ") || "—";
          const rows: Array<[string, string]> = [
            [t("findingClass", lang), `${findingClassBadge(x.class, lang)} · ${h(t("severity", lang))}: ${h(SEVERITY_LABEL[x.severity] ? pick(SEVERITY_LABEL[x.severity], lang) : x.severity)}${x.blocking ? ` · <strong>${h(t("blocking", lang))}</strong>` : ""}`],
            [t("affectedControls", lang), controls],
            ...(x.check ? [[t("sourceCheck", lang), `<code>${h(x.check)}</code> ${f.check ? badge(f.check.status, lang) : ""}`] as [string, string]] : []),
            ...(x.log ? [[t("logWarning", lang), `<code>${h(x.log.code)}</code> · ${h(x.log.file)} · ${h(t("occurrences", lang))}: ${h(x.log.count)}`] as [string, string]] : []),
            [t("statement", lang), statement],
            [t("reason", lang), h(messageIn(x.summary, lang))],
            [t("basis", lang), basis],
            [t("proof", lang), evidenceList(f.evidence, lang, anchors)],
            [t("recommendation", lang), h(pick(f.recommendation, lang))],
          ];
          const filter = filterAttrs(f.controls.map((c) => c.status), [x.severity, ...f.controls.map((c) => c.severity)], f.controls.map((c) => c.domain));
          return `<div class="finding finding-${h(x.class)}-box" id="finding-${h(x.id)}" data-finding="${h(x.id)}" data-class="${h(x.class)}" data-controls="${h(x.controls.join(" "))}" ${filter}>
<h3>${h(x.id)} ${h(pick(FINDING_CLASS_LABEL[x.class], lang))} — ${h(x.controls.join(", "))}<a class="anchor" href="#finding-${h(x.id)}" aria-label="${h(navLabel("findingLink", lang))}">¶</a></h3>
<table class="cover"><tbody>${rows.map(([k, v]) => `<tr><th>${h(k)}</th><td>${v}</td></tr>`).join("")}</tbody></table>
${obs}
</div>`;
        })
        .join("\n")
    : `<p>${h(t("noFindings", lang))}</p>`;
  return `<section id="findings">\n<h2>${h(t("findingsHeading", lang))}</h2>\n${body}\n</section>`;
}

function decisionsSection(report: Report, lang: Lang): string {
  const conflicts = attestationConflicts(report);
  const waivers = report.waivers.length
    ? tableHtml(
        [t("waiverId", lang), t("scope", lang), t("justification", lang), t("approver", lang), t("expires", lang), t("active", lang)].map(h),
        report.waivers.map((w) => [h(w.id), h([w.scope.control, w.scope.check].filter(Boolean).join(" / ")), h(w.justification), h(w.approver), h(w.expires), h(t(w.active ? "waiverActive" : "waiverExpired", lang))]),
      )
    : `<p>${h(t("noneRecorded", lang))}</p>`;
  const attestations = report.attestations.length
    ? tableHtml(
        [t("control", lang), t("assessor", lang), t("date", lang), t("decision", lang), t("justification", lang), t("proof", lang), t("expires", lang)].map(h),
        report.attestations.map((x) => [
          `<a href="#control-${h(x.control)}">${h(x.control)}</a>`,
          h(x.assessor),
          h(x.date),
          badge(x.decision, lang),
          h(x.justification) + conflicts.filter((c) => c.attestation === x).map((c) => conflictNote(c, lang)).join(""),
          x.evidenceRef ? h(x.evidenceRef) : "—",
          x.expires ? h(x.expires) : "—",
        ]),
      )
    : `<p>${h(t("noneRecorded", lang))}</p>`;
  return `<section id="waivers">\n<h2>${h(t("waiversHeading", lang))}</h2>\n${waivers}\n</section>
<section id="attestations">\n<h2>${h(t("attestationsHeading", lang))}</h2>\n${attestations}\n</section>`;
}

function logsSection(report: Report, lang: Lang): string {
  const body = report.logs.length
    ? report.logs
        .map((log) => {
          const head = headToKeep(log);
          return `<h3>${h(log.file)}</h3>
<table class="cover"><tbody>
<tr><th>${h(t("records", lang))}</th><td>${h(log.records)}</td></tr>
<tr><th>${h(t("intact", lang))}</th><td>${badge(log.intact ? "pass" : "fail", lang)} ${h(t(log.intact ? "intactYes" : "intactNo", lang))}</td></tr>
<tr><th>${h(t("head", lang))}</th><td>${head ? `<code class="head">${h(head)}</code>` : "—"}</td></tr>
</tbody></table>
${log.problems.length ? tableHtml([h(t("problems", lang)), h(t("severityWord", lang)), h(t("line", lang)), h(t("seq", lang)), h(t("message", lang))], log.problems.map((p) => [`<code>${h(p.code)}</code>`, h(t(isLogWarning(p.code) ? "warning" : "error", lang)), h(p.line), p.seq === null ? "—" : h(p.seq), h(logProblemMessage(p, lang))])) : ""}`;
        })
        .join("\n")
    : `<p>${h(t("noLogs", lang))}</p>`;
  return `<section id="logs">\n<h2>${h(t("logsHeading", lang))}</h2>\n${body}\n</section>`;
}

/** Labels only this renderer uses. */
const LABEL = {
  records: { ja: "試験の記録", en: "Check records" },
  recordsIntro: { ja: "各試験が報告書のフォルダに保存した記録（リンク先）とその SHA-256 値。", en: "What each check recorded in the report's folder (linked), with its SHA-256." },
  writtenBy: { ja: "記録した試験", en: "Recorded by" },
  conflictsHeading: { ja: "確認記録と観測の矛盾", en: "Attestations that contradict observations" },
} satisfies Record<string, Text>;

function evidenceSection(report: Report, lang: Lang): string {
  const inventory = evidenceInventory(report);
  const anchorOf = new Map(inventory.map((i) => [i.file, i.anchor]));
  const records = inventory.filter((i) => i.source === "transcript");
  const recordTable = records.length
    ? `<h3 id="evidence-records">${h(pick(LABEL.records, lang))}</h3>
<p class="note">${h(pick(LABEL.recordsIntro, lang))}</p>
${tableHtml(
  [h(t("logFile", lang)), "SHA-256", h(pick(LABEL.writtenBy, lang))],
  records.map((r) => {
    const href = evidenceHref(r.file);
    return [href ? `<a class="mono" href="${h(href)}">${h(r.file)}</a>` : `<span class="mono">${h(r.file)}</span>`, `<code>${h(r.sha256)}</code>`, r.by.map((id) => `<code>${h(id)}</code>`).join(" ")];
  }),
  records.map((r) => `id="${h(r.anchor)}" data-evidence="${h(r.file)}"`),
  ["44%", "40%", "16%"],
)}`
    : "";
  const body = report.evidence.length
    ? tableHtml(
        [t("evidenceKind", lang), t("logFile", lang), "SHA-256", t("valid", lang), t("collected", lang), t("expires", lang), t("problems", lang)].map(h),
        report.evidence.map((e) => [
          h(e.kind),
          h(e.file),
          `<code>${h(e.sha256)}</code>`,
          badge(e.valid ? "pass" : "fail", lang),
          e.collected ? h(e.collected) : "—",
          e.expires ? h(e.expires) : "—",
          e.problems.map((p) => h(messageIn(p, lang))).join("<br>") || "—",
        ]),
        report.evidence.map((e) => `id="${h(anchorOf.get(e.file) ?? "")}" data-evidence="${h(e.file)}"`),
      )
    : `<p>${h(t("noEvidence", lang))}</p>`;
  return `<section id="evidence">\n<h2>${h(t("evidenceHeading", lang))}</h2>\n${body}\n${recordTable}\n</section>`;
}

function catalogSection(report: Report, lang: Lang): string {
  const a = report.assessment;
  return `<section id="catalog">
<h2>${h(t("catalogHeading", lang))}</h2>
<table class="cover"><tbody>
<tr><th>${h(t("catalogVersion", lang))}</th><td>${h(a.catalog.version)}</td></tr>
<tr><th>${h(t("catalogDigest", lang))}</th><td><code>${h(a.catalog.sha256)}</code></td></tr>
<tr><th>${h(t("tool", lang))}</th><td>${h(report.tool.name)} ${h(report.tool.version)}</td></tr>
</tbody></table>
</section>`;
}

/** The whole report as one HTML document (UTF-8, no external resources). */
export function renderHtml(report: Report, lang: Lang): string {
  const anchors = new Map(evidenceInventory(report).map((i) => [i.file, i.anchor]));
  return `<!DOCTYPE html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${h(REPORT_CSP)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${h(t("reportTitle", lang))} — ${h(report.assessment.target.name)} (${h(report.assessment.id)})</title>
<style>${CSS}</style>
</head>
<body>
${cover(report, lang)}
${tableOfContents(report, lang)}
${filterBar(report, lang)}
<main>
${summary(report, lang)}
${formalSections(report, lang)}
${checklistSection(report, lang, anchors)}
${domainSections(report, lang)}
${findingsSection(report, lang, anchors)}
${decisionsSection(report, lang)}
${logsSection(report, lang)}
${evidenceSection(report, lang)}
${catalogSection(report, lang)}
${signatureBlock(report, lang)}
</main>
<footer>${h(report.tool.name)} ${h(report.tool.version)} · ${h(report.assessment.id)}</footer>
${navScriptTag()}
</body>
</html>
`;
}
