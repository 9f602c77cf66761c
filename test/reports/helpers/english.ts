/**
 * Finds English sentences in a `--lang ja` HTML report, outside what may stay as it is: quoted
 * values from the target (`.observed`, 「…」, "…"), IDs and digests (`<code>`, `.mono`), URLs,
 * file paths and the catalog's source IDs. An "English sentence" is three or more Latin words in
 * a row (IDs like `KM-03` or `hsm.key.export-refused` are one word each). Pure.
 */

/** Text runs of the HTML outside script/style and outside the exempt elements, one per element. */
export function visibleTextRuns(html: string): string[] {
  let s = html.replace(/<(script|style|title)\b[^>]*>[\s\S]*?<\/\1>/gi, " ");
  // Exempt elements: code, .mono and .observed spans (non-nested by construction in our renderers).
  s = s.replace(/<code\b[^>]*>[\s\S]*?<\/code>/gi, " ");
  s = s.replace(/<span class="(?:mono|observed)"[^>]*>[\s\S]*?<\/span>/gi, " ");
  return s
    .split(/<[^>]+>/)
    .map((x) => x.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, "&").trim())
    .filter(Boolean);
}

/** Removes the parts of a text run that may be English: quotes, URLs, paths, dotted IDs. */
export function withoutExempt(run: string): string {
  return run
    .replace(/「[^」]*」/g, " ")
    .replace(/"[^"]*"/g, " ")
    .replace(/\bhttps?:\/\/\S+/g, " ")
    .replace(/(?:\.{0,2}\/)?[\w.-]+(?:\/[\w.-]+)+/g, " ")
    .replace(/\b[\w-]+(?:\.[\w-]+)+\b/g, " ");
}

const SENTENCE = /\b[A-Za-z][a-z']+(?:[ ,;:]+[A-Za-z][a-z']+){2,}/g;

/** English sentences found, with the run they are in (for the failure message). */
export function englishSentences(html: string): Array<{ sentence: string; run: string }> {
  const out: Array<{ sentence: string; run: string }> = [];
  for (const run of visibleTextRuns(html)) {
    for (const m of withoutExempt(run).matchAll(SENTENCE)) out.push({ sentence: m[0], run: run.slice(0, 200) });
  }
  return out;
}
