/**
 * Labels every human-readable renderer shares, in Japanese and English.
 *
 * Status labels follow the guideline notes §8 (the form a 指定調査機関 uses):
 * 適合 / 不適合 / 該当なし / 要確認 / 判定不能, plus 免除 for a control covered by an active waiver.
 * Only fixed vocabulary lives here; nothing in this file comes from the target.
 */
import type { Status, Text } from "../src/check/types.ts";
import type { Domain, Report, Severity, VerdictState } from "../src/report/types.ts";
import { InputError } from "../src/util/errors.ts";

export type Lang = "ja" | "en";
export const LANGS: readonly Lang[] = ["ja", "en"];

/** Parses a `--lang` value; anything else is a usage error (exit 2). */
export function parseLang(value: string): Lang {
  if (value === "ja" || value === "en") return value;
  throw new InputError(`--lang must be ja or en, not "${value}"`);
}

/** The text in the requested language (falls back to the other one when a translation is empty). */
export function pick(text: Text, lang: Lang): string {
  return text[lang] || text[lang === "ja" ? "en" : "ja"];
}

export const STATUS_LABEL: Record<Status, Text> = {
  pass: { ja: "適合", en: "Conformant" },
  fail: { ja: "不適合", en: "Nonconformant" },
  "not-applicable": { ja: "該当なし", en: "Not applicable" },
  manual: { ja: "要確認", en: "Needs review" },
  error: { ja: "判定不能", en: "Indeterminate" },
  waived: { ja: "免除", en: "Waived" },
  advisory: { ja: "観察事項", en: "Observation" },
};

/** A level's state (design §3a): 適合 / 不適合 / 判定保留. */
export const STATE_LABEL: Record<VerdictState, Text> = {
  conformant: { ja: "適合", en: "Conformant" },
  "not-conformant": { ja: "不適合", en: "Not conformant" },
  incomplete: { ja: "判定保留", en: "Incomplete" },
};

/** The overall verdict sentence for the assessed level in its state. */
export function verdictSentence(state: VerdictState, level: number, lang: Lang): string {
  const key = state === "conformant" ? "conformantAt" : state === "incomplete" ? "incompleteAt" : "notConformantAt";
  return t(key, lang, { n: level });
}

/** A state label, e.g. `判定保留` / `Incomplete`. */
export function stateLabel(state: VerdictState, lang: Lang): string {
  return pick(STATE_LABEL[state], lang);
}

/** Display order of statuses: the ones that need attention first. */
export const STATUS_ORDER: readonly Status[] = ["fail", "error", "manual", "waived", "advisory", "pass", "not-applicable"];

export const DOMAIN_LABEL: Record<Domain, Text> = {
  UA: { ja: "利用者認証", en: "User authentication" },
  RK: { ja: "記録管理", en: "Record keeping" },
  KM: { ja: "鍵管理", en: "Key management" },
  PT: { ja: "事業者の信頼性", en: "Provider trustworthiness" },
  SC: { ja: "署名鍵の活性化（鍵認可）", en: "Signature key activation (key authorization)" },
  SM: { ja: "署名活性化モジュール", en: "Signature activation module" },
  RG: { ja: "登録", en: "Registration" },
  SP: { ja: "利用停止", en: "Suspension" },
  AC: { ja: "認定認証業務（電子署名法）", en: "Accredited certification business (Electronic Signatures Act)" },
};

/** Domains in the order the guideline presents them. */
export const DOMAIN_ORDER: readonly Domain[] = ["UA", "RK", "KM", "PT", "SC", "SM", "RG", "SP", "AC"];

export const SEVERITY_LABEL: Record<Severity, Text> = {
  critical: { ja: "致命的", en: "Critical" },
  high: { ja: "高", en: "High" },
  medium: { ja: "中", en: "Medium" },
  low: { ja: "低", en: "Low" },
};

export const KIND_LABEL: Record<Report["assessment"]["kind"], Text> = {
  new: { ja: "新規調査", en: "New assessment" },
  annual: { ja: "年次調査", en: "Annual assessment" },
  change: { ja: "変更調査", en: "Change assessment" },
  "self-check": { ja: "自己点検", en: "Self-check" },
};

export const METHOD_LABEL: Record<"automated" | "evidence" | "attestation", Text> = {
  automated: { ja: "実地（システム試験）", en: "On-site (system test)" },
  evidence: { ja: "書面（証跡文書）", en: "Document review" },
  attestation: { ja: "実地（調査員確認）", en: "On-site (assessor's judgement)" },
};

/** Headings and fixed phrases of the Markdown, HTML, PDF and console reports. */
export const T = {
  reportTitle: { ja: "リモート署名サービス 調査報告書", en: "Remote Signing Service Assessment Report" },
  guideline: { ja: "JT2A/JNSA リモート署名ガイドラインに基づく調査", en: "Assessment against the JT2A/JNSA Remote Signature Guideline" },
  target: { ja: "調査対象", en: "Target" },
  endpoint: { ja: "接続先", en: "Endpoint" },
  assessmentId: { ja: "調査番号", en: "Assessment ID" },
  kind: { ja: "調査の種類", en: "Kind of assessment" },
  levelAssessed: { ja: "調査レベル", en: "Level assessed" },
  assessor: { ja: "調査員", en: "Assessor" },
  period: { ja: "調査期間", en: "Period" },
  intrusive: { ja: "侵襲的な試験", en: "Intrusive probes" },
  yes: { ja: "あり", en: "yes" },
  no: { ja: "なし", en: "no" },
  verdict: { ja: "判定", en: "Verdict" },
  overall: { ja: "総合判定", en: "Overall verdict" },
  conformantAt: { ja: "レベル{n}に適合", en: "Conformant at level {n}" },
  notConformantAt: { ja: "レベル{n}に不適合", en: "Not conformant at level {n}" },
  incompleteAt: { ja: "レベル{n}は判定保留（未決の確認事項あり）", en: "Level {n} incomplete (open items remain)" },
  highestLevel: { ja: "適合する最高レベル", en: "Highest conformant level" },
  // Not "level 1 not met": level 1 may be incomplete (判定保留) rather than not conformant.
  noneLevel: { ja: "なし", en: "none" },
  summaryHeading: { ja: "調査の概要及び結果", en: "Summary of the assessment and its results" },
  narrative: {
    ja: "{target}について、{kind}としてレベル{level}までの管理策{total}項目を調査した。結果は、適合{pass}、不適合{fail}、判定不能{error}、要確認{manual}、免除{waived}、該当なし{na}である。",
    en: "As a {kind}, {total} controls up to level {level} were assessed for {target}: {pass} conformant, {fail} nonconformant, {error} indeterminate, {manual} needing review, {waived} waived, {na} not applicable.",
  },
  byLevelHeading: { ja: "レベル別の判定", en: "Verdict per level" },
  level: { ja: "レベル", en: "Level" },
  blocking: { ja: "適合を妨げる管理策", en: "Blocking controls" },
  none: { ja: "なし", en: "none" },
  countsHeading: { ja: "判定の内訳", en: "Results by status" },
  domainCountsHeading: { ja: "分野別の内訳", en: "Results by domain" },
  checklistHeading: { ja: "調査項目チェックリスト", en: "Assessment checklist" },
  item: { ja: "調査項目", en: "Criterion" },
  result: { ja: "判定", en: "Result" },
  reason: { ja: "根拠", en: "Reason" },
  proof: { ja: "証跡", en: "Evidence" },
  method: { ja: "調査方法", en: "Method" },
  severity: { ja: "重要度", en: "Severity" },
  levels: { ja: "対象レベル", en: "Levels" },
  domainsHeading: { ja: "分野別の結果", en: "Results by domain" },
  findingsHeading: { ja: "指摘事項", en: "Findings" },
  findingsIntro: {
    ja: "指摘事項は、不適合（重大・軽微）、観察事項及び判定保留に分類し、番号を付す。一つの試験の結果が複数の管理策に関わる場合も、指摘事項は一件とし、関係する管理策を列挙する。",
    en: "Findings are classified as nonconformities (major, minor), observations and incomplete items, and numbered. A check whose result affects several controls is one finding listing those controls.",
  },
  findingId: { ja: "番号", en: "No." },
  findingClass: { ja: "区分", en: "Class" },
  findingCounts: { ja: "指摘事項の件数", en: "Number of findings" },
  affectedControls: { ja: "関係する管理策", en: "Controls affected" },
  basis: { ja: "判定の根拠", en: "Basis" },
  recommendation: { ja: "推奨事項", en: "Recommendation" },
  sourceCheck: { ja: "試験", en: "Check" },
  logWarning: { ja: "監査ログ検証の警告", en: "Audit log verification warning" },
  occurrences: { ja: "件数", en: "Occurrences" },
  line: { ja: "行", en: "Line" },
  seq: { ja: "連番", en: "Seq" },
  message: { ja: "内容", en: "Message" },
  severityWord: { ja: "深刻度", en: "Severity" },
  warning: { ja: "警告", en: "warning" },
  error: { ja: "エラー", en: "error" },
  noFindings: { ja: "指摘事項はありません。", en: "No findings." },
  statement: { ja: "要求事項", en: "Requirement" },
  references: { ja: "参照", en: "References" },
  checksRun: { ja: "試験", en: "Checks" },
  expected: { ja: "期待値", en: "Expected" },
  observed: { ja: "観測値", en: "Observed" },
  where: { ja: "確認箇所", en: "Where" },
  observedNote: {
    ja: "観測値は調査対象から得た値をそのまま記載している。",
    en: "Observed values are quoted as received from the target.",
  },
  waiversHeading: { ja: "適用除外（免除）", en: "Waivers" },
  waiverId: { ja: "番号", en: "ID" },
  scope: { ja: "対象", en: "Scope" },
  justification: { ja: "理由", en: "Justification" },
  approver: { ja: "承認者", en: "Approver" },
  expires: { ja: "有効期限", en: "Expires" },
  active: { ja: "状態", en: "State" },
  waiverActive: { ja: "有効", en: "active" },
  waiverExpired: { ja: "期限切れ（不適合として扱う）", en: "expired (counts as fail)" },
  attestationsHeading: { ja: "調査員による確認", en: "Assessor attestations" },
  control: { ja: "管理策", en: "Control" },
  date: { ja: "日付", en: "Date" },
  decision: { ja: "判断", en: "Decision" },
  logsHeading: { ja: "監査ログの検証結果", en: "Audit log verification" },
  logFile: { ja: "ファイル", en: "File" },
  records: { ja: "レコード数", en: "Records" },
  intact: { ja: "完全性", en: "Integrity" },
  intactYes: { ja: "改ざんなし", en: "intact" },
  intactNo: { ja: "改ざんあり", en: "tampered" },
  head: { ja: "次回調査のために保管する先頭値 (SEQ:HASH、タイムスタンプ付きファイルは NAME:HASH)", en: "Head to keep for the next assessment (SEQ:HASH; NAME:HASH for timestamped files)" },
  problems: { ja: "問題", en: "Problems" },
  evidenceHeading: { ja: "証跡一覧", en: "Evidence inventory" },
  evidenceKind: { ja: "種別", en: "Kind" },
  valid: { ja: "有効性", en: "Validity" },
  validYes: { ja: "有効", en: "valid" },
  validNo: { ja: "無効", en: "invalid" },
  collected: { ja: "取得日", en: "Collected" },
  catalogHeading: { ja: "管理策カタログ", en: "Control catalog" },
  catalogVersion: { ja: "版", en: "Version" },
  catalogDigest: { ja: "SHA-256", en: "SHA-256" },
  tool: { ja: "調査ツール", en: "Tool" },
  page: { ja: "ページ", en: "Page" },
  controls: { ja: "管理策", en: "Controls" },
  total: { ja: "計", en: "Total" },
  noneRecorded: { ja: "記録なし", en: "none recorded" },
  noLogs: { ja: "検証したログはありません。", en: "No log was verified." },
  noEvidence: { ja: "証跡文書はありません。", en: "No evidence document." },
  scopeHeading: { ja: "調査の範囲", en: "Scope" },
  boundary: { ja: "システムの境界", en: "System boundary" },
  service: { ja: "サービス", en: "Service" },
  serviceVersion: { ja: "サービスの版", en: "Service version" },
  sites: { ja: "拠点", en: "Sites" },
  exclusions: { ja: "除外事項", en: "Exclusions" },
  excludedCredentials: { ja: "対象外の署名鍵（クレデンシャル）", en: "Excluded credentials" },
  instrumentNote: { ja: "判定の対象とせず、事業者全体の挙動を調べる試験用にのみ使用", en: "not judged; used as a test instrument for provider-wide probes" },
  notStated: { ja: "記載なし", en: "not stated" },
  criteriaHeading: { ja: "調査基準", en: "Criteria" },
  criteriaText: { ja: "JT2A/JNSA リモート署名ガイドライン及び本ツールの管理策カタログ", en: "The JT2A/JNSA Remote Signature Guideline and this tool's control catalog" },
  profile: { ja: "カタログのプロファイル", en: "Catalog profile" },
  profileDefault: { ja: "既定（ガイドラインに従う）", en: "default (follows the guideline)" },
  methodHeading: { ja: "調査の方法", en: "Method" },
  methodText: {
    ja: "管理策ごとに、調査対象への試験（CSC API、HSM、証明書、TLS、OAuth 及び監査ログの検証）、証跡文書の確認、又は調査員による確認のいずれかで判定した。各判定は根拠（出典、条項及び要求の強さ）を示す。推奨事項（することが望ましい）からの逸脱は観察事項とし、不適合とはしない。",
    en: "Each control was judged by probes of the target (CSC API, HSM, certificates, TLS, OAuth and audit-log verification), by review of evidence documents, or by an assessor's attestation. Every judgement names its basis (source, clause and strength). Departures from a SHOULD are observations, not nonconformities.",
  },
  methodCount: { ja: "調査方法別の管理策数", en: "Controls per method" },
  parametersHeading: { ja: "使用したパラメータ", en: "Parameters used" },
  parameter: { ja: "パラメータ", en: "Parameter" },
  value: { ja: "値", en: "Value" },
  scheduleHeading: { ja: "調査の日程", en: "Schedule" },
  scheduled: { ja: "調査日程", en: "Scheduled" },
  probeRun: { ja: "試験の実施", en: "Probe run" },
  teamHeading: { ja: "調査の体制", en: "Assessment team" },
  organisation: { ja: "調査機関", en: "Assessor organisation" },
  assessors: { ja: "調査員", en: "Assessors" },
  reviewer: { ja: "査読者", en: "Reviewer" },
  issueHeading: { ja: "発行", en: "Issue" },
  issued: { ja: "発行日", en: "Issue date" },
  reportVersion: { ja: "報告書の版", en: "Report version" },
  signatureHeading: { ja: "署名欄", en: "Signatures" },
  role: { ja: "役割", en: "Role" },
  name: { ja: "氏名", en: "Name" },
  signature: { ja: "署名", en: "Signature" },
  tocHeading: { ja: "目次", en: "Contents" },
} satisfies Record<string, Text>;

/** A text in `lang` with its `{name}` placeholders filled in (an unknown name stays visible). */
export function fill(text: Text, lang: Lang, values: Record<string, string | number> = {}): string {
  return pick(text, lang).replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? `{${name}}`));
}

/** A fixed phrase, with `{name}` placeholders filled in. */
export function t(key: keyof typeof T, lang: Lang, values: Record<string, string | number> = {}): string {
  return fill(T[key], lang, values);
}

/** A status label, e.g. `不適合` / `Nonconformant`. */
export function statusLabel(status: Status, lang: Lang): string {
  return pick(STATUS_LABEL[status], lang);
}

/** A domain's name, e.g. `鍵管理` / `Key management`; an unknown code is shown as is. */
export function domainLabel(domain: string, lang: Lang): string {
  const label = (DOMAIN_LABEL as Record<string, Text | undefined>)[domain];
  return label ? pick(label, lang) : domain;
}
