/**
 * `log verify` over the sealed layouts as a user runs it: the layout detected from the folder (or
 * given), exit 0 intact / 1 tampered / 2 bad input, one line per problem with its file.
 */
import "reflect-metadata";
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { rmSync, writeFileSync } from "node:fs";
import { runCli } from "../helpers/cli.ts";
import { writeManifests } from "./helpers/manifests.ts";
import { makeOpensslPki, type OpensslPki } from "./helpers/openssl-pki.ts";
import { folderWith, rotatedFiles, storedBytes } from "./helpers/rotated-folder.ts";
import { makeTsa, type Tsa } from "./helpers/tsa.ts";

let tsa: Tsa;
let pki: OpensslPki;
const folders: Array<{ dispose(): void }> = [];
before(async () => {
  tsa = await makeTsa("CLI TSA");
  pki = makeOpensslPki("CLI Manifest Root");
});
after(() => {
  folders.forEach((f) => f.dispose());
  tsa.dispose();
  pki.dispose();
});

function folder(withTsa: boolean, withManifests: boolean) {
  const files = rotatedFiles([10, 10, 10]);
  const f = folderWith([...files.map((x) => ({ name: x.name, bytes: storedBytes(x) })), { name: "tsa-root.pem", bytes: Buffer.from(tsa.rootPem) }, { name: "root.pem", bytes: Buffer.from(pki.rootPem) }]);
  folders.push(f);
  if (withTsa) for (const x of files) writeFileSync(f.path(`${x.name}.tsr`), tsa.stamp(storedBytes(x), { response: true }));
  if (withManifests) {
    const signer = pki.leaf("ec-p256", "CLI Manifest Signer");
    writeManifests(f.path, files, [[0], [1, 2]], (file) => pki.cmsSign(signer, file));
  }
  return { ...f, files };
}

test("log verify detects timestamped-files, exits 0 clean and 1 with the tampered file named", async () => {
  const f = folder(true, false);
  const r = await runCli(["log", "verify", f.dir, "--tsa-trust-anchor", f.path("tsa-root.pem")]);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /\(timestamped-files\): 30 record\(s\) in 3 file\(s\), 3 time-stamp token\(s\) \(3 valid, 3 time-stamped\): intact/);
  rmSync(f.path("audit-0002.log.gz.tsr"));
  const t = await runCli(["log", "verify", f.dir, "--tsa-trust-anchor", f.path("tsa-root.pem"), "--format", "json"]);
  assert.equal(t.code, 1, t.stderr);
  const result = JSON.parse(t.stdout);
  assert.equal(result.layout, "timestamped-files");
  assert.deepEqual(result.problems.map((p: { code: string }) => p.code), ["file.unsealed"]);
  assert.match(result.problems[0].message, /audit-0002\.log\.gz/);
});

test("log verify detects signed-manifest and prints the head to keep; --expect-head catches a removed manifest", async () => {
  const f = folder(false, true);
  const r = await runCli(["log", "verify", f.dir, "--trust-anchor", f.path("root.pem")]);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /\(signed-manifest\): 30 record\(s\) in 3 file\(s\), 2 manifest\(s\) \(2 with a verified signature\): intact/);
  const head = /--expect-head (1:[0-9a-f]{64})/.exec(r.stdout)?.[1];
  assert.ok(head, r.stdout);
  rmSync(f.path("manifest-0002.json"));
  rmSync(f.path("manifest-0002.json.p7s"));
  const t = await runCli(["log", "verify", f.dir, "--trust-anchor", f.path("root.pem"), "--expect-head", head]);
  assert.equal(t.code, 1);
  assert.match(t.stdout, /manifest-0001\.json|audit-0002/);
  assert.match(t.stdout, /error: seq 1: head\.truncated/);
  for (const line of t.stdout.trim().split("\n").slice(1)) assert.match(line, /^\S+: (error|warning): /, "one line per problem, with its file");
});

test("log verify timestamped-files prints the last sealed file as head; --expect-head NAME:HASH finds it, or the file replaced; --max-gap-seconds is the rotation gap", async () => {
  const f = folder(true, false);
  const anchor = ["--tsa-trust-anchor", f.path("tsa-root.pem")];
  const r = await runCli(["log", "verify", f.dir, ...anchor]);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  const head = /--expect-head (audit-0003\.log:[0-9a-f]{64})/.exec(r.stdout)?.[1];
  assert.ok(head, r.stdout);
  const help = await runCli(["log", "verify", "--help"]);
  assert.match(help.stdout.replace(/\s+/g, " "), /NAME:HASH \(timestamped-files: the last sealed file/);
  assert.match(help.stdout, /--max-gap-seconds/);
  const kept = await runCli(["log", "verify", f.dir, ...anchor, "--expect-head", head]);
  assert.equal(kept.code, 0, kept.stdout + kept.stderr);
  assert.match(kept.stdout, /kept head found unchanged; after it: 0 file\(s\)/);
  // an earlier head: the files sealed since are the rotation going on
  const earlier = `audit-0002.log.gz:${createHash("sha256").update(storedBytes(f.files[1]!)).digest("hex")}`;
  const json = await runCli(["log", "verify", f.dir, ...anchor, "--expect-head", earlier, "--format", "json"]);
  assert.equal(json.code, 0, json.stdout + json.stderr);
  assert.deepEqual(JSON.parse(json.stdout).sinceKeptHead, { files: 1, records: 10 });
  writeFileSync(f.path("audit-0003.log"), storedBytes({ ...f.files[2]!, lines: f.files[2]!.lines.slice(0, 5) }));
  writeFileSync(f.path("audit-0003.log.tsr"), tsa.stamp(storedBytes({ ...f.files[2]!, lines: f.files[2]!.lines.slice(0, 5) }), { response: true }));
  const t = await runCli(["log", "verify", f.dir, ...anchor, "--expect-head", head]);
  assert.equal(t.code, 1, t.stdout + t.stderr);
  assert.match(t.stdout, /audit-0003\.log: error: head\.rewritten: /);
  // files 10 ms apart: a 0 s threshold makes every rotation a gap (the flag reaches the verifier)
  const g = await runCli(["log", "verify", f.dir, ...anchor, "--max-gap-seconds", "0"]);
  assert.equal(g.code, 1, g.stdout + g.stderr);
  assert.match(g.stdout, /rotation\.gap: .*beyond the 0 s rotation gap threshold/);
});

test("log verify: a layout that does not fit the paths, or an unknown one, is bad input (exit 2, one line)", async () => {
  const f = folder(false, false);
  for (const args of [
    ["log", "verify", f.path("audit-0001.log"), "--layout", "signed-manifest"],
    ["log", "verify", f.dir, "--layout", "zip"],
    ["log", "verify", f.dir],
    ["log", "verify", f.dir, "--layout", "timestamped-files", "--max-seal-delay", "soon"],
    ["log", "verify", f.dir, "--layout", "timestamped-files", "--max-gap-seconds", "-5"],
    ["log", "verify", f.dir, "--layout", "timestamped-files", "--max-gap-seconds", "1.5"],
    ["log", "verify", f.dir, "--layout", "timestamped-files", "--expect-head", `3:${"a".repeat(64)}`],
    ["log", "verify", f.dir, "--layout", "timestamped-files", "--expect-head", `notes.txt:${"a".repeat(64)}`],
    ["log", "verify", f.dir, "--layout", "timestamped-files", "--expect-head", "audit-0001.log:abc"],
    ["log", "verify", f.dir, "--layout", "signed-manifest", "--expect-head", `audit-0001.log:${"a".repeat(64)}`],
  ]) {
    const r = await runCli(args);
    assert.equal(r.code, 2, `${args.join(" ")}: ${r.stdout}${r.stderr}`);
    assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
  }
});
