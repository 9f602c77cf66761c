/**
 * Finds every check under `checks/`: one file per check, `checks/<family>/<rest-of-id>.ts`,
 * default-exporting a Check. The registry knows nothing of controls.
 */
import { readdirSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { pathToFileURL } from "node:url";
import type { Check, CheckFamily } from "./types.ts";
import { codePath } from "../util/package-root.ts";

export const CHECKS_DIR = codePath("checks") + "/";

export const FAMILIES: readonly CheckFamily[] = ["csc", "hsm", "log", "cert", "tls", "evidence", "oauth"];

export interface Registry {
  /** Sorted by ID. */
  checks: Check[];
  byId: Map<string, Check>;
  /** Families with at least one built check. */
  builtFamilies: Set<CheckFamily>;
}

/**
 * What the catalog's cross-references need of the checks: their IDs and families, read from the
 * file names (the contract above) without importing a single check, so that `catalog list|show|
 * export` start fast. `loadRegistry()` (which imports them and checks that each file exports the
 * check its name says) is a CheckIndex too.
 */
export interface CheckIndex {
  checks: ReadonlyArray<Pick<Check, "id" | "family">>;
  byId: ReadonlyMap<string, unknown>;
  builtFamilies: ReadonlySet<CheckFamily>;
}

export function checkIndex(dir: string = CHECKS_DIR): CheckIndex {
  const checks = checkFiles(dir)
    .map((file) => relative(dir, file).split(sep).join("/").replace(/\.(ts|js)$/, ""))
    .map((rel) => ({ id: rel.replace("/", "."), family: rel.split("/")[0] as CheckFamily }))
    .sort((a, b) => a.id.localeCompare(b.id));
  return { checks, byId: new Map(checks.map((c) => [c.id, c])), builtFamilies: new Set(checks.map((c) => c.family)) };
}

let cached: Promise<Registry> | undefined;

/** Loads (once per process) every check under `checks/`. */
export function loadRegistry(dir: string = CHECKS_DIR): Promise<Registry> {
  if (dir !== CHECKS_DIR) return buildRegistry(dir);
  cached ??= buildRegistry(dir);
  return cached;
}

function checkFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...checkFiles(path));
    else if (/\.(ts|js)$/.test(name) && !/\.d\.ts$|\.test\.(ts|js)$/.test(name) && !name.startsWith("_")) out.push(path);
  }
  return out;
}

async function buildRegistry(dir: string): Promise<Registry> {
  const checks: Check[] = [];
  for (const file of checkFiles(dir)) {
    const mod = (await import(pathToFileURL(file).href)) as { default?: Check };
    const check = mod.default;
    const rel = relative(dir, file).split(sep).join("/");
    if (!check || typeof check.run !== "function" || typeof check.id !== "string") {
      throw new Error(`checks/${rel}: does not default-export a check`);
    }
    const expected = rel.replace(/\.(ts|js)$/, "").replace("/", ".");
    if (check.id !== expected) throw new Error(`checks/${rel}: exports "${check.id}", expected "${expected}"`);
    if (!FAMILIES.includes(check.family) || !check.id.startsWith(`${check.family}.`)) {
      throw new Error(`checks/${rel}: family "${check.family}" does not match its folder`);
    }
    checks.push(check);
  }
  checks.sort((a, b) => a.id.localeCompare(b.id));
  return {
    checks,
    byId: new Map(checks.map((c) => [c.id, c])),
    builtFamilies: new Set(checks.map((c) => c.family)),
  };
}
