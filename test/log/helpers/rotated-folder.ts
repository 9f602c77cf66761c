/**
 * Folders of rotated log files for the sealed layouts: one chained log (design §7 records) split
 * over files, some gzipped, written to a temp folder the test then seals (tokens, manifests) and
 * tampers with the way an attacker with write access to the folder would.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { LogWriter, toText } from "./log-writer.ts";

export interface RotatedFile {
  name: string;
  lines: string[];
}

/** One log of `sizes.reduce(+)` records over files `audit-0001.log`, `audit-0002.log.gz`, … (odd ones plain). */
export function rotatedFiles(sizes: readonly number[], options: { start?: number; stepMs?: number } = {}): RotatedFile[] {
  const w = new LogWriter({ start: options.start ?? Date.now() - 30_000, stepMs: options.stepMs ?? 10 });
  return sizes.map((n, i) => {
    const from = w.seq;
    for (let k = 0; k < n; k++) w.record();
    return { name: `audit-${String(i + 1).padStart(4, "0")}.log${i % 2 === 1 ? ".gz" : ""}`, lines: w.lines.slice(from) };
  });
}

/** The bytes of a file as stored (gzipped when its name says so). */
export function storedBytes(f: RotatedFile): Buffer {
  const text = Buffer.from(toText(f.lines));
  return f.name.endsWith(".gz") ? gzipSync(text) : text;
}

/** A temp folder; `files` written into it. */
export function folderWith(files: ReadonlyArray<{ name: string; bytes: Buffer }>): { dir: string; path: (n: string) => string; names: () => string[]; dispose: () => void } {
  const dir = mkdtempSync(join(tmpdir(), "rssp-sealed-"));
  for (const f of files) writeFileSync(join(dir, f.name), f.bytes);
  return { dir, path: (n) => join(dir, n), names: () => readdirSync(dir).sort(), dispose: () => rmSync(dir, { recursive: true, force: true }) };
}
