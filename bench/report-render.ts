/**
 * Report rendering speed (issue #8): each format rendered from report.json, for the known
 * hand-written report and for a catalog-sized one (84 controls, 168 checks, 10 observations
 * each). Median of 5 runs for the pure renderers; for PDF the cold time (chromium launch
 * included) and the warm time (browser reused); sign and verify of the report's bytes.
 *   npm run bench -- report-render
 */
import { readFileSync } from "node:fs";
import { renderMarkdown } from "../reports/markdown.ts";
import { renderHtml } from "../reports/html.ts";
import { renderJunit } from "../reports/junit.ts";
import { renderSarif } from "../reports/sarif.ts";
import { renderOscal } from "../reports/oscal.ts";
import { renderConsole } from "../reports/console.ts";
import { renderPdf } from "../reports/pdf.ts";
import { signReportBytes, verifyReportBytes } from "../reports/sign.ts";
import { launchBrowser } from "../src/browser/launch.ts";
import type { Report } from "../src/report/types.ts";
import { makeReportPki } from "../test/reports/helpers/pki.ts";

const known = JSON.parse(readFileSync(new URL("../test/reports/fixtures/report-l2.json", import.meta.url), "utf8")) as Report;

/** The known report scaled to the shipped catalog's size: every control and check cloned with new IDs. */
function catalogSized(base: Report): Report {
  const r = structuredClone(base);
  r.controls = [];
  r.checks = [];
  for (let i = 0; i < 84; i++) {
    const c = structuredClone(base.controls[i % base.controls.length]!);
    c.id = `${c.domain}-${String(i).padStart(2, "0")}`;
    c.checks = [0, 1].map((k) => `bench.check-${i}-${k}`);
    r.controls.push(c);
    for (const [k, id] of c.checks.entries()) {
      const check = structuredClone(base.checks[(i + k) % base.checks.length]!);
      check.id = id;
      check.observations = Array.from({ length: 10 }, (_, n) => ({ expected: `expectation ${n}`, observed: `observed value ${n} <b>from the target</b>`, where: `POST /csc/v2/step/${n}`, subject: `s${n}`, ok: n % 3 !== 0 }));
      r.checks.push(check);
    }
  }
  r.controls.sort((a, b) => a.id.localeCompare(b.id));
  r.checks.sort((a, b) => a.id.localeCompare(b.id));
  return r;
}

function median(fn: () => unknown, runs = 5): { ms: number; size: number } {
  const times: number[] = [];
  let size = 0;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const out = fn();
    times.push(performance.now() - t0);
    size = typeof out === "string" ? Buffer.byteLength(out) : 0;
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(runs / 2)]!, size };
}

const row = (name: string, ms: number, size?: number) => console.log(`${name.padEnd(28)} ${ms.toFixed(1).padStart(8)} ms${size ? `  ${(size / 1024).toFixed(0).padStart(6)} KiB` : ""}`);

for (const [label, report] of [["known report (14 controls)", known], ["catalog-sized (84 controls)", catalogSized(known)]] as const) {
  console.log(`\n${label}`);
  row("console", median(() => renderConsole(report, { colour: false, lang: "ja" })).ms);
  for (const [name, fn] of [
    ["md", () => renderMarkdown(report, "ja")],
    ["html", () => renderHtml(report, "ja")],
    ["junit", () => renderJunit(report, "ja")],
    ["sarif", () => renderSarif(report, { lang: "ja" })],
    ["oscal", () => renderOscal(report, "ja")],
  ] as const) {
    const m = median(fn);
    row(name, m.ms, m.size);
  }
}

const t0 = performance.now();
const launched = await launchBrowser();
const launchMs = performance.now() - t0;
try {
  for (const [label, report] of [["known", known], ["catalog-sized", catalogSized(known)]] as const) {
    const t1 = performance.now();
    const pdf = await renderPdf(report, "ja", { browser: launched.browser });
    row(`pdf ${label} (warm)`, performance.now() - t1, pdf.length);
  }
} finally {
  await launched.close();
}
row("chromium launch", launchMs);
const t2 = performance.now();
await renderPdf(known, "ja");
row("pdf known (cold, own launch)", performance.now() - t2);

const pki = await makeReportPki();
const bytes = Buffer.from(JSON.stringify(catalogSized(known), null, 2));
const s = performance.now();
const p7s = await signReportBytes(bytes, pki.signer.keyPem, pki.signer.certPem);
row(`sign (${(bytes.length / 1024).toFixed(0)} KiB report)`, performance.now() - s);
const v = performance.now();
const ok = (await verifyReportBytes(bytes, p7s, pki.rootPem)).ok;
row(`verify + chain (${ok ? "valid" : "INVALID"})`, performance.now() - v);
