/**
 * SARIF 2.1.0 for code-scanning style tools. Rules are the controls (with their citations);
 * results are the controls that need action: `fail` (kind fail, level from severity), `manual`
 * (kind review) and `error` (kind open: the tool could not conclude). A waived control is a
 * failing result with an accepted external suppression, so it stays visible. A satisfied control
 * with advisory checks (観察事項) is a result of level `note`: reported, never blocking.
 * Rules carry `security-severity` (GitHub code scanning ranks alerts by it) and a help text: the
 * control's requirement, levels, severity and citations in the report's language.
 *
 * Locations: an observation's `where` that names a file — an evidence document
 * (`backup-policy.yaml:6`, relative to the assessment's evidence folder: uriBaseId EVIDENCEROOT),
 * a verified log (`/…/audit.log:52 (seq 51)`: a file: URI; a relative path: LOGROOT) or a check's record in the report
 * folder (REPORTROOT) — is a physical location with its line as the region; the others (URL and
 * step, PKCS#11 object) are logical locations. `partialFingerprints` hash the control with its
 * checks' fingerprints (check + subjects), never a path or a time, so they match across runs.
 *
 * With a baseline report each result gets a `baselineState` (new / unchanged / updated), and
 * results of the baseline that are gone are listed as `absent` (kind pass: fixed).
 * Strings from report.json are JSON-encoded, never interpreted; SARIF viewers render message
 * text as plain text.
 */
import { createHash } from "node:crypto";
import { messageIn, type Status } from "../src/check/types.ts";
import type { ControlResult, Report, Severity } from "../src/report/types.ts";
import { METHOD_LABEL, SEVERITY_LABEL, pick, statusLabel, t, type Lang } from "./i18n.ts";
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

/** The rule's help: requirement, levels, severity, method and citations, in the report's language. */
export function ruleHelp(control: ControlResult, lang: Lang): { text: string; markdown: string } {
  const citations = control.refs.map(citation);
  const facts = [
    `${t("levels", lang)}: ${control.levels.map((l) => `L${l}`).join(", ")}`,
    `${t("severity", lang)}: ${SEVERITY_LABEL[control.severity] ? pick(SEVERITY_LABEL[control.severity], lang) : control.severity}`,
    `${t("method", lang)}: ${METHOD_LABEL[control.method] ? pick(METHOD_LABEL[control.method], lang) : control.method}`,
  ];
  const statement = pick(control.statement, lang);
  const md = (s: string) => s.replace(/([\\`*_[\]<>#|])/g, "\\$1");
  return {
    text: [`${control.id} ${pick(control.title, lang)}`, `${t("statement", lang)}: ${statement}`, facts.join(" · "), ...(citations.length ? [`${t("basis", lang)}:`, ...citations.map((c) => `- ${c}`)] : [])].join("\n"),
    markdown: [`**${md(control.id)} ${md(pick(control.title, lang))}**`, "", `${md(t("statement", lang))}: ${md(statement)}`, "", md(facts.join(" · ")), ...(citations.length ? ["", `${md(t("basis", lang))}:`, ...citations.map((c) => `- ${md(c)}`)] : [])].join("\n"),
  };
}

function rule(control: ControlResult, lang: Lang) {
  const citations = control.refs.map(citation);
  return {
    id: control.id,
    name: control.id.replace(/[^A-Za-z0-9]/g, ""),
    shortDescription: { text: pick(control.title, lang) },
    fullDescription: { text: pick(control.statement, lang) },
    help: ruleHelp(control, lang),
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

/** The base IDs of relative artifact URIs (described in the run's `originalUriBaseIds`). */
export const URI_BASES = {
  EVIDENCEROOT: { ja: "調査の証跡フォルダ（証跡文書）", en: "the assessment's evidence folder (evidence documents)" },
  REPORTROOT: { ja: "報告書のフォルダ（report.json と試験の記録）", en: "the report's folder (report.json and the checks' records)" },
  LOGROOT: { ja: "調査の設定が監査ログを指定したフォルダ", en: "the folder the assessment configuration names the audit logs from" },
} as const;

type PhysicalLocation = { artifactLocation: { uri: string; uriBaseId?: keyof typeof URI_BASES }; region?: { startLine: number } };

/** After the file's name: `:LINE`, ` line LINE`, or nothing; anything may follow (` (seq 16)`). */
const LINE_AFTER = /^(?::(\d+)|\s+line\s+(\d+))?(?:$|[\s,;(])/;

/**
 * The file an observation's `where` names, if it names one the report knows — a verified log, an
 * evidence document, a check's record — matched as a prefix (paths may hold spaces), with the
 * line that follows it (`file:LINE …` / `file line LINE …`) as the region.
 */
export function physicalLocationOf(report: Report, where: string): PhysicalLocation | undefined {
  const encode = (path: string) => path.split("/").map(encodeURIComponent).join("/");
  const known: Array<[string, (file: string) => PhysicalLocation["artifactLocation"]]> = [
    ...report.logs.map((l) => [l.file, (f: string) => (f.startsWith("/") ? { uri: `file://${encode(f)}` } : { uri: encode(f), uriBaseId: "LOGROOT" as const })] as [string, (file: string) => PhysicalLocation["artifactLocation"]]),
    ...report.evidence.map((d) => [d.file, (f: string) => ({ uri: encode(f), uriBaseId: "EVIDENCEROOT" as const })] as [string, (file: string) => PhysicalLocation["artifactLocation"]]),
    ...report.checks.flatMap((c) => c.evidence.map((e) => [e.file, (f: string) => ({ uri: encode(f), uriBaseId: "REPORTROOT" as const })] as [string, (file: string) => PhysicalLocation["artifactLocation"]])),
  ];
  // The longest name first: `audit.log.1` is not `audit.log`.
  for (const [file, locate] of known.sort((a, b) => b[0].length - a[0].length)) {
    if (!file || !where.startsWith(file)) continue;
    const m = LINE_AFTER.exec(where.slice(file.length));
    if (!m) continue;
    const line = Number(m[1] ?? m[2] ?? 0);
    // Without a line the whole file is meant; a region is still given (from line 1): SARIF viewers
    // and GitHub code scanning need one to place the result (Multitool SARIF2017).
    return { artifactLocation: locate(file), region: { startLine: line > 0 ? line : 1 } };
  }
  return undefined;
}

/**
 * Where a result lies: each failing observation's `where` — a physical location when it names a
 * known file (with the line), else a logical one (URL and step, PKCS#11 object) — then the
 * control's invalid evidence documents. Without either, the control itself (logical).
 */
function locations(report: Report, control: ControlResult) {
  const wheres = [...new Set(checksOf(report, control).flatMap((c) => c.observations.filter((o) => o.ok !== true).map((o) => o.where)))];
  const out: object[] = [];
  const logical: object[] = [];
  for (const where of wheres) {
    const physical = physicalLocationOf(report, where);
    if (physical) out.push({ physicalLocation: physical, logicalLocations: [{ fullyQualifiedName: where, kind: "resource" }] });
    else logical.push({ fullyQualifiedName: where, kind: "resource" });
  }
  const named = new Set(out.map((l) => JSON.stringify((l as { physicalLocation: PhysicalLocation }).physicalLocation.artifactLocation)));
  for (const d of report.evidence.filter((d) => control.evidence.includes(d.kind) && !d.valid)) {
    const physical = physicalLocationOf(report, d.file)!;
    if (!named.has(JSON.stringify(physical.artifactLocation))) out.push({ physicalLocation: physical });
  }
  if (logical.length) out.push({ logicalLocations: logical });
  return out.length ? out : [{ logicalLocations: [{ fullyQualifiedName: control.id, kind: "object" }] }];
}

function evidenceOfResult(report: Report, control: ControlResult) {
  const refs = checksOf(report, control).flatMap((c) => c.evidence);
  const docs = report.evidence.filter((d) => control.evidence.includes(d.kind)).map((d) => ({ file: d.file, sha256: d.sha256 }));
  return [...refs, ...docs];
}

function result(report: Report, control: ControlResult, ruleIndex: number, lang: Lang) {
  const { kind, level } = advisoryOnly(control) ? { kind: "fail", level: "note" as SarifLevel } : kindAndLevel(control.status, control.severity);
  const checks = checksOf(report, control);
  const observations = checks.flatMap((c) => c.observations.filter((o) => o.ok !== true).map((o) => ({ check: c.id, expected: messageIn(o.expected, lang), observed: messageIn(o.observed, lang), where: o.where, ...(o.basis ? { basis: { ...o.basis, clause: messageIn(o.basis.clause, lang) } } : {}) })));
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

/**
 * A log verifier's warning (an observation finding with `log`, e.g. records after the last signed
 * checkpoint) as a `note` result of its first control's rule, located at the log's line where
 * the problem first occurs; the finding's fingerprint identifies it across runs.
 */
function logFindingResults(report: Report, ruleIndex: ReadonlyMap<string, number>, lang: Lang, baseline?: Report): object[] {
  return (report.findings ?? []).flatMap((f) => {
    if (!f.log || !f.controls.length) return [];
    const log = report.logs.find((l) => l.file === f.log!.file);
    const first = log?.problems.find((p) => p.code === f.log!.code);
    const physical = physicalLocationOf(report, first ? `${f.log.file}:${first.line}` : f.log.file);
    // From the code and the log's file name, not its folder: the same warning matches across runs.
    const print = createHash("sha256").update(`log:${f.log.code}:${f.log.file.split("/").pop()}`).digest("hex").slice(0, 32);
    const index = ruleIndex.get(f.controls[0]!);
    return [
      {
        ruleId: f.controls[0]!,
        ...(index !== undefined ? { ruleIndex: index } : {}),
        kind: "fail",
        level: "note",
        message: { text: `${f.id} ${statusLabel("advisory", lang)}: ${messageIn(f.summary, lang)}` },
        locations: [{ ...(physical ? { physicalLocation: physical } : {}), logicalLocations: [{ fullyQualifiedName: `${f.log.file} ${f.log.code}`, kind: "resource" }] }],
        partialFingerprints: { "rsspAuditFinding/v1": print },
        ...(baseline ? { baselineState: (baseline.findings ?? []).some((o) => o.fingerprint === f.fingerprint) ? "unchanged" : "new" } : {}),
        properties: { finding: f.id, class: f.class, controls: f.controls, log: f.log },
      },
    ];
  });
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
  results.push(...logFindingResults(report, ruleIndex, lang, baseline));
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
        originalUriBaseIds: Object.fromEntries(Object.entries(URI_BASES).map(([id, d]) => [id, { description: { text: pick(d, lang) } }])),
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
