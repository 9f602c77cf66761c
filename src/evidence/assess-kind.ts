/**
 * The body of every evidence.<kind> check: the documents of that kind in the evidence folder
 * (loaded once per assessment), their schema, attachments and freshness, then the kind's content
 * rules. No document of a kind the catalog requires is a finding, not an open question.
 */
import type { CheckContext, CheckOutcome, Observation } from "../check/types.ts";
import type { EvidenceDocResult } from "../report/types.ts";
import { formatProblem, InputError } from "../util/errors.ts";
import { loadEvidence, type EvidenceDocument } from "./documents.ts";
import { RULES, RULE_PARAMETERS, monthsBetween, type RuleContext } from "./rules.ts";

export const EVIDENCE_DOCUMENTS_KEY = "evidence:documents";

/** The parameters an evidence.<kind> check reads: freshness for every kind, and its rules' own. */
export function evidenceParameters(kind: string): string[] {
  return [...new Set(["evidence.maxAgeMonths", ...(RULE_PARAMETERS[kind] ?? [])])].sort();
}

/** Kinds required only at level 3: absent below it is not-applicable. */
const LEVEL_3_ONLY = new Set(["sam-certification"]);

export async function assessEvidenceKind(ctx: CheckContext, kind: string): Promise<CheckOutcome> {
  const dir = ctx.target.evidenceDir!;
  let docs: EvidenceDocument[];
  try {
    docs = await ctx.shared(EVIDENCE_DOCUMENTS_KEY, async () => loadEvidence(dir));
  } catch (error) {
    const reason = error instanceof InputError ? error.message : String(error);
    return { status: "error", summary: `could not read the evidence folder: ${reason}`, observations: [{ expected: "an evidence folder", observed: reason, where: dir }] };
  }
  const today = new Date().toISOString().slice(0, 10);
  const mine = docs.filter((d) => d.kind === kind);
  if (mine.length === 0) {
    const status = LEVEL_3_ONLY.has(kind) && ctx.level < 3 ? "not-applicable" : "fail";
    return {
      status,
      summary: status === "fail" ? `no ${kind} document in the evidence folder` : `${kind} is required at level 3 only`,
      observations: [{ expected: `a ${kind} document`, observed: "none", where: dir, subject: kind, ok: status !== "fail" }],
      facts: { documents: [] },
      ...(status === "not-applicable" ? { notApplicableReason: "level-3-only" } : {}),
    };
  }
  const survey = await ctx.shared<{ token?: { manufacturer?: string; model?: string; firmwareVersion?: string } } | undefined>("hsm:survey", async () => undefined).catch(() => undefined);
  const rc: RuleContext = {
    parameters: ctx.parameters,
    today,
    level: ctx.level,
    ...(survey?.token ? { tokenInfo: { manufacturer: survey.token.manufacturer, model: survey.token.model, firmware: survey.token.firmwareVersion } } : {}),
    others: Object.fromEntries(docs.filter((d) => d.problems.length === 0).map((d) => [d.kind, d.value])),
  };
  const observations: Observation[] = [];
  const documents: EvidenceDocResult[] = [];
  for (const d of mine) {
    const problems = [...d.problems.map(formatProblem), ...freshness(d, today, Number(ctx.parameters["evidence.maxAgeMonths"] ?? 12))];
    for (const p of problems) observations.push({ expected: "a valid, current document", observed: p, where: d.name, subject: d.name, ok: false });
    if (d.problems.length === 0) {
      for (const r of RULES[kind]?.(d.value, rc) ?? []) {
        const pos = d.source.positionOf(r.pointer);
        observations.push({ expected: r.expected, observed: r.observed, where: `${d.name}:${pos.line}`, subject: d.name, ok: r.ok, ...(r.basis ? { basis: r.basis } : {}) });
        // A departure from a SHOULD (the finding names its basis) is an observation, not a problem of the document.
        if (!r.ok && !r.basis) problems.push(`${d.name}:${pos.line}: ${r.expected}; found ${r.observed}`);
      }
    }
    documents.push({
      kind,
      file: d.name,
      sha256: d.sha256,
      valid: problems.length === 0,
      ...(typeof d.value.collected === "string" ? { collected: d.value.collected } : {}),
      ...(typeof d.value.expires === "string" ? { expires: d.value.expires } : {}),
      problems,
    });
  }
  const failed = documents.filter((d) => !d.valid);
  // Only SHOULD departures: reported as `fail`, which the collector turns into `advisory` (design §3a).
  const advisory = !failed.length && observations.some((o) => o.ok === false && o.basis);
  return {
    status: failed.length || advisory ? "fail" : "pass",
    summary: failed.length
      ? failed.flatMap((d) => d.problems).slice(0, 2).join("; ")
      : advisory
        ? `${mine.length} ${kind} document(s) valid and current; observation: ${observations.filter((o) => o.ok === false && o.basis).map((o) => `${o.expected}, found ${o.observed}`).join("; ")}`
        : `${mine.length} ${kind} document(s) valid and current`,
    observations,
    facts: { documents },
  };
}

function freshness(d: EvidenceDocument, today: string, maxMonths: number): string[] {
  const out: string[] = [];
  const collected = d.value.collected;
  const expires = d.value.expires;
  if (typeof collected === "string" && monthsBetween(collected, today) > maxMonths) out.push(`${d.name}: stale: collected ${collected}, more than ${maxMonths} months ago (evidence.maxAgeMonths)`);
  if (typeof collected === "string" && collected > today) out.push(`${d.name}: collected in the future (${collected})`);
  if (typeof expires === "string" && expires < today) out.push(`${d.name}: expired on ${expires}`);
  return out;
}
