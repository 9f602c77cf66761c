#!/usr/bin/env node
// `npm run build` (and `prepare`, so `npm ci` builds): compiles src/, checks/, reports/ and
// fixtures/ into a clean dist/ (a check deleted from the sources must not live on in dist/), then
// stamps dist/.built with the time the build STARTED: bin/rssp-audit.js runs the sources instead
// when any of them is newer than the stamp (edited during or after the build).
import { rmSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";

const root = new URL("..", import.meta.url).pathname;
const started = new Date();
rmSync(join(root, "dist"), { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
const r = spawnSync(process.execPath, [tsc, "-p", join(root, "tsconfig.build.json")], { stdio: "inherit" });
if (r.status !== 0) {
  // A partial dist/ must not be taken for a build.
  rmSync(join(root, "dist"), { recursive: true, force: true });
  console.error("build: tsc failed; dist/ removed");
  process.exit(r.status ?? 1);
}
const stamp = join(root, "dist", ".built");
writeFileSync(stamp, `${started.toISOString()}\n`);
utimesSync(stamp, started, started);
