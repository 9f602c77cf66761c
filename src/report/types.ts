/**
 * report.json: the source of truth every renderer reads (design §6).
 * Schema: evidence-schemas/report.schema.json. Everything is ordered deterministically
 * (controls by ID, checks by ID) so that reports diff and hash cleanly.
 */
import type { KeptHead } from "../log/format.ts";
import type { Basis, CheckFamily, CheckStatus, ControlStatus, Message, Observation, Text } from "../check/types.ts";

export const REPORT_SCHEMA_ID = "rssp-audit/report/v1";

export type Level = 1 | 2 | 3;
export type Severity = "critical" | "high" | "medium" | "low";
export type Method = "automated" | "evidence" | "attestation";
/** AC: the accredited-CA layer (認定認証業務, 電子署名法), in force only under the accredited-ca profile. */
export type Domain = "UA" | "RK" | "KM" | "PT" | "SC" | "SM" | "RG" | "SP" | "AC";

/** A reference to an evidence file kept beside the report, with its digest. */
export interface EvidenceRef {
  /** Path relative to the report's folder, e.g. `evidence/checks/csc.sad.single-use/transcript.json`. */
  file: string;
  sha256: string;
}

export interface WaiverRecord {
  id: string;
  /** What it covers: a control ID or a check ID. */
  scope: { control?: string; check?: string };
  justification: string;
  approver: string;
  expires: string;
  /** false when expired at assessment time (an expired waiver counts as fail). */
  active: boolean;
}

export interface AttestationRecord {
  control: string;
  assessor: string;
  date: string;
  decision: "pass" | "fail";
  justification: string;
  evidenceRef?: string;
  expires?: string;
}

/** An assessment's explicit scope (assessment.yaml `scope`). */
export interface AssessmentScope {
  excludedCredentials: Array<{ id: string; reason: string; instrument?: boolean }>;
}

/** Where a control's levels come from (design §2; issue 16). */
export interface LevelBasis {
  kind: "guideline" | "derived" | "external";
  /** The text that assigns them (guideline or external), a catalog source ID. */
  source?: string;
  clause?: string;
  /** For derived levels: the project's one-line reading. */
  rationale?: Text;
  /** The profile whose reading set the levels; absent for the default. */
  profile?: string;
}

export interface ControlResult {
  id: string;
  domain: Domain;
  title: Text;
  statement: Text;
  status: ControlStatus;
  /** Named checks that were `advisory` (the control is satisfied; these are 観察事項 to report). */
  advisories: string[];
  levels: Level[];
  severity: Severity;
  phase: string;
  method: Method;
  checks: string[];
  evidence: string[];
  waiver: WaiverRecord | null;
  attestation: AttestationRecord | null;
  /** One line: why this status (the failing checks' summaries, the missing evidence…). */
  summary: Message;
  /** Where `levels` come from. */
  levelBasis?: LevelBasis;
  refs: Array<{ source: string; clause?: string; basis?: string; note?: string }>;
}

export interface CheckResult {
  id: string;
  family: CheckFamily;
  title: Text;
  status: CheckStatus;
  durationMs: number;
  summary: Message;
  observations: Observation[];
  evidence: EvidenceRef[];
  /** Stable fingerprint (control-independent: check + subject) so runs compare. */
  fingerprint: string;
}

/**
 * How a finding is classified (design §3a): 重大な不適合 (major) / 軽微な不適合 (minor) by the
 * severity of the controls it affects, 観察事項 (observation) for an advisory check, 判定保留
 * (incomplete) for a control left manual or in error.
 */
export type FindingClass = "major" | "minor" | "observation" | "incomplete";

export interface ReportFinding {
  /** `NC-01`, `OB-01`, `IN-01`: numbered within its prefix in a stable order (see src/report/findings.ts). */
  id: string;
  class: FindingClass;
  /** The check the finding comes from; absent when the control itself failed (evidence, attestation) or is open. */
  check?: string;
  /** Every control of the plan it affects, by ID. */
  controls: string[];
  /** A log verifier's warning (an observation): the log, the problem code, how many times it occurred. */
  log?: { file: string; code: string; count: number };
  /** The highest severity among those controls. */
  severity: Severity;
  /** Whether it blocks the assessed level. */
  blocking: boolean;
  /** Stable across runs: the check's fingerprint (check + subjects), or the control's ID. */
  fingerprint: string;
  summary: Message;
  /** The texts the departures rest on (deduplicated). */
  basis: Basis[];
}

export interface EvidenceDocResult {
  kind: string;
  file: string;
  sha256: string;
  valid: boolean;
  collected?: string;
  expires?: string;
  /** What is wrong with it, bilingual (a validator's own words quoted). */
  problems: Message[];
}

export interface LogProblem {
  code: string;
  line: number;
  seq: number | null;
  message: string;
}

export interface LogResult {
  file: string;
  records: number;
  intact: boolean;
  /** The verified head to keep for the next assessment: `SEQ:HASH`, or `NAME:HASH` for timestamped-files (`--expect-head`, `logs[].expectHead`). */
  head: KeptHead | null;
  problems: LogProblem[];
}

/**
 * A level's state (design §3a): `not-conformant` when a required control fails, `incomplete`
 * (判定保留) when none fails but some are manual or in error, else `conformant`.
 */
export type VerdictState = "conformant" | "not-conformant" | "incomplete";

export interface LevelVerdict {
  level: Level;
  conformant: boolean;
  state: VerdictState;
  /** Controls required at this level that are not pass / not-applicable / waived. */
  blocking: string[];
}

export interface AssessedSystem {
  boundary?: string;
  service?: string;
  version?: string;
  sites?: string[];
  exclusions?: Array<{ item: string; reason: string }>;
}

/** The formal fields of assessment.yaml `assessment:` that report.json records as they are. */
export const FORMAL_FIELDS = ["organisation", "assessors", "reviewer", "approver", "reportVersion", "issued", "schedule", "system"] as const;

export interface Report {
  schema: typeof REPORT_SCHEMA_ID;
  tool: { name: "rssp-audit"; version: string };
  assessment: {
    id: string;
    kind: "new" | "annual" | "change" | "self-check";
    target: { name: string; baseUrl?: string };
    level: Level;
    assessor?: string;
    /** The formal parts of the report (assessment.yaml `assessment:`), each absent when not configured. */
    organisation?: string;
    assessors?: string[];
    reviewer?: string;
    approver?: string;
    reportVersion?: string;
    issued?: string;
    schedule?: { from?: string; to?: string; note?: string };
    /** The scope: system boundary, service and version, sites, exclusions with their reasons. */
    system?: AssessedSystem;
    intrusive: boolean;
    startedAt: string;
    finishedAt: string;
    catalog: { version: string; sha256: string };
    parameters: Record<string, unknown>;
    /** The catalog profile selected (absent: the default profile, which follows the guideline where it speaks). */
    profile?: string;
    /** What the assessment left out, each with its reason (shown on every report's cover). */
    scope?: AssessmentScope;
  };
  verdict: {
    level: Level;
    conformant: boolean;
    /** The assessed level's state, counting the levels below it (cumulative). */
    state: VerdictState;
    /** 0 when L1 is not met. */
    highestConformantLevel: 0 | Level;
    blocking: string[];
    byLevel: LevelVerdict[];
  };
  controls: ControlResult[];
  checks: CheckResult[];
  /** One per failed or advisory check (or control-level failure, or open item), numbered stably. */
  findings: ReportFinding[];
  evidence: EvidenceDocResult[];
  logs: LogResult[];
  waivers: WaiverRecord[];
  attestations: AttestationRecord[];
}
