/**
 * Digest manifests for the signed-manifest layout, written the way a provider's log shipper
 * writes them (docs/AUDIT-LOG.md): `manifest-000N.json` listing files with their SHA-256, record
 * count and first/last record time, chained by the previous manifest's SHA-256.
 */
import { createHash } from "node:crypto";
import { writeFileSync } from "node:fs";
import { toText } from "./log-writer.ts";
import { storedBytes, type RotatedFile } from "./rotated-folder.ts";

const sha256 = (b: Buffer | string): string => createHash("sha256").update(b).digest("hex");
const timeOf = (line: string | undefined): string | null => (line ? (JSON.parse(line) as { time: string }).time : null);

/** The manifest listing `files`, after the manifest whose bytes are `prev` (none: the first). */
export function manifestBytes(seq: number, files: readonly RotatedFile[], prev: Buffer | null, time = new Date().toISOString()): Buffer {
  const m = {
    format: "rssp-log-manifest/v1",
    logId: "test-log",
    seq,
    time,
    prev: prev ? sha256(prev) : "0".repeat(64),
    files: files.map((f) => ({ file: f.name, sha256: sha256(storedBytes(f)), records: f.lines.length, first: timeOf(f.lines[0]), last: timeOf(f.lines.at(-1)) })),
  };
  return Buffer.from(`${JSON.stringify(m, null, 2)}\n`);
}

/**
 * Writes one manifest per group of files (indices into `files`) to `path(name)`, each signed by
 * `sign(file)` into `<manifest>.p7s` (or `.jws` with `ext`). Returns the manifests' bytes.
 */
export function writeManifests(path: (name: string) => string, files: readonly RotatedFile[], groups: readonly number[][], sign: (file: string, bytes: Buffer) => Buffer, ext = ".p7s"): Buffer[] {
  const out: Buffer[] = [];
  groups.forEach((group, seq) => {
    const bytes = manifestBytes(seq, group.map((i) => files[i]!), out.at(-1) ?? null);
    const name = `manifest-${String(seq + 1).padStart(4, "0")}.json`;
    writeFileSync(path(name), bytes);
    writeFileSync(path(name + ext), sign(path(name), bytes));
    out.push(bytes);
  });
  return out;
}

export { sha256, toText };
