/**
 * The signed-manifest format's JSON Schema (evidence-schemas/log-manifest.schema.json): it accepts
 * the manifests a shipper writes, and a malformed manifest is one line at its file, with the line
 * (and column) where it goes wrong, never its content and never a crash; through `log verify` too.
 */
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { basename } from "node:path";
import { Ajv } from "ajv";
import { parseManifest } from "../../src/log/manifest-file.ts";
import { verifyManifestFolder } from "../../src/log/signed-manifest.ts";
import { runCli } from "../helpers/cli.ts";
import { manifestBytes } from "./helpers/manifests.ts";
import { folderWith, rotatedFiles, storedBytes } from "./helpers/rotated-folder.ts";

const folders: Array<{ dispose(): void }> = [];
after(() => folders.forEach((f) => f.dispose()));

const files = rotatedFiles([5, 5]);
const good = manifestBytes(0, files, null);

test("the schema accepts the manifests the tests' shipper (and the reference RSSP's) writes; the parser reads their fields", async () => {
  const schema = JSON.parse(readFileSync(new URL("../../evidence-schemas/log-manifest.schema.json", import.meta.url), "utf8"));
  const validate = new Ajv({ strict: true, allowUnionTypes: true }).compile(schema);
  assert.ok(validate(JSON.parse(good.toString())), JSON.stringify(validate.errors));
  const parsed = await parseManifest(good);
  assert.ok(!("message" in parsed), JSON.stringify(parsed));
  assert.equal(parsed.seq, 0);
  assert.deepEqual(parsed.files.map((f) => [f.file, f.records]), [["audit-0001.log", 5], ["audit-0002.log.gz", 5]]);
  const bare = JSON.parse(good.toString());
  for (const e of bare.files) delete e.first, delete e.last;
  assert.ok(!("message" in (await parseManifest(Buffer.from(JSON.stringify(bare))))), "first and last are optional");
});

/** `good` with line `n` (1-based) changed by `edit`. */
const withLine = (n: number, edit: (line: string) => string): Buffer => {
  const lines = good.toString().split("\n");
  lines[n - 1] = edit(lines[n - 1]!);
  return Buffer.from(lines.join("\n"));
};
const lineOf = (needle: string): number => good.toString().split("\n").findIndex((l) => l.includes(needle)) + 1;

const MALFORMED: Array<{ what: string; bytes: Buffer; message: RegExp; line?: number }> = [
  { what: "not JSON (a comma missing)", bytes: withLine(lineOf('"seq"'), (l) => l.replace(/,$/, "")), message: /not valid JSON/, line: lineOf('"time"') },
  { what: "not UTF-8", bytes: Buffer.concat([good.subarray(0, 20), Buffer.from([0xff, 0xfe]), good.subarray(20)]), message: /not valid UTF-8/ },
  { what: "seq a string", bytes: withLine(lineOf('"seq"'), (l) => l.replace(/\d+/, '"0"')), message: /\/seq: must be integer/, line: lineOf('"seq"') },
  { what: "another format", bytes: withLine(lineOf('"format"'), (l) => l.replace("v1", "v9")), message: /\/format: must be equal to constant/, line: lineOf('"format"') },
  { what: "a digest in capitals", bytes: withLine(lineOf('"sha256"'), (l) => l.replace(/[0-9a-f]{64}/, (h) => h.toUpperCase())), message: /\/files\/0\/sha256: must match pattern/, line: lineOf('"sha256"') },
  { what: "a time without milliseconds", bytes: withLine(lineOf('"time"'), (l) => l.replace(/\.\d{3}Z/, "Z")), message: /\/time: must match pattern/, line: lineOf('"time"') },
  { what: "a listed path outside the folder", bytes: withLine(lineOf('"file"'), (l) => l.replace("audit-0001.log", "../audit-0001.log")), message: /\/files\/0\/file: must match pattern/, line: lineOf('"file"') },
  { what: "no files", bytes: Buffer.from(JSON.stringify({ ...JSON.parse(good.toString()), files: undefined }, null, 2)), message: /missing required property "files"/, line: 1 },
  { what: "an array", bytes: Buffer.from("[1, 2]\n"), message: /must be object/, line: 1 },
];

test("each malformed manifest is one reason with its line, not its content", async () => {
  for (const m of MALFORMED) {
    const p = await parseManifest(m.bytes);
    assert.ok("message" in p, m.what);
    assert.match(p.message, m.message, m.what);
    assert.doesNotMatch(p.message, /\n/, m.what);
    assert.doesNotMatch(p.message, /AUDIT-0001|user-\d|mallory/i, `${m.what}: no content echoed`);
    if (m.line !== undefined) assert.equal(p.line, m.line, `${m.what}: line`);
  }
});

test("in a folder, and through log verify, a malformed manifest is manifest.malformed at file:line, exit 1", async () => {
  const f = folderWith(files.map((x) => ({ name: x.name, bytes: storedBytes(x) })));
  folders.push(f);
  const bad = MALFORMED.find((m) => m.what === "seq a string")!;
  writeFileSync(f.path("manifest-0001.json"), bad.bytes);
  const o = await verifyManifestFolder(f.dir, {});
  const found = o.problems.find((p) => p.code === "manifest.malformed");
  assert.ok(found, JSON.stringify(o.problems));
  assert.equal(basename(found.file), "manifest-0001.json");
  assert.equal(found.line, bad.line);
  const r = await runCli(["log", "verify", f.dir]);
  assert.equal(r.code, 1, r.stdout + r.stderr);
  assert.equal(r.stderr, "");
  assert.match(r.stdout, new RegExp(`manifest-0001\\.json:${bad.line}: error: manifest\\.malformed: column \\d+: does not follow rssp-log-manifest/v1 .*/seq: must be integer`));
});
