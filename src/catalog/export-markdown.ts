/** The catalog as Markdown, one section per domain, for people who read it outside the tool. */
import type { Catalog, Control } from "./types.ts";

type Lang = "ja" | "en";

const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");

export function catalogToMarkdown(catalog: Catalog, lang: Lang = "en"): string {
  const lines: string[] = [
    `# ${catalog.title[lang]}`,
    "",
    `version ${catalog.version} · sha256 \`${catalog.sha256}\` · ${catalog.controls.length} controls · ${catalog.threats.length} threats`,
    "",
  ];
  for (const d of catalog.domains) {
    lines.push(`## ${d.id} — ${d.title[lang]}`, "");
    for (const c of catalog.controls.filter((x) => x.domain === d.id)) lines.push(...controlSection(c, lang), "");
  }
  lines.push(lang === "ja" ? "## 脅威" : "## Threats", "", "| ID | " + (lang === "ja" ? "脅威 | 対策" : "Threat | Mitigated by") + " |", "|---|---|---|");
  for (const t of catalog.threats) lines.push(`| ${t.id} | ${cell(t.title[lang])} | ${t.mitigatedBy.join(", ")} |`);
  lines.push("", lang === "ja" ? "## パラメータ" : "## Parameters", "");
  for (const [name, p] of Object.entries(catalog.parameters)) lines.push(`- \`${name}\` = \`${JSON.stringify(p.default)}\` — ${p.description}`);
  return `${lines.join("\n")}\n`;
}

function controlSection(c: Control, lang: Lang): string[] {
  const refs = c.refs.map((r) => `${r.source}${r.clause ? ` ${r.clause}` : ""} (${r.basis})`).join("; ");
  return [
    `### ${c.id} ${c.title[lang]}`,
    "",
    c.statement[lang],
    "",
    `- levels: ${c.levels.join(", ")} · severity: ${c.severity} · phase: ${c.phase}${c.intrusive ? " · intrusive" : ""}`,
    `- assessed by: ${c.assess.method}${c.assess.checks.length ? ` — checks ${c.assess.checks.join(", ")}` : ""}${c.assess.evidence.length ? ` — evidence ${c.assess.evidence.join(", ")}` : ""}`,
    ...(c.assess.procedure ? [`- procedure: ${c.assess.procedure[lang]}`] : []),
    `- refs: ${refs}`,
  ];
}
