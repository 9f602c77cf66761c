import { readFileSync } from "node:fs";
import { englishSentences } from "./test/reports/helpers/english.ts";
import { messageIn, type Message } from "./src/check/types.ts";
import { renderHtml } from "./reports/html.ts";
const ALLOW = new Set(["csc", "oauth", "cert", "tls", "hsm", "log"]);
const report = JSON.parse(readFileSync(process.argv[2]!, "utf8"));
const out: string[] = [report.assessment.target.name];
for (const x of report.attestations) out.push(x.assessor, x.justification);
for (const w of report.waivers) out.push(w.justification, w.approver);
const plain = (m: Message) => (typeof m === "string" ? [m] : []);
for (const c of report.checks) { if (!ALLOW.has(c.family)) continue; out.push(...plain(c.summary)); for (const o of c.observations) out.push(...plain(o.expected), ...plain(o.observed)); }
for (const f of report.findings) if (f.check && ALLOW.has(f.check.split(".")[0])) out.push(messageIn(f.summary, "ja"));
let html = renderHtml(report, "ja").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, "&");
for (const t of [...new Set(out.filter(Boolean))].sort((a, b) => b.length - a.length)) html = html.split(t).join(" ");
const found = englishSentences(html);
const by = new Map<string, number>();
for (const f of found) by.set(f.sentence + " || " + f.run, (by.get(f.sentence + " || " + f.run) ?? 0) + 1);
console.log(found.length);
for (const [run, n] of [...by].slice(0, 40)) console.log(n, "|", run.slice(0, 220));
