/**
 * The audit-log format of design §7, as constants and small pure functions.
 * Documented for people in docs/AUDIT-LOG.md; JSON Schema in evidence-schemas/audit-log.schema.json.
 *
 * Every value read from a log is attacker-controlled: an attacker who can write the log file
 * chooses every byte of it. Nothing here trusts a field's type or length until it is checked.
 */

/** `prev` of the record with seq 0: 64 zeros. */
export const ZERO_HASH = "0".repeat(64);

/**
 * The project's own label for ECDSA over P-256 with SHA-256 (what the reference RSSP writes). The
 * JOSE names and the OIDs are accepted too (signature-alg.ts).
 */
export const CHECKPOINT_ALG = "ecdsa-p256-sha256";

/** Domain-separation prefix of the checkpoint signature input (first line of the signed text). */
export const CHECKPOINT_CONTEXT = "rssp-log-checkpoint/v1";

/** The event name of a checkpoint record. */
export const CHECKPOINT_EVENT = "log.checkpoint";

/**
 * Longest line read into memory (records are ~300 bytes, checkpoints under 2 KiB). Longer lines
 * are still hashed, in a streaming way, so the chain check stays exact, but they are reported as
 * malformed rather than parsed: this is what keeps memory constant on hostile input.
 */
export const MAX_LINE_BYTES = 1 << 20;

/** A record's `outcome`. */
export type Outcome = "success" | "failure";

/** A log record as written (design §7). Fields beyond these are allowed. */
export interface LogRecord {
  seq: number;
  /** RFC 3339 UTC with milliseconds: `2026-01-02T03:04:05.678Z`. */
  time: string;
  event: string;
  actor: string;
  subject?: string;
  credentialID?: string;
  outcome: Outcome;
  detail: Record<string, unknown>;
  /** Lowercase hex SHA-256 of the previous line's exact bytes (without its `\n`). */
  prev: string;
}

/** `detail` of a `log.checkpoint` record. */
export interface CheckpointDetail {
  logId: string;
  /** Records before the checkpoint: equals the checkpoint's own seq. */
  size: number;
  /** Equals the checkpoint's own `prev`: the hash of the record before it. */
  head: string;
  /** `ecdsa-p256-sha256`, a JOSE name (ES256, ES384, ES512, RS256, PS256, EdDSA, …) or an algorithm OID. */
  alg: string;
  /** Standard base64 (padded) of the signature; ECDSA: DER, or raw r‖s. */
  sig: string;
  /** Optional RFC 3161 time-stamp token (base64 DER) over SHA-256 of the signature input. */
  tst?: string;
}

/** A position in the chain an assessor keeps between assessments (`--expect-head SEQ:HASH`). */
export interface ChainHead {
  seq: number;
  /** SHA-256 (lowercase hex) of the record's line. */
  hash: string;
}

/** The exact bytes a checkpoint signature covers: `rssp-log-checkpoint/v1\n<logId>\n<seq>\n<head>`. */
export function checkpointMessage(logId: string, seq: number, head: string): Buffer {
  return Buffer.from(`${CHECKPOINT_CONTEXT}\n${logId}\n${seq}\n${head}`, "utf8");
}

const CANONICAL_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\.\d{3}Z$/;

/**
 * Whether `time` is in the one accepted form, `YYYY-MM-DDTHH:MM:SS.sssZ` (RFC 3339, UTC,
 * milliseconds), with plausible field ranges. One fixed form makes timestamps comparable as
 * strings; the native scanner (native/log_scan.c, `canonical_time`) applies the same rule.
 */
export function isCanonicalTime(time: unknown): time is string {
  if (typeof time !== "string") return false;
  const m = CANONICAL_TIME.exec(time);
  if (!m) return false;
  const [mo, d, h, mi, s] = [m[2], m[3], m[4], m[5], m[6]].map(Number) as [number, number, number, number, number];
  return mo >= 1 && mo <= 12 && d >= 1 && d <= 31 && h <= 23 && mi <= 59 && s <= 60;
}

/** Whether `value` is 64 lowercase hex digits. */
export function isHash(value: unknown): value is string {
  return typeof value === "string" && /^[0-9a-f]{64}$/.test(value);
}

/** Parses `SEQ:HASH`; undefined when it is not in that form. */
export function parseHead(text: string): ChainHead | undefined {
  const m = /^(\d{1,15}):([0-9a-fA-F]{64})$/.exec(text.trim());
  return m ? { seq: Number(m[1]), hash: m[2]!.toLowerCase() } : undefined;
}

/**
 * What an assessor keeps of a timestamped-files folder (`--expect-head NAME:HASH`): the last
 * sealed file's name and the SHA-256 (lowercase hex) of its bytes as stored. Rotated files carry
 * no chain of their own across the folder, so the newest sealed file is the position to find again.
 */
export interface FileHead {
  file: string;
  hash: string;
}

/** A head kept between assessments: a position in a chain (chained, signed-manifest) or a sealed file (timestamped-files). */
export type KeptHead = ChainHead | FileHead;

/** Parses `SEQ:HASH` or `NAME:HASH` (a file name without a folder, not all digits); undefined otherwise. */
export function parseKeptHead(text: string): KeptHead | undefined {
  const chain = parseHead(text);
  if (chain) return chain;
  const m = /^([^/\\:\s]{1,255}):([0-9a-fA-F]{64})$/.exec(text.trim());
  return m && m[1] !== "." && m[1] !== ".." ? { file: m[1]!, hash: m[2]!.toLowerCase() } : undefined;
}

/** `SEQ:HASH` or `NAME:HASH`, the form `--expect-head` takes back. */
export function formatHead(head: KeptHead): string {
  return "file" in head ? `${head.file}:${head.hash}` : `${head.seq}:${head.hash}`;
}
