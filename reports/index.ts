/**
 * The renderers' front door: `renderReport` writes one format of a report into a folder and
 * returns the file it wrote; `renderConsole` returns the terminal summary. Every renderer reads
 * only report.json (design §1); each lives in its own file beside this one.
 *
 * File names: report.<lang>.md / .html / .pdf (an investigative body may want both languages in
 * one folder), report.junit.xml, report.sarif, report.oscal.json.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Report } from "../src/report/types.ts";
import { InputError } from "../src/util/errors.ts";
import { renderHtml } from "./html.ts";
import type { Lang } from "./i18n.ts";
import { renderJunit } from "./junit.ts";
import { renderMarkdown } from "./markdown.ts";
import { renderOscal } from "./oscal.ts";
import { renderPdf, type PdfOptions } from "./pdf.ts";
import { renderSarif } from "./sarif.ts";

export { renderConsole } from "./console.ts";
export { parseLang, type Lang } from "./i18n.ts";

export const REPORT_FORMATS = ["md", "html", "pdf", "junit", "sarif", "oscal"] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** Parses a comma-separated `--format` list; unknown names are a usage error (exit 2). */
export function parseReportFormats(list: string): ReportFormat[] {
  const formats = list.split(",").map((f) => f.trim()).filter(Boolean);
  const unknown = formats.filter((f) => !(REPORT_FORMATS as readonly string[]).includes(f));
  if (unknown.length || formats.length === 0) {
    throw new InputError(`--format: ${unknown.length ? `unknown format ${unknown.join(", ")}` : "no format given"} (known: ${REPORT_FORMATS.join(", ")})`);
  }
  return [...new Set(formats)] as ReportFormat[];
}

/** The file name a format is written to. */
export function reportFileName(format: ReportFormat, lang: Lang): string {
  switch (format) {
    case "md":
      return `report.${lang}.md`;
    case "html":
      return `report.${lang}.html`;
    case "pdf":
      return `report.${lang}.pdf`;
    case "junit":
      return "report.junit.xml";
    case "sarif":
      return "report.sarif";
    case "oscal":
      return "report.oscal.json";
  }
}

export interface RenderOptions {
  lang: Lang;
  outDir: string;
  /** An earlier report: SARIF results then carry a baselineState. */
  baseline?: Report;
  /** Reuse a browser for PDF (several renders in one process). */
  browser?: PdfOptions["browser"];
}

/** The rendered content of a format (pure for every format but PDF, which prints in chromium). */
export async function renderContent(report: Report, format: ReportFormat, options: Omit<RenderOptions, "outDir">): Promise<string | Uint8Array> {
  switch (format) {
    case "md":
      return renderMarkdown(report, options.lang);
    case "html":
      return renderHtml(report, options.lang);
    case "pdf":
      return renderPdf(report, options.lang, { browser: options.browser });
    case "junit":
      return renderJunit(report, options.lang);
    case "sarif":
      return renderSarif(report, { lang: options.lang, baseline: options.baseline });
    case "oscal":
      return renderOscal(report, options.lang);
  }
}

/** Renders one format into `outDir` and returns the path of the file written. */
export async function renderReport(report: Report, format: ReportFormat, options: RenderOptions): Promise<string> {
  const content = await renderContent(report, format, options);
  const dir = resolve(options.outDir);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, reportFileName(format, options.lang));
  writeFileSync(file, content);
  return file;
}
