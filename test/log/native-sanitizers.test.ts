/**
 * The native scanner reads attacker-controlled bytes with unchecked loads bounded by sentinels
 * (the '\n' after each line, the range end for 16-byte loads). This test compiles it with
 * AddressSanitizer and UndefinedBehaviorSanitizer and scans mutated records placed in buffers of
 * exactly their size (native/scan-sanitized.c): any out-of-bounds read fails the run.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const gcc = spawnSync("gcc", ["--version"]).status === 0;

test("the native scanner never reads outside its buffers (ASan + UBSan over mutated records)", { skip: !gcc && "gcc not installed" }, () => {
  const dir = mkdtempSync(join(tmpdir(), "rssp-scan-asan-"));
  try {
    const exe = join(dir, "scan-sanitized");
    const native = "src/log/native";
    const build = spawnSync("gcc", [
      "-O1", "-g", "-std=c11", "-D_GNU_SOURCE", "-fsanitize=address,undefined", "-fno-sanitize-recover=all",
      "-I/usr/include/node", "-I", native,
      "test/log/native/scan-sanitized.c", `${native}/sha256_pair.c`, `${native}/sha256_x16.c`,
      "-o", exe, "-l:libcrypto.so.3", "-lpthread",
    ], { encoding: "utf8" });
    assert.equal(build.status, 0, build.stderr);
    const run = spawnSync(exe, [], { encoding: "utf8", env: { ...process.env, ASAN_OPTIONS: "detect_leaks=0" } });
    assert.equal(run.status, 0, run.stderr.slice(0, 4000));
    const result = JSON.parse(run.stdout) as { lines: number; accepted: number };
    assert.equal(result.lines, 300_000);
    assert.ok(result.accepted > 1000, `mutations the scanner accepts are exercised too (${result.accepted})`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
