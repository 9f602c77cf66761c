/**
 * Layout signed-manifest: rotated files and manifests signed with `openssl cms -sign` (detached
 * CMS) or as a detached JWS; a clean folder and one folder per kind of tampering, each reported
 * with its file, nothing on the clean one.
 */
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createPrivateKey, sign, X509Certificate } from "node:crypto";
import { readFileSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { basename } from "node:path";
import type { VerifyOutcome } from "../../src/log/chain-verifier.ts";
import { verifyManifestFolder, type ManifestOptions } from "../../src/log/signed-manifest.ts";
import { manifestBytes, sha256, writeManifests } from "./helpers/manifests.ts";
import { makeOpensslPki, type OpensslKey, type OpensslPki } from "./helpers/openssl-pki.ts";
import { folderWith, rotatedFiles, storedBytes, type RotatedFile } from "./helpers/rotated-folder.ts";

let pki: OpensslPki;
let rogue: OpensslPki;
let signer: OpensslKey;
let rogueSigner: OpensslKey;
before(() => {
  pki = makeOpensslPki("Manifest Root");
  rogue = makeOpensslPki("Rogue Manifest Root");
  signer = pki.leaf("ec-p256", "Manifest Signer");
  rogueSigner = rogue.leaf("ec-p256", "Manifest Signer");
});
const folders: Array<{ dispose(): void }> = [];
after(() => {
  folders.forEach((f) => f.dispose());
  pki.dispose();
  rogue.dispose();
});

const GROUPS = [[0, 1], [2], [3]];

/** Four rotated files listed by three chained manifests signed by `openssl cms -sign`. */
function shipped(files: RotatedFile[] = rotatedFiles([15, 15, 15, 15]), groups = GROUPS, by = signer) {
  const folder = folderWith(files.map((f) => ({ name: f.name, bytes: storedBytes(f) })));
  folders.push(folder);
  const manifests = writeManifests(folder.path, files, groups, (file) => (by === signer ? pki : rogue).cmsSign(by, file));
  return { folder, files, manifests };
}

const trust = (extra: Partial<ManifestOptions> = {}): ManifestOptions => ({ trustAnchorsPem: [pki.rootPem], ...extra });
const verify = (dir: string, extra: Partial<ManifestOptions> = {}): Promise<VerifyOutcome> => verifyManifestFolder(dir, trust(extra));
const codes = (o: VerifyOutcome): string[] => o.problems.map((p) => `${p.code}@${basename(p.file)}`);

test("a clean folder with CMS-signed manifests verifies and gives the last manifest as head", async () => {
  const { folder, manifests } = shipped();
  const o = await verify(folder.dir);
  assert.deepEqual(codes(o), []);
  assert.equal(o.intact, true);
  assert.equal(o.records, 60);
  assert.equal(o.checkpoints, 3);
  assert.equal(o.signedCheckpoints, 3);
  assert.deepEqual(o.head, { seq: 2, hash: sha256(manifests[2]!) });
  assert.deepEqual(codes(await verify(folder.dir, { expectHead: { seq: 1, hash: sha256(manifests[1]!) } })), [], "an earlier kept head is still there");
});

test("a clean folder with detached JWS manifests (ES256, x5c) verifies", async () => {
  const files = rotatedFiles([15, 15]);
  const folder = folderWith(files.map((f) => ({ name: f.name, bytes: storedBytes(f) })));
  folders.push(folder);
  const key = createPrivateKey(readFileSync(signer.keyFile));
  const x5c = [new X509Certificate(signer.certPem).raw.toString("base64")];
  const jws = (_file: string, bytes: Buffer): Buffer => {
    const h = Buffer.from(JSON.stringify({ alg: "ES256", x5c })).toString("base64url");
    return Buffer.from(`${h}..${sign("sha256", Buffer.from(`${h}.${bytes.toString("base64url")}`), { key, dsaEncoding: "ieee-p1363" }).toString("base64url")}`);
  };
  writeManifests(folder.path, files, [[0], [1]], jws, ".jws");
  assert.deepEqual(codes(await verify(folder.dir)), []);
  writeFileSync(folder.path("manifest-0002.json"), readFileSync(folder.path("manifest-0002.json"), "utf8").replace('"records": 15', '"records": 16'));
  assert.deepEqual(codes(await verify(folder.dir)), ["manifest.bad-signature@manifest-0002.json", "manifest.inconsistent@manifest-0002.json"]);
});

test("a missing manifest breaks the chain at the next one", async () => {
  const { folder } = shipped();
  rmSync(folder.path("manifest-0002.json"));
  rmSync(folder.path("manifest-0002.json.p7s"));
  assert.deepEqual(codes(await verify(folder.dir)), ["file.unlisted@audit-0003.log", "manifest.missing@manifest-0003.json"]);
});

test("a replaced manifest (content changed, old signature kept) fails its signature", async () => {
  const { folder, files } = shipped();
  // the attacker edits a file and puts its new digest into the manifest
  const edited = { ...files[2]!, lines: files[2]!.lines.map((l) => l.replace('"actor":"user-2"', '"actor":"mallory"')) };
  writeFileSync(folder.path(edited.name), storedBytes(edited));
  writeFileSync(folder.path("manifest-0002.json"), manifestBytes(1, [edited], readFileSync(folder.path("manifest-0001.json")), JSON.parse(readFileSync(folder.path("manifest-0002.json"), "utf8")).time));
  const o = await verify(folder.dir);
  // the edited last record of audit-0003.log no longer links to audit-0004's first
  assert.deepEqual(codes(o), ["rotation.gap@audit-0004.log.gz", "manifest.bad-signature@manifest-0002.json", "manifest.replaced@manifest-0002.json"]);
  assert.match(o.problems[2]!.message, /not the prev of manifest-0003.json/);
});

test("a manifest re-signed by another key is untrusted; re-signed with the right key, the next manifest's prev still catches it", async () => {
  const { folder, files } = shipped();
  const edited = { ...files[2]!, lines: files[2]!.lines.slice(0, 10) };
  writeFileSync(folder.path(edited.name), storedBytes(edited));
  writeFileSync(folder.path("manifest-0002.json"), manifestBytes(1, [edited], readFileSync(folder.path("manifest-0001.json"))));
  writeFileSync(folder.path("manifest-0002.json.p7s"), rogue.cmsSign(rogueSigner, folder.path("manifest-0002.json")));
  assert.deepEqual(codes(await verify(folder.dir)), ["rotation.gap@audit-0004.log.gz", "manifest.untrusted@manifest-0002.json", "manifest.replaced@manifest-0002.json"]);
  writeFileSync(folder.path("manifest-0002.json.p7s"), pki.cmsSign(signer, folder.path("manifest-0002.json")));
  assert.deepEqual(codes(await verify(folder.dir)), ["rotation.gap@audit-0004.log.gz", "manifest.replaced@manifest-0002.json"], "an insider holding the key");
});

test("the last manifest replaced by an insider, or removed, is caught only against the kept head", async () => {
  const { folder, manifests } = shipped();
  const kept = { seq: 2, hash: sha256(manifests[2]!) };
  writeFileSync(folder.path("manifest-0003.json"), Buffer.concat([manifests[2]!, Buffer.from(" ")]));
  writeFileSync(folder.path("manifest-0003.json.p7s"), pki.cmsSign(signer, folder.path("manifest-0003.json")));
  assert.deepEqual(codes(await verify(folder.dir)), [], "nothing else shows it");
  assert.deepEqual(codes(await verify(folder.dir, { expectHead: kept })), ["head.rewritten@manifest-0003.json"]);
  rmSync(folder.path("manifest-0003.json"));
  rmSync(folder.path("manifest-0003.json.p7s"));
  const o = await verify(folder.dir, { expectHead: kept });
  assert.deepEqual(codes(o), [`head.truncated@${basename(folder.dir)}`, "tail.unprotected@audit-0004.log.gz"]);
});

test("a listed file modified, truncated or deleted is reported at that file", async () => {
  const { folder, files } = shipped();
  writeFileSync(folder.path(files[0]!.name), readFileSync(folder.path(files[0]!.name), "utf8").replace('"actor":"user-1"', '"actor":"mallory"'));
  truncateSync(folder.path(files[1]!.name), storedBytes(files[1]!).length - 20);
  rmSync(folder.path(files[2]!.name));
  const o = await verify(folder.dir);
  assert.deepEqual(codes(o), ["file.modified@audit-0001.log", "file.truncated@audit-0002.log.gz", "file.deleted@audit-0003.log"]);
  assert.match(o.problems[2]!.message, /listed in manifest-0002.json but not in the folder/);
});

test("a file present but listed nowhere is reported; the newest one, not yet listed, is only an unprotected tail", async () => {
  const files = rotatedFiles([15, 15, 15, 15]);
  const { folder } = shipped(files, [[0], [2], [3]]);
  assert.deepEqual(codes(await verify(folder.dir)), ["file.unlisted@audit-0002.log.gz"]);
  const active = shipped(files, [[0, 1], [2]]);
  const o = await verify(active.folder.dir);
  assert.deepEqual(codes(o), ["tail.unprotected@audit-0004.log.gz"]);
  assert.equal(o.intact, true);
});

test("a manifest whose counts disagree with a file it lists with the right digest is inconsistent; no signature is unsigned", async () => {
  const { folder, files } = shipped();
  const m = manifestBytes(0, [files[0]!, files[1]!], null);
  writeFileSync(folder.path("manifest-0001.json"), Buffer.from(m.toString().replace('"records": 15', '"records": 14')));
  writeFileSync(folder.path("manifest-0001.json.p7s"), pki.cmsSign(signer, folder.path("manifest-0001.json")));
  const o = await verify(folder.dir);
  assert.deepEqual(codes(o), ["manifest.replaced@manifest-0001.json", "manifest.inconsistent@manifest-0001.json"]);
  rmSync(folder.path("manifest-0003.json.p7s"));
  assert.ok(codes(await verify(folder.dir)).includes("manifest.unsigned@manifest-0003.json"));
});
