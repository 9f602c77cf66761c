/**
 * Finds every check under `checks/`: one file per check, `checks/<family>/<rest-of-id>.ts`,
 * default-exporting a Check — or, where checks differ only by data, one check set
 * `checks/<family>/<name>.set.ts` default-exporting the Check[] that the data makes (CHECK_SETS
 * below names the data, so the fast index reads the IDs without importing the set). The registry
 * knows nothing of controls.
 */
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { pathToFileURL } from "node:url";
import type { Check, CheckFamily } from "./types.ts";
import { MODULE_EXT, assetPath, codePath } from "../util/package-root.ts";

export const CHECKS_DIR = codePath("checks") + "/";

export const FAMILIES: readonly CheckFamily[] = ["csc", "hsm", "log", "cert", "tls", "evidence", "oauth"];

/** A check set: the module (under `checks/`, without extension) and the IDs its data gives. */
interface CheckSet {
  module: string;
  family: CheckFamily;
  ids(): string[];
}

export const CHECK_SETS: readonly CheckSet[] = [
  // One evidence check per document kind (checks/evidence/documents.set.ts).
  { module: "evidence/documents.set", family: "evidence", ids: () => Object.keys(JSON.parse(readFileSync(assetPath("src", "evidence", "kinds.json"), "utf8")) as Record<string, unknown>).map((kind) => `evidence.${kind}`) },
];

/** The sets present in a checks folder (a test's own folder has none). */
function setsIn(dir: string): Array<CheckSet & { file: string }> {
  return CHECK_SETS.map((set) => ({ ...set, file: join(dir, set.module + MODULE_EXT) })).filter((set) => existsSync(set.file));
}

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
    .concat(setsIn(dir).flatMap((set) => set.ids().map((id) => ({ id, family: set.family }))))
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
    else if (/\.(ts|js)$/.test(name) && !/\.d\.ts$|\.test\.(ts|js)$|\.set\.(ts|js)$/.test(name) && !name.startsWith("_")) out.push(path);
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
  for (const set of setsIn(dir)) {
    const mod = (await import(pathToFileURL(set.file).href)) as { default?: Check[] };
    const made = mod.default;
    if (!Array.isArray(made) || made.some((c) => typeof c?.run !== "function")) throw new Error(`checks/${set.module}: does not default-export an array of checks`);
    const expected = set.ids().sort().join(" ");
    const got = made.map((c) => c.id).sort().join(" ");
    if (got !== expected) throw new Error(`checks/${set.module}: makes [${got}], its data names [${expected}]`);
    if (made.some((c) => c.family !== set.family)) throw new Error(`checks/${set.module}: a check outside family "${set.family}"`);
    checks.push(...made);
  }
  checks.sort((a, b) => a.id.localeCompare(b.id));
  return {
    checks,
    byId: new Map(checks.map((c) => [c.id, c])),
    builtFamilies: new Set(checks.map((c) => c.family)),
  };
}
