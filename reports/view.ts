/**
 * Pure derivations from report.json that several renderers share: counts, the checklist rows of
 * an investigative body's form, findings with their observations, controls grouped by domain.
 * No I/O and no formatting here: renderers decide how to show (and escape) these values.
 */
import { messageIn, type Basis, type Message, type Observation, type Status, type Text } from "../src/check/types.ts";
import type { AttestationRecord, CheckResult, ControlResult, EvidenceRef, FindingClass, LogResult, Report, ReportFinding } from "../src/report/types.ts";
import { logProblemText } from "../src/log/problem-text.ts";
import { formatHead } from "../src/log/format.ts";
import { DOMAIN_ORDER, KIND_LABEL, STATUS_ORDER, pick, t, type Lang } from "./i18n.ts";

/** Statuses that satisfy a control at a level (design §3). */
export const SATISFIED: ReadonlySet<Status> = new Set<Status>(["pass", "not-applicable", "waived"]);

/** How many controls have each status, in display order (zero counts included). */
export function statusCounts(controls: readonly ControlResult[]): Array<{ status: Status; count: number }> {
  return STATUS_ORDER.map((status) => ({ status, count: controls.filter((c) => c.status === status).length }));
}

export interface DomainGroup {
  domain: string;
  controls: ControlResult[];
}

/** Controls grouped by domain, domains in the guideline's order (unknown domains last, by code). */
export function controlsByDomain(report: Report): DomainGroup[] {
  const rank = (d: string) => {
    const i = (DOMAIN_ORDER as readonly string[]).indexOf(d);
    return i === -1 ? DOMAIN_ORDER.length : i;
  };
  const domains = [...new Set(report.controls.map((c) => c.domain as string))].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  return domains.map((domain) => ({
    domain,
    controls: report.controls.filter((c) => c.domain === domain).sort((a, b) => a.id.localeCompare(b.id)),
  }));
}

/** The check results a control names, in the control's order (missing ones skipped). */
export function checksOf(report: Report, control: ControlResult): CheckResult[] {
  const byId = new Map(report.checks.map((c) => [c.id, c]));
  return control.checks.map((id) => byId.get(id)).filter((c): c is CheckResult => c !== undefined);
}

/** One evidence item for the checklist's 証跡 column. */
export interface EvidenceItem {
  file: string;
  /** Absent when the file is referenced but not in the inventory (an attestation's reference). */
  sha256?: string;
  valid?: boolean;
  /** `transcript`: a check's record in the report folder (linkable); `document`: an evidence document; `reference`: named only. */
  source?: "transcript" | "document" | "reference";
}

/** Everything that backs a control's result: check transcripts, evidence documents, the attestation's reference. */
export function evidenceOf(report: Report, control: ControlResult): EvidenceItem[] {
  const items: EvidenceItem[] = [];
  const seen = new Set<string>();
  const add = (item: EvidenceItem) => {
    if (seen.has(item.file)) return;
    seen.add(item.file);
    items.push(item);
  };
  for (const check of checksOf(report, control)) for (const ref of check.evidence as EvidenceRef[]) add({ file: ref.file, sha256: ref.sha256, source: "transcript" });
  for (const doc of report.evidence) if (control.evidence.includes(doc.kind)) add({ file: doc.file, sha256: doc.sha256, valid: doc.valid, source: "document" });
  const attested = control.attestation?.evidenceRef;
  if (attested) {
    const doc = report.evidence.find((d) => d.file === attested);
    add(doc ? { file: doc.file, sha256: doc.sha256, valid: doc.valid, source: "document" } : { file: attested, source: "reference" });
  }
  return items;
}

/** A row of the checklist an investigative body uses: 調査項目 / 判定 / 根拠 / 証跡. */
export interface ChecklistRow {
  control: ControlResult;
  /** The one-line reason (the control's summary). */
  reason: Message;
  evidence: EvidenceItem[];
}

export function checklist(report: Report): ChecklistRow[] {
  return report.controls.map((control) => ({ control, reason: control.summary, evidence: evidenceOf(report, control) }));
}

/** A numbered finding of report.json `findings[]` with what a renderer shows beside it. */
export interface Finding {
  finding: ReportFinding;
  /** The controls it affects, in the finding's order (unknown IDs skipped). */
  controls: ControlResult[];
  /** The check it comes from, when it comes from one. */
  check?: CheckResult;
  /** The observations that did not meet their expectation (all of them when none is marked). */
  departures: Observation[];
  /** The check's transcripts, the controls' evidence documents, the log. */
  evidence: EvidenceItem[];
  recommendation: Text;
}

/** 重大な不適合 / 軽微な不適合 / 観察事項 / 判定保留. */
export const FINDING_CLASS_LABEL: Record<FindingClass, Text> = {
  major: { ja: "重大な不適合", en: "Major nonconformity" },
  minor: { ja: "軽微な不適合", en: "Minor nonconformity" },
  observation: { ja: "観察事項", en: "Observation" },
  incomplete: { ja: "判定保留", en: "Incomplete" },
};

/** What to do about a log verifier's warning, by problem code (the others get the general advice). */
const LOG_ADVICE: Record<string, Text> = {
  "tail.unprotected": {
    ja: "最後の署名付きチェックポイント以降のレコードが保護されていない。チェックポイントを定期的に（及びログの終端で）署名して発行し、全レコードを完全性の保護下に置くこと。",
    en: "Records after the last signed checkpoint are unprotected: sign and publish checkpoints regularly (and at the end of the log) so that every record is covered by integrity protection.",
  },
  "checkpoint.unverified": {
    ja: "チェックポイントの署名が検証されていない。ログ署名用証明書を調査に提出し、署名を検証できるようにすること。",
    en: "Checkpoint signatures were not verified: supply the log-signing certificate so that they can be.",
  },
  "cert.chain-unchecked": {
    ja: "ログ署名用証明書の信頼の連鎖が確認されていない。トラストアンカーを調査に提出すること。",
    en: "The log-signing certificate's chain was not checked: supply its trust anchor.",
  },
  "tst.chain-unchecked": {
    ja: "タイムスタンプ局の証明書が確認されていない。TSA のトラストアンカーを調査に提出すること。",
    en: "The time-stamping authority was not checked: supply the TSA trust anchor.",
  },
  "chain.starts-mid-log": {
    ja: "ログが途中から始まっている。前の区間を提出するか、前回調査で保管した先頭値（--expect-head）と照合すること。",
    en: "The log starts mid-chain: supply the earlier segments or compare with the head kept from the last assessment (--expect-head).",
  },
  "head.unchecked": {
    ja: "前回調査の先頭値と照合できなかった。前回の先頭値を含む区間を提出すること。",
    en: "The head kept from the last assessment could not be compared: supply the segment that contains it.",
  },
};

const STRENGTH_WORD: Record<string, Text> = {
  shall: { ja: "しなければならない", en: "SHALL" },
  guideline: { ja: "ガイドラインの要求", en: "guideline requirement" },
  should: { ja: "することが望ましい", en: "SHOULD" },
  may: { ja: "してもよい", en: "MAY" },
};

/** `CSC-API-2.0.0.2 11.6 (SHALL)`. */
export function basisText(b: Basis, lang: Lang): string {
  const word = STRENGTH_WORD[b.strength];
  return `${b.source} ${messageIn(b.clause, lang)} (${word ? pick(word, lang) : b.strength})`;
}

/**
 * The recommendation (是正・改善の推奨): derived from what the finding rests on — the affected
 * controls' statements and the departures' bases — never invented beyond them.
 */
export function recommendation(f: ReportFinding, controls: readonly ControlResult[]): Text {
  if (f.log) {
    const advice = LOG_ADVICE[f.log.code];
    if (advice) return advice;
  }
  const ids = controls.map((c) => c.id).join(", ") || f.controls.join(", ");
  const statement = (lang: Lang) => controls.map((c) => pick(c.statement, lang)).join(" / ");
  const bases = (lang: Lang) => f.basis.map((b) => basisText(b, lang)).join("; ");
  switch (f.class) {
    case "major":
    case "minor":
      return {
        ja: `${ids} の要求事項「${statement("ja")}」を満たすよう是正し${f.basis.length ? `（根拠: ${bases("ja")}）` : ""}、是正後に該当する試験を再実施して適合を確認すること。`,
        en: `Correct the implementation so that ${ids} is met ("${statement("en")}")${f.basis.length ? ` (basis: ${bases("en")})` : ""}, then re-run the affected checks to confirm conformity.`,
      };
    case "observation":
      return {
        ja: `不適合ではないが、${f.basis.length ? `推奨事項（${bases("ja")}）` : "推奨事項"}に沿った改善を検討すること（${ids}: 「${statement("ja")}」）。`,
        en: `Not a nonconformity; consider following the recommendation${f.basis.length ? ` (${bases("en")})` : ""} (${ids}: "${statement("en")}").`,
      };
    case "incomplete":
      return {
        ja: `${ids} の判定に必要な証跡を提出するか、調査員が確認して判定（確認記録）を残すこと。それまでこの管理策は判定保留とする。`,
        en: `Supply the evidence ${ids} needs, or have an assessor examine it and record an attestation; until then the control stays open.`,
      };
  }
}

/** The numbered findings of report.json, in their order, with controls, check, evidence and recommendation. */
export function findings(report: Report): Finding[] {
  const controlById = new Map(report.controls.map((c) => [c.id, c]));
  const checkById = new Map(report.checks.map((c) => [c.id, c]));
  return (report.findings ?? []).map((finding) => {
    const controls = finding.controls.map((id) => controlById.get(id)).filter((c): c is ControlResult => c !== undefined);
    const check = finding.check ? checkById.get(finding.check) : undefined;
    const gone = check ? check.observations.filter((o) => o.ok === false) : [];
    const evidence: EvidenceItem[] = [];
    const seen = new Set<string>();
    const add = (items: EvidenceItem[]) => {
      for (const e of items) if (!seen.has(e.file)) (seen.add(e.file), evidence.push(e));
    };
    if (check) add(check.evidence.map((r) => ({ file: r.file, sha256: r.sha256, source: "transcript" as const })));
    else if (finding.log) add([{ file: finding.log.file }]);
    else for (const c of controls) add(evidenceOf(report, c));
    return {
      finding,
      controls,
      ...(check ? { check } : {}),
      departures: gone.length ? gone : check?.observations ?? [],
      evidence,
      recommendation: recommendation(finding, controls),
    };
  });
}

/** The finding that explains a control's result (its first), for links from the level table. */
export function findingOf(report: Report, controlId: string): ReportFinding | undefined {
  return (report.findings ?? []).find((f) => f.controls.includes(controlId) && f.class !== "observation");
}

/**
 * A log problem's text: in English the verifier's own message; in Japanese the code's label (the
 * verifier's details — seqs, hashes — are in the line and seq columns and in report.json).
 */
export function logProblemMessage(p: { code: string; message: string }, lang: Lang): string {
  return lang === "en" ? p.message : logProblemText(p.code).ja;
}

/**
 * Everyone who assessed: the configured assessor(s), then each person who made an attestation
 * (the cover's 調査員 names who actually judged), each once, in that order.
 */
export function assessorsOf(report: Report): string[] {
  const a = report.assessment;
  const names = [a.assessor, ...(a.assessors ?? []), ...report.attestations.map((x) => x.assessor)].filter((x): x is string => !!x && x.trim() !== "");
  return [...new Set(names)];
}

/** i16's scope and profile fields, read defensively (absent on reports that predate them). */
export function scopeExtras(report: Report): { profile?: string; excludedCredentials: Array<{ id: string; reason: string; instrument?: boolean }> } {
  const a = report.assessment as Report["assessment"] & { profile?: unknown; scope?: { excludedCredentials?: unknown } };
  const list = Array.isArray(a.scope?.excludedCredentials) ? (a.scope!.excludedCredentials as Array<{ id: string; reason: string; instrument?: boolean }>) : [];
  return { ...(typeof a.profile === "string" ? { profile: a.profile } : {}), excludedCredentials: list.filter((x) => typeof x?.id === "string") };
}

/** A parameter's value as one line (arrays joined, objects as JSON). */
export function parameterValue(value: unknown): string {
  if (Array.isArray(value)) return value.map((v) => (typeof v === "object" ? JSON.stringify(v) : String(v))).join(", ");
  if (value !== null && typeof value === "object") return JSON.stringify(value);
  return String(value);
}

/** `SEQ:HASH` or `NAME:HASH`, the form `--expect-head` takes, or null when the log had no verified head. */
export function headToKeep(log: LogResult): string | null {
  return log.head ? formatHead(log.head) : null;
}

/** The first 12 hex digits of a digest, for narrow table cells (the full digest is shown elsewhere). */
export function shortDigest(sha256: string): string {
  return sha256.slice(0, 12);
}

/** `2025-06-12 01:02 UTC` from an ISO timestamp (unchanged when it does not parse). */
export function formatTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/**
 * The closing sentence of 調査の概要及び結果: what was assessed and how it came out, in counts.
 * Returns plain text that includes the target's name: the caller escapes it for its medium.
 */
export function narrative(report: Report, lang: Lang): string {
  const n = (s: Status) => report.controls.filter((c) => c.status === s).length;
  const a = report.assessment;
  return t("narrative", lang, {
    target: a.target.name,
    kind: pick(KIND_LABEL[a.kind], lang).toLowerCase(),
    level: a.level,
    total: report.controls.length,
    pass: n("pass"),
    fail: n("fail"),
    error: n("error"),
    manual: n("manual"),
    waived: n("waived"),
    na: n("not-applicable"),
  });
}

/**
 * A report-folder-relative path that may become a link (`href`), percent-encoded per segment; or
 * undefined when it is not one: a scheme, an absolute path, `..` or an odd character. The paths
 * come from report.json (attacker-controlled), so nothing else is ever linked.
 */
export function evidenceHref(file: string): string | undefined {
  if (!/^[A-Za-z0-9._~\-/]+$/.test(file) || file.startsWith("/")) return undefined;
  const parts = file.split("/");
  if (parts.some((p) => p === "" || p === "." || p === "..")) return undefined;
  return parts.map(encodeURIComponent).join("/");
}

/** One row of the evidence inventory: a check's record kept beside the report, or an evidence document. */
export interface InventoryItem {
  /** The anchor the checklist's short digests link to (`evidence-1` …, in inventory order). */
  anchor: string;
  file: string;
  sha256: string;
  /** `transcript`: written by a check into the report folder (linkable); `document`: the assessor's evidence folder. */
  source: "transcript" | "document";
  /** The checks that wrote it (transcripts) or the evidence kind (documents). */
  by: string[];
}

/** The evidence inventory: evidence documents first (their order in report.json), then check records by path. */
export function evidenceInventory(report: Report): InventoryItem[] {
  const items: InventoryItem[] = [];
  const seen = new Map<string, InventoryItem>();
  for (const d of report.evidence) {
    if (seen.has(d.file)) continue;
    const item: InventoryItem = { anchor: "", file: d.file, sha256: d.sha256, source: "document", by: [d.kind] };
    seen.set(d.file, item);
    items.push(item);
  }
  const records = new Map<string, InventoryItem>();
  for (const c of report.checks) {
    for (const ref of c.evidence) {
      const known = seen.get(ref.file) ?? records.get(ref.file);
      if (known) {
        if (!known.by.includes(c.id)) known.by.push(c.id);
        continue;
      }
      records.set(ref.file, { anchor: "", file: ref.file, sha256: ref.sha256, source: "transcript", by: [c.id] });
    }
  }
  items.push(...[...records.values()].sort((a, b) => a.file.localeCompare(b.file)));
  items.forEach((item, i) => (item.anchor = `evidence-${i + 1}`));
  return items;
}

/**
 * An attestation that contradicts what was observed for the same control: the assessor says the
 * control is met while one of its checks failed or one of its evidence documents is invalid, or
 * says it is not met while every check that concluded passed. The result follows the observation
 * (control-status.ts); the report must show the contradiction, not hide it.
 */
export interface AttestationConflict {
  control: string;
  attestation: AttestationRecord;
  /** The checks (or evidence files) whose result the attestation contradicts. */
  against: string[];
  message: Text;
}

export function attestationConflicts(report: Report): AttestationConflict[] {
  const out: AttestationConflict[] = [];
  for (const x of report.attestations) {
    const control = report.controls.find((c) => c.id === x.control);
    if (!control) continue;
    const checks = checksOf(report, control);
    const docs = report.evidence.filter((d) => control.evidence.includes(d.kind));
    const who = { ja: `${x.assessor}（${x.date}）`, en: `${x.assessor} (${x.date})` };
    if (x.decision === "pass") {
      const against = [...checks.filter((c) => c.status === "fail").map((c) => c.id), ...docs.filter((d) => !d.valid).map((d) => d.file)];
      if (against.length)
        out.push({
          control: control.id,
          attestation: x,
          against,
          message: {
            ja: `調査員の確認（${who.ja}）は${control.id}を適合としているが、${against.join("、")} は不適合を示している。判定は観測の結果による。`,
            en: `The attestation by ${who.en} says ${control.id} is met, but ${against.join(", ")} found it is not; the result follows the observation.`,
          },
        });
    } else {
      const concluded = checks.filter((c) => c.status !== "not-applicable" && c.status !== "manual");
      const passed = concluded.filter((c) => c.status === "pass" || c.status === "advisory");
      if (passed.length && passed.length === concluded.length && docs.every((d) => d.valid))
        out.push({
          control: control.id,
          attestation: x,
          against: passed.map((c) => c.id),
          message: {
            ja: `調査員の確認（${who.ja}）は${control.id}を不適合としているが、${passed.map((c) => c.id).join("、")} はいずれも適合を示している。`,
            en: `The attestation by ${who.en} says ${control.id} is not met, while ${passed.map((c) => c.id).join(", ")} found it met.`,
          },
        });
    }
  }
  return out;
}
