/**
 * The PDF report printed by real chromium (one launch for this file, reused for ja and en):
 * A4 pages, the first page rendered to PNG by pdftoppm is not blank and has ink where the title
 * is, Japanese glyphs come from an embedded TrueType CJK font, the PDF has an outline
 * (bookmarks), and header/footer carry the assessment ID and page numbers.
 *
 * Note on fonts: Skia (chromium's PDF backend) writes OpenType-CFF fonts such as Noto Sans CJK as
 * Type 3 glyph procedures; TrueType-outline fonts (BIZ UDPGothic, DejaVu Sans Mono) are embedded as CID
 * TrueType. The report names those first, and the test requires that no font is Type 3.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { launchBrowser, type LaunchedBrowser } from "../../src/browser/launch.ts";
import { pageTemplates, printOnce, renderPdf } from "../../reports/pdf.ts";
import { LANGS, t } from "../../reports/i18n.ts";
import { knownReport } from "./helpers/known.ts";
import { renderHtml } from "../../reports/html.ts";
import { printHtml, tocEntries, tocPages } from "../../reports/pdf-print.ts";
import { tempDir } from "../helpers/temp.ts";
import { pagePgm, printOverflow, readPgm, rightMarginInk } from "./helpers/print-overflow.ts";

let launched: LaunchedBrowser;
const dir = tempDir("rssp-report-pdf");

before(async () => {
  launched = await launchBrowser();
});
after(async () => {
  await launched?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** pdffonts rows: name, type and whether the font is embedded. */
function pdffonts(file: string): Array<{ name: string; type: string; embedded: boolean }> {
  const lines = execFileSync("pdffonts", [file], { encoding: "utf8" }).split("\n").slice(2).filter(Boolean);
  return lines.map((line) => {
    const m = line.match(/^(\S+)\s+(.+?)\s{2,}(\S+)\s+(yes|no)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+$/);
    assert.ok(m, `pdffonts line: ${line}`);
    return { name: m[1]!, type: m[2]!.trim(), embedded: m[4] === "yes" };
  });
}

for (const lang of LANGS) {
  test(`pdf (${lang}): A4, first page rendered by pdftoppm has ink, TrueType fonts (no Type 3), outline, header/footer`, async () => {
    const report = knownReport();
    const file = join(dir, `report.${lang}.pdf`);
    writeFileSync(file, await renderPdf(report, lang, { browser: launched.browser }));

    const info = execFileSync("pdfinfo", [file], { encoding: "utf8" });
    assert.match(info, /Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)/);
    const pages = Number(info.match(/Pages:\s+(\d+)/)![1]);
    assert.ok(pages >= 2);

    // First page → PNG (kept for a person to look at) and PGM (for counting dark pixels).
    execFileSync("pdftoppm", ["-png", "-r", "50", "-f", "1", "-l", "1", "-singlefile", file, join(dir, `page1-${lang}`)]);
    assert.ok(statSync(join(dir, `page1-${lang}.png`)).size > 5_000, "the PNG is not empty");
    execFileSync("pdftoppm", ["-gray", "-r", "50", "-f", "1", "-l", "1", "-singlefile", file, join(dir, `page1-${lang}`)]);
    const { width, height, pixels } = readPgm(join(dir, `page1-${lang}.pgm`));
    const dark = (from: number, to: number) => {
      let n = 0;
      for (let i = from * width; i < to * width; i++) if (pixels[i]! < 128) n++;
      return n;
    };
    // Page 1 is the cover alone (the table of contents starts on page 2).
    assert.ok(dark(0, height) > width * height * 0.005, "more than 0.5% of the page is ink");
    assert.ok(dark(Math.round(height * 0.04), Math.round(height * 0.12)) > 200, "the title area has ink");

    const fonts = pdffonts(file);
    assert.ok(fonts.length > 0);
    assert.deepEqual(fonts.filter((f) => !f.embedded), [], "every font is embedded");
    assert.deepEqual(fonts.filter((f) => f.type === "Type 3"), [], "no Type 3 font");
    assert.ok(fonts.some((f) => f.type === "CID TrueType" && /BIZUDPGothic/i.test(f.name)), `BIZ UDPGothic embedded as CID TrueType (${fonts.map((f) => `${f.name} ${f.type}`).join("; ")})`);
    const raw = readFileSync(file).toString("latin1");
    assert.match(raw, /\/Outlines\s+\d+ 0 R/, "the PDF has an outline (bookmarks)");

    const text = execFileSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" });
    assert.ok(text.includes(t("reportTitle", lang)));
    assert.ok(text.includes(t(report.verdict.conformant ? "conformantAt" : "notConformantAt", lang, { n: report.verdict.level })));
    assert.ok(text.includes(report.assessment.id), "the header carries the assessment ID");
    assert.ok(text.includes(`${t("page", lang)} 1 / ${pages}`), "the footer numbers the pages");
    for (const id of report.verdict.blocking) assert.ok(text.includes(id), `blocking ${id} printed`);
  });
}

test("header and footer templates name the CJK font (templates do not inherit the page's) and escape the target's name", () => {
  const report = knownReport();
  report.assessment.target.name = `<img src="http://evil.example/x">`;
  const { headerTemplate, footerTemplate } = pageTemplates(report, "ja");
  for (const tpl of [headerTemplate, footerTemplate]) assert.match(tpl, /BIZ UDPGothic/);
  assert.ok(!footerTemplate.includes("<img"));
  assert.match(footerTemplate, /class="pageNumber"/);
});

test("no column overflow in the print layout (ja, en); the check sees a cell whose text cannot wrap", async () => {
  const report = knownReport();
  for (const lang of LANGS) {
    const o = await printOverflow(launched.browser, printHtml(renderHtml(report, lang), lang, []));
    assert.deepEqual(o.cells, [], `${lang}: cells overflow`);
    assert.ok(o.documentWidth <= 703, `${lang}: document ${o.documentWidth}px wide`);
  }
  const spill = `<table class="fixed"><colgroup><col style="width: 70%"><col style="width: 30%"></colgroup><tbody><tr><td>x</td><td><span style="white-space: nowrap">${"■".repeat(40)}</span></td></tr></tbody></table>`;
  const bad = await printOverflow(launched.browser, printHtml(renderHtml(report, "ja"), "ja", []).replace("<main>", `${spill}<main>`));
  assert.ok(bad.cells.length > 0 || bad.documentWidth > 703, "the spilling cell is seen");
});

test("pdf (ja): a numbered table of contents whose page numbers are right; pages 1, 3 and a finding page have ink and nothing in the right margin", async () => {
  const report = knownReport();
  const file = join(dir, "toc.ja.pdf");
  const pdf = await renderPdf(report, "ja", { browser: launched.browser });
  writeFileSync(file, pdf);
  const pages = Number(execFileSync("pdfinfo", [file], { encoding: "utf8" }).match(/Pages:\s+(\d+)/)![1]);

  // The TOC (page 2) lists every h2/h3 with a number, and each heading is on the page it names.
  const entries = tocEntries(renderHtml(report, "ja"));
  const numbers = tocPages(entries, pdf);
  assert.ok(entries.length > 10);
  assert.deepEqual(numbers.filter((n) => n === undefined), [], "every entry found in the outline");
  const tocText = execFileSync("pdftotext", ["-f", "2", "-l", "2", "-layout", file, "-"], { encoding: "utf8" });
  assert.match(tocText, /目次/);
  assert.ok(!/ 000\s*$/m.test(tocText), "no placeholder left");
  const squeeze = (x: string) => x.replace(/\s+/g, "");
  for (const [i, e] of entries.entries()) {
    const pageText = execFileSync("pdftotext", ["-f", String(numbers[i]), "-l", String(numbers[i]), file, "-"], { encoding: "utf8" });
    assert.ok(squeeze(pageText).includes(squeeze(e.title).slice(0, 30)), `"${e.title}" on page ${numbers[i]}`);
    assert.ok(new RegExp(`${squeeze(e.title).slice(0, 12).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}.*?${numbers[i]}`).test(squeeze(tocText)), `TOC names page ${numbers[i]} for "${e.title}"`);
  }

  // The checklist fits a sensible number of pages (it filled 21 of 31 before the print stylesheet).
  const checklistAt = entries.findIndex((e) => e.title === t("checklistHeading", "ja"));
  const checklistPages = numbers[checklistAt + 1]! - numbers[checklistAt]! + 1;
  assert.ok(checklistPages <= Math.ceil(report.controls.length / 8), `checklist on ${checklistPages} pages for ${report.controls.length} controls`);

  const findingAt = entries.findIndex((e) => /^(NC|OB|IN)-\d+/.test(e.title));
  assert.ok(findingAt >= 0, "the known report has a finding");
  for (const page of [1, 3, numbers[findingAt]!]) {
    assert.ok(page <= pages);
    const { width, height, pixels } = pagePgm(file, page, join(dir, `page${page}-ja`));
    let ink = 0;
    for (const p of pixels) if (p < 128) ink++;
    assert.ok(ink > width * height * 0.005, `page ${page} is not blank`);
    const overflow = rightMarginInk({ width, height, pixels });
    assert.equal(overflow, 0, `page ${page}: ${overflow} dark pixels in the right margin`);
    assert.ok(statSync(join(dir, `page${page}-ja.png`)).size > 3_000);
  }
});

test("print HTML: short digests in the checklist, full ones in the evidence inventory; breakable paths; TOC after the cover", () => {
  const report = knownReport();
  const html = renderHtml(report, "ja");
  const printed = printHtml(html, "ja", []);
  const section = (id: string) => printed.slice(printed.indexOf(`<section id="${id}">`), printed.indexOf("</section>", printed.indexOf(`<section id="${id}">`)));
  assert.ok(!/sha256:[0-9a-f]{13}/.test(section("checklist")), "no full digest in the checklist");
  assert.match(section("checklist"), /sha256:[0-9a-f]{12}…/);
  const full = report.evidence.find((e) => e.sha256)?.sha256;
  if (full) assert.ok(section("evidence").includes(full), "the inventory keeps the full digest");
  assert.match(section("checklist"), /\/<wbr>/);
  assert.ok(printed.indexOf('<nav id="pdf-toc">') < printed.indexOf("<main>"));
  assert.ok(printed.includes("@media print"), "a print stylesheet of its own");
});
