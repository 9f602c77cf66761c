import { test, before, after } from "node:test";
import { en } from "../helpers/text.ts";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createServer } from "node:net";
import { runCli } from "../helpers/cli.ts";
import { startTlsServer, makeSelfSignedCert, type TestTlsServer } from "../helpers/tls-server.ts";
import { reportSchemaProblems } from "../../src/report/build-report.ts";
import type { Report } from "../../src/report/types.ts";
import { tempDir } from "../helpers/temp.ts";

let server: TestTlsServer;
let work: string;

before(async () => {
  server = await startTlsServer();
  work = tempDir("rssp-audit-assess");
});
after(() => server.close());

function writeConfig(name: string, body: string): string {
  const file = join(work, name);
  writeFileSync(file, body);
  return file;
}

test("assess against any HTTPS endpoint writes a schema-valid report.json with tls.reachable passing", async () => {
  const config = writeConfig("ok.yaml", `target:\n  name: Any HTTPS endpoint\n  csc:\n    baseUrl: ${server.url}/csc/v2\n    tlsCa: file:${server.caFile}\nlevel: 1\n`);
  const out = join(work, "out-ok");
  const r = await runCli(["assess", "--config", config, "--out", out, "--format", "json"]);
  const report = JSON.parse(readFileSync(join(out, "report.json"), "utf8")) as Report;
  assert.deepEqual(reportSchemaProblems(report), []);
  const reach = report.checks.find((c) => c.id === "tls.reachable");
  assert.equal(reach?.status, "pass", en(reach?.summary));
  assert.match(en(reach!.observations[0]!.observed), /TLSv1\.[23]/);
  assert.equal(report.assessment.level, 1);
  // Not conformant: most controls cannot be concluded against a bare endpoint, and the exit code says so.
  assert.equal(report.verdict.conformant, false);
  assert.equal(r.code, 1, r.stderr);
  assert.ok(report.controls.length > 0);
  const ids = report.controls.map((c) => c.id);
  assert.deepEqual(ids, [...ids].sort(), "controls sorted by ID");
  assert.ok(readFileSync(join(out, "evidence", "checks", "tls.reachable", "result.json"), "utf8").includes('"pass"'));
});

test("an endpoint whose certificate the assessor does not trust fails tls.reachable", async () => {
  const other = makeSelfSignedCert(tempDir("rssp-audit-other"));
  const config = writeConfig("untrusted.yaml", `target:\n  name: Untrusted\n  csc:\n    baseUrl: ${server.url}/csc/v2\n    tlsCa: file:${other.certFile}\nlevel: 1\n`);
  const out = join(work, "out-untrusted");
  const r = await runCli(["assess", "--config", config, "--out", out]);
  const report = JSON.parse(readFileSync(join(out, "report.json"), "utf8")) as Report;
  const reach = report.checks.find((c) => c.id === "tls.reachable")!;
  assert.equal(reach.status, "fail");
  assert.match(en(reach.summary), /not trusted/);
  assert.equal(r.code, 1);
});

test("an unreachable target gives error, still writes the report, and exits 3", async () => {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const port = (probe.address() as { port: number }).port;
  await new Promise((resolve) => probe.close(resolve));
  const config = writeConfig("down.yaml", `target:\n  name: Down\n  csc:\n    baseUrl: https://127.0.0.1:${port}/csc/v2\nlevel: 1\n`);
  const out = join(work, "out-down");
  const r = await runCli(["assess", "--config", config, "--out", out]);
  assert.equal(r.code, 3, r.stderr);
  const report = JSON.parse(readFileSync(join(out, "report.json"), "utf8")) as Report;
  const reach = report.checks.find((c) => c.id === "tls.reachable")!;
  assert.equal(reach.status, "error");
  assert.match(en(reach.summary), /unreachable/);
});

test("a malformed config exits 2 with one line naming file and line", async () => {
  const config = writeConfig("bad.yaml", `target:\n  name: [unclosed\nlevel: 2\n`);
  const r = await runCli(["assess", "--config", config, "--out", join(work, "out-bad")]);
  assert.equal(r.code, 2);
  const lines = r.stderr.trim().split("\n");
  assert.equal(lines.length, 1, r.stderr);
  assert.match(lines[0]!, /bad\.yaml:\d+:\d+: YAML/);
  assert.doesNotMatch(r.stderr, /\n\s+at /, "no stack trace");
});

test("a config that violates the schema exits 2 with located problems", async () => {
  const config = writeConfig("schema.yaml", `target:\n  name: X\n  csc:\n    baseUrl: ftp://example\nlevel: 5\n`);
  const r = await runCli(["assess", "--config", config, "--out", join(work, "out-schema")]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /schema\.yaml:4:\d+: \/target\/csc\/baseUrl: must match pattern/);
  assert.match(r.stderr, /schema\.yaml:5:\d+: \/level: must be equal to one of the allowed values/);
});

test("an inline secret is refused: secrets come from env: or file: only", async () => {
  const config = writeConfig("inline.yaml", `target:\n  name: X\n  csc:\n    baseUrl: ${server.url}\n    signers:\n      - { id: a, username: a, pin: "123456" }\nlevel: 1\n`);
  const r = await runCli(["assess", "--config", config, "--out", join(work, "out-inline")]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /pin: must match pattern/);
  assert.doesNotMatch(r.stderr, /123456/, "the secret is not echoed");
});

test("a missing secret variable is named, not its value", async () => {
  const config = writeConfig("env.yaml", `target:\n  name: X\n  csc:\n    baseUrl: ${server.url}\n    signers:\n      - { id: a, username: a, pin: "env:RSSP_AUDIT_TEST_UNSET_PIN" }\nlevel: 1\n`);
  const r = await runCli(["assess", "--config", config, "--out", join(work, "out-env")]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /RSSP_AUDIT_TEST_UNSET_PIN is not set/);
});
