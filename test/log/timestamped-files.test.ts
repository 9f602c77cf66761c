/**
 * Layout timestamped-files: rotated files (plain and .gz) each sealed by `openssl ts -reply`
 * (a TimeStampResp in `<file>.tsr`); a clean folder and one folder per kind of tampering, each
 * reported with its file, nothing on the clean one.
 */
import "reflect-metadata";
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { appendFileSync, readFileSync, renameSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { basename } from "node:path";
import { gzipSync } from "node:zlib";
import type { VerifyOutcome } from "../../src/log/chain-verifier.ts";
import { verifyTimestampedFolder } from "../../src/log/timestamped-files.ts";
import { parsePemCertificates } from "../../src/log/signing-cert.ts";
import { toText } from "./helpers/log-writer.ts";
import { makeTsa, type Tsa } from "./helpers/tsa.ts";
import { folderWith, rotatedFiles, storedBytes, type RotatedFile } from "./helpers/rotated-folder.ts";

let tsa: Tsa;
let rogue: Tsa;
before(async () => {
  [tsa, rogue] = await Promise.all([makeTsa("Files TSA"), makeTsa("Rogue Files TSA")]);
});
after(() => {
  tsa.dispose();
  rogue.dispose();
});

const folders: Array<{ dispose(): void }> = [];
after(() => folders.forEach((f) => f.dispose()));

/** Writes `files` and seals each (unless `skip`) with `by`'s openssl TSA. */
function sealed(files: RotatedFile[], options: { by?: Tsa; hash?: "sha256" | "sha384" | "sha512"; bare?: boolean } = {}) {
  const folder = folderWith(files.map((f) => ({ name: f.name, bytes: storedBytes(f) })));
  folders.push(folder);
  for (const f of files) writeFileSync(folder.path(`${f.name}.tsr`), (options.by ?? tsa).stamp(storedBytes(f), { response: !options.bare, hash: options.hash }));
  return folder;
}

const verify = (dir: string, extra: Partial<Parameters<typeof verifyTimestampedFolder>[1]> = {}): Promise<VerifyOutcome> =>
  verifyTimestampedFolder(dir, { tsaTrust: { anchors: parsePemCertificates(tsa.rootPem), explicit: true }, ...extra });

const sha256 = (b: Buffer): string => createHash("sha256").update(b).digest("hex");
const codes = (o: VerifyOutcome): string[] => o.problems.map((p) => `${p.code}@${basename(p.file)}`);

test("a clean folder of sealed files (plain, .gz; responses and bare tokens; SHA-256/384/512 imprints) verifies", async () => {
  for (const options of [{}, { bare: true }, { hash: "sha384" as const }, { hash: "sha512" as const }]) {
    const folder = sealed(rotatedFiles([20, 20, 20]), options);
    const o = await verify(folder.dir);
    assert.deepEqual(codes(o), [], JSON.stringify(options));
    assert.equal(o.intact, true);
    assert.equal(o.records, 60);
    assert.equal(o.fileCount, 3);
    assert.equal(o.timestampedCheckpoints, 3);
  }
});

test("a modified file is reported at that file, the others stay sealed", async () => {
  const files = rotatedFiles([20, 20, 20]);
  const folder = sealed(files);
  writeFileSync(folder.path(files[0]!.name), readFileSync(folder.path(files[0]!.name), "utf8").replace('"actor":"user-3"', '"actor":"mallory"'));
  const o = await verify(folder.dir);
  assert.deepEqual(codes(o), ["file.modified@audit-0001.log"]);
  assert.equal(o.timestampedCheckpoints, 2);
  // a gzipped file re-compressed with one record changed
  const g = sealed(files);
  writeFileSync(g.path(files[1]!.name), gzipSync(toText(files[1]!.lines).replace('"actor":"user-1"', '"actor":"mallory"')));
  assert.deepEqual(codes(await verify(g.dir)), ["file.modified@audit-0002.log.gz"]);
});

test("a truncated file (plain cut mid-record, gzip cut short) is reported as truncated", async () => {
  const files = rotatedFiles([20, 20, 20]);
  const folder = sealed(files);
  truncateSync(folder.path(files[0]!.name), storedBytes(files[0]!).length - 30);
  truncateSync(folder.path(files[1]!.name), storedBytes(files[1]!).length - 30);
  const o = await verify(folder.dir);
  assert.deepEqual(codes(o), ["file.truncated@audit-0001.log", "file.truncated@audit-0002.log.gz"]);
  assert.match(o.problems[1]!.message, /gzip stream ends early/);
});

test("a deleted file and its token leave a gap in the rotation, by name and by seq", async () => {
  const files = rotatedFiles([20, 20, 20]);
  const folder = sealed(files);
  rmSync(folder.path(files[1]!.name));
  rmSync(folder.path(`${files[1]!.name}.tsr`));
  const o = await verify(folder.dir);
  assert.deepEqual(codes(o), ["rotation.gap@audit-0003.log", "rotation.gap@audit-0003.log"]);
  assert.match(o.problems[0]!.message, /number 2 missing between audit-0001.log and audit-0003.log/);
  assert.match(o.problems[1]!.message, /seqs 20–39 are in no file/);
});

test("a deleted file whose token remains: token without file", async () => {
  const files = rotatedFiles([20, 20, 20]);
  const folder = sealed(files);
  rmSync(folder.path(files[2]!.name));
  const o = await verify(folder.dir);
  assert.deepEqual(codes(o), ["file.deleted@audit-0003.log.tsr"]);
  assert.match(o.problems[0]!.message, /without its file audit-0003.log/);
});

test("a file without a token is unsealed", async () => {
  const files = rotatedFiles([20, 20, 20]);
  const folder = sealed(files);
  rmSync(folder.path(`${files[1]!.name}.tsr`));
  assert.deepEqual(codes(await verify(folder.dir)), ["file.unsealed@audit-0002.log.gz"]);
});

test("a gap in the records between files (renamed files, re-sealed) is found by seq and by prev", async () => {
  // names without a counter gap: the third file's first records were dropped and it was re-sealed
  const files = rotatedFiles([20, 20, 20]);
  files[2] = { ...files[2]!, lines: files[2]!.lines.slice(5) };
  const folder = sealed(files);
  const o = await verify(folder.dir);
  assert.deepEqual(codes(o), ["rotation.gap@audit-0003.log"]);
  assert.match(o.problems[0]!.message, /seqs 40–44 are in no file/);
  // dates as names (no common counter): the record seq still finds the gap
  const dated = rotatedFiles([10, 10, 10]).map((f, i) => ({ ...f, name: `audit-2026-0${i + 1}-28.log` }));
  const d = sealed([dated[0]!, dated[2]!]);
  assert.deepEqual(codes(await verify(d.dir)), ["rotation.gap@audit-2026-03-28.log"]);
});

test("a late seal, a seal after the next file started, and records dated after the seal are reported", async () => {
  const hour = 3_600_000;
  const late = sealed(rotatedFiles([10, 10], { start: Date.now() - 2 * hour }));
  const o = await verify(late.dir);
  // both files' records are two hours old: both sealed late; the first also after the second began
  assert.deepEqual(codes(o), ["seal.late@audit-0001.log", "seal.after-next@audit-0001.log", "seal.late@audit-0002.log.gz"]);
  assert.match(o.problems[0]!.message, /beyond the 3600 s threshold/);
  assert.deepEqual(codes(await verify(late.dir, { maxSealDelaySeconds: 3 * 3600 })), ["seal.after-next@audit-0001.log"], "the threshold is a parameter");
  const early = sealed(rotatedFiles([10], { start: Date.now() + 10 * 60_000 }));
  assert.deepEqual(codes(await verify(early.dir)), ["seal.early@audit-0001.log"]);
});

test("a token from another TSA is untrusted; a token moved to another file is a modified file", async () => {
  const files = rotatedFiles([20, 20]);
  const folder = sealed(files, { by: rogue });
  assert.deepEqual(codes(await verify(folder.dir)), ["tst.untrusted@audit-0001.log.tsr", "tst.untrusted@audit-0002.log.gz.tsr"]);
  const swapped = sealed(files);
  renameSync(swapped.path("audit-0001.log.tsr"), swapped.path("x"));
  renameSync(swapped.path("audit-0002.log.gz.tsr"), swapped.path("audit-0001.log.tsr"));
  renameSync(swapped.path("x"), swapped.path("audit-0002.log.gz.tsr"));
  assert.deepEqual(codes(await verify(swapped.dir)), ["file.modified@audit-0001.log", "file.modified@audit-0002.log.gz"]);
});

test("records appended after sealing are a modified file; a configured naming rule finds tokens", async () => {
  const files = rotatedFiles([20, 20]);
  const folder = sealed(files);
  appendFileSync(folder.path(files[0]!.name), `${files[1]!.lines[0]}\n`);
  assert.deepEqual(codes(await verify(folder.dir)).slice(0, 1), ["file.modified@audit-0001.log"]);
  const named = folderWith(files.map((f) => ({ name: f.name, bytes: storedBytes(f) })));
  folders.push(named);
  for (const f of files) writeFileSync(named.path(`${f.name.replace(/\.log(\.gz)?$/, "")}.seal.tsr`), tsa.stamp(storedBytes(f), { response: true }));
  assert.deepEqual(codes(await verify(named.dir, { tokenName: "{stem}.seal.tsr" })), []);
  assert.deepEqual(codes(await verify(named.dir)), ["file.unsealed@audit-0001.log", "file.unsealed@audit-0002.log.gz"], "the default rule finds none of them");
});

test("a whole file and its token deleted, the later files renamed: a rotation gap only the records' times reveal", async () => {
  // plain JSON-lines records (no seq, no prev): 10 a file, a second apart, so files follow within ~1 s
  const plain = rotatedFiles([10, 10, 10, 10], { start: Date.now() - 45_000, stepMs: 1000 }).map((f) => ({
    ...f,
    lines: f.lines.map((l) => {
      const { seq: _seq, prev: _prev, ...rest } = JSON.parse(l) as Record<string, unknown>;
      return JSON.stringify(rest);
    }),
  }));
  const gapOf5s = { maxRotationGapSeconds: 5 };
  const clean = sealed(plain);
  assert.deepEqual(codes(await verify(clean.dir, gapOf5s)), [], "consecutive files a second apart: no gap");
  // the second file is gone; the third and fourth were renamed to take its place, each with its token
  const renamed = sealed([plain[0]!, { ...plain[2]!, name: plain[1]!.name }, { ...plain[3]!, name: plain[2]!.name }]);
  const o = await verify(renamed.dir, gapOf5s);
  assert.deepEqual(codes(o), ["rotation.gap@audit-0002.log.gz"], "names consecutive, no seq: only the time tells");
  assert.match(o.problems[0]!.message, /after audit-0001\.log ends .*beyond the 5 s rotation gap threshold/);
  assert.equal(o.problems[0]!.line, 1);
  assert.equal(o.intact, false);
  // the threshold is a parameter: with the default (a day) an 11 s silence is no gap
  assert.deepEqual(codes(await verify(renamed.dir)), []);
});

test("--expect-head NAME:HASH: the last sealed file kept is found unchanged (files rotated in after it are counted); missing, replaced or unsealed it is a finding", async () => {
  const files = rotatedFiles([10, 10, 10, 10]);
  const earlier = sealed(files.slice(0, 2));
  const o0 = await verify(earlier.dir);
  const kept = { file: "audit-0002.log.gz", hash: sha256(storedBytes(files[1]!)) };
  assert.deepEqual(o0.fileHead, kept, "the head is the last sealed file and the SHA-256 of its bytes as stored");
  // the next assessment: two more files sealed since
  const later = sealed(files);
  const o = await verify(later.dir, { expectHead: kept });
  assert.deepEqual(codes(o), []);
  assert.deepEqual(o.sinceKeptHead, { files: 2, records: 20 });
  assert.deepEqual(o.fileHead, { file: "audit-0004.log.gz", hash: sha256(storedBytes(files[3]!)) });
  // the kept file replaced (records dropped, re-sealed by the TSA as a new file): only the kept head shows it
  const replaced = sealed([files[0]!, { ...files[1]!, lines: files[1]!.lines.slice(0, 9) }]);
  assert.deepEqual(codes(await verify(replaced.dir)), [], "nothing else shows it");
  const r = await verify(replaced.dir, { expectHead: kept });
  assert.deepEqual(codes(r), ["head.rewritten@audit-0002.log.gz"]);
  assert.equal(r.fileHead, null, "no head to keep from a folder that is not intact");
  assert.equal(r.sinceKeptHead, undefined);
  // the newest files and their tokens deleted: truncated
  const cut = sealed(files.slice(0, 1));
  const t = await verify(cut.dir, { expectHead: kept });
  assert.deepEqual(codes(t), [`head.truncated@${basename(cut.dir)}`]);
  assert.match(t.problems[0]!.message, /ends at audit-0001\.log, before the kept head audit-0002\.log\.gz/);
  // the kept file gone from the middle of a later rotation (with its token): rewritten, beside the rotation gap
  const middle = sealed([files[0]!, files[2]!, files[3]!]);
  assert.deepEqual(codes(await verify(middle.dir, { expectHead: kept })).filter((c) => c.startsWith("head.")), [`head.rewritten@${basename(middle.dir)}`]);
  // the kept file's token removed: it would pass as the file being written, but it was sealed
  const unsealed = sealed(files.slice(0, 2));
  rmSync(unsealed.path("audit-0002.log.gz.tsr"));
  assert.deepEqual(codes(await verify(unsealed.dir)), ["tail.unprotected@audit-0002.log.gz"], "without the kept head: the file being written");
  assert.deepEqual(codes(await verify(unsealed.dir, { expectHead: kept })), ["file.unsealed@audit-0002.log.gz"]);
});
