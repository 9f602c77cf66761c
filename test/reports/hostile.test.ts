/**
 * A report.json whose every free-text field is hostile (markup, Markdown links, XML breakers,
 * terminal escapes) — as a malicious target's answers or a tampered report would make it. No
 * renderer may let markup through: HTML, Markdown-as-HTML and JUnit XML contain no live tag, the
 * console no escape sequence, the PDF header/footer no tag.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { marked } from "marked";
import { renderHtml } from "../../reports/html.ts";
import { renderMarkdown } from "../../reports/markdown.ts";
import { renderJunit } from "../../reports/junit.ts";
import { renderConsole } from "../../reports/console.ts";
import { renderSarif } from "../../reports/sarif.ts";
import { renderOscal } from "../../reports/oscal.ts";
import { pageTemplates } from "../../reports/pdf.ts";
import { renderDiffText, diffReports } from "../../reports/diff.ts";
import type { Report } from "../../src/report/types.ts";
import { knownReport } from "./helpers/known.ts";

const PAYLOAD = `<img src=x onerror=alert(1)>]]><!--|**x**|[l](javascript:alert(2))\n# h\u001b[31m\u0007`;

/** Keys whose values the renderers switch on (vocabulary, digests, dates): left valid. */
const VOCABULARY = new Set(["schema", "status", "state", "class", "strength", "decision", "kind", "method", "severity", "domain", "family", "sha256", "hash", "startedAt", "finishedAt", "fingerprint"]);

function poison(value: unknown, key = ""): unknown {
  if (typeof value === "string") return VOCABULARY.has(key) ? value : `${value}${PAYLOAD}`;
  if (Array.isArray(value)) return value.map((v) => poison(v, key === "checks" || key === "advisories" || key === "blocking" || key === "evidence" ? key : ""));
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, poison(v, k)]));
  return value;
}

const hostile = (): Report => poison(knownReport()) as Report;

for (const lang of ["ja", "en"] as const) {
  test(`hostile report (${lang}): no live markup in HTML, Markdown, JUnit or the PDF templates; no escape codes on the console`, async () => {
    const report = hostile();
    const html = renderHtml(report, lang);
    assert.ok(!/<img/i.test(html) && !/<!--\|/.test(html), "HTML");
    const mdHtml = await marked.parse(renderMarkdown(report, lang));
    assert.ok(!/<img/i.test(mdHtml) && !/href="javascript:/i.test(mdHtml) && !/<h1>\s*h/i.test(mdHtml), "Markdown rendered to HTML");
    const xml = renderJunit(report, lang);
    assert.ok(!/<img/i.test(xml) && !xml.includes("]]>") && !/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/.test(xml), "JUnit XML");
    const { headerTemplate, footerTemplate } = pageTemplates(report, lang);
    assert.ok(!/<img/i.test(headerTemplate + footerTemplate), "PDF header/footer");
    const terminal = renderConsole(report, { colour: false, lang }) + renderDiffText(diffReports(report, report), lang);
    assert.ok(!terminal.includes("\u001b") && !terminal.includes("\u0007"), "terminal");
    for (const json of [renderSarif(report, { lang }), renderOscal(report, lang)]) {
      assert.ok(JSON.stringify(JSON.parse(json)).includes("onerror"), "JSON formats carry the value as a string");
    }
  });
}
