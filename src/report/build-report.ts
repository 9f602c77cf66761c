/**
 * Assembles report.json from the catalog, the plan, the check runs and the assessor's inputs,
 * then validates it against evidence-schemas/report.schema.json. Deterministic apart from the
 * timestamps and durations: everything is sorted by ID.
 */
import { createHash } from "node:crypto";
import { stableSubject } from "./stable-subject.ts";
import type { Catalog } from "../catalog/types.ts";
import { evidenceCheckId, type Plan } from "../plan/plan.ts";
import type { CheckRun } from "../collect/run-checks.ts";
import { evaluateControl, type EvidenceVerdictInput } from "../evaluate/control-status.ts";
import { computeVerdict } from "../verdict/verdict.ts";
import { buildFindings } from "./findings.ts";
import { compileSchemaFile } from "../util/schema.ts";
import { TOOL_VERSION } from "../version.ts";
import type { Registry } from "../check/registry.ts";
import { REPORT_SCHEMA_ID, type AttestationRecord, type CheckResult, type ControlResult, type EvidenceDocResult, type EvidenceRef, type LogResult, type Report, type WaiverRecord } from "./types.ts";
import { assetPath } from "../util/package-root.ts";

export const REPORT_SCHEMA = assetPath("evidence-schemas", "report.schema.json");

export interface ReportInputs {
  catalog: Catalog;
  registry: Registry;
  plan: Plan;
  runs: CheckRun[];
  evidenceRefs: Map<string, EvidenceRef[]>;
  assessment: Omit<Report["assessment"], "catalog">;
  evidenceDocs?: EvidenceDocResult[];
  waivers?: WaiverRecord[];
  attestations?: AttestationRecord[];
}

/** Every evidence document seen, from the evidence.* checks' facts (`{ documents }`), once per file. */
function evidenceInventory(runs: CheckRun[], extra: EvidenceDocResult[]): EvidenceDocResult[] {
  const docs = [...extra, ...runs.flatMap((r) => (r.outcome.facts as { documents?: EvidenceDocResult[] } | undefined)?.documents ?? [])];
  return docs.filter((d, i) => docs.findIndex((x) => x.file === d.file) === i).sort((a, b) => a.file.localeCompare(b.file));
}

/** A control's view of the evidence.<kind> check: anything short of a conclusion leaves it to the assessor. */
function evidenceVerdict(kind: string, run: CheckRun | undefined): EvidenceVerdictInput {
  if (!run) return { kind, status: "manual", summary: { ja: "評価者が審査する文書", en: "document to be examined by the assessor" } };
  const { status, summary } = run.outcome;
  if (status === "pass" || status === "fail" || status === "error") return { kind, status, summary };
  // Not applicable by the check's own judgement (e.g. a level-3 document at level 2); not run for
  // lack of an evidence folder is an open question for the assessor.
  if (status === "not-applicable" && !run.unassessed) return { kind, status, summary, ...(run.outcome.notApplicableReason ? { notApplicableReason: run.outcome.notApplicableReason } : {}) };
  return { kind, status: "manual", summary };
}

/** Stable across runs: the check and the subjects it spoke about (stableSubject). */
export function fingerprint(checkId: string, subjects: string[]): string {
  const h = createHash("sha256").update(checkId);
  for (const s of [...new Set(subjects.map(stableSubject))].sort()) h.update("\0").update(s);
  return h.digest("hex").slice(0, 32);
}

export function buildReport(inputs: ReportInputs): Report {
  const { catalog, plan, runs } = inputs;
  const runById = new Map(runs.map((r) => [r.id, r]));
  const waivers = [...(inputs.waivers ?? [])].sort((a, b) => a.id.localeCompare(b.id));
  const attestations = [...(inputs.attestations ?? [])].sort((a, b) => a.control.localeCompare(b.control));

  const checks: CheckResult[] = runs.map((r) => {
    const check = inputs.registry.byId.get(r.id);
    return {
      id: r.id,
      family: check?.family ?? (r.id.split(".")[0] as CheckResult["family"]),
      title: check?.title ?? { ja: r.id, en: r.id },
      status: r.outcome.status,
      durationMs: r.durationMs,
      summary: r.outcome.summary,
      observations: r.outcome.observations.map((o) => ({ ...o })),
      evidence: inputs.evidenceRefs.get(r.id) ?? [],
      fingerprint: fingerprint(r.id, r.outcome.observations.map((o) => o.subject ?? "")),
    };
  });

  const controls: ControlResult[] = plan.controls.map((c) => {
    const waiver = waivers.find((w) => w.scope.control === c.id) ?? null;
    const attestation = attestations.find((a) => a.control === c.id) ?? null;
    const checkInputs = c.assess.checks.map((id) => {
      const run = runById.get(id);
      const checkWaiver = waivers.find((w) => w.scope.check === id && w.active);
      const status = run?.outcome.status ?? "error";
      return {
        id,
        // A waiver scoped to one check lifts that check's failure for every control naming it.
        status: checkWaiver && (status === "fail" || status === "error") ? ("not-applicable" as const) : status,
        summary: checkWaiver ? `waived by ${checkWaiver.id}` : run?.outcome.summary ?? "not run",
        unassessed: run?.unassessed ?? false,
        ...(run?.outcome.notApplicableReason ? { notApplicableReason: run.outcome.notApplicableReason } : {}),
      };
    });
    const evidence = c.assess.evidence.map((kind) => evidenceVerdict(kind, runById.get(evidenceCheckId(kind))));
    const { status, summary, advisories } = evaluateControl(c, checkInputs, evidence, waiver, attestation);
    return {
      id: c.id,
      domain: c.domain,
      title: c.title,
      statement: c.statement,
      status,
      advisories,
      levels: c.levels,
      severity: c.severity,
      phase: c.phase,
      method: c.assess.method,
      checks: c.assess.checks,
      evidence: c.assess.evidence,
      waiver,
      attestation,
      summary,
      ...(c.levelBasis ? { levelBasis: c.levelBasis } : {}),
      refs: c.refs.map((r) => ({ source: r.source, ...(r.clause ? { clause: r.clause } : {}), basis: r.basis, ...(r.note ? { note: r.note } : {}) })),
    };
  });

  const logs: LogResult[] = runs
    .flatMap((r) => {
      const facts = r.outcome.facts as { log?: LogResult; logs?: LogResult[] } | undefined;
      return [...(facts?.logs ?? []), ...(facts?.log ? [facts.log] : [])];
    })
    .filter((l, i, all) => all.findIndex((x) => x.file === l.file) === i)
    .sort((a, b) => a.file.localeCompare(b.file));

  const logSources = logs.map((log) => ({
    log,
    checks: runs
      .filter((r) => {
        const facts = r.outcome.facts as { log?: LogResult; logs?: LogResult[] } | undefined;
        return [...(facts?.logs ?? []), ...(facts?.log ? [facts.log] : [])].some((l) => l.file === log.file);
      })
      .map((r) => r.id),
  }));
  const verdict = computeVerdict(controls, plan.level);
  return {
    schema: REPORT_SCHEMA_ID,
    tool: { name: "rssp-audit", version: TOOL_VERSION },
    assessment: { ...inputs.assessment, catalog: { version: catalog.version, sha256: catalog.sha256 } },
    verdict,
    controls,
    checks,
    findings: buildFindings(controls, checks, new Set(verdict.blocking), logSources),
    evidence: evidenceInventory(runs, inputs.evidenceDocs ?? []),
    logs,
    waivers,
    attestations,
  };
}

/** Problems of a report against its schema (empty when valid). */
export function reportSchemaProblems(report: unknown): string[] {
  const validate = compileSchemaFile(REPORT_SCHEMA);
  if (validate(report)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || "/"}: ${e.message ?? e.keyword}`);
}
