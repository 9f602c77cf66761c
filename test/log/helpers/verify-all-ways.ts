/**
 * Verifies a log with every scanner arrangement (pure JS, native, native in workers, JS in
 * workers, small chunks) and asserts they agree; returns the common outcome.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { VerifyOutcome } from "../../../src/log/chain-verifier.ts";
import { nativeScanLines } from "../../../src/log/native/index.ts";
import { verifyLog, type VerifyLogOptions } from "../../../src/log/verify-files.ts";

export const nativeBuilt = nativeScanLines !== undefined;

const ways: Array<Pick<VerifyLogOptions, "scanner" | "workers" | "chunkBytes">> = [
  { scanner: "js" },
  { scanner: "js", chunkBytes: 4096 },
  { scanner: "js", workers: 2, chunkBytes: 8192 },
  ...(nativeBuilt ? [{ scanner: "native" as const }, { scanner: "native" as const, workers: 2, chunkBytes: 8192 }] : []),
];

/** Writes `segments` (file contents) to a temp folder and verifies them as one log, all ways. */
export async function verifyAllWays(segments: Array<string | Buffer>, options: VerifyLogOptions = {}): Promise<VerifyOutcome & { files: string[] }> {
  const dir = mkdtempSync(join(tmpdir(), "rssp-log-test-"));
  try {
    const files = segments.map((content, i) => {
      const f = join(dir, `audit-${i}.log`);
      writeFileSync(f, content);
      return f;
    });
    let first: VerifyOutcome | undefined;
    for (const way of ways) {
      const outcome = await verifyLog(files, { ...options, ...way });
      if (!first) first = outcome;
      else assert.deepEqual(outcome, first, `scanner ${JSON.stringify(way)} disagrees with pure JS`);
    }
    return { ...first!, files };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `code@seq` for each problem, for compact assertions. */
export const codes = (o: VerifyOutcome): string[] => o.problems.map((p) => `${p.code}@${p.seq ?? "-"}`);
