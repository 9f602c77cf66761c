/**
 * Issue 18, end to end: the reference RSSP keeps its audit log in each layout (`logLayout`, as
 * `rssp-audit demo --log-layout` and `fixture serve --log-layout` start it), `rssp-audit assess`
 * runs the log.* checks on it as the generated assessment.yaml names it (logs[].layout), and they
 * pass (after a few CSC probes have written the events they look for); one record changed in one file makes log.chain.intact fail, naming that file.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startFixture } from "../../fixtures/rssp/index.ts";
import { runCli } from "../helpers/cli.ts";
import { tempDir } from "../helpers/temp.ts";
import type { Report } from "../../src/report/types.ts";

const LOG_CHECKS = ["log.chain.intact", "log.events.required", "log.records.fields", "log.secrets.absent", "log.time.monotonic"];

async function assessLogs(assessmentFile: string, name: string): Promise<Report> {
  const out = tempDir(name);
  const r = await runCli(["assess", "--config", assessmentFile, "--out", out, "--format", "json", "--lang", "en"]);
  assert.ok(r.code === 0 || r.code === 1, `exit ${r.code}: ${r.stderr.slice(-600)}`);
  return JSON.parse(readFileSync(join(out, "report.json"), "utf8")) as Report;
}

/** Changes one record's `outcome` in a log file (same length, so only a digest can tell). */
function tamper(file: string): void {
  const text = readFileSync(file, "utf8");
  const changed = text.replace(/"outcome":"success"/, '"outcome":"failure"');
  assert.notEqual(changed, text, `${file} has a success record to change`);
  writeFileSync(file, changed);
}

for (const layout of ["chained", "timestamped-files", "signed-manifest"] as const) {
  test(`assess: the log.* checks pass on the reference RSSP's ${layout} log, find their kept head again (logs[].expectHead) and catch one tampered file`, { timeout: 240_000 }, async () => {
    const fixture = await startFixture({ logLayout: layout, checkpointEvery: 4 });
    try {
      // Two cheap probes first, so the log holds the events log.events.required looks for (logs are
      // read after the probes): the scope block goes, so that they use carol's PIN-only credential
      // (no TOTP step to wait for) — activation is not what this test is about.
      const yaml = readFileSync(fixture.assessmentFile, "utf8");
      const unscoped = yaml.replace(/^scope:\n(?: {2}.*\n)+/m, "");
      assert.notEqual(unscoped, yaml);
      writeFileSync(fixture.assessmentFile, `${unscoped}checks:\n  only: ["csc.sad.single-use", "csc.authorize.wrong-pin", "log.*"]\n`);
      const clean = await assessLogs(fixture.assessmentFile, `rssp-assess-${layout}`);
      for (const id of LOG_CHECKS) {
        const c = clean.checks.find((x) => x.id === id);
        assert.ok(c, `${id} ran`);
        assert.equal(c.status, "pass", `${id}: ${JSON.stringify(c.summary)} ${JSON.stringify(c.observations.filter((o) => o.ok === false))}`);
      }

      // The head report.json says to keep, given back as logs[].expectHead: found unchanged; with
      // another digest: rewritten. (NAME:HASH for timestamped-files, SEQ:HASH for the others.)
      const kept = clean.logs[0]?.head;
      assert.ok(kept, "report.json names a head to keep");
      assert.equal("file" in kept, layout === "timestamped-files", JSON.stringify(kept));
      const keptText = "file" in kept ? `${kept.file}:${kept.hash}` : `${kept.seq}:${kept.hash}`;
      const plain = readFileSync(fixture.assessmentFile, "utf8");
      const withHead = (head: string) => plain.replace(/^( {4}- file: .*\n)/m, `$1      expectHead: "${head}"\n`);
      writeFileSync(fixture.assessmentFile, withHead(keptText));
      const again = (await assessLogs(fixture.assessmentFile, `rssp-assess-${layout}-head`)).checks.find((x) => x.id === "log.chain.intact")!;
      assert.equal(again.status, "pass", JSON.stringify(again.observations.filter((o) => o.ok === false)));
      writeFileSync(fixture.assessmentFile, withHead(keptText.replace(/[0-9a-f]$/, (d) => (d === "0" ? "1" : "0"))));
      const moved = (await assessLogs(fixture.assessmentFile, `rssp-assess-${layout}-head-moved`)).checks.find((x) => x.id === "log.chain.intact")!;
      assert.equal(moved.status, "fail");
      assert.match(JSON.stringify(moved.observations.filter((o) => o.ok === false)), /head\.rewritten/);
      writeFileSync(fixture.assessmentFile, plain);

      // A sealed file (a closed, rotated one) or the chained log itself.
      const target = layout === "chained" ? fixture.logFile : join(fixture.logFile, readdirSync(fixture.logFile).filter((n) => /^audit-\d+\.log$/.test(n)).sort()[0]!);
      assert.ok(statSync(target).isFile());
      tamper(target);
      const tampered = await assessLogs(fixture.assessmentFile, `rssp-assess-${layout}-tampered`);
      const chain = tampered.checks.find((x) => x.id === "log.chain.intact")!;
      assert.equal(chain.status, "fail", JSON.stringify(chain.summary));
      const named = chain.observations.filter((o) => o.ok === false).map((o) => `${o.where} ${JSON.stringify(o.observed)}`).join("\n");
      if (layout !== "chained") assert.match(named, new RegExp(target.split("/").at(-1)!.replace(".", "\\.")), named);
      else assert.match(named, /seq|record|line/, named);
    } finally {
      await fixture.stop();
    }
  });
}

test("demo --log-layout takes the three layouts and refuses another in one line (exit 2)", async () => {
  const r = await runCli(["demo", "--log-layout", "syslog", "--out", tempDir("rssp-demo-layout")]);
  assert.equal(r.code, 2);
  assert.equal(r.stderr.trim(), 'rssp-audit: --log-layout must be chained, timestamped-files, signed-manifest, not "syslog"');
  const help = await runCli(["demo", "--help"]);
  assert.match(help.stdout.replace(/\s+/g, " "), /--log-layout <layout> how the reference RSSP keeps its audit log: chained, timestamped-files or signed-manifest/);
});
