import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../helpers/cli.ts";
import { makeTestPki, type TestPki } from "./helpers/pki.ts";
import { cleanLog, hashLine } from "./helpers/log-writer.ts";

let pki: TestPki;
let dir: string;
let clean: string;
let tampered: string;
let cert: string;
let root: string;
let head: string;

before(async () => {
  pki = await makeTestPki();
  dir = mkdtempSync(join(tmpdir(), "rssp-log-cli-"));
  const w = cleanLog(40, 10, { key: pki.logSigner.key });
  head = `40:${hashLine(w.lines[40]!)}`;
  clean = join(dir, "clean.log");
  writeFileSync(clean, w.text());
  tampered = join(dir, "tampered.log");
  writeFileSync(tampered, w.text().replace('"actor":"user-3"', '"actor":"eve"'));
  cert = join(dir, "signer.pem");
  writeFileSync(cert, pki.logSigner.certPem);
  root = join(dir, "root.pem");
  writeFileSync(root, pki.rootPem);
});
after(() => rmSync(dir, { recursive: true, force: true }));

test("log verify: intact log exits 0 and prints the head to keep", async () => {
  const r = await runCli(["log", "verify", clean, "--cert", cert, "--trust-anchor", root, "--expect-head", head]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /41 record\(s\), 4 checkpoint\(s\) \(4 with a verified signature\): intact/);
  assert.ok(r.stdout.includes(`--expect-head ${head}`));
  assert.equal(r.stderr, "", "no progress output when stderr is not a terminal");
});

test("log verify --format json: tampering exits 1 with problems located by line and seq", async () => {
  const r = await runCli(["log", "verify", tampered, "--cert", cert, "--trust-anchor", root, "--format", "json"]);
  assert.equal(r.code, 1, r.stderr);
  const result = JSON.parse(r.stdout);
  assert.equal(result.intact, false);
  assert.equal(result.head, null);
  assert.deepEqual(result.problems.map((p: { code: string; line: number; seq: number }) => [p.code, p.line, p.seq]), [["record.modified", 4, 3]]);
});

test("log verify: bad input exits 2 with a one-line reason", async () => {
  for (const args of [
    ["log", "verify", join(dir, "missing.log")],
    ["log", "verify", clean, "--expect-head", "nonsense"],
    ["log", "verify", clean, "--cert", join(dir, "missing.pem")],
    ["log", "verify", clean, "--format", "xml"],
  ]) {
    const r = await runCli(args);
    assert.equal(r.code, 2, `${args.join(" ")}: ${r.stderr}`);
    assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
    assert.doesNotMatch(r.stderr, /\n\s+at /, "no stack trace");
  }
});
