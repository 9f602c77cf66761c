/**
 * Offline re-evaluation (`rssp-audit evaluate --evidence OUT/evidence`): the evaluate → verdict →
 * report steps of the pipeline over saved check results, with no network and no HSM. The evidence
 * manifest is verified first: re-evaluating altered evidence is refused.
 */
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { applyProfile, loadCatalog } from "../catalog/load.ts";
import { validateCatalog } from "../catalog/validate.ts";
import { loadRegistry } from "../check/registry.ts";
import { evidenceCheckId, type Plan } from "../plan/plan.ts";
import { sha256Hex } from "../collect/save-evidence.ts";
import type { CheckRun } from "../collect/run-checks.ts";
import { InputError, describeError, type Problem } from "../util/errors.ts";
import { readSession } from "./session.ts";
import { verifyManifest } from "../collect/manifest.ts";
import { writeReport } from "./write-report.ts";
import type { EvidenceRef, Report } from "../report/types.ts";

export interface EvaluateOptions {
  evidenceDir: string;
  /** Where report.json goes; by default the folder that holds the evidence folder. */
  outDir?: string;
  catalogDir?: string;
  log?: (message: string) => void;
}

interface SavedResult {
  id: string;
  ran: boolean;
  durationMs: number;
  unassessed?: boolean;
  outcome: CheckRun["outcome"];
  evidence: EvidenceRef[];
}

export async function evaluateSaved(options: EvaluateOptions): Promise<{ report: Report; reportFile: string }> {
  const evidenceDir = resolve(options.evidenceDir);
  if (!existsSync(evidenceDir) || !statSync(evidenceDir).isDirectory()) {
    throw new InputError([{ file: evidenceDir, message: "evidence folder not found" }]);
  }
  const root = dirname(evidenceDir);
  const session = readSession(evidenceDir);
  verifyManifest(evidenceDir);
  const full = loadCatalog(options.catalogDir);
  const registry = await loadRegistry();
  const validation = validateCatalog(full, registry);
  if (validation.errors.length > 0) throw new InputError(validation.errors);
  const catalog = applyProfile(full, session.assessment.profile);
  if (catalog.sha256 !== session.catalog.sha256) {
    options.log?.(`note: the catalog changed since collection (${session.catalog.version} → ${catalog.version}); evaluating against the current one`);
  }

  const { runs, evidenceRefs } = readSavedResults(evidenceDir, session.checks);
  const date = session.assessment.startedAt.slice(0, 10);
  const level = session.assessment.level;
  const controls = catalog.controls.filter(
    (c) => (!c.effective || c.effective <= date) && (!c.retired || c.retired > date) && c.levels.some((l) => l <= level),
  );
  const named = [...new Set(controls.flatMap((c) => [...c.assess.checks, ...c.assess.evidence.map(evidenceCheckId)]))].sort();
  const saved = new Map(runs.map((r) => [r.id, r]));
  const allRuns: CheckRun[] = named.map(
    (id) =>
      saved.get(id) ?? {
        id,
        ran: false,
        unassessed: true,
        durationMs: 0,
        outcome: { status: "not-applicable", observations: [], summary: { ja: "この証跡フォルダでは収集されていない", en: "not collected in this evidence folder" } },
      },
  );
  const plan: Plan = { level, controls, checks: [] };
  const outDir = resolve(options.outDir ?? root);
  return writeReport(outDir, {
    catalog,
    registry,
    plan,
    runs: allRuns,
    evidenceRefs,
    assessment: session.assessment,
    waivers: session.waivers,
    attestations: session.attestations,
  });
}

/** Reads each check's saved result (their integrity is the manifest's business). */
function readSavedResults(evidenceDir: string, ids: string[]): { runs: CheckRun[]; evidenceRefs: Map<string, EvidenceRef[]> } {
  const problems: Problem[] = [];
  const runs: CheckRun[] = [];
  const evidenceRefs = new Map<string, EvidenceRef[]>();
  const checksDir = join(evidenceDir, "checks");
  const present = existsSync(checksDir) ? new Set(readdirSync(checksDir)) : new Set<string>();
  for (const id of ids) {
    const file = join(checksDir, id, "result.json");
    if (!present.has(id)) {
      problems.push({ file, message: "missing: the session lists this check but its result is not in the evidence folder" });
      continue;
    }
    let saved: SavedResult;
    try {
      saved = JSON.parse(readFileSync(file, "utf8")) as SavedResult;
    } catch (error) {
      problems.push({ file, message: `unreadable result: ${describeError(error)}` });
      continue;
    }
    if (saved.id !== id || !saved.outcome || !Array.isArray(saved.evidence)) {
      problems.push({ file, message: "not a check result saved by rssp-audit" });
      continue;
    }
    runs.push({ id, ran: saved.ran, unassessed: saved.unassessed ?? false, durationMs: saved.durationMs, outcome: saved.outcome });
    evidenceRefs.set(id, saved.evidence);
  }
  if (problems.length > 0) throw new InputError(problems);
  return { runs, evidenceRefs };
}
