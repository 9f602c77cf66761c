/**
 * report.json: the source of truth every renderer reads (design §6).
 * Schema: evidence-schemas/report.schema.json. Everything is ordered deterministically
 * (controls by ID, checks by ID) so that reports diff and hash cleanly.
 */
import type { CheckFamily, CheckStatus, Observation, Status, Text } from "../check/types.ts";

export const REPORT_SCHEMA_ID = "rssp-audit/report/v1";

export type Level = 1 | 2 | 3;
export type Severity = "critical" | "high" | "medium" | "low";
export type Method = "automated" | "evidence" | "attestation";
export type Domain = "UA" | "RK" | "KM" | "PT" | "SC" | "SM" | "RG" | "SP";

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

export interface ControlResult {
  id: string;
  domain: Domain;
  title: Text;
  statement: Text;
  status: Status;
  levels: Level[];
  severity: Severity;
  phase: string;
  method: Method;
  checks: string[];
  evidence: string[];
  waiver: WaiverRecord | null;
  attestation: AttestationRecord | null;
  /** One line: why this status (the first failing check's summary, the missing evidence…). */
  summary: string;
  refs: Array<{ source: string; clause?: string; basis?: string; note?: string }>;
}

export interface CheckResult {
  id: string;
  family: CheckFamily;
  title: Text;
  status: CheckStatus;
  durationMs: number;
  summary: string;
  observations: Observation[];
  evidence: EvidenceRef[];
  /** Stable fingerprint (control-independent: check + subject) so runs compare. */
  fingerprint: string;
}

export interface EvidenceDocResult {
  kind: string;
  file: string;
  sha256: string;
  valid: boolean;
  collected?: string;
  expires?: string;
  problems: string[];
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
  /** The verified head to keep for the next assessment (`--expect-head SEQ:HASH`). */
  head: { seq: number; hash: string } | null;
  problems: LogProblem[];
}

export interface LevelVerdict {
  level: Level;
  conformant: boolean;
  /** Controls required at this level that are not pass / not-applicable / waived. */
  blocking: string[];
}

export interface Report {
  schema: typeof REPORT_SCHEMA_ID;
  tool: { name: "rssp-audit"; version: string };
  assessment: {
    id: string;
    kind: "new" | "annual" | "change" | "self-check";
    target: { name: string; baseUrl?: string };
    level: Level;
    assessor?: string;
    intrusive: boolean;
    startedAt: string;
    finishedAt: string;
    catalog: { version: string; sha256: string };
    parameters: Record<string, unknown>;
  };
  verdict: {
    level: Level;
    conformant: boolean;
    /** 0 when L1 is not met. */
    highestConformantLevel: 0 | Level;
    blocking: string[];
    byLevel: LevelVerdict[];
  };
  controls: ControlResult[];
  checks: CheckResult[];
  evidence: EvidenceDocResult[];
  logs: LogResult[];
  waivers: WaiverRecord[];
  attestations: AttestationRecord[];
}
