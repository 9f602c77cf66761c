/**
 * The reference RSSP writes its audit log in each layout (`logLayout`, `fixture serve
 * --log-layout`), and `log verify` finds each intact as the generated assessment.yaml names it.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import { startFixture } from "../../fixtures/rssp/index.ts";
import { runCli } from "../helpers/cli.ts";
import { tempDir } from "../helpers/temp.ts";

for (const layout of ["chained", "timestamped-files", "signed-manifest"] as const) {
  test(`the reference RSSP keeps its log as ${layout}; log verify finds it intact`, async () => {
    // a named dir: kept after the fixture stops (its final checkpoint is written on stop)
    const f = await startFixture({ logLayout: layout, checkpointEvery: 4, dir: tempDir(`rssp-fixture-${layout}`) });
    await f.stop();
    const yaml = parseYaml(readFileSync(f.assessmentFile, "utf8")) as { target: { logs: Array<{ file: string; layout?: string; tsaTrustAnchors?: string[] }> } };
    assert.equal(yaml.target.logs[0]!.file, f.logFile);
    assert.equal(yaml.target.logs[0]!.layout, layout === "chained" ? undefined : layout);
    const trust = layout === "timestamped-files" ? ["--tsa-trust-anchor", f.trustAnchorFile] : ["--cert", f.logCertFile, "--trust-anchor", f.trustAnchorFile];
    const r = await runCli(["log", "verify", f.logFile, ...trust, "--format", "json"]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const result = JSON.parse(r.stdout);
    assert.equal(result.intact, true);
    assert.deepEqual(result.problems, []);
    if (layout !== "chained") {
      assert.equal(result.layout, layout);
      const names = readdirSync(f.logFile);
      assert.ok(result.files >= 3, `rotated into several files: ${names.join(", ")}`);
      assert.ok(names.some((n) => n.endsWith(layout === "timestamped-files" ? ".log.tsr" : ".json.jws")), names.join(", "));
    }
  });
}
