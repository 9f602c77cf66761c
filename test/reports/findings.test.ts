/**
 * Findings as the reports show them: numbered and classified from report.json `findings[]`, one
 * per failed check with the controls it affects, each with requirement, basis, evidence and a
 * recommendation; a log verifier's warning is raised (never "no findings" beside it).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { buildFindings } from "../../src/report/findings.ts";
import { renderHtml } from "../../reports/html.ts";
import { renderMarkdown } from "../../reports/markdown.ts";
import { renderConsole } from "../../reports/console.ts";
import { LANGS, t } from "../../reports/i18n.ts";
import { FINDING_CLASS_LABEL, findings } from "../../reports/view.ts";
import { knownReport } from "./helpers/known.ts";
import type { Report } from "../../src/report/types.ts";

/** The known report with every failure and open item gone: only the log's warning remains. */
function onlyLogWarning(): Report {
  const r = knownReport();
  for (const c of r.controls) if (c.status !== "not-applicable" && c.status !== "waived") c.status = "pass";
  for (const c of r.checks) if (c.status === "fail" || c.status === "error" || c.status === "advisory") c.status = "pass";
  r.findings = buildFindings(r.controls, r.checks, new Set(), r.logs.map((log) => ({ log, checks: ["log.chain.intact"] })));
  return r;
}

test("buildFindings: a log warning becomes one observation per (log, code), with the controls naming the log's checks; errors do not", () => {
  const r = onlyLogWarning();
  assert.equal(r.findings.length, 1);
  const [f] = r.findings;
  assert.equal(f!.id, "OB-01");
  assert.deepEqual(f!.log, { file: "audit/admin.log", code: "tail.unprotected", count: 1 });
  assert.deepEqual(f!.controls, r.controls.filter((c) => c.checks.includes("log.chain.intact")).map((c) => c.id).sort());
  // An error-severity problem is the check's business (it fails the chain check), not a second finding.
  r.logs[0]!.problems.push({ code: "record.modified", line: 3, seq: 2, message: "modified" });
  const again = buildFindings(r.controls, r.checks, new Set(), r.logs.map((log) => ({ log, checks: ["log.chain.intact"] })));
  assert.equal(again.filter((x) => x.log).length, 1);
  // Stable: same input, same ids.
  assert.deepEqual(again.map((x) => x.id), ["OB-01"]);
});

for (const lang of LANGS) {
  test(`findings (${lang}): never "no findings" while a log warning exists, in every format`, () => {
    const r = onlyLogWarning();
    const none = t("noFindings", lang);
    const html = renderHtml(r, lang);
    const md = renderMarkdown(r, lang);
    const text = renderConsole(r, { colour: false, lang });
    for (const [name, out] of [["html", html], ["markdown", md], ["console", text]] as const) {
      assert.ok(!out.includes(none), `${name} does not say there are no findings`);
      assert.ok(out.includes("OB-01"), `${name} shows OB-01`);
    }
    assert.ok(html.includes('id="finding-OB-01"'), "the finding has an anchor");
  });

  test(`findings (${lang}): each numbered finding once, with class, controls, requirement, basis, evidence and recommendation`, () => {
    const r = knownReport();
    const html = renderHtml(r, lang);
    const section = html.split('<section id="findings">')[1]!.split("</section>")[0]!;
    const shown = findings(r);
    for (const f of shown) {
      const box = section.split(`id="finding-${f.finding.id}"`)[1]!.split('<div class="finding')[0]!;
      assert.equal(section.split(`id="finding-${f.finding.id}"`).length, 2, `${f.finding.id} once`);
      assert.ok(box.includes(FINDING_CLASS_LABEL[f.finding.class][lang]), `${f.finding.id} class label`);
      for (const id of f.finding.controls) assert.ok(box.includes(`href="#control-${id}"`), `${f.finding.id} links ${id}`);
      for (const key of ["statement", "basis", "proof", "recommendation"] as const) assert.ok(box.includes(`<th>${t(key, lang)}</th>`), `${f.finding.id}: ${key}`);
      for (const e of f.evidence) assert.ok(box.includes(e.file), `${f.finding.id} names ${e.file}`);
    }
    // One failed check under two controls is one finding; the level table's blocking links go to it.
    const blocking = r.verdict.byLevel.flatMap((lv) => lv.blocking);
    const summary = html.split('<section id="summary">')[1]!.split("</section>")[0]!;
    for (const id of blocking) {
      const f = r.findings.find((x) => x.controls.includes(id) && x.class !== "observation");
      if (f) assert.ok(summary.includes(`href="#finding-${f.id}"`), `blocking ${id} links to ${f.id}`);
    }
    // Major before minor before observation before incomplete, numbered 01.. within each prefix.
    const order = { major: 0, minor: 1, observation: 2, incomplete: 3 };
    const classes = shown.map((f) => order[f.finding.class]);
    assert.deepEqual(classes, [...classes].sort((a, b) => a - b));
  });
}
