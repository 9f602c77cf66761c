/**
 * Where the package's files are, in both layouts it runs in:
 *   sources (tests, a development checkout through tsx): this file is <root>/src/util/package-root.ts
 *   build   (bin/rssp-audit.js, the installed package):  this file is <root>/dist/src/util/package-root.js
 * Code (checks/, fixtures/rssp/) is found below CODE_ROOT, with the running extension; assets
 * (controls/, evidence-schemas/, package.json, JSON data, the native addon) are not compiled and
 * stay at PACKAGE_ROOT in both layouts, so there is one copy of each.
 */
import { extname, join } from "node:path";
import { fileURLToPath } from "node:url";

const HERE = fileURLToPath(import.meta.url);

/** ".ts" when running from the sources, ".js" when running the build. */
export const MODULE_EXT: ".ts" | ".js" = extname(HERE) === ".ts" ? ".ts" : ".js";

/** The folder holding src/, checks/, reports/, fixtures/ as they run: the package root, or its dist/. */
export const CODE_ROOT = join(HERE, "..", "..", "..");

/** The package root (where package.json is). */
export const PACKAGE_ROOT = MODULE_EXT === ".ts" ? CODE_ROOT : join(CODE_ROOT, "..");

/** An asset (not compiled) by its path from the package root: `assetPath("evidence-schemas", "report.schema.json")`. */
export function assetPath(...parts: string[]): string {
  return join(PACKAGE_ROOT, ...parts);
}

/** A folder of modules as they run (`codePath("checks")`): under dist/ in the build. */
export function codePath(...parts: string[]): string {
  return join(CODE_ROOT, ...parts);
}

/** A module by its path from the package root without extension (`modulePath("fixtures/rssp/main")`). */
export function modulePath(pathWithoutExt: string): string {
  return join(CODE_ROOT, pathWithoutExt + MODULE_EXT);
}
