/**
 * `rssp-audit report render|diff` as a user runs them: every format written with the expected
 * file names, a missing chromium costs only the PDF (one-line reason, exit 3, others written),
 * diff exits 1 on a regression and 0 without, bad input is one line and exit 2.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCli } from "../helpers/cli.ts";
import { KNOWN_REPORT_FILE, PREVIOUS_REPORT_FILE } from "./helpers/known.ts";
import { REPORT_FORMATS, reportFileName } from "../../reports/index.ts";
import { tempDir } from "../helpers/temp.ts";

const oneLine = (stderr: string) => stderr.trim().split("\n").length === 1 && !stderr.includes("    at ");

test("render: without chromium, PDF fails with one line and exit 3 while every other format is written", async () => {
  const dir = tempDir("rssp-report-cli");
  const report = join(dir, "report.json");
  copyFileSync(KNOWN_REPORT_FILE, report);
  const r = await runCli(["report", "render", report, "--format", REPORT_FORMATS.join(","), "--lang", "en"], { env: { RSSP_AUDIT_CHROMIUM: join(dir, "no-chromium") } });
  assert.equal(r.code, 3);
  assert.ok(oneLine(r.stderr), r.stderr);
  assert.match(r.stderr, /pdf: chromium not found/);
  for (const format of REPORT_FORMATS.filter((f) => f !== "pdf")) {
    const file = join(dir, reportFileName(format, "en"));
    assert.ok(existsSync(file), file);
    assert.ok(r.stdout.includes(reportFileName(format, "en")));
  }
  assert.ok(readFileSync(join(dir, "report.en.html"), "utf8").includes('lang="en"'));
});

test("render --out and --baseline: the SARIF carries baseline states", async () => {
  const dir = tempDir("rssp-report-cli");
  const r = await runCli(["report", "render", KNOWN_REPORT_FILE, "--format", "sarif,md", "--out", dir, "--baseline", PREVIOUS_REPORT_FILE]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(readFileSync(join(dir, "report.sarif"), "utf8"), /"baselineState": "new"/);
  assert.ok(existsSync(join(dir, "report.ja.md")), "Japanese by default");
});

test("render: bad input is one line and exit 2 (unknown format, bad language, not a report, not JSON)", async () => {
  const dir = tempDir("rssp-report-cli");
  writeFileSync(join(dir, "not.json"), "{ nope");
  writeFileSync(join(dir, "other.json"), JSON.stringify({ schema: "something/else" }));
  for (const args of [
    ["report", "render", KNOWN_REPORT_FILE, "--format", "docx"],
    ["report", "render", KNOWN_REPORT_FILE, "--format", "md", "--lang", "fr"],
    ["report", "render", join(dir, "not.json"), "--format", "md"],
    ["report", "render", join(dir, "other.json"), "--format", "md"],
  ]) {
    const r = await runCli(args);
    assert.equal(r.code, 2, args.join(" "));
    assert.ok(oneLine(r.stderr), r.stderr);
  }
});

test("diff: exit 1 on a regression with the new failures listed, 0 when nothing regressed; json form", async () => {
  const regressed = await runCli(["report", "diff", PREVIOUS_REPORT_FILE, KNOWN_REPORT_FILE, "--lang", "en"]);
  assert.equal(regressed.code, 1);
  assert.match(regressed.stdout, /new failures: \d+/);
  assert.match(regressed.stdout, /SC-L2-04: pass \(Conformant\) → fail \(Nonconformant\)/);
  const same = await runCli(["report", "diff", KNOWN_REPORT_FILE, KNOWN_REPORT_FILE]);
  assert.equal(same.code, 0);
  const json = await runCli(["report", "diff", PREVIOUS_REPORT_FILE, KNOWN_REPORT_FILE, "--format", "json"]);
  assert.equal(json.code, 1);
  assert.equal((JSON.parse(json.stdout) as { regressed: boolean }).regressed, true);
});
