/**
 * Escaping for the text formats. Every observed value, summary, file name and target name in
 * report.json came from (or was shaped by) the assessed provider, so it is attacker-controlled:
 * each renderer passes every such value through one of these before writing it out.
 */

const HTML_ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Text for HTML element content and quoted attribute values. */
export function escapeHtml(value: string | number): string {
  return String(value).replace(/[&<>"']/g, (ch) => HTML_ENTITIES[ch]!);
}

/**
 * Text for XML 1.0 content and attributes: escapes markup and drops the control characters
 * XML 1.0 cannot carry at all (a target could put them in an error message).
 */
export function escapeXml(value: string | number): string {
  return String(value)
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, "\uFFFD")
    .replace(/[&<>"']/g, (ch) => HTML_ENTITIES[ch]!);
}

/**
 * Text for Markdown inline content, including table cells: `&`, `<` and `>` become entities
 * (Markdown passes raw HTML through), the characters that open emphasis, code, links, strike-
 * through or a table cell get a backslash, a leading `#`, `+`, `-`, `=` or `1.` is escaped so the
 * value cannot start a heading or a list, and line breaks become spaces so it cannot end a row.
 */
export function escapeMarkdown(value: string | number): string {
  return String(value)
    .replace(/\r\n|\r|\n/g, " ")
    .replace(/[&<>]/g, (ch) => HTML_ENTITIES[ch]!)
    .replace(/[\\`*_[\]|~]/g, (ch) => `\\${ch}`)
    .replace(/^(\s*)([#+\-=])/, "$1\\$2")
    .replace(/^(\s*\d+)([.)])/, "$1\\$2");
}

/**
 * A digest, ID or `SEQ:HASH` as a Markdown code span. Only plain tokens go in a code span: inside
 * a table a `|` would split the span (GFM) and let what follows be read as HTML, so anything
 * else is escaped as ordinary text instead.
 */
export function markdownCode(value: string): string {
  return /^[A-Za-z0-9:._\/+=-]*$/.test(value) ? `\`${value}\`` : escapeMarkdown(value);
}
