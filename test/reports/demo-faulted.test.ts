/**
 * `rssp-audit demo --profile keys-weak`: with a faulted reference RSSP the reports show the
 * findings — the key-management controls the faults break fail, and each appears with its
 * observations in the HTML findings and as a SARIF result. Its PDF (more findings, longer
 * observed values than the known report) has no column overflow: no ink in the right margin of
 * any page (pdftoppm), and no cell wider than its column in the print layout (ja, en; chromium).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { runCli, REPO_ROOT } from "../helpers/cli.ts";
import type { Report } from "../../src/report/types.ts";
import { tempDir } from "../helpers/temp.ts";
import { launchBrowser } from "../../src/browser/launch.ts";
import { renderHtml } from "../../reports/html.ts";
import { printHtml } from "../../reports/pdf-print.ts";
import { LANGS } from "../../reports/i18n.ts";
import { pagePgm, printOverflow, rightMarginInk } from "./helpers/print-overflow.ts";

const fixtureBuilt = existsSync(join(REPO_ROOT, "fixtures/rssp/index.ts"));

test("demo --profile keys-weak: failing HSM checks make key-management controls fail, shown in HTML and SARIF", { skip: !fixtureBuilt && "the reference RSSP is not built yet" }, async () => {
  const out = tempDir("rssp-demo-faulted");
  const r = await runCli(["demo", "--out", out, "--lang", "en", "--profile", "keys-weak"], { timeoutMs: 90_000 });
  assert.equal(r.code, 0, r.stderr.split("\n").slice(-5).join("\n"));
  const report = JSON.parse(readFileSync(join(out, "report.json"), "utf8")) as Report;
  const failingHsm = report.checks.filter((c) => c.family === "hsm" && c.status === "fail");
  assert.ok(failingHsm.length > 0, "the keys-weak faults are detected by hsm checks");
  const failing = report.controls.filter((c) => c.status === "fail" && c.checks.some((id) => failingHsm.some((h) => h.id === id)));
  assert.ok(failing.length > 0);
  const html = readFileSync(join(out, "report.en.html"), "utf8");
  const sarif = JSON.parse(readFileSync(join(out, "report.sarif"), "utf8")) as { runs: Array<{ results: Array<{ ruleId: string; kind: string }> }> };
  for (const c of failing) {
    const finding = report.findings.find((f) => f.controls.includes(c.id) && (f.class === "major" || f.class === "minor"));
    assert.ok(finding, `${c.id} has a numbered nonconformity`);
    assert.ok(html.includes(`data-finding="${finding.id}"`) && new RegExp(`data-controls="[^"]*\\b${c.id}\\b`).test(html), `${c.id} in the findings (${finding.id})`);
    assert.ok(sarif.runs[0]!.results.some((x) => x.ruleId === c.id && x.kind === "fail"), `${c.id} in SARIF`);
    assert.ok(r.stdout.includes(c.id), `${c.id} on the console`);
  }

  // No column overflow in the faulted profile's PDF: every page's right margin is clean.
  const pdf = join(out, "report.en.pdf");
  const pages = Number(execFileSync("pdfinfo", [pdf], { encoding: "utf8" }).match(/Pages:\s+(\d+)/)![1]);
  process.stderr.write(`# keys-weak report.en.pdf: ${pages} pages\n`);
  for (let page = 1; page <= pages; page++) {
    const ink = rightMarginInk(pagePgm(pdf, page, join(out, `page${page}`)));
    assert.equal(ink, 0, `keys-weak page ${page}: ${ink} dark pixels in the right margin`);
  }
  const launched = await launchBrowser();
  try {
    for (const lang of LANGS) {
      const o = await printOverflow(launched.browser, printHtml(renderHtml(report, lang), lang, []));
      assert.deepEqual(o.cells, [], `keys-weak (${lang}): cells overflow`);
      assert.ok(o.documentWidth <= 703, `keys-weak (${lang}): document ${o.documentWidth}px wide`);
    }
  } finally {
    await launched.close();
  }
});
