/**
 * The log.* checks over the sealed layouts, configured as assessment.yaml names them
 * (`logs[].layout`, a folder): they pass on clean folders, and fail with the file named on
 * tampering; log.chain.intact reads the late-seal threshold from `log.seal.maxDelaySeconds`.
 */
import "reflect-metadata";
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { runChecks } from "../helpers/run-checks.ts";
import { writeFileSync } from "node:fs";
import type { Check, Target } from "../../src/check/types.ts";
import chainIntact from "../../checks/log/chain.intact.ts";
import eventsRequired from "../../checks/log/events.required.ts";
import recordsFields from "../../checks/log/records.fields.ts";
import secretsAbsent from "../../checks/log/secrets.absent.ts";
import { en } from "../helpers/text.ts";
import { writeManifests } from "./helpers/manifests.ts";
import { makeOpensslPki, type OpensslPki } from "./helpers/openssl-pki.ts";
import { folderWith, rotatedFiles, storedBytes, type RotatedFile } from "./helpers/rotated-folder.ts";
import { makeTsa, type Tsa } from "./helpers/tsa.ts";

const CHECKS = [chainIntact, eventsRequired, recordsFields, secretsAbsent] as Check[];
let tsa: Tsa;
let pki: OpensslPki;
const folders: Array<{ dispose(): void }> = [];
before(async () => {
  tsa = await makeTsa("Checks TSA");
  pki = makeOpensslPki("Checks Manifest Root");
});
after(() => {
  folders.forEach((f) => f.dispose());
  tsa.dispose();
  pki.dispose();
});

const runAll = (t: Target, parameters: Record<string, unknown> = {}) => runChecks(CHECKS as Check[], t, parameters);

function write(files: RotatedFile[]) {
  const f = folderWith(files.map((x) => ({ name: x.name, bytes: storedBytes(x) })));
  folders.push(f);
  return f;
}

const timestamped = (files: RotatedFile[]) => {
  const f = write(files);
  for (const x of files) writeFileSync(f.path(`${x.name}.tsr`), tsa.stamp(storedBytes(x), { response: true }));
  const target: Target = { name: "t", logs: [{ file: f.dir, layout: "timestamped-files", tsaTrustAnchors: [tsa.rootPem] }], trustAnchors: [] };
  return { f, target };
};

test("timestamped-files: a clean folder passes every log.* check; a late seal fails by the catalog parameter", async () => {
  const { target } = timestamped(rotatedFiles([40, 40, 40]));
  for (const [id, o] of await runAll(target)) assert.equal(o.status, "pass", `${id}: ${o.summary}`);
  // records 30 s old at sealing: late against a 5 s threshold
  const o = (await runAll(target, { "log.seal.maxDelaySeconds": 5 })).get("log.chain.intact")!;
  assert.equal(o.status, "fail");
  assert.ok(o.observations.some((x) => en(x.observed).startsWith("seal.late") && x.where.endsWith("audit-0001.log")), JSON.stringify(o.observations));
});

test("timestamped-files: the silence between rotated files fails log.chain.intact by log.rotation.maxGapSeconds", async () => {
  // records 10 ms apart: the next file starts 10 ms after the last one ends, within the default day
  const { target } = timestamped(rotatedFiles([40, 40]));
  assert.equal((await runAll(target)).get("log.chain.intact")!.status, "pass");
  const o = (await runAll(target, { "log.rotation.maxGapSeconds": 0.001 })).get("log.chain.intact")!;
  assert.equal(o.status, "fail");
  assert.ok(o.observations.some((x) => en(x.observed).startsWith("rotation.gap") && x.where.includes("audit-0002.log.gz")), JSON.stringify(o.observations));
});

test("signed-manifest: clean passes; a modified listed file fails chain.intact and a secret in a .gz file is found in that file", async () => {
  const files = rotatedFiles([40, 40, 40]);
  const signer = pki.leaf("ec-p256", "Checks Manifest Signer");
  const f = write(files);
  writeManifests(f.path, files, [[0], [1, 2]], (file) => pki.cmsSign(signer, file));
  const target: Target = { name: "m", logs: [{ file: f.dir, layout: "signed-manifest" }], trustAnchors: [pki.rootPem] };
  for (const [id, o] of await runAll(target)) assert.equal(o.status, "pass", `${id}: ${o.summary}`);
  const leaked = { ...files[1]!, lines: files[1]!.lines.map((l, i) => (i === 3 ? l.replace('"note":', '"pin":"739251","note":') : l)) };
  writeFileSync(f.path(leaked.name), storedBytes(leaked));
  const r = await runAll(target);
  const chain = r.get("log.chain.intact")!;
  assert.equal(chain.status, "fail");
  assert.ok(chain.observations.some((x) => en(x.observed).startsWith("file.modified") && x.where.endsWith("audit-0002.log.gz")), JSON.stringify(chain.observations));
  const secrets = r.get("log.secrets.absent")!;
  assert.equal(secrets.status, "fail");
  assert.ok(secrets.observations.some((x) => x.where.includes("audit-0002.log.gz:4")), JSON.stringify(secrets.observations));
});

test("assessment.yaml: logs[].layout and tokenName are read; an unknown layout is bad input naming the file", async () => {
  const { loadAssessmentConfig } = await import("../../src/config/load-config.ts");
  const { InputError } = await import("../../src/util/errors.ts");
  const f = write(rotatedFiles([2]));
  const yaml = (layout: string) => `assessment:\n  kind: self-check\n  assessor: t\ntarget:\n  name: t\n  logs:\n    - file: ${f.dir}\n      layout: ${layout}\n      tokenName: "{stem}.seal.tsr"\nlevel: 1\n`;
  writeFileSync(f.path("assessment.yaml"), yaml("timestamped-files"));
  const c = loadAssessmentConfig(f.path("assessment.yaml"));
  assert.equal(c.target.logs[0]!.layout, "timestamped-files");
  assert.equal(c.target.logs[0]!.tokenName, "{stem}.seal.tsr");
  writeFileSync(f.path("assessment.yaml"), yaml("zipped"));
  assert.throws(() => loadAssessmentConfig(f.path("assessment.yaml")), (e: unknown) => e instanceof InputError && /assessment\.yaml/.test(String((e as Error).message) + JSON.stringify(e)));
});
