/**
 * The assessment pipeline as one readable sequence (design §1):
 * config → catalog → decisions → plan → collect → evaluate → verdict → report.json.
 * Everything that can be wrong with the input is found before anything is probed.
 * Rendering other formats from report.json is the caller's business.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { applyProfile, loadCatalog, resolveParameters } from "../catalog/load.ts";
import { validateCatalog } from "../catalog/validate.ts";
import { loadRegistry } from "../check/registry.ts";
import { loadAssessmentConfig, type AssessmentConfig } from "../config/load-config.ts";
import { loadAttestations, loadWaivers } from "../decisions/load-decisions.ts";
import { planAssessment } from "../plan/plan.ts";
import { collect, type CheckRun } from "../collect/run-checks.ts";
import { saveCheckEvidence, sha256Hex, EVIDENCE_DIRNAME } from "../collect/save-evidence.ts";
import { InputError } from "../util/errors.ts";
import { writeManifest } from "../collect/manifest.ts";
import { writeReport } from "./write-report.ts";
import { saveSession } from "./session.ts";
import type { Level, Report } from "../report/types.ts";

export interface AssessOptions {
  configFile: string;
  outDir: string;
  /** Overrides the config's level. */
  level?: Level;
  intrusive?: boolean;
  /** A catalog folder other than the shipped one. */
  catalogDir?: string;
  /** Progress lines (stderr in the CLI). */
  log?: (message: string) => void;
  onResult?: (run: CheckRun) => void;
}

export interface AssessResult {
  report: Report;
  reportFile: string;
  config: AssessmentConfig;
}

export async function runAssessment(options: AssessOptions): Promise<AssessResult> {
  const log = options.log ?? (() => {});
  const startedAt = new Date().toISOString();
  const today = startedAt.slice(0, 10);

  const config = loadAssessmentConfig(options.configFile);
  const full = loadCatalog(options.catalogDir);
  const registry = await loadRegistry();
  const validation = validateCatalog(full, registry);
  if (validation.errors.length > 0) throw new InputError(validation.errors);
  // The reading the assessment selected (assessment.yaml profile:), else the default.
  const catalog = applyProfile(full, config.raw.profile);
  const known = {
    // Every control of the catalog, profile-only ones included: a decision file may serve several readings.
    controls: new Set(full.controls.map((c) => c.id)),
    checks: new Set([...registry.byId.keys(), ...full.controls.flatMap((c) => c.assess.checks)]),
  };
  const waivers = config.waiversFile ? loadWaivers(config.waiversFile, known, today) : [];
  const attestations = config.attestationsFile ? loadAttestations(config.attestationsFile, known, today) : [];
  const level = options.level ?? config.level;
  const intrusive = options.intrusive ?? false;
  const parameters = resolveParameters(catalog, config.raw.parameters);

  const plan = planAssessment(catalog, registry, config.target, {
    level,
    intrusive,
    only: config.raw.checks?.only,
    skip: config.raw.checks?.skip,
    date: today,
  });
  log(`plan: ${plan.controls.length} controls up to level ${level}, ${plan.checks.length} checks named, ${plan.checks.filter((c) => c.run).length} to run`);

  const runs = await collect(plan, {
    target: config.target,
    level,
    parameters,
    parametersSet: Object.keys(config.raw.parameters ?? {}),
    intrusive,
    concurrency: config.raw.checks?.concurrency,
    timeoutMs: config.raw.checks?.timeoutMs,
    log,
    onResult: options.onResult,
  });

  const outDir = resolve(options.outDir);
  mkdirSync(join(outDir, EVIDENCE_DIRNAME), { recursive: true });
  const evidenceRefs = saveCheckEvidence(outDir, runs);
  const assessment: Omit<Report["assessment"], "catalog"> = {
    id: config.raw.assessment?.id ?? defaultAssessmentId(config, startedAt),
    kind: config.raw.assessment?.kind ?? "self-check",
    target: { name: config.target.name, ...(config.target.csc ? { baseUrl: config.target.csc.baseUrl } : {}) },
    level,
    ...(config.raw.assessment?.assessor ? { assessor: config.raw.assessment.assessor } : {}),
    intrusive,
    startedAt,
    finishedAt: new Date().toISOString(),
    parameters,
    ...(config.raw.profile ? { profile: config.raw.profile } : {}),
    ...(config.target.excludedCredentials ? { scope: { excludedCredentials: config.target.excludedCredentials } } : {}),
  };
  saveSession(outDir, { assessment, catalog: { version: catalog.version, sha256: catalog.sha256 }, waivers, attestations, checks: runs.map((r) => r.id) });
  writeManifest(join(outDir, EVIDENCE_DIRNAME));
  const { report, reportFile } = writeReport(outDir, { catalog, registry, plan, runs, evidenceRefs, assessment, waivers, attestations });
  return { report, reportFile, config };
}

/** `<date>-<digest of target and level>`: the same target assessed on the same day gets the same ID. */
function defaultAssessmentId(config: AssessmentConfig, startedAt: string): string {
  const digest = sha256Hex(`${config.target.name}\0${config.target.csc?.baseUrl ?? ""}\0${config.level}`).slice(0, 8);
  return `RA-${startedAt.slice(0, 10).replace(/-/g, "")}-${digest}`;
}
