/**
 * Issue 16 (d): an assessment with open manual items and no nonconformity is `incomplete`
 * (判定保留) — in report.json, on the console, in Markdown, HTML, the PDF and JUnit — and the CI gate exits 1
 * saying it is incomplete, not that the provider falls short.
 */
import { tempDir } from "../helpers/temp.ts";
import { test } from "node:test";
import assert from "node:assert/strict";
import { appendFileSync, readFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { startFixture } from "../../fixtures/rssp/index.ts";
import { runCli, REPO_ROOT } from "../helpers/cli.ts";
import type { Report } from "../../src/report/types.ts";

test("open manual items, no nonconformity: incomplete everywhere, exit 1 with the reason", { timeout: 180_000 }, async () => {
  // The complete dossier and the TLS probes only, no attestations: nothing fails, much stays open.
  const fixture = await startFixture({ evidenceDir: join(REPO_ROOT, "fixtures/evidence/complete") });
  const out = tempDir("rssp-incomplete");
  try {
    appendFileSync(fixture.assessmentFile, 'checks:\n  only: ["tls.*", "evidence.*"]\n');
    const r = await runCli(["assess", "--config", fixture.assessmentFile, "--out", out, "--format", "json,md,html,junit,pdf", "--lang", "ja"]);
    const report = JSON.parse(readFileSync(join(out, "report.json"), "utf8")) as Report;
    assert.equal(r.code, 1, r.stderr);
    assert.ok(report.controls.every((c) => c.status !== "fail"), "no nonconformity");
    const open = report.controls.filter((c) => c.status === "manual").length;
    assert.ok(open > 10, `${open} open items`);
    assert.equal(report.verdict.state, "incomplete");
    assert.equal(report.verdict.conformant, false);
    assert.deepEqual(report.verdict.byLevel.map((v) => v.state), ["incomplete", "incomplete"]);
    assert.ok(report.findings.every((f) => f.class !== "major" && f.class !== "minor"), "no finding is a nonconformity");

    const head = r.stdout.split("\n")[0]!;
    assert.match(head, /レベル2は判定保留/);
    assert.doesNotMatch(r.stdout, /不適合（|に不適合/, "the console never calls an incomplete level non-conformant");
    assert.match(r.stderr, /^gate: incomplete at level 2: \d+ control\(s\) await an assessor's decision or could not be concluded$/m);

    const html = readFileSync(join(out, "report.ja.html"), "utf8");
    assert.match(html, /総合判定: レベル2は判定保留/);
    assert.doesNotMatch(html, /レベル2に不適合/);

    const md = readFileSync(join(out, "report.ja.md"), "utf8");
    assert.match(md, /レベル2は判定保留/);
    assert.doesNotMatch(md, /レベル2に不適合/);

    // The PDF (chromium's print of the HTML report) says so in its text layer too.
    const pdfText = execFileSync("pdftotext", ["-layout", join(out, "report.ja.pdf"), "-"], { encoding: "utf8" }).replace(/\s+/g, "");
    assert.match(pdfText, /総合判定:レベル2は判定保留/);
    assert.ok((pdfText.match(/判定保留/g) ?? []).length >= 3, "the verdict and each level's state read 判定保留");
    assert.doesNotMatch(pdfText, /レベル2に不適合/);

    const junit = readFileSync(join(out, "report.junit.xml"), "utf8");
    assert.match(junit, /<testsuites [^>]*failures="0"/);
    assert.match(junit, /<property name="verdict.state" value="incomplete"\/>/);
    assert.match(junit, /<property name="verdict.level2" value="incomplete \(判定保留\)"\/>/);
    assert.equal((junit.match(/<skipped message="manual: /g) ?? []).length, open);
  } finally {
    await fixture.stop();
  }
});
