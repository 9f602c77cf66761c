/**
 * The catalog cache (src/catalog/cache.ts): a valid catalog is stored once and served again; a
 * changed byte in any catalog file is a miss; a broken catalog is never cached; RSSP_AUDIT_CACHE=0
 * turns it off.
 */
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEFAULT_CATALOG_DIR, loadCatalog } from "../../src/catalog/load.ts";
import { InputError } from "../../src/util/errors.ts";

let work: string;
let cacheDir: string;
let catalogDir: string;
before(() => {
  work = mkdtempSync(join(tmpdir(), "rssp-audit-cache-"));
  cacheDir = join(work, "cache");
  catalogDir = join(work, "controls");
  cpSync(DEFAULT_CATALOG_DIR, catalogDir, { recursive: true });
  process.env.RSSP_AUDIT_CACHE_DIR = cacheDir;
});
after(() => {
  delete process.env.RSSP_AUDIT_CACHE_DIR;
  rmSync(work, { recursive: true, force: true });
});

const entries = () => {
  try {
    return readdirSync(cacheDir).filter((f) => f.endsWith(".json"));
  } catch {
    return [];
  }
};

test("a valid catalog is cached once and served from the cache, equal to a fresh load", () => {
  const fresh = loadCatalog(catalogDir);
  assert.equal(entries().length, 1);
  const entry = join(cacheDir, entries()[0]!);
  const stored = JSON.parse(readFileSync(entry, "utf8")) as { key: string; catalog: { sha256: string } };
  assert.equal(stored.catalog.sha256, fresh.sha256);
  // Mark the stored copy: a hit must return it (and not parse the YAML again).
  writeFileSync(entry, JSON.stringify({ ...stored, catalog: { ...stored.catalog, version: "from-cache" } }));
  const hit = loadCatalog(catalogDir);
  assert.equal(hit.version, "from-cache");
  assert.deepEqual({ ...hit, version: fresh.version }, JSON.parse(JSON.stringify(fresh)));
});

test("a changed byte in a catalog file is a miss: the edit is seen", () => {
  const file = join(catalogDir, "sp.yaml");
  const text = readFileSync(file, "utf8");
  assert.match(text, /^title: .+$/m);
  writeFileSync(file, text.replace(/^title: .+$/m, "title: { ja: 編集済み, en: Suspension (edited) }"));
  const edited = loadCatalog(catalogDir);
  assert.notEqual(edited.version, "from-cache");
  assert.ok(edited.domains.some((d) => d.title.en.endsWith("(edited)")));
  assert.equal(entries().length, 1, "one entry per catalog folder, replaced");
});

test("a broken catalog is not cached and keeps its file:line problems; RSSP_AUDIT_CACHE=0 writes nothing", () => {
  rmSync(cacheDir, { recursive: true, force: true });
  const file = join(catalogDir, "sp.yaml");
  writeFileSync(file, `${readFileSync(file, "utf8")}\nbogus: [\n`);
  assert.throws(() => loadCatalog(catalogDir), (e: unknown) => e instanceof InputError && /sp\.yaml:\d+:\d+: YAML/.test(e.message));
  assert.equal(entries().length, 0);
  process.env.RSSP_AUDIT_CACHE = "0";
  try {
    loadCatalog(DEFAULT_CATALOG_DIR);
    assert.equal(entries().length, 0);
  } finally {
    delete process.env.RSSP_AUDIT_CACHE;
  }
});
