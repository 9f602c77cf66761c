/**
 * The HTML report's navigation: a table of contents, filters by status / severity / domain, a
 * text search, collapsible passed rows and a self-link on every finding.
 *
 * The report stays one offline file under a strict Content-Security-Policy: the one script is
 * inline, and the policy allows exactly that script by its SHA-256 (`script-src 'sha256-…'`), so
 * no other script — not a value that slipped past escaping, not an injected handler attribute —
 * can run. The script only reads the page and toggles classes: no network, no eval, no HTML
 * strings. Without it (scripts off) the page is the full, static report.
 *
 * Print (and so the PDF, printed from this HTML) never shows the controls: they are hidden by
 * `@media print`, and every rule that hides or collapses content applies `@media screen` only, so
 * a page printed with a filter set still prints everything.
 */
import { createHash } from "node:crypto";
import type { Text } from "../src/check/types.ts";
import type { Report } from "../src/report/types.ts";
import { escapeHtml as h } from "./escape.ts";
import { SEVERITY_LABEL, STATUS_ORDER, domainLabel, fill, pick, statusLabel, t, type Lang } from "./i18n.ts";
import { FINDING_CLASS_LABEL, controlsByDomain, findings } from "./view.ts";

/** The navigation's own labels (fixed vocabulary, both languages). */
export const NAV_LABEL = {
  filters: { ja: "絞り込み", en: "Filter" },
  status: { ja: "判定", en: "Result" },
  severity: { ja: "重要度", en: "Severity" },
  domain: { ja: "分野", en: "Domain" },
  all: { ja: "すべて", en: "All" },
  search: { ja: "検索", en: "Search" },
  searchHint: { ja: "管理策ID、語句、試験ID…", en: "control ID, words, check ID…" },
  reset: { ja: "条件を解除", en: "Clear filters" },
  collapse: { ja: "適合の行を折りたたむ", en: "Collapse passed rows" },
  expand: { ja: "適合の行を展開する", en: "Expand passed rows" },
  toggleRow: { ja: "詳細の表示／非表示", en: "Show or hide details" },
  shown: { ja: "チェックリスト表示中: {n} / {total} 件", en: "Checklist: {n} of {total} shown" },
  findingLink: { ja: "この指摘事項へのリンク", en: "Link to this finding" },
  evidenceCount: { ja: "証跡 {n} 件", en: "{n} evidence item(s)" },
} satisfies Record<string, Text>;

export function navLabel(key: keyof typeof NAV_LABEL, lang: Lang, values: Record<string, string | number> = {}): string {
  return fill(NAV_LABEL[key], lang, values);
}

/**
 * The script, as the exact text placed in the page (its hash is computed from this string).
 * Plain ES2017 in a string, not a compiled function: what runs is what is hashed and reviewed.
 *
 * Filtered items carry `data-filter-item` and space-separated `data-statuses`, `data-severities`,
 * `data-domains`; rows counted in the "shown" line carry `data-count`. A group (`data-filter-group`,
 * a domain's heading and table) is hidden when none of its items is shown.
 */
export const NAV_SCRIPT = `(function () {
  "use strict";
  var doc = document;
  doc.documentElement.classList.add("js");
  var bar = doc.getElementById("report-controls");
  if (!bar) return;
  bar.hidden = false;
  /* The bar is sticky: anchors and scrollIntoView stop below it, not under it. */
  function padTop() { doc.documentElement.style.scrollPaddingTop = (bar.offsetHeight + 12) + "px"; }
  padTop();
  window.addEventListener("resize", padTop);
  window.addEventListener("load", padTop);
  if (doc.fonts && doc.fonts.ready) doc.fonts.ready.then(padTop);
  function all(sel, el) { return Array.prototype.slice.call((el || doc).querySelectorAll(sel)); }
  function norm(s) { return String(s || "").normalize("NFKC").toLowerCase(); }
  function words(el, name) { return (el.getAttribute(name) || "").split(" "); }
  var items = all("[data-filter-item]");
  var groups = all("[data-filter-group]");
  var texts = items.map(function (el) { return norm(el.textContent); });
  var boxes = all("input[name=f-status]", bar);
  var severity = doc.getElementById("f-severity");
  var domain = doc.getElementById("f-domain");
  var search = doc.getElementById("f-search");
  var count = doc.getElementById("f-count");
  var collapse = doc.getElementById("f-collapse");
  var total = items.filter(function (el) { return el.hasAttribute("data-count"); }).length;
  function apply() {
    var statuses = boxes.filter(function (b) { return b.checked; }).map(function (b) { return b.value; });
    var sev = severity.value, dom = domain.value;
    var terms = norm(search.value).split(/\\s+/).filter(Boolean);
    var shown = 0;
    items.forEach(function (el, i) {
      var ok = words(el, "data-statuses").some(function (s) { return statuses.indexOf(s) >= 0; }) &&
        (!sev || words(el, "data-severities").indexOf(sev) >= 0) &&
        (!dom || words(el, "data-domains").indexOf(dom) >= 0) &&
        terms.every(function (w) { return texts[i].indexOf(w) >= 0; });
      el.classList.toggle("filtered-out", !ok);
      if (ok && el.hasAttribute("data-count")) shown++;
    });
    groups.forEach(function (g) { g.classList.toggle("filtered-out", all("[data-filter-item]:not(.filtered-out)", g).length === 0); });
    count.textContent = count.getAttribute("data-template").replace("{n}", String(shown)).replace("{total}", String(total));
  }
  function reset() {
    boxes.forEach(function (b) { b.checked = true; });
    severity.value = ""; domain.value = ""; search.value = "";
    apply();
  }
  var rows = all("tr[data-collapsible]");
  function setCollapsed(row, on) {
    row.classList.toggle("collapsed", on);
    var b = row.querySelector(".row-toggle");
    if (b) b.setAttribute("aria-expanded", on ? "false" : "true");
  }
  function setAll(on) {
    rows.forEach(function (r) { setCollapsed(r, on); });
    collapse.setAttribute("aria-pressed", on ? "true" : "false");
    collapse.textContent = collapse.getAttribute(on ? "data-expand" : "data-collapse");
  }
  rows.forEach(function (r) {
    var b = r.querySelector(".row-toggle");
    if (b) b.addEventListener("click", function () { setCollapsed(r, !r.classList.contains("collapsed")); });
  });
  collapse.addEventListener("click", function () { setAll(collapse.getAttribute("aria-pressed") !== "true"); });
  boxes.forEach(function (b) { b.addEventListener("change", apply); });
  severity.addEventListener("change", apply);
  domain.addEventListener("change", apply);
  search.addEventListener("input", apply);
  search.addEventListener("keydown", function (e) { if (e.key === "Escape") { search.value = ""; apply(); } });
  doc.getElementById("f-reset").addEventListener("click", reset);
  /* Following a link to something filtered out or collapsed: clear the filters, open the row. */
  function reveal(id) {
    var target = id && doc.getElementById(id);
    if (!target) return;
    padTop();
    var hidden = target.closest(".filtered-out") || target.classList.contains("filtered-out");
    if (hidden) reset();
    var row = target.closest("tr[data-collapsible]");
    if (row) setCollapsed(row, false);
    if (hidden || row) { padTop(); target.scrollIntoView(); }
  }
  doc.addEventListener("click", function (e) {
    var a = e.target && e.target.closest ? e.target.closest("a[href^='#']") : null;
    if (a) reveal(decodeURIComponent(a.getAttribute("href").slice(1)));
  });
  window.addEventListener("hashchange", function () { reveal(decodeURIComponent(location.hash.slice(1))); });
  setAll(true);
  apply();
  if (location.hash) reveal(decodeURIComponent(location.hash.slice(1)));
})();`;

/** `'sha256-…'`: the CSP source that allows exactly NAV_SCRIPT. */
export const NAV_SCRIPT_HASH = `'sha256-${createHash("sha256").update(NAV_SCRIPT, "utf8").digest("base64")}'`;

/** The report's policy: nothing fetched but `data:`, inline styles, and only our script. */
export const REPORT_CSP = `default-src 'none'; script-src ${NAV_SCRIPT_HASH}; style-src 'unsafe-inline'; img-src data:; font-src data:; base-uri 'none'; form-action 'none'`;

/** Screen-only behaviour, and print rules that drop the controls. */
export const NAV_CSS = `
#report-controls { position: sticky; top: 0; z-index: 5; background: #f6f8fb; border: 1px solid #b8c0cc; border-radius: 1.5mm; padding: 2mm 3mm; margin: 3mm 0; font-size: 9.5pt; }
#report-controls fieldset { border: 0; margin: 0 4mm 1mm 0; padding: 0; display: inline-block; vertical-align: top; }
#report-controls legend { font-weight: 700; padding: 0; }
#report-controls label { margin-right: 2mm; white-space: nowrap; }
#report-controls input[type=search] { min-width: 55mm; }
#report-controls .count { display: block; margin-top: 1mm; color: #4a5563; }
#toc ol { margin: 1mm 0; padding-left: 6mm; } #toc li { margin: 0.5mm 0; } #toc ol ol { font-size: 9.5pt; }
.anchor { margin-left: 2mm; color: #8a94a3; text-decoration: none; font-weight: 400; }
.row-toggle { display: none; }
:target { outline: 2px solid #24364f; outline-offset: 1mm; }
.evidence-count { display: none; }
@media screen {
  .js .filtered-out { display: none !important; }
  .js .row-toggle { display: inline-block; border: 1px solid #b8c0cc; background: #fff; border-radius: 1mm; font-size: 8pt; line-height: 1.2; padding: 0 1.5mm; margin-right: 1.5mm; cursor: pointer; }
  .js tr.collapsed .detail { display: block; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
  .js tr.collapsed .evidence-list, .js tr.collapsed .conflict-more { display: none; }
  .js tr.collapsed .evidence-count { display: inline; color: #4a5563; }
}
@media print {
  #report-controls, .row-toggle, .anchor, #toc { display: none !important; }
  :target { outline: none; }
}
`;

/** 目次: the sections, each domain and each finding. */
export function tableOfContents(report: Report, lang: Lang): string {
  const link = (id: string, text: string, sub = "") => `<li><a href="#${h(id)}">${h(text)}</a>${sub}</li>`;
  const domains = controlsByDomain(report).map((g) => link(`domain-${g.domain}`, `${g.domain} ${domainLabel(g.domain, lang)}`)).join("");
  const found = findings(report).map((f) => link(`finding-${f.finding.id}`, `${f.finding.id} ${pick(FINDING_CLASS_LABEL[f.finding.class], lang)} — ${f.finding.controls.join(", ")}`)).join("");
  const items = [
    link("summary", t("summaryHeading", lang)),
    link("scope", t("scopeHeading", lang)),
    link("criteria", t("criteriaHeading", lang)),
    link("method", t("methodHeading", lang)),
    link("schedule", t("scheduleHeading", lang)),
    link("team", t("teamHeading", lang)),
    link("checklist", t("checklistHeading", lang)),
    link("domains", t("domainsHeading", lang), domains ? `<ol>${domains}</ol>` : ""),
    link("findings", t("findingsHeading", lang), found ? `<ol>${found}</ol>` : ""),
    link("waivers", t("waiversHeading", lang)),
    link("attestations", t("attestationsHeading", lang)),
    link("logs", t("logsHeading", lang)),
    link("evidence", t("evidenceHeading", lang)),
    link("catalog", t("catalogHeading", lang)),
    link("signatures", t("signatureHeading", lang)),
  ];
  return `<nav id="toc" aria-label="${h(t("tocHeading", lang))}">\n<h2>${h(t("tocHeading", lang))}</h2>\n<ol>${items.join("\n")}</ol>\n</nav>`;
}

/** The filter bar (hidden until the script shows it: without a script it would do nothing). */
export function filterBar(report: Report, lang: Lang): string {
  const present = new Set(report.controls.map((c) => c.status as string));
  const statuses = STATUS_ORDER.filter((s) => present.has(s));
  const severities = (["critical", "high", "medium", "low"] as const).filter((s) => report.controls.some((c) => c.severity === s));
  const domains = controlsByDomain(report).map((g) => g.domain);
  const option = (value: string, text: string) => `<option value="${h(value)}">${h(text)}</option>`;
  return `<div id="report-controls" role="search" hidden>
<fieldset><legend>${h(navLabel("status", lang))}</legend>${statuses.map((s) => `<label><input type="checkbox" name="f-status" value="${h(s)}" checked> ${h(statusLabel(s, lang))}</label>`).join("")}</fieldset>
<fieldset><legend><label for="f-severity">${h(navLabel("severity", lang))}</label></legend><select id="f-severity">${option("", navLabel("all", lang))}${severities.map((s) => option(s, SEVERITY_LABEL[s] ? pick(SEVERITY_LABEL[s], lang) : s)).join("")}</select></fieldset>
<fieldset><legend><label for="f-domain">${h(navLabel("domain", lang))}</label></legend><select id="f-domain">${option("", navLabel("all", lang))}${domains.map((d) => option(d, `${d} ${domainLabel(d, lang)}`)).join("")}</select></fieldset>
<fieldset><legend><label for="f-search">${h(navLabel("search", lang))}</label></legend><input type="search" id="f-search" placeholder="${h(navLabel("searchHint", lang))}" autocomplete="off"></fieldset>
<fieldset><legend>${h(navLabel("filters", lang))}</legend><button type="button" id="f-reset">${h(navLabel("reset", lang))}</button> <button type="button" id="f-collapse" aria-pressed="false" data-collapse="${h(navLabel("collapse", lang))}" data-expand="${h(navLabel("expand", lang))}">${h(navLabel("collapse", lang))}</button></fieldset>
<span class="count" id="f-count" aria-live="polite" data-template="${h(navLabel("shown", lang))}"></span>
</div>`;
}

/** `<script>` with NAV_SCRIPT exactly as hashed. */
export function navScriptTag(): string {
  return `<script>${NAV_SCRIPT}</script>`;
}
