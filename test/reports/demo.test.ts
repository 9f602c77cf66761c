/**
 * `rssp-audit demo` end to end, as the README's first command: the reference RSSP is started,
 * assessed at level 2, every format is written, the HTML and PDF show the verdict in Japanese,
 * the fixture is stopped, and the whole run stays under 60 s. (One chromium launch: the PDF.)
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCli, REPO_ROOT } from "../helpers/cli.ts";
import { REPORT_FORMATS, reportFileName } from "../../reports/index.ts";
import { t } from "../../reports/i18n.ts";
import type { Report } from "../../src/report/types.ts";
import { tempDir } from "../helpers/temp.ts";
import { parsePdfsig } from "./helpers/pdfsig.ts";

const fixtureBuilt = existsSync(join(REPO_ROOT, "fixtures/rssp/index.ts"));

test("demo --lang ja writes report.json and every format in under 60 s; HTML and PDF show the verdict in Japanese", { skip: !fixtureBuilt && "the reference RSSP (fixtures/rssp/index.ts) is not built yet" }, async () => {
  const out = tempDir("rssp-demo");
  const started = Date.now();
  const r = await runCli(["demo", "--out", out, "--lang", "ja"], { timeoutMs: 90_000 });
  const seconds = (Date.now() - started) / 1000;
  assert.equal(r.code, 0, r.stderr.split("\n").slice(-5).join("\n"));
  assert.ok(seconds < 60, `demo took ${seconds.toFixed(1)} s`);

  const report = JSON.parse(readFileSync(join(out, "report.json"), "utf8")) as Report;
  assert.equal(report.assessment.level, 2);
  for (const format of REPORT_FORMATS) assert.ok(existsSync(join(out, reportFileName(format, "ja"))), format);
  const verdict = t(report.verdict.conformant ? "conformantAt" : "notConformantAt", "ja", { n: 2 });
  assert.ok(readFileSync(join(out, "report.ja.html"), "utf8").includes(verdict));
  assert.ok(execFileSync("pdftotext", [join(out, "report.ja.pdf"), "-"], { encoding: "utf8" }).includes(verdict));
  assert.ok(r.stdout.includes(verdict), "the console summary");
  assert.ok(r.stdout.includes("report.ja.pdf"), "the paths are printed");

  // The PDF is signed (PAdES B-B) with the fixture PKI's report-signing certificate: poppler's
  // pdfsig finds one valid signature over the whole file and names the signer.
  const pdf = join(out, "report.ja.pdf");
  const sig = parsePdfsig(execFileSync("pdfsig", [pdf], { encoding: "utf8" }));
  assert.equal(sig.length, 1, "one signature");
  assert.equal(sig[0]!["Signature Validation"], "Signature is Valid.");
  assert.equal(sig[0]!["Signer Certificate Common Name"], "rssp-audit demo report signer");
  assert.equal(sig[0]!["Signature Type"], "ETSI.CAdES.detached");
  assert.ok("Total document signed" in sig[0]!, "the signature covers the whole file");
  const anchor = join(out, "report-signing-ca.pem");
  const verified = await runCli(["report", "verify", pdf, "--trust-anchor", anchor]);
  assert.equal(verified.code, 0, verified.stdout + verified.stderr);
  assert.match(verified.stdout, /signature valid .*demo report signer/);
  const bytes = readFileSync(pdf);
  bytes[Math.floor(bytes.length / 3)] = bytes[Math.floor(bytes.length / 3)]! ^ 0x01;
  writeFileSync(pdf, bytes);
  const changed = await runCli(["report", "verify", pdf, "--trust-anchor", anchor]);
  assert.equal(changed.code, 1, changed.stdout + changed.stderr);
  assert.match(changed.stdout, /NOT VALID/);
});
