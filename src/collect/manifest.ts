/**
 * OUT/evidence/manifest.json: the SHA-256 of every file in the evidence folder, written last.
 * `evaluate` checks it first, so evidence altered after collection (a result, a transcript, the
 * session) is refused rather than re-evaluated. (Whoever can rewrite the manifest can rewrite
 * everything: for tamper-evidence against the assessee, sign report.json — `report sign`.)
 */
import { readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { sha256Hex } from "./save-evidence.ts";
import { InputError, describeError, type Problem } from "../util/errors.ts";

export const MANIFEST_FILE = "manifest.json";

function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...listFiles(path));
    else out.push(path);
  }
  return out;
}

export function writeManifest(evidenceDir: string): void {
  const files = listFiles(evidenceDir)
    .filter((f) => relative(evidenceDir, f) !== MANIFEST_FILE)
    .map((f) => ({ file: relative(evidenceDir, f).split("\\").join("/"), sha256: sha256Hex(readFileSync(f)) }));
  writeFileSync(join(evidenceDir, MANIFEST_FILE), `${JSON.stringify({ schema: "rssp-audit/evidence-manifest/v1", files }, null, 2)}\n`);
}

/** Throws InputError listing every file that is missing, altered or added since the manifest. */
export function verifyManifest(evidenceDir: string): void {
  const manifestFile = join(evidenceDir, MANIFEST_FILE);
  let manifest: { files: Array<{ file: string; sha256: string }> };
  try {
    manifest = JSON.parse(readFileSync(manifestFile, "utf8")) as typeof manifest;
    if (!Array.isArray(manifest.files)) throw new Error("no file list");
  } catch (error) {
    throw new InputError([{ file: manifestFile, message: `no usable evidence manifest (${describeError(error)})` }]);
  }
  const problems: Problem[] = [];
  const listed = new Set<string>();
  for (const { file, sha256 } of manifest.files) {
    listed.add(file);
    const path = join(evidenceDir, file);
    let digest: string;
    try {
      digest = sha256Hex(readFileSync(path));
    } catch {
      problems.push({ file: path, message: "evidence file missing" });
      continue;
    }
    if (digest !== sha256) problems.push({ file: path, message: `evidence file modified after collection (sha256 ${digest.slice(0, 12)}…, recorded ${sha256.slice(0, 12)}…)` });
  }
  for (const f of listFiles(evidenceDir)) {
    const rel = relative(evidenceDir, f).split("\\").join("/");
    if (rel !== MANIFEST_FILE && !listed.has(rel)) problems.push({ file: f, message: "evidence file added after collection" });
  }
  if (problems.length > 0) throw new InputError(problems);
}
