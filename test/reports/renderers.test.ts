/**
 * Each text renderer on the known report, in Japanese and English: what a reader must find is
 * there (verdict, blocking controls, checklist rows, observations, waiver, attestation, log head,
 * evidence digests, catalog digest), and the hostile observed value is escaped in every format.
 * Expectations are derived from the report itself, not hard-coded copies of the output.
 */
import { en } from "../helpers/text.ts";
import { test } from "node:test";
import assert from "node:assert/strict";
import { marked } from "marked";
import { renderConsole, wrapText } from "../../reports/console.ts";
import { renderMarkdown } from "../../reports/markdown.ts";
import { NAV_SCRIPT, NAV_SCRIPT_HASH } from "../../reports/html-nav.ts";
import { renderHtml } from "../../reports/html.ts";
import { renderJunit } from "../../reports/junit.ts";
import { LANGS, STATUS_LABEL, statusLabel, t } from "../../reports/i18n.ts";
import { checklist, findings, headToKeep, narrative } from "../../reports/view.ts";
import { escapeHtml, escapeMarkdown, escapeXml } from "../../reports/escape.ts";
import { HOSTILE_MARKER, knownReport } from "./helpers/known.ts";

const ESC = "\u001b[";

test("view: checklist has a row per control with its evidence digests; findings are report.json's numbered findings with a recommendation", () => {
  const report = knownReport();
  const rows = checklist(report);
  assert.deepEqual(rows.map((r) => r.control.id), report.controls.map((c) => c.id));
  const km03 = rows.find((r) => r.control.id === "KM-03")!;
  const expectedFiles = report.checks.filter((c) => km03.control.checks.includes(c.id)).flatMap((c) => c.evidence.map((e) => e.file));
  assert.deepEqual(km03.evidence.map((e) => e.file).sort(), expectedFiles.sort());
  const pt02 = rows.find((r) => r.control.id === "PT-02")!;
  assert.equal(pt02.evidence[0]?.file, report.attestations[0]!.evidenceRef, "the attestation's evidence backs the attested control");
  const f = findings(report);
  assert.deepEqual(f.map((x) => x.finding.id), report.findings.map((x) => x.id), "the numbered findings, in report.json's order");
  // Every failing, erring or open control is explained by at least one finding.
  for (const c of report.controls.filter((c) => ["fail", "error", "manual"].includes(c.status))) assert.ok(f.some((x) => x.finding.controls.includes(c.id)), `${c.id} has a finding`);
  for (const x of f) {
    assert.ok(x.recommendation.ja && x.recommendation.en, `${x.finding.id} has a recommendation in both languages`);
    if (x.finding.check) assert.equal(x.check?.id, x.finding.check);
    if (x.finding.class === "major" || x.finding.class === "minor") assert.ok(x.departures.length > 0, `${x.finding.id} shows its departures`);
  }
  // The log warning (records after the last signed checkpoint) is an observation, not silence.
  const tail = f.find((x) => x.finding.log?.code === "tail.unprotected");
  assert.ok(tail, "a log warning is raised as a finding");
  assert.equal(tail.finding.class, "observation");
  assert.match(tail.finding.id, /^OB-\d\d$/);
});

for (const lang of LANGS) {
  test(`console (${lang}): verdict per level, counts, findings with reasons; plain without colour, coloured with`, () => {
    const report = knownReport();
    const plain = renderConsole(report, { colour: false, lang });
    assert.ok(!plain.includes(ESC), "no escape codes when colour is off (tables included)");
    assert.ok(plain.includes(t("notConformantAt", lang, { n: report.verdict.level })));
    for (const lv of report.verdict.byLevel) for (const id of lv.blocking) assert.ok(plain.includes(id), `blocking ${id} shown`);
    for (const f of findings(report)) assert.ok(plain.includes(f.finding.id), `finding ${f.finding.id} shown`);
    assert.ok(plain.includes(report.waivers[0]!.id), "the waiver stays visible");
    const coloured = renderConsole(report, { colour: true, lang });
    assert.ok(coloured.includes(ESC), "colour codes when asked");
  });

  test(`console (${lang}): a control character from the target cannot reach the terminal`, () => {
    const report = knownReport();
    report.controls.find((c) => c.status === "fail")!.summary = "evil \u001b[2J\u001b]0;pwned\u0007 summary";
    const plain = renderConsole(report, { colour: false, lang });
    assert.ok(!plain.includes("\u001b"), "ESC replaced");
    assert.ok(!plain.includes("\u0007"), "BEL replaced");
  });

  test(`markdown (${lang}): all sections, every control in the checklist, observations and the hostile value escaped`, async () => {
    const report = knownReport();
    const md = renderMarkdown(report, lang);
    for (const key of ["summaryHeading", "byLevelHeading", "checklistHeading", "domainsHeading", "findingsHeading", "waiversHeading", "attestationsHeading", "logsHeading", "evidenceHeading", "catalogHeading"] as const) {
      assert.ok(md.includes(`## ${t(key, lang)}`), `section ${key}`);
    }
    const html = await marked.parse(md);
    assert.ok(!html.includes(HOSTILE_MARKER), "no raw script tag after Markdown rendering");
    assert.ok(!/<script/i.test(html) && !/href="javascript:/i.test(html), "neither script nor javascript: link");
    // The checklist table has one row per control once rendered.
    const checklistTable = html.split(`<h2>${t("checklistHeading", lang)}</h2>`)[1]!.split("</table>")[0]!;
    assert.equal((checklistTable.match(/<tr>/g) ?? []).length, report.controls.length + 1);
    for (const c of report.controls) assert.ok(checklistTable.includes(c.id), `${c.id} in the checklist`);
    for (const log of report.logs) assert.ok(md.includes(headToKeep(log)!), `head of ${log.file}`);
    for (const e of report.evidence) assert.ok(md.includes(e.sha256), `digest of ${e.file}`);
    assert.ok(md.includes(report.assessment.catalog.sha256));
  });

  test(`html (${lang}): self-contained, every section, checklist rows with status, hostile value escaped`, () => {
    const report = knownReport();
    const html = renderHtml(report, lang);
    assert.ok(!/\b(src|href)="(https?:)?\/\//i.test(html), "no external resource");
    // One script only, the navigation, allowed by its hash (html-nav.ts); the planted one is escaped.
    assert.deepEqual(html.match(/<script\b[^>]*>/gi), ["<script>"], "only the navigation script");
    assert.ok(html.includes(`<script>${NAV_SCRIPT}</script>`) && html.includes(escapeHtml(`script-src ${NAV_SCRIPT_HASH}`)));
    assert.ok(!/<link\b/i.test(html), "no linked stylesheet");
    assert.ok(html.includes(escapeHtml(HOSTILE_MARKER)), "the hostile observed value is shown, escaped");
    assert.ok(html.includes(`lang="${lang}"`));
    const n = narrative(report, lang);
    assert.ok(html.includes(escapeHtml(n)), "the closing summary (調査の概要及び結果)");
    assert.ok(n.includes(String(report.controls.filter((c) => c.status === "fail").length)) && n.includes(report.assessment.target.name));
    for (const c of report.controls) {
      assert.match(html, new RegExp(`data-control="${c.id}" data-status="${c.status}"`), `${c.id} row`);
    }
    for (const s of new Set(report.controls.map((c) => c.status))) assert.ok(html.includes(escapeHtml(statusLabel(s, lang))));
    assert.ok(html.includes(escapeHtml(report.waivers[0]!.justification)));
    assert.ok(html.includes(escapeHtml(report.attestations[0]!.justification)));
    for (const log of report.logs) assert.ok(html.includes(headToKeep(log)!));
    assert.ok(html.includes(report.assessment.catalog.sha256) && html.includes(escapeHtml(report.assessment.catalog.version)));
  });

  test(`junit (${lang}): a suite per domain, a case per control, failures/errors/skips match the statuses`, () => {
    const report = knownReport();
    const xml = renderJunit(report, lang);
    const count = (re: RegExp) => (xml.match(re) ?? []).length;
    assert.equal(count(/<testsuite /g), new Set(report.controls.map((c) => c.domain)).size);
    assert.equal(count(/<testcase /g), report.controls.length);
    const n = (...s: string[]) => report.controls.filter((c) => s.includes(c.status)).length;
    // Only nonconformities are failures: an open manual item is skipped with its reason (判定保留).
    assert.equal(count(/<failure /g), n("fail"));
    // An open item (manual, or a check that could not conclude) is skipped with its reason, never a failure or error.
    assert.equal(count(/<error /g), 0);
    assert.equal(count(/<skipped /g), n("not-applicable", "manual", "error"));
    assert.ok(n("manual") > 0 && count(/<skipped message="manual: /g) === n("manual"));
    assert.ok(n("error") > 0 && count(/<skipped message="incomplete: /g) === n("error"));
    assert.match(xml, new RegExp(`<testsuites [^>]*failures="${n("fail")}" errors="0" skipped="${n("not-applicable", "manual", "error")}"`));
    for (const c of report.controls) {
      const at = xml.indexOf(`name="${escapeXml(`${c.id} `)}`);
      const body = xml.slice(at, xml.indexOf("</testcase>", at) === -1 ? at : xml.indexOf("</testcase>", at));
      assert.equal(/<failure /.test(body.split("<testcase ")[0]!), c.status === "fail", `${c.id} (${c.status}): failure iff nonconformity`);
    }
    // A failure names its numbered findings; an advisory check is a property of a passing case.
    const nc = report.findings.find((f) => f.class === "major" || f.class === "minor")!;
    assert.match(xml, new RegExp(`<failure type="nonconformity" message="${nc.id}[,:]`));
    const withAdvisory = knownReport();
    const adv = withAdvisory.controls.find((c) => c.status === "pass" && c.checks.length)!;
    adv.advisories = [adv.checks[0]!];
    const advXml = renderJunit(withAdvisory, lang);
    const advCase = advXml.slice(advXml.indexOf(`name="${escapeXml(`${adv.id} `)}`)).split("</testcase>")[0]!;
    assert.ok(advCase.includes(`<property name="advisory" value="${escapeXml(adv.checks[0]!)}: `) && !advCase.includes("<failure"), `${adv.id} passes and lists its advisory as a property`);
    assert.ok(!xml.includes(HOSTILE_MARKER) && xml.includes(escapeXml(HOSTILE_MARKER)));
    assert.ok(xml.includes(report.waivers[0]!.id), "the waived control names its waiver");
  });
}

test("status labels follow the investigative body's vocabulary", () => {
  assert.deepEqual(["pass", "fail", "not-applicable", "manual", "error"].map((s) => STATUS_LABEL[s as keyof typeof STATUS_LABEL].ja), ["適合", "不適合", "該当なし", "要確認", "判定不能"]);
});

test("escaping: Markdown cannot start a block or open markup; XML drops characters XML 1.0 cannot carry", () => {
  assert.equal(escapeMarkdown("# x\n| y"), "\\# x \\| y");
  assert.equal(escapeMarkdown("[a](javascript:b)"), "\\[a\\](javascript:b)");
  assert.equal(escapeXml("a\u0001<b>"), "a\uFFFD&lt;b&gt;");
  assert.equal(escapeHtml(`"'<&>`), "&quot;&#39;&lt;&amp;&gt;");
});

test("console: long reasons wrap to the terminal width (CJK counted double), at spaces when possible", () => {
  assert.equal(wrapText("abcdefghij klmnop", 5), "abcde\nfghij\nklmno\np");
  assert.equal(wrapText("one two three", 8), "one two\nthree");
  assert.equal(wrapText("日本語日本語", 6), "日本語\n日本語");
  const report = knownReport();
  report.controls.find((c) => c.status === "fail")!.summary = "word ".repeat(200);
  for (const width of [80, 120]) {
    const longest = Math.max(...renderConsole(report, { colour: false, lang: "en", width }).split("\n").map((l) => [...l].length));
    assert.ok(longest <= width, `${longest} > ${width}`);
  }
});
