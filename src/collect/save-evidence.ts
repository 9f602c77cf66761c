/**
 * Saves what the checks produced under OUT/evidence/, each file with its SHA-256, so the report
 * can cite it and `rssp-audit evaluate` can re-evaluate offline. Checks hand over content that is
 * already redacted; this module only writes it.
 *
 *   OUT/evidence/checks/<check-id>/result.json   the outcome (status, observations, summary, facts)
 *   OUT/evidence/checks/<check-id>/<name>        raw evidence (transcripts, attribute dumps…)
 */
import { createHash } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import type { CheckRun } from "./run-checks.ts";
import type { EvidenceRef } from "../report/types.ts";

export const EVIDENCE_DIRNAME = "evidence";

export function sha256Hex(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

/** A file name from a check: no path separators, no dot-files. */
function safeName(name: string): string {
  const cleaned = name.replace(/[^A-Za-z0-9._-]/g, "_").replace(/^\.+/, "_");
  return cleaned || "evidence";
}

/** Writes each check's result and raw evidence; returns the references per check ID. */
export function saveCheckEvidence(outDir: string, runs: CheckRun[]): Map<string, EvidenceRef[]> {
  const refs = new Map<string, EvidenceRef[]>();
  for (const run of runs) {
    const dir = join(outDir, EVIDENCE_DIRNAME, "checks", run.id);
    mkdirSync(dir, { recursive: true });
    const list: EvidenceRef[] = [];
    for (const item of run.outcome.evidence ?? []) {
      const file = join(dir, safeName(item.name));
      writeFileSync(file, item.content);
      list.push({ file: relative(outDir, file).split("\\").join("/"), sha256: sha256Hex(item.content) });
    }
    const { evidence: _omit, ...outcome } = run.outcome;
    const result = JSON.stringify({ id: run.id, ran: run.ran, durationMs: run.durationMs, unassessed: run.unassessed, outcome, evidence: list }, null, 2);
    writeFileSync(join(dir, "result.json"), `${result}\n`);
    refs.set(run.id, list.sort((a, b) => a.file.localeCompare(b.file)));
  }
  return refs;
}
