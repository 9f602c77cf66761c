/**
 * Hostile folders: a .gz that inflates to 256 MiB without a newline is read in constant memory;
 * garbage where a token or a manifest should be is a one-line finding at that file, never a crash.
 */
import "reflect-metadata";
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import { basename } from "node:path";
import { gzipSync } from "node:zlib";
import { scanLogFile } from "../../src/log/file-facts.ts";
import { verifyManifestFolder } from "../../src/log/signed-manifest.ts";
import { verifyTimestampedFolder } from "../../src/log/timestamped-files.ts";
import { folderWith } from "./helpers/rotated-folder.ts";

const folders: Array<{ dispose(): void }> = [];
after(() => folders.forEach((f) => f.dispose()));

test("a .gz inflating to 256 MiB with no newline is hashed and counted in constant memory", async () => {
  const bomb = gzipSync(Buffer.alloc(256 << 20, 0x78), { level: 9 });
  const f = folderWith([{ name: "audit-0001.log.gz", bytes: bomb }]);
  folders.push(f);
  const before = process.memoryUsage().rss;
  let peak = before;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
  const facts = await scanLogFile(f.path("audit-0001.log.gz"), ["sha256"]);
  clearInterval(timer);
  assert.equal(facts.records, 1);
  assert.equal(facts.first, null, "an over-long line is counted, never held");
  assert.match(facts.truncated ?? "", /no newline/);
  assert.ok(peak - before < 96 << 20, `RSS grew ${((peak - before) / 2 ** 20).toFixed(0)} MiB`);
});

test("garbage tokens and manifests are one-line findings at their file", async () => {
  const f = folderWith([
    { name: "audit-0001.log", bytes: Buffer.from('{"time":"2026-01-01T00:00:00.000Z"}\n') },
    { name: "audit-0001.log.tsr", bytes: randomBytes(300) },
    { name: "manifest-0001.json", bytes: Buffer.from("[1,2,3]") },
    { name: "manifest-0001.json.p7s", bytes: randomBytes(200) },
    { name: "manifest-0002.json", bytes: Buffer.from(JSON.stringify({ format: "rssp-log-manifest/v1", seq: 1, time: "2026-01-01T00:00:00.000Z", prev: "0".repeat(64), files: [{ file: "../etc/passwd.log", sha256: "0".repeat(64), records: 1 }] })) },
  ]);
  folders.push(f);
  const t = await verifyTimestampedFolder(f.dir, { tsaTrust: { anchors: [], explicit: false } });
  assert.deepEqual(t.problems.map((p) => `${p.code}@${basename(p.file)}`), ["tst.invalid@audit-0001.log.tsr"]);
  const m = await verifyManifestFolder(f.dir, {});
  const found = m.problems.map((p) => `${p.code}@${basename(p.file)}`);
  assert.ok(found.includes("manifest.malformed@manifest-0001.json"), found.join(" "));
  assert.ok(found.includes("manifest.malformed@manifest-0002.json"), found.join(" "));
  assert.match(m.problems.find((p) => p.file.endsWith("manifest-0002.json"))!.message, /\/files\/0\/file: must match pattern/);
  for (const p of [...t.problems, ...m.problems]) assert.doesNotMatch(p.message, /\n/, "one line");
});
