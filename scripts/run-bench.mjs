#!/usr/bin/env node
// Runs every benchmark under bench/ (or those whose name contains an argument), one process each.
// Benchmarks print their own figures, as ratios measured in the same run where they compare.
// They run with a private TMPDIR (private-tmp.mjs); what one leaves there is reported and counts
// as a failure, and goes with the folder.
import { readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { privateTmp, runToEnd } from "./private-tmp.mjs";

const root = new URL("..", import.meta.url).pathname;
const filters = process.argv.slice(2);
const files = readdirSync(join(root, "bench"))
  .filter((f) => f.endsWith(".ts") && !f.startsWith("_"))
  .filter((f) => filters.length === 0 || filters.some((s) => f.includes(s)))
  .sort();
if (files.length === 0) {
  console.error("run-bench: no benchmark matched");
  process.exit(1);
}
const tmp = privateTmp();
let failed = 0;
for (const f of files) {
  console.log(`\n== bench/${f}`);
  const status = await runToEnd(process.execPath, ["--import", "tsx", join("bench", f)], { cwd: root, env: { ...process.env, TMPDIR: tmp.dir } });
  const leftovers = tmp.leftovers();
  if (leftovers.length > 0) console.error(`run-bench: bench/${f} left ${leftovers.length} entries in the temp dir (removed now): ${leftovers.join(", ")}`);
  for (const name of leftovers) rmSync(join(tmp.dir, name), { recursive: true, force: true });
  if (status !== 0 || leftovers.length > 0) failed++;
}
process.exit(failed ? 1 : 0);
