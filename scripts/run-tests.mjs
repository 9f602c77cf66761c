#!/usr/bin/env node
// Runs every test file under test/ with node's own test runner (through tsx).
// Node 20 does not expand globs for --test, so the files are listed here; a run that finds no
// test file fails instead of passing silently. Each file runs in its own process, which
// SoftHSM2 needs (it reads SOFTHSM2_CONF once per process, in C_Initialize).
// The tests run with a private TMPDIR (private-tmp.mjs): whatever a test leaves there is listed
// and fails the run, then goes with the folder — nothing stays in the system's temp dir, and tests
// that count temporary folders are not disturbed by other processes on the machine.
// Usage: npm test [-- substring...]   (only files whose path contains one of the substrings)
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { privateTmp, runToEnd } from "./private-tmp.mjs";

const root = new URL("..", import.meta.url).pathname;
const filters = process.argv.slice(2);

function* walk(dir) {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (name !== "fixtures" && name !== "node_modules") yield* walk(path);
    } else if (name.endsWith(".test.ts")) yield path;
  }
}

const files = [...walk(join(root, "test"))]
  .map((f) => relative(root, f))
  .filter((f) => filters.length === 0 || filters.some((s) => f.includes(s)));
if (files.length === 0) {
  console.error("run-tests: no test file matched");
  process.exit(1);
}
const concurrency = process.env.TEST_CONCURRENCY ?? "2";
const tmp = privateTmp();
// spec for people; TAP to a file so the closing count can be printed as one plain line for CI.
const tapFile = join(tmp.run, "results.tap");
const status = await runToEnd(
  process.execPath,
  [
    "--import", "tsx", "--test", `--test-concurrency=${concurrency}`,
    "--test-reporter=spec", "--test-reporter-destination=stdout",
    "--test-reporter=tap", `--test-reporter-destination=${tapFile}`,
    ...files,
  ],
  { cwd: root, env: { ...process.env, TMPDIR: tmp.dir } },
);
const tap = readFileSync(tapFile, "utf8");
const leftovers = tmp.leftovers();
const count = (name) => Number(tap.match(new RegExp(`^# ${name} (\\d+)$`, "m"))?.[1] ?? 0);
const [passed, failed, skipped] = [count("pass"), count("fail") + count("cancelled"), count("skipped") + count("todo")];
console.log(`\ntests: ${passed} passed, ${failed} failed, ${skipped} skipped (${files.length} files)`);
if (passed + failed === 0) {
  console.error("run-tests: no test ran");
  process.exit(1);
}
if (leftovers.length > 0) {
  console.error(`run-tests: the tests left ${leftovers.length} entries in the temp dir (removed now): ${leftovers.join(", ")}`);
  process.exit(1);
}
process.exit(status);
