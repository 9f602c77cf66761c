/**
 * A cache of loaded, schema-valid catalogs, so that `catalog list` and friends do not pay for
 * parsing ~150 KB of YAML and compiling two JSON Schemas at every start (≈0.3 s cold, most of
 * the command's time). The key is a SHA-256 over everything the loaded catalog depends on: the
 * toolkit version, the catalog folder's path and every YAML file's name and bytes, the two
 * schemas and the loader's own code; a changed byte is a miss. Only catalogs that loaded without a problem are cached (a
 * broken one is parsed every time, so its problems keep their file:line:column).
 *
 * Where: $RSSP_AUDIT_CACHE_DIR, else $XDG_CACHE_HOME/rssp-audit, else ~/.cache/rssp-audit.
 * RSSP_AUDIT_CACHE=0 turns it off. A cache that cannot be read or written is ignored: it only
 * ever saves time.
 */
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { TOOL_VERSION } from "../version.ts";
import type { Catalog } from "./types.ts";

const FORMAT = 1;

export function catalogCacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.RSSP_AUDIT_CACHE === "0") return undefined;
  if (env.RSSP_AUDIT_CACHE_DIR) return env.RSSP_AUDIT_CACHE_DIR;
  const base = env.XDG_CACHE_HOME || join(homedir(), ".cache");
  return join(base, "rssp-audit");
}

/** The cache key of a catalog folder's inputs (`files`: name and bytes of each, sorted by name). */
export function catalogCacheKey(root: string, files: ReadonlyArray<{ name: string; bytes: Uint8Array }>, inputs: readonly Uint8Array[]): string {
  const h = createHash("sha256").update(`rssp-audit catalog cache ${FORMAT}\0${TOOL_VERSION}\0${root}\0`);
  for (const f of files) h.update(f.name).update("\0").update(f.bytes).update("\0");
  for (const s of inputs) h.update(s).update("\0");
  return h.digest("hex");
}

/** One entry per catalog folder (the newest), so that editing a catalog does not pile up files. */
function entryFile(dir: string, root: string): string {
  return join(dir, `catalog-${createHash("sha256").update(root).digest("hex").slice(0, 32)}.json`);
}

export function readCachedCatalog(root: string, key: string): Catalog | undefined {
  const dir = catalogCacheDir();
  if (!dir) return undefined;
  try {
    const entry = JSON.parse(readFileSync(entryFile(dir, root), "utf8")) as { key?: string; catalog?: Catalog };
    return entry.key === key && entry.catalog ? entry.catalog : undefined;
  } catch {
    return undefined;
  }
}

export function writeCachedCatalog(root: string, key: string, catalog: Catalog): void {
  const dir = catalogCacheDir();
  if (!dir) return;
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const file = entryFile(dir, root);
    // Written whole then renamed, so a concurrent reader sees the old entry or the new one.
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify({ key, catalog }));
    renameSync(tmp, file);
  } catch {
    // read-only home, full disk: the next start parses again
  }
}
