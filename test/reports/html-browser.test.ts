/**
 * The HTML report opened in real chromium (puppeteer-core, one launch for this file): the verdict
 * and every control are visible in both languages, nothing is fetched from the network, the
 * hostile observed value stays inert text, and the JUnit XML parses as XML. A screenshot of the
 * Japanese report is written to a temp folder for a human to look at.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { statSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "puppeteer-core";
import { launchBrowser, type LaunchedBrowser } from "../../src/browser/launch.ts";
import { NAV_SCRIPT } from "../../reports/html-nav.ts";
import { renderHtml } from "../../reports/html.ts";
import { renderJunit } from "../../reports/junit.ts";
import { LANGS, statusLabel, t } from "../../reports/i18n.ts";
import { HOSTILE_MARKER, knownReport } from "./helpers/known.ts";
import { tempDir } from "../helpers/temp.ts";

let launched: LaunchedBrowser;
const screenshotDir = tempDir("rssp-report-screens");

before(async () => {
  launched = await launchBrowser();
});
after(async () => {
  await launched?.close();
});

/** Opens HTML with every request recorded and aborted (the report must need none). */
async function open(html: string): Promise<{ page: Page; requests: string[] }> {
  const page = await launched.browser.newPage();
  const requests: string[] = [];
  await page.setRequestInterception(true);
  page.on("request", (r) => {
    requests.push(r.url());
    void r.abort();
  });
  await page.setViewport({ width: 1100, height: 1400 });
  await page.setContent(html, { waitUntil: "load" });
  return { page, requests };
}

/** Whether an element is rendered with a non-empty box and not hidden. */
const visible = (page: Page, selector: string) =>
  page.$eval(selector, (el) => {
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    return box.width > 0 && box.height > 0 && style.visibility !== "hidden" && style.display !== "none";
  });

for (const lang of LANGS) {
  test(`html (${lang}) in chromium: verdict and every control visible, no request, hostile value inert`, async () => {
    const report = knownReport();
    const { page, requests } = await open(renderHtml(report, lang));
    try {
      assert.ok(await visible(page, "#verdict"));
      const verdictText = await page.$eval("#verdict", (el) => (el as HTMLElement).innerText);
      assert.ok(verdictText.includes(t(report.verdict.conformant ? "conformantAt" : "notConformantAt", lang, { n: report.verdict.level })), verdictText);
      for (const c of report.controls) {
        const selector = `#checklist tr[data-control="${c.id}"]`;
        assert.ok(await visible(page, selector), `${c.id} visible`);
        const text = await page.$eval(selector, (el) => (el as HTMLElement).innerText);
        assert.ok(text.includes(statusLabel(c.status, lang)), `${c.id} shows ${statusLabel(c.status, lang)}`);
      }
      for (const lv of report.verdict.byLevel) {
        const text = await page.$eval(`#summary tr[data-level="${lv.level}"]`, (el) => (el as HTMLElement).innerText);
        for (const id of lv.blocking) assert.ok(text.includes(id), `L${lv.level} lists ${id}`);
      }
      // One script element: the navigation (allowed by its hash); the planted one stayed text.
      assert.deepEqual(await page.$$eval("script", (s) => s.map((x) => x.textContent)), [NAV_SCRIPT], "only the navigation script");
      const bodyText = await page.evaluate(() => document.body.innerText);
      assert.ok(bodyText.includes(HOSTILE_MARKER), "the hostile value is shown as text");
      assert.deepEqual(requests, [], "the report fetched nothing");
      if (lang === "ja") {
        const file = join(screenshotDir, "report-ja.png");
        await page.screenshot({ path: file as `${string}.png`, fullPage: false });
        assert.ok(statSync(file).size > 20_000, "a non-trivial screenshot");
        process.stderr.write(`screenshot: ${file}\n`);
      }
    } finally {
      await page.close();
    }
  });
}

test("junit XML parses in the browser's XML parser with the expected testcases", async () => {
  const report = knownReport();
  const page = await launched.browser.newPage();
  try {
    const parsed = await page.evaluate((xml) => {
      const doc = new DOMParser().parseFromString(xml, "application/xml");
      return { error: doc.getElementsByTagName("parsererror").length, cases: doc.getElementsByTagName("testcase").length, observed: doc.documentElement.textContent ?? "" };
    }, renderJunit(report, "ja"));
    assert.equal(parsed.error, 0);
    assert.equal(parsed.cases, report.controls.length);
    assert.ok(parsed.observed.includes(HOSTILE_MARKER), "the hostile value round-trips as text");
  } finally {
    await page.close();
  }
});
