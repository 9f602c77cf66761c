/**
 * What the PDF adds to the HTML report, kept out of the HTML template (html.ts) so that the two
 * can change apart: a print stylesheet in its own <style> block (denser tables, fixed columns, no
 * badge overflow), short digests in the checklist and findings (the evidence inventory keeps the
 * full SHA-256), break opportunities after `/` in evidence paths (no breaks mid-word), and a
 * table of contents with page numbers.
 *
 * Chromium cannot number a TOC itself (no target-counter), so pdf.ts prints twice: once with
 * placeholders, then reads on which page each heading landed from that PDF's outline (the
 * bookmarks chromium writes from h1–h6, /Dest → page object) and prints again with the numbers.
 * The placeholders are as wide as the numbers, so the second print paginates like the first.
 * Pure functions over HTML text and PDF bytes.
 */
import { escapeHtml as h } from "./escape.ts";
import type { Lang } from "./i18n.ts";
import { decodeTextString, pageRefs, parsePdf, readObject, resolve, type PdfFile, type PdfValue } from "./pades/pdf-objects.ts";

const TOC_LABEL: Record<Lang, string> = { ja: "目次", en: "Contents" };

/** Print-only rules; appended after the report's own stylesheet. */
export const PRINT_CSS = `
@media print {
  body { font-size: 9.5pt; line-height: 1.45; }
  h2 { font-size: 13pt; margin-top: 6mm; } h3 { font-size: 11pt; margin: 4mm 0 1.5mm; }
  th, td { padding: 0.8mm 1.5mm; }
  table { font-size: 8.5pt; }
  table.cover th { width: 28%; }
  code, .mono { font-size: 7pt; }
  .status { white-space: normal; padding: 0 1mm; }
  td .status { font-size: 7.5pt; padding: 0 0.8mm; }
  /* The result column holds the longest English status ("Nonconformant") on one line. */
  #checklist col:nth-child(1) { width: 25% !important; } #checklist col:nth-child(2) { width: 16% !important; }
  #checklist col:nth-child(3) { width: 32% !important; } #checklist col:nth-child(4) { width: 27% !important; }
  #checklist td:nth-child(4), #checklist td:nth-child(3) { font-size: 8pt; }
  #evidence td { overflow-wrap: anywhere; }
  #evidence code { font-size: 6.5pt; }
  nav#pdf-toc { break-before: page; break-after: page; }
  nav#pdf-toc table { border: none; font-size: 9.5pt; }
  nav#pdf-toc td { border: none; padding: 0.5mm 1mm; }
  nav#pdf-toc td.toc-page { text-align: right; width: 14mm; font-variant-numeric: tabular-nums; }
  nav#pdf-toc tr.toc-3 td.toc-title { padding-left: 7mm; font-size: 8.5pt; }
}
`;

export interface TocEntry {
  level: 2 | 3;
  title: string;
}

const ENTITIES: Record<string, string> = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#39;": "'", "&#x27;": "'" };
/** A heading's text as chromium puts it into the outline: tags dropped, entities decoded, spaces collapsed. */
export function headingText(inner: string): string {
  return inner
    // The HTML's "¶" finding links are hidden in print (reports/html-nav.ts), so not in the outline.
    .replace(/<a class="anchor"[^>]*>[\s\S]*?<\/a>/g, "")
    .replace(/<[^>]*>/g, "")
    .replace(/&(?:amp|lt|gt|quot|#39|#x27);/g, (e) => ENTITIES[e]!)
    .replace(/\s+/g, " ")
    .trim();
}

/** The h2/h3 headings of the report's <main>, in order. */
export function tocEntries(html: string): TocEntry[] {
  const main = html.slice(html.indexOf("<main>"), html.lastIndexOf("</main>"));
  return [...main.matchAll(/<h([23])\b[^>]*>([\s\S]*?)<\/h\1>/g)].map((m) => ({ level: Number(m[1]) as 2 | 3, title: headingText(m[2]!) }));
}

/** The TOC block; `pages[i]` is entry i's page, or undefined for a placeholder of the same width. */
export function tocHtml(entries: TocEntry[], lang: Lang, pages: Array<number | undefined> = []): string {
  const rows = entries.map((e, i) => `<tr class="toc-${e.level}"><td class="toc-title">${h(e.title)}</td><td class="toc-page">${pages[i] ?? "000"}</td></tr>`);
  return `<nav id="pdf-toc"><h2>${h(TOC_LABEL[lang])}</h2><table><tbody>${rows.join("")}</tbody></table></nav>`;
}

/** `sha256:` + 64 hex → the first 12 hex and an ellipsis, inside one section of the page. */
function shortenDigestsIn(html: string, sectionId: string): string {
  const start = html.indexOf(`<section id="${sectionId}">`);
  if (start < 0) return html;
  const end = html.indexOf("</section>", start);
  const section = html.slice(start, end).replace(/sha256:([0-9a-f]{12})[0-9a-f]{52}/g, "sha256:$1…");
  return html.slice(0, start) + section + html.slice(end);
}

/** In the checklist's evidence cells: a break opportunity after each `/` of a path. */
function breakablePaths(html: string): string {
  const start = html.indexOf(`<section id="checklist">`);
  if (start < 0) return html;
  const end = html.indexOf("</section>", start);
  const section = html
    .slice(start, end)
    .replace(/<div>([^<]*\/[^<]*)(?=<br>|<\/div>)/g, (_m, path: string) => `<div>${path.replace(/\//g, "/<wbr>")}`)
    // The HTML renderer's evidence links and plain path spans (class "mono").
    .replace(/(<(?:a|span) class="mono[^"]*"[^>]*>)([^<]*\/[^<]*)(?=<\/(?:a|span)>)/g, (_m, open: string, path: string) => `${open}${path.replace(/\//g, "/<wbr>")}`);
  return html.slice(0, start) + section + html.slice(end);
}

/** The HTML to print: report HTML + print stylesheet, short digests, breakable paths, TOC. */
export function printHtml(html: string, lang: Lang, pages?: Array<number | undefined>): string {
  let out = html.replace("</head>", `<style>${PRINT_CSS}</style>\n</head>`);
  out = shortenDigestsIn(shortenDigestsIn(out, "checklist"), "findings");
  out = breakablePaths(out);
  return out.replace("<main>", `${tocHtml(tocEntries(html), lang, pages)}\n<main>`);
}

interface OutlineItem {
  title: string;
  page: number | undefined;
}

/** The outline's items in document order (depth first), each with its 1-based page from /Dest. */
export function outlineItems(pdf: PdfFile): OutlineItem[] {
  const pages = new Map(pageRefs(pdf).map((num, i) => [num, i + 1]));
  const root = resolve(pdf, pdf.trailer.entries.get("Root"));
  const outlines = root?.kind === "dict" ? resolve(pdf, root.entries.get("Outlines")) : undefined;
  const items: OutlineItem[] = [];
  const seen = new Set<number>();
  const walk = (first: PdfValue | undefined, depth: number) => {
    let ref = first;
    while (ref?.kind === "ref" && !seen.has(ref.num) && depth < 16) {
      seen.add(ref.num);
      const item = readObject(pdf, ref.num);
      if (item.kind !== "dict") break;
      const title = item.entries.get("Title");
      const dest = resolve(pdf, item.entries.get("Dest"));
      const target = dest?.kind === "array" ? dest.items[0] : undefined;
      items.push({ title: title?.kind === "string" ? decodeTextString(title.raw).replace(/\s+/g, " ").trim() : "", page: target?.kind === "ref" ? pages.get(target.num) : undefined });
      walk(item.entries.get("First"), depth + 1);
      ref = item.entries.get("Next");
    }
  };
  if (outlines?.kind === "dict") walk(outlines.entries.get("First"), 0);
  return items;
}

/**
 * Each TOC entry's page: the next outline item, in order, with the same title. Compared without
 * whitespace: chromium drops the space where a long heading wraps.
 */
export function tocPages(entries: TocEntry[], pdfBytes: Uint8Array): Array<number | undefined> {
  const items = outlineItems(parsePdf(pdfBytes));
  const key = (title: string) => title.replace(/\s+/g, "");
  let at = 0;
  return entries.map((e) => {
    const i = items.findIndex((item, k) => k >= at && key(item.title) === key(e.title));
    if (i < 0) return undefined;
    at = i + 1;
    return items[i]!.page;
  });
}
