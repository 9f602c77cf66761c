/** Parsing poppler's `pdfsig` output for the signed-PDF tests. */
/** pdfsig's report: one record per `Signature #n:`, each `  - Key: value` line (a bare `- text` → key with empty value). */
export function parsePdfsig(output: string): Array<Record<string, string>> {
  const records: Array<Record<string, string>> = [];
  for (const line of output.split("\n")) {
    if (/^Signature #\d+:/.test(line)) records.push({});
    const m = /^\s+- ([^:]+?)(?::\s*(.*))?$/.exec(line);
    if (m && records.length) records.at(-1)![m[1]!.trim()] = (m[2] ?? "").trim();
  }
  return records;
}
