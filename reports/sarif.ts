/**
 * SARIF 2.1.0 for code-scanning style tools. Rules are the controls (with their citations);
 * results are the controls that need action: `fail` (kind fail, level from severity), `manual`
 * (kind review) and `error` (kind open: the tool could not conclude). A waived control is a
 * failing result with an accepted external suppression, so it stays visible. A satisfied control
 * with advisory checks (観察事項) is a result of level `note`: reported, never blocking.
 * Rules carry `security-severity` (GitHub code scanning ranks alerts by it).
 *
 * With a baseline report each result gets a `baselineState` (new / unchanged / updated), and
 * results of the baseline that are gone are listed as `absent` (kind pass: fixed).
 * Strings from report.json are JSON-encoded, never interpreted; SARIF viewers render message
 * text as plain text.
 */
import { createHash } from "node:crypto";
import { messageIn, type Status } from "../src/check/types.ts";
import type { ControlResult, Report, Severity } from "../src/report/types.ts";
import { pick, statusLabel, type Lang } from "./i18n.ts";
import { checksOf } from "./view.ts";

export const SARIF_SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json";

/** Control statuses reported as SARIF results. */
const RESULT_STATUSES: ReadonlySet<Status> = new Set<Status>(["fail", "manual", "error", "waived"]);

type SarifLevel = "error" | "warning" | "note" | "none";

const LEVEL_FOR_SEVERITY: Record<Severity, SarifLevel> = { critical: "error", high: "error", medium: "warning", low: "note" };

/** SARIF `kind` and `level` for a control status (a non-`fail` kind must have level `none`). */
export function kindAndLevel(status: Status, severity: Severity): { kind: string; level: SarifLevel } {
  if (status === "fail" || status === "waived") return { kind: "fail", level: LEVEL_FOR_SEVERITY[severity] ?? "warning" };
  if (status === "manual") return { kind: "review", level: "none" };
  if (status === "error") return { kind: "open", level: "none" };
  if (status === "not-applicable") return { kind: "notApplicable", level: "none" };
  return { kind: "pass", level: "none" };
}

/** Whether a control is reported only for its advisory findings (satisfied, with observations). */
const advisoryOnly = (c: ControlResult) => c.status === "pass" && (c.advisories ?? []).length > 0;
const isResult = (c: ControlResult) => RESULT_STATUSES.has(c.status) || advisoryOnly(c);

/** GitHub's `security-severity` scale (0.0–10.0) for the catalog's severities. */
export const SECURITY_SEVERITY: Record<Severity, string> = { critical: "9.5", high: "8.0", medium: "5.5", low: "3.0" };

/** A stable identity for a control's result: the control and its checks' fingerprints. */
export function resultFingerprint(report: Report, control: ControlResult): string {
  const h = createHash("sha256").update(control.id);
  for (const f of checksOf(report, control).map((c) => c.fingerprint).sort()) h.update("\0").update(f);
  return h.digest("hex").slice(0, 32);
}

const citation = (r: ControlResult["refs"][number]) => `${r.source}${r.clause ? ` ${r.clause}` : ""}${r.basis ? ` [${r.basis}]` : ""}${r.note ? ` — ${r.note}` : ""}`;

function rule(control: ControlResult, lang: Lang) {
  const citations = control.refs.map(citation);
  return {
    id: control.id,
    name: control.id.replace(/[^A-Za-z0-9]/g, ""),
    shortDescription: { text: pick(control.title, lang) },
    fullDescription: { text: pick(control.statement, lang) },
    help: { text: `${pick(control.statement, lang)}\n${citations.join("\n")}` },
    defaultConfiguration: { level: LEVEL_FOR_SEVERITY[control.severity] ?? "warning" },
    properties: {
      tags: [`domain:${control.domain}`, ...control.levels.map((l) => `level:${l}`), `severity:${control.severity}`, `method:${control.method}`],
      levels: control.levels,
      severity: control.severity,
      "security-severity": SECURITY_SEVERITY[control.severity],
      citations,
    },
  };
}

/**
 * Where a result lies: the observations' `where` (URL and step, PKCS#11 object, log line) as
 * logical locations. Evidence files go in properties with their digests: they are records of the
 * probe, not source locations, and have no line/column region to point at.
 */
function locations(report: Report, control: ControlResult) {
  const wheres = [...new Set(checksOf(report, control).flatMap((c) => c.observations.filter((o) => o.ok !== true).map((o) => o.where)))];
  const logical = wheres.length ? wheres.map((where) => ({ fullyQualifiedName: where, kind: "resource" })) : [{ fullyQualifiedName: control.id, kind: "object" }];
  return [{ logicalLocations: logical }];
}

function evidenceOfResult(report: Report, control: ControlResult) {
  const refs = checksOf(report, control).flatMap((c) => c.evidence);
  const docs = report.evidence.filter((d) => control.evidence.includes(d.kind)).map((d) => ({ file: d.file, sha256: d.sha256 }));
  return [...refs, ...docs];
}

function result(report: Report, control: ControlResult, ruleIndex: number, lang: Lang) {
  const { kind, level } = advisoryOnly(control) ? { kind: "fail", level: "note" as SarifLevel } : kindAndLevel(control.status, control.severity);
  const checks = checksOf(report, control);
  const observations = checks.flatMap((c) => c.observations.filter((o) => o.ok !== true).map((o) => ({ check: c.id, expected: messageIn(o.expected, lang), observed: messageIn(o.observed, lang), where: o.where, ...(o.basis ? { basis: o.basis } : {}) })));
  return {
    ruleId: control.id,
    ruleIndex,
    kind,
    level,
    message: { text: `${control.id} ${statusLabel(control.status, lang)}: ${messageIn(control.summary, lang)}` },
    locations: locations(report, control),
    partialFingerprints: { "rsspAuditControl/v1": resultFingerprint(report, control) },
    ...(control.status === "waived" && control.waiver
      ? {
          suppressions: [
            {
              kind: "external",
              status: "accepted",
              justification: `${control.waiver.id}: ${control.waiver.justification} (approver ${control.waiver.approver}, expires ${control.waiver.expires})`,
            },
          ],
        }
      : {}),
    properties: { status: control.status, severity: control.severity, levels: control.levels, checks: control.checks, observations, evidence: evidenceOfResult(report, control) },
  };
}

/** `new`, `unchanged` or `updated` against the baseline's result for the same control. */
function baselineState(report: Report, control: ControlResult, baseline: Report): "new" | "unchanged" | "updated" {
  const old = baseline.controls.find((c) => c.id === control.id);
  if (!old || !isResult(old)) return "new";
  return old.status === control.status && resultFingerprint(baseline, old) === resultFingerprint(report, control) ? "unchanged" : "updated";
}

export interface SarifOptions {
  lang: Lang;
  baseline?: Report;
}

export function buildSarif(report: Report, options: SarifOptions): object {
  const { lang, baseline } = options;
  const a = report.assessment;
  const ruleIndex = new Map(report.controls.map((c, i) => [c.id, i]));
  const results: object[] = report.controls
    .filter(isResult)
    .map((c) => ({ ...result(report, c, ruleIndex.get(c.id)!, lang), ...(baseline ? { baselineState: baselineState(report, c, baseline) } : {}) }));
  if (baseline) {
    for (const old of baseline.controls) {
      const now = report.controls.find((c) => c.id === old.id);
      if (!isResult(old) || (now && isResult(now))) continue;
      const index = ruleIndex.get(old.id);
      results.push({
        ruleId: old.id,
        ...(index !== undefined ? { ruleIndex: index } : {}),
        kind: "pass",
        level: "none",
        baselineState: "absent",
        message: { text: `${old.id}: ${statusLabel(old.status, lang)} → ${now ? statusLabel(now.status, lang) : "—"}: ${messageIn(now?.summary ?? old.summary, lang)}` },
        locations: [{ logicalLocations: [{ fullyQualifiedName: old.id, kind: "object" }] }],
        partialFingerprints: { "rsspAuditControl/v1": resultFingerprint(baseline, old) },
      });
    }
  }
  return {
    $schema: SARIF_SCHEMA_URI,
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: report.tool.name,
            version: report.tool.version,
            semanticVersion: report.tool.version,
            informationUri: "https://www.jnsa.org/result/jt2a/2020/index.html",
            rules: report.controls.map((c) => rule(c, lang)),
            properties: { catalog: a.catalog },
          },
        },
        automationDetails: { id: `rssp-audit/${a.target.name}/L${a.level}/${a.id}` },
        invocations: [{ executionSuccessful: true, startTimeUtc: a.startedAt, endTimeUtc: a.finishedAt }],
        results,
        properties: {
          assessment: { id: a.id, kind: a.kind, level: a.level, target: a.target },
          verdict: report.verdict,
        },
      },
    ],
  };
}

export function renderSarif(report: Report, options: SarifOptions): string {
  return `${JSON.stringify(buildSarif(report, options), null, 2)}\n`;
}
