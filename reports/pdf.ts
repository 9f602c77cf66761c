/**
 * The PDF report: the HTML report printed by Debian's chromium through puppeteer-core, on A4,
 * with the assessment ID in the header and page numbers in the footer.
 *
 * A print stylesheet, short digests and a numbered table of contents are added for print only
 * (pdf-print.ts). The page is offline: every request other than `data:` is aborted, so a hostile value that
 * slipped past escaping still could not fetch anything. Header and footer templates do not
 * inherit the page's fonts, so the CJK family is named in them too (else Japanese would
 * print as empty boxes). A missing chromium is a CannotFinishError with a one-line reason
 * (from launchBrowser); callers rendering several formats carry on with the others.
 */
import type { Browser } from "puppeteer-core";
import type { Report } from "../src/report/types.ts";
import { launchBrowser } from "../src/browser/launch.ts";
import { escapeHtml as h } from "./escape.ts";
import { REPORT_FONT_FAMILY, renderHtml } from "./html.ts";
import { t, type Lang } from "./i18n.ts";
import { printHtml, tocEntries, tocPages } from "./pdf-print.ts";

export interface PdfOptions {
  /** A browser to reuse (tests, several renders); otherwise one is launched and closed. */
  browser?: Browser;
}

/** Header and footer templates (chromium fills `pageNumber` and `totalPages`). Pure. */
export function pageTemplates(report: Report, lang: Lang): { headerTemplate: string; footerTemplate: string } {
  const style = `font-family: ${h(REPORT_FONT_FAMILY)}; font-size: 8px; color: #4a5563; width: 100%; margin: 0 12mm; display: flex; justify-content: space-between;`;
  return {
    headerTemplate: `<div style="${style}"><span>${h(t("reportTitle", lang))}</span><span>${h(t("assessmentId", lang))}: ${h(report.assessment.id)}</span></div>`,
    footerTemplate: `<div style="${style}"><span>${h(report.assessment.target.name)}</span><span>${h(t("page", lang))} <span class="pageNumber"></span> / <span class="totalPages"></span></span></div>`,
  };
}

/** Prints `html` once on a fresh offline page (A4, header/footer, outline). */
export async function printOnce(browser: Browser, html: string, report: Report, lang: Lang): Promise<Uint8Array> {
  const page = await browser.newPage();
  try {
    await page.setRequestInterception(true);
    page.on("request", (request) => {
      if (request.url().startsWith("data:")) void request.continue();
      else void request.abort("blockedbyclient");
    });
    await page.setContent(html, { waitUntil: "load" });
    await page.evaluate(() => document.fonts.ready.then(() => undefined));
    return await page.pdf({
      format: "A4",
      printBackground: true,
      // Bookmarks from the headings (h1–h6), and a tagged PDF (structure for readers, search).
      outline: true,
      tagged: true,
      displayHeaderFooter: true,
      ...pageTemplates(report, lang),
      margin: { top: "16mm", bottom: "16mm", left: "12mm", right: "12mm" },
    });
  } finally {
    await page.close().catch(() => {});
  }
}

/**
 * The PDF: printed once with a placeholder table of contents, whose page numbers are then read
 * from that print's outline, and printed again with them (pdf-print.ts).
 */
export async function renderPdf(report: Report, lang: Lang, options: PdfOptions = {}): Promise<Uint8Array> {
  const launched = options.browser ? null : await launchBrowser();
  const browser = options.browser ?? launched!.browser;
  try {
    const html = renderHtml(report, lang);
    const draft = await printOnce(browser, printHtml(html, lang), report, lang);
    const pages = tocPages(tocEntries(html), draft);
    return await printOnce(browser, printHtml(html, lang, pages), report, lang);
  } finally {
    await launched?.close();
  }
}
