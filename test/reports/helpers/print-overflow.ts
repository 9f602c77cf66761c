/**
 * Column-overflow checks for PDF reports, shared by pdf.test.ts (the known report) and
 * demo-faulted.test.ts (a faulted profile's report): ink in the right margin of a page rendered by
 * pdftoppm, and cells wider than their column as chromium lays out the print HTML.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import type { Browser } from "puppeteer-core";

/** Reads a binary PGM (P5) written by pdftoppm: width, height and 8-bit grey pixels. */
export function readPgm(file: string): { width: number; height: number; pixels: Buffer } {
  const data = readFileSync(file);
  const header = data.subarray(0, 64).toString("latin1").match(/^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/);
  assert.ok(header, "a P5 PGM");
  const [, w, h] = header;
  return { width: Number(w), height: Number(h), pixels: data.subarray(header[0].length) };
}

/** Renders one page to a grey PGM (and a PNG to look at) at 50 dpi. */
export function pagePgm(file: string, page: number, base: string) {
  execFileSync("pdftoppm", ["-gray", "-r", "50", "-f", String(page), "-l", String(page), "-singlefile", file, base]);
  execFileSync("pdftoppm", ["-png", "-r", "50", "-f", String(page), "-l", String(page), "-singlefile", file, base]);
  return readPgm(`${base}.pgm`);
}

/** Dark pixels in the right margin band (the last 10 mm of 12, between header and footer): 0 = no overflow. */
export function rightMarginInk({ width, pixels }: { width: number; height: number; pixels: Buffer }): number {
  const mm = width / 210;
  let n = 0;
  for (let y = Math.round(17 * mm); y < Math.round(280 * mm); y++) for (let x = Math.round(width - 10 * mm); x < width; x++) if (pixels[y * width + x]! < 160) n++;
  return n;
}

/**
 * Overflow as chromium lays out the print: cells whose content is wider than the cell, and a
 * document wider than the printable width (chromium then shrinks every page to fit, so overflow
 * would not show as ink in the margin). A4 minus 2 × 12 mm margins = 186 mm = 703 CSS px.
 */
export async function printOverflow(browser: Browser, html: string): Promise<{ cells: string[]; documentWidth: number }> {
  const page = await browser.newPage();
  try {
    await page.setViewport({ width: 703, height: 1000 });
    await page.emulateMediaType("print");
    await page.setContent(html, { waitUntil: "load" });
    return await page.evaluate(() => ({
      cells: [...document.querySelectorAll("td, th")].filter((c) => c.scrollWidth > c.clientWidth + 1).map((c) => `${c.closest("section")?.id ?? "cover"}: ${(c.textContent ?? "").slice(0, 40)}`),
      documentWidth: document.documentElement.scrollWidth,
    }));
  } finally {
    await page.close();
  }
}
