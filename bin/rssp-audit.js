#!/usr/bin/env node
// Entry point of the `rssp-audit` command: runs the compiled toolkit in dist/ (built by `npm ci`
// through `prepare`, shipped in the package). In a development checkout (the TypeScript sources
// are here) whose dist/ is missing or older than any source, it runs the sources through tsx
// instead, so that an edit is never shadowed by a stale build. See docs/ARCHITECTURE.md, Decisions.
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const SOURCE_DIRS = ["src", "checks", "reports", "fixtures"];

/** True when a source file or folder (a deletion changes its folder) is newer than `since`. */
function newerThan(dir, since) {
  let entries;
  try {
    if (statSync(dir).mtimeMs > since) return true;
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return false;
  }
  for (const e of entries) {
    if (e.isDirectory()) {
      if (e.name !== "node_modules" && e.name !== "build" && newerThan(join(dir, e.name), since)) return true;
    } else if (e.name.endsWith(".ts") && statSync(join(dir, e.name)).mtimeMs > since) return true;
  }
  return false;
}

function builtIsCurrent() {
  let built;
  try {
    built = statSync(join(root, "dist", ".built")).mtimeMs;
  } catch {
    return false;
  }
  return !SOURCE_DIRS.some((d) => newerThan(join(root, d), built));
}

const devCheckout = existsSync(join(root, "src", "cli", "main.ts"));
let entry = join(root, "dist", "src", "cli", "main.js");
if (devCheckout && !builtIsCurrent()) {
  try {
    const { register } = await import("tsx/esm/api");
    register();
    entry = join(root, "src", "cli", "main.ts");
  } catch {
    if (!existsSync(entry)) {
      process.stderr.write("rssp-audit: dist/ is missing and tsx is not installed: run `npm ci` (or `npm run build`)\n");
      process.exit(3);
    }
    // tsx absent (a production install of a checkout): the build, older than the sources, is all there is.
  }
}
const { main } = await import(pathToFileURL(entry).href);
process.exitCode = await main(process.argv);
