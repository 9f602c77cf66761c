import { test } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtempSync, openSync, rmSync, writeSync, closeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { verifyLog } from "../../src/log/verify-files.ts";
import { cleanLog, hashLine, LogWriter } from "./helpers/log-writer.ts";
import { codes, nativeBuilt, verifyAllWays } from "./helpers/verify-all-ways.ts";

test("an empty file: no records, not intact, no crash", async () => {
  const o = await verifyAllWays([""]);
  assert.deepEqual(codes(o), ["log.empty@-"]);
  assert.equal(o.intact, false);
  assert.equal(o.records, 0);
});

test("a binary file: malformed lines, capped, no crash, no content echoed", async () => {
  const o = await verifyAllWays([randomBytes(256 * 1024)], { maxProblems: 50 });
  assert.equal(o.intact, false);
  assert.ok(o.problems.length <= 51);
  assert.equal(o.problems[0]!.code, "record.malformed");
  assert.equal(o.problems.at(-1)!.code, "problems.capped");
});

test("the last line without a newline is flagged, and still hashed as written", async () => {
  const w = cleanLog(5, 10);
  const text = w.text().slice(0, -1);
  const o = await verifyAllWays([text]);
  assert.ok(codes(o).includes("record.unterminated@5"), codes(o).join(" "));
});

test("lines longer than the limit are hashed, not parsed, and the chain still checks", async () => {
  const w = new LogWriter();
  w.record();
  w.record({ detail: { blob: "a".repeat(2 * 1024 * 1024) } });
  w.record();
  const o = await verifyAllWays([w.text()]);
  assert.deepEqual(codes(o).filter((c) => c !== "tail.unprotected@0"), ["record.too-long@-"]);
  assert.equal(o.problems.find((p) => p.code === "record.too-long")!.line, 2);
});

test("a 100 MB single line gives a clear result in bounded memory", async () => {
  const dir = mkdtempSync(join(tmpdir(), "rssp-log-big-"));
  const file = join(dir, "one-line.log");
  try {
    const fd = openSync(file, "w");
    const block = Buffer.alloc(1 << 20, 0x61);
    for (let i = 0; i < 100; i++) writeSync(fd, block);
    closeSync(fd);
    const rssBefore = process.memoryUsage().rss;
    for (const scanner of nativeBuilt ? (["js", "native"] as const) : (["js"] as const)) {
      const o = await verifyLog([file], { scanner });
      assert.deepEqual(codes(o), ["record.too-long@-", "record.unterminated@-", "tail.unprotected@-"]);
      assert.equal(o.records, 1);
    }
    assert.ok(process.memoryUsage().rss - rssBefore < 64 * 1024 * 1024, "does not hold the line in memory");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("an unreadable file is an input error with the file named", async () => {
  await assert.rejects(verifyLog(["/nonexistent/audit.log"]), (e: Error & { exitCode?: number }) => e.exitCode === 2 && /nonexistent\/audit\.log: cannot read log/.test(e.message));
  await assert.rejects(verifyLog([tmpdir()]), /not a regular file/);
});

test("hash of the seq-0 record links from 64 zeros", async () => {
  const w = cleanLog(3, 10);
  assert.equal(JSON.parse(w.lines[0]!).prev, "0".repeat(64));
  assert.equal(JSON.parse(w.lines[1]!).prev, hashLine(w.lines[0]!));
});
