/**
 * `rssp-audit demo --profile keys-weak`: with a faulted reference RSSP the reports show the
 * findings — the key-management controls the faults break fail, and each appears with its
 * observations in the HTML findings and as a SARIF result. (One chromium launch: the PDF.)
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { runCli, REPO_ROOT } from "../helpers/cli.ts";
import type { Report } from "../../src/report/types.ts";
import { tempDir } from "../helpers/temp.ts";

const fixtureBuilt = existsSync(join(REPO_ROOT, "fixtures/rssp/index.ts"));

test("demo --profile keys-weak: failing HSM checks make key-management controls fail, shown in HTML and SARIF", { skip: !fixtureBuilt && "the reference RSSP is not built yet" }, async () => {
  const out = tempDir("rssp-demo-faulted");
  const r = await runCli(["demo", "--out", out, "--lang", "en", "--profile", "keys-weak"], { timeoutMs: 90_000 });
  assert.equal(r.code, 0, r.stderr.split("\n").slice(-5).join("\n"));
  const report = JSON.parse(readFileSync(join(out, "report.json"), "utf8")) as Report;
  const failingHsm = report.checks.filter((c) => c.family === "hsm" && c.status === "fail");
  assert.ok(failingHsm.length > 0, "the keys-weak faults are detected by hsm checks");
  const failing = report.controls.filter((c) => c.status === "fail" && c.checks.some((id) => failingHsm.some((h) => h.id === id)));
  assert.ok(failing.length > 0);
  const html = readFileSync(join(out, "report.en.html"), "utf8");
  const sarif = JSON.parse(readFileSync(join(out, "report.sarif"), "utf8")) as { runs: Array<{ results: Array<{ ruleId: string; kind: string }> }> };
  for (const c of failing) {
    const finding = report.findings.find((f) => f.controls.includes(c.id) && (f.class === "major" || f.class === "minor"));
    assert.ok(finding, `${c.id} has a numbered nonconformity`);
    assert.ok(html.includes(`data-finding="${finding.id}"`) && new RegExp(`data-controls="[^"]*\\b${c.id}\\b`).test(html), `${c.id} in the findings (${finding.id})`);
    assert.ok(sarif.runs[0]!.results.some((x) => x.ruleId === c.id && x.kind === "fail"), `${c.id} in SARIF`);
    assert.ok(r.stdout.includes(c.id), `${c.id} on the console`);
  }
});
