/**
 * SARIF `partialFingerprints` across runs: two `demo --profile log-tampered` runs — each starts a
 * fresh reference RSSP on another port with its audit log in another temporary folder — give the
 * same results with the same fingerprints (GitHub code scanning matches alerts by them), and the
 * same numbered findings. The log results carry physical locations (file URI + line).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { runCli, REPO_ROOT } from "../helpers/cli.ts";
import type { Report } from "../../src/report/types.ts";
import { tempDir } from "../helpers/temp.ts";

const fixtureBuilt = existsSync(join(REPO_ROOT, "fixtures/rssp/index.ts"));

type Sarif = { runs: Array<{ results: Array<{ ruleId: string; partialFingerprints: Record<string, string>; locations: Array<{ physicalLocation?: { artifactLocation: { uri: string }; region?: { startLine: number } } }> }> }> };

async function demoRun(name: string): Promise<{ sarif: Sarif; report: Report }> {
  const out = tempDir(name);
  const r = await runCli(["demo", "--out", out, "--lang", "en", "--profile", "log-tampered"], { timeoutMs: 150_000 });
  assert.equal(r.code, 0, r.stderr.split("\n").slice(-5).join("\n"));
  return { sarif: JSON.parse(readFileSync(join(out, "report.sarif"), "utf8")) as Sarif, report: JSON.parse(readFileSync(join(out, "report.json"), "utf8")) as Report };
}

test("sarif: two demo runs (fresh fixture, other port, other log folder) give the same partialFingerprints and findings", { skip: !fixtureBuilt && "the reference RSSP is not built" }, async () => {
  const a = await demoRun("rssp-sarif-run-a");
  const b = await demoRun("rssp-sarif-run-b");
  const prints = (s: Sarif) => s.runs[0]!.results.map((r) => [r.ruleId, r.partialFingerprints["rsspAuditControl/v1"] ?? r.partialFingerprints["rsspAuditFinding/v1"]]);
  assert.ok(prints(a.sarif).length > 0, "the faulted profile has results");
  assert.notEqual(a.report.logs[0]!.file, b.report.logs[0]!.file, "the runs did differ in their log's folder");
  assert.deepEqual(prints(b.sarif), prints(a.sarif));
  assert.deepEqual(b.report.findings.map((f) => [f.id, f.fingerprint]), a.report.findings.map((f) => [f.id, f.fingerprint]));
  const logged = a.sarif.runs[0]!.results.flatMap((r) => r.locations.flatMap((l) => (l.physicalLocation ? [l.physicalLocation] : [])));
  assert.ok(logged.some((p) => p.artifactLocation.uri.startsWith("file:///") && p.artifactLocation.uri.endsWith("/audit.log") && (p.region?.startLine ?? 0) > 1), JSON.stringify(logged.slice(0, 2)));
});
