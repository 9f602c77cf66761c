/**
 * The HTML report's navigation in real chromium (puppeteer-core, one launch for this file), under
 * the report's own Content-Security-Policy: the script runs (allowed by its hash) and nothing else
 * does; clicking a status filter leaves only those rows visible; a severity/domain filter and a
 * typed search narrow the checklist; passed rows start collapsed and open on a click; following a
 * link to a finding that a filter hides clears the filter and brings the finding into view;
 * printing shows no control and every row. Plus the rationale: short digests linking to the full
 * one in the inventory, check records linked, and a warning where an attestation contradicts an
 * observation.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import type { Page } from "puppeteer-core";
import { launchBrowser, type LaunchedBrowser } from "../../src/browser/launch.ts";
import { renderHtml } from "../../reports/html.ts";
import { renderMarkdown } from "../../reports/markdown.ts";
import { NAV_LABEL, NAV_SCRIPT, NAV_SCRIPT_HASH, REPORT_CSP } from "../../reports/html-nav.ts";
import { englishSentences } from "./helpers/english.ts";
import { attestationConflicts, evidenceHref, evidenceInventory, shortDigest } from "../../reports/view.ts";
import type { Report } from "../../src/report/types.ts";
import { knownReport } from "./helpers/known.ts";

let launched: LaunchedBrowser;
before(async () => {
  launched = await launchBrowser();
});
after(async () => {
  await launched?.close();
});

interface Opened {
  page: Page;
  requests: string[];
  cspViolations: string[];
  dialogs: string[];
}

async function open(html: string): Promise<Opened> {
  const page = await launched.browser.newPage();
  const requests: string[] = [];
  const cspViolations: string[] = [];
  const dialogs: string[] = [];
  await page.setRequestInterception(true);
  page.on("request", (r) => {
    requests.push(r.url());
    void r.abort();
  });
  page.on("console", (m) => {
    if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
  });
  page.on("dialog", (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.setViewport({ width: 1100, height: 900 });
  await page.setContent(html, { waitUntil: "load" });
  return { page, requests, cspViolations, dialogs };
}

/** The IDs of the checklist rows that are rendered (display not none). */
const visibleRows = (page: Page) =>
  page.$$eval("#checklist tr[data-control]", (rows) => rows.filter((r) => (r as HTMLElement).offsetParent !== null).map((r) => r.getAttribute("data-control")!));
const visibleFindings = (page: Page) =>
  page.$$eval("#findings [data-finding]", (els) => els.filter((r) => (r as HTMLElement).offsetParent !== null).map((r) => r.getAttribute("data-finding")!));

/** A copy of the known report in which an attestation says a failing control is met. */
function withConflict(): Report {
  const report = knownReport();
  report.attestations.push({ control: "KM-03", assessor: "調査員 乙", date: "2025-06-01", decision: "pass", justification: "鍵の管理は適切であると確認した" });
  return report;
}

test("html navigation: the script is allowed by its hash alone, runs, and the planted script does not", async () => {
  const html = renderHtml(knownReport(), "ja");
  assert.ok(REPORT_CSP.includes(`script-src ${NAV_SCRIPT_HASH}`) && !/unsafe-inline[^;]*;\s*style/.test(REPORT_CSP.split("script-src")[1]!.split(";")[0]!), REPORT_CSP);
  assert.equal(html.split("<script>").length - 1, 1, "one script element");
  assert.ok(html.includes(`<script>${NAV_SCRIPT}</script>`));
  const { page, requests, cspViolations, dialogs } = await open(html);
  try {
    assert.equal(await page.$eval("html", (el) => el.classList.contains("js")), true, "the script ran");
    assert.equal(await page.$eval("#report-controls", (el) => (el as HTMLElement).hidden), false, "controls shown");
    // A second inline script (what an unescaped value would be) is refused by the same policy.
    const injected = await open(html.replace("</body>", "<script>document.title='pwned'</script></body>"));
    try {
      assert.notEqual(await injected.page.title(), "pwned");
      assert.ok(injected.cspViolations.length > 0, "chromium reports the refused script");
    } finally {
      await injected.page.close();
    }
    assert.deepEqual(cspViolations, []);
    assert.deepEqual(dialogs, []);
    assert.deepEqual(requests, []);
  } finally {
    await page.close();
  }
});

test("html navigation: clicking a status filter leaves only those rows; severity, domain and search narrow them", async () => {
  const report = knownReport();
  const ids = (pred: (c: Report["controls"][number]) => boolean) => report.controls.filter(pred).map((c) => c.id);
  const { page } = await open(renderHtml(report, "ja"));
  try {
    assert.deepEqual(await visibleRows(page), ids(() => true), "everything at first");
    // Untick every status but 不適合 (fail), by clicking.
    for (const s of new Set(report.controls.map((c) => c.status))) if (s !== "fail") await page.click(`#report-controls input[name=f-status][value="${s}"]`);
    assert.deepEqual(await visibleRows(page), ids((c) => c.status === "fail"));
    assert.deepEqual((await visibleFindings(page)).sort(), report.findings.filter((f) => f.controls.some((id) => report.controls.find((c) => c.id === id)!.status === "fail")).map((f) => f.id).sort());
    assert.match(await page.$eval("#f-count", (el) => el.textContent ?? ""), new RegExp(`${ids((c) => c.status === "fail").length} / ${report.controls.length}`));
    // The domain tables follow; a domain with nothing left disappears with its heading.
    assert.equal(await page.$eval("#domain-UA", (el) => (el as HTMLElement).offsetParent !== null), false);
    await page.click("#f-reset");
    assert.deepEqual(await visibleRows(page), ids(() => true));

    await page.select("#f-severity", "critical");
    assert.deepEqual(await visibleRows(page), ids((c) => c.severity === "critical"));
    await page.select("#f-domain", "KM");
    assert.deepEqual(await visibleRows(page), ids((c) => c.severity === "critical" && c.domain === "KM"));
    await page.click("#f-reset");

    await page.type("#f-search", "sad.single-use");
    const withCheck = ids((c) => c.checks.includes("csc.sad.single-use"));
    assert.ok(withCheck.length > 0);
    assert.deepEqual(await visibleRows(page), withCheck, "search by a check ID");
    await page.$eval("#f-search", (el) => ((el as HTMLInputElement).value = ""));
    await page.type("#f-search", "鍵");
    const rows = await visibleRows(page);
    assert.ok(rows.length > 0 && rows.length < report.controls.length, `Japanese search narrows: ${rows.join(",")}`);
    for (const id of rows) assert.ok(await page.$eval(`#control-${id}`, (el) => (el.textContent ?? "").includes("鍵")), `${id} contains the word`);
  } finally {
    await page.close();
  }
});

test("html navigation: passed rows start collapsed to one line and open on a click; the toggle opens them all", async () => {
  const report = knownReport();
  const passed = report.controls.filter((c) => c.status === "pass").map((c) => c.id);
  const { page } = await open(renderHtml(report, "en"));
  try {
    const state = () => page.$$eval("#checklist tr[data-control]", (rows) => rows.map((r) => [r.getAttribute("data-control"), r.classList.contains("collapsed")] as const));
    assert.deepEqual((await state()).filter(([, c]) => c).map(([id]) => id), passed, "only passed rows collapsed");
    const id = passed[0]!;
    const evidenceShown = () => page.$eval(`#control-${id} .evidence-list`, (el) => (el as HTMLElement).offsetParent !== null);
    const height = () => page.$eval(`#control-${id} .detail`, (el) => el.getBoundingClientRect().height);
    const lineHeight = await page.$eval(`#control-${id} .detail`, (el) => parseFloat(getComputedStyle(el).lineHeight));
    assert.ok((await height()) <= lineHeight * 1.2, "one line while collapsed");
    assert.equal(await evidenceShown(), false);
    await page.click(`#control-${id} .row-toggle`);
    assert.equal(await evidenceShown(), true, "open after a click");
    await page.click(`#control-${id} .row-toggle`);
    assert.equal(await evidenceShown(), false);
    await page.click("#f-collapse");
    assert.deepEqual((await state()).filter(([, c]) => c), [], "all expanded");
  } finally {
    await page.close();
  }
});

test("html navigation: following a finding link a filter hides clears the filter and shows the finding; every finding has an anchor", async () => {
  const report = knownReport();
  const { page } = await open(renderHtml(report, "ja"));
  try {
    for (const f of report.findings) assert.equal(await page.$eval(`#finding-${f.id} a.anchor`, (a) => a.getAttribute("href")), `#finding-${f.id}`);
    // Hide everything but the passed controls: the nonconformity NC-03 (SC-L2-04, fail) is filtered out.
    for (const s of new Set(report.controls.map((c) => c.status))) if (s !== "pass") await page.click(`#report-controls input[name=f-status][value="${s}"]`);
    const target = report.findings.find((f) => f.controls.includes("SC-L2-04"))!;
    assert.ok(!(await visibleFindings(page)).includes(target.id));
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.click(`#summary a[href="#finding-${target.id}"]`);
    await page.waitForFunction((id) => location.hash === `#finding-${id}`, {}, target.id);
    const box = await page.$eval(`#finding-${target.id}`, (el) => {
      const r = el.getBoundingClientRect();
      return { top: r.top, height: r.height, inner: innerHeight, shown: (el as HTMLElement).offsetParent !== null, bar: document.getElementById("report-controls")!.getBoundingClientRect().bottom };
    });
    assert.ok(box.shown && box.height > 0, "the finding is shown again");
    assert.ok(box.top >= box.bar - 1 && box.top < box.inner, `in view below the sticky bar: top ${box.top}, bar ends ${box.bar}, window ${box.inner}`);
    assert.deepEqual(await visibleRows(page), report.controls.map((c) => c.id), "the filters were cleared");
    // A link from the checklist to the finding, and from the TOC.
    assert.ok(await page.$(`#control-SC-L2-04 a[href="#finding-${target.id}"]`));
    assert.ok(await page.$(`#toc a[href="#finding-${target.id}"]`));
  } finally {
    await page.close();
  }
});

test("html print (the PDF's medium): no control, no TOC, every row and detail shown even with a filter set", async () => {
  const report = knownReport();
  const { page } = await open(renderHtml(report, "ja"));
  try {
    await page.click(`#report-controls input[name=f-status][value="pass"]`);
    await page.emulateMediaType("print");
    const shown = (sel: string) => page.$$eval(sel, (els) => els.filter((e) => getComputedStyle(e).display !== "none" && (e as HTMLElement).offsetParent !== null).length);
    assert.equal(await shown("#report-controls"), 0);
    assert.equal(await shown("#toc"), 0);
    assert.equal(await shown(".row-toggle"), 0);
    assert.equal(await shown("#checklist tr[data-control]"), report.controls.length);
    assert.equal(await shown("#checklist .evidence-list"), report.controls.length, "collapsed rows print in full");
    assert.equal(await shown("#findings [data-finding]"), report.findings.length);
  } finally {
    await page.close();
  }
});

test("rationale: short digests link to the full digest in the inventory; check records are linked; nothing unsafe becomes a link", () => {
  const report = knownReport();
  const html = renderHtml(report, "en");
  const inventory = evidenceInventory(report);
  for (const item of inventory) {
    assert.ok(html.includes(`id="${item.anchor}" data-evidence=`), `${item.file} in the inventory`);
    assert.ok(html.includes(`<code>${item.sha256}</code>`), `full digest of ${item.file}`);
  }
  const ref = report.checks.find((c) => c.evidence.length)!.evidence[0]!;
  const anchor = inventory.find((i) => i.file === ref.file)!.anchor;
  assert.ok(html.includes(`<a href="#${anchor}"><code title="sha256:${ref.sha256}">sha256:${shortDigest(ref.sha256)}…</code></a>`), "short digest in the checklist");
  assert.ok(html.includes(`href="${evidenceHref(ref.file)}"`), "the record is linked");
  for (const bad of ["javascript:alert(1)", "/etc/passwd", "../../x.json", "a//b", "https://example.org/x", "a b.json", "evidence/./x"]) assert.equal(evidenceHref(bad), undefined, bad);
  assert.equal(evidenceHref("evidence/checks/csc.sad.single-use/transcript.json"), "evidence/checks/csc.sad.single-use/transcript.json");
  // A passed control's reason is what was observed (its checks' own summaries), not "passed".
  const passed = report.controls.find((c) => c.status === "pass" && c.checks.length)!;
  const row = html.slice(html.indexOf(`id="control-${passed.id}"`), html.indexOf("</tr>", html.indexOf(`id="control-${passed.id}"`)));
  const summary = typeof passed.summary === "string" ? passed.summary : passed.summary.en;
  assert.ok(row.includes(summary.replace(/"/g, "&quot;").replace(/'/g, "&#39;")), row);
});

test("attestation contradicting an observation: a warning in the summary, the checklist row and the attestations (both languages)", () => {
  assert.deepEqual(attestationConflicts(knownReport()), [], "the known report has none");
  const report = withConflict();
  const conflicts = attestationConflicts(report);
  assert.equal(conflicts.length, 1);
  assert.deepEqual(conflicts[0]!.against.sort(), ["hsm.key.export-refused", "hsm.key.non-exportable"].filter((id) => report.controls.find((c) => c.id === "KM-03")!.checks.includes(id)).sort());
  for (const lang of ["ja", "en"] as const) {
    const html = renderHtml(report, lang);
    assert.equal(html.split('data-conflict="KM-03"').length - 1, 2, "checklist row and attestation row");
    assert.ok(html.includes('id="attestation-conflicts"'));
    assert.ok(html.includes(lang === "ja" ? "は不適合を示している" : "the result follows the observation"));
    const md = renderMarkdown(report, lang);
    assert.equal(md.split("⚠ ").length - 1, 3, "Markdown: above the checklist, in the row, in the attestations");
    assert.equal(md.split(lang === "ja" ? "は不適合を示している" : "the result follows the observation").length - 1, 3);
  }
  const plain = renderMarkdown(knownReport(), "en");
  assert.ok(!plain.includes("⚠"), "no warning without a contradiction");
  for (const ref of knownReport().checks.flatMap((c) => c.evidence)) assert.ok(plain.includes(`\`${ref.sha256}\``) && plain.includes(`${shortDigest(ref.sha256)}…`), `Markdown: ${ref.file} short in the checklist, full in the inventory`);
  // The reverse: an attestation of "not met" while every check passed.
  const reverse = knownReport();
  const km01 = reverse.controls.find((c) => c.id === "KM-01")!;
  reverse.attestations.push({ control: "KM-01", assessor: "調査員 丙", date: "2025-06-02", decision: "fail", justification: "現地で手順違反を確認した" });
  reverse.evidence = reverse.evidence.filter((d) => !km01.evidence.includes(d.kind) || d.valid);
  const rc = attestationConflicts(reverse);
  assert.equal(rc.length, 1);
  assert.equal(rc[0]!.control, "KM-01");
  assert.ok(renderHtml(reverse, "ja").includes("はいずれも適合を示している"));
});

test("ja: the navigation, the table of contents and the contradiction warnings carry no English sentence", () => {
  const html = renderHtml(withConflict(), "ja");
  const parts = [
    ...(html.match(/<nav id="toc"[\s\S]*?<\/nav>/) ?? []),
    ...(html.match(/<div id="report-controls"[\s\S]*?<\/div>/) ?? []),
    ...(html.match(/<div class="conflict"[^>]*>[\s\S]*?<\/div>/g) ?? []),
    ...(html.match(/<span class="evidence-count">[^<]*<\/span>/g) ?? []),
    ...(html.match(/<h3 id="evidence-records">[\s\S]*?<\/p>/) ?? []),
  ];
  assert.ok(parts.length >= 5, `found ${parts.length} parts`);
  const english = parts.flatMap((p) => englishSentences(p.replace(/調査員 乙/g, "")));
  assert.deepEqual(english, []);
  // The labels exist in both languages and differ.
  for (const [key, text] of Object.entries(NAV_LABEL)) assert.ok(text.ja && text.en && text.ja !== text.en, key);
});

