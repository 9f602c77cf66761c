/**
 * Writes audit logs in the design §7 format for tests and the benchmark, and edits them the way an
 * attacker with write access to the file (but not the signing key) would.
 */
import { createHash, sign, type KeyObject } from "node:crypto";
import { CHECKPOINT_ALG, ZERO_HASH, checkpointMessage } from "../../../src/log/format.ts";

export const EVENTS = [
  "identity.proofing",
  "auth.login",
  "auth.failure",
  "key.generate",
  "key.activate",
  "credential.authorize",
  "signature.create",
  "key.destroy",
  "key.backup",
  "credential.suspend",
  "admin.action",
  "system.event",
] as const;

export const hashLine = (line: string): string => createHash("sha256").update(line, "utf8").digest("hex");

export interface LogWriterOptions {
  logId?: string;
  /** Signs checkpoints; without it checkpoints carry no signature. */
  key?: KeyObject;
  /** Signature encoding: DER (default, what the format says) or raw r‖s. */
  sigEncoding?: "der" | "raw";
  /** First record's time (ms). */
  start?: number;
  /** Milliseconds between records. */
  stepMs?: number;
  /** Checkpoint `alg` (default: the project's label). */
  alg?: string;
  /** Signs checkpoints instead of `key`: base64 signature of the signature input (e.g. by openssl). */
  signWith?: (message: Buffer) => string;
  /** Makes a checkpoint's RFC 3161 token (base64 DER) over its signature input; none without it. */
  timestamp?: (message: Buffer) => string;
}

/** Builds a chained log line by line. */
export class LogWriter {
  readonly lines: string[] = [];
  readonly #o: Required<Omit<LogWriterOptions, "key" | "timestamp" | "signWith">> & Pick<LogWriterOptions, "key" | "timestamp" | "signWith">;
  #prev = ZERO_HASH;
  #time: number;

  constructor(options: LogWriterOptions = {}) {
    this.#o = { logId: "test-log", sigEncoding: "der", alg: CHECKPOINT_ALG, start: Date.parse("2026-03-01T00:00:00.000Z"), stepMs: 1000, ...options };
    this.#time = this.#o.start;
  }

  get seq(): number {
    return this.lines.length;
  }

  /** Appends a record; `fields` override the defaults (event, actor, outcome, detail…). */
  record(fields: Record<string, unknown> = {}): string {
    const seq = this.seq;
    const event = (fields.event as string | undefined) ?? EVENTS[seq % EVENTS.length]!;
    const rec = {
      seq,
      time: new Date(this.#time).toISOString(),
      event,
      actor: `user-${seq % 7}`,
      credentialID: `cred-${seq % 13}`,
      outcome: event === "auth.failure" ? "failure" : "success",
      detail: { requestId: `req-${seq.toString(16).padStart(8, "0")}`, client: "192.0.2.10", note: "x".repeat(40) },
      ...fields,
      prev: this.#prev,
    };
    return this.#push(JSON.stringify(rec));
  }

  /** Appends a signed checkpoint over everything so far. */
  checkpoint(overrides: Record<string, unknown> = {}): string {
    const seq = this.seq;
    const detail: Record<string, unknown> = { logId: this.#o.logId, size: seq, head: this.#prev, alg: this.#o.alg };
    if (this.#o.signWith) detail.sig = this.#o.signWith(checkpointMessage(this.#o.logId, seq, this.#prev));
    else if (this.#o.key) detail.sig = signCheckpoint(this.#o.key, this.#o.logId, seq, this.#prev, this.#o.sigEncoding);
    if (this.#o.timestamp) detail.tst = this.#o.timestamp(checkpointMessage(this.#o.logId, seq, this.#prev));
    const rec = { seq, time: new Date(this.#time).toISOString(), event: "log.checkpoint", actor: "system", outcome: "success", detail: { ...detail, ...overrides }, prev: this.#prev };
    return this.#push(JSON.stringify(rec));
  }

  #push(line: string): string {
    this.lines.push(line);
    this.#prev = hashLine(line);
    this.#time += this.#o.stepMs;
    return line;
  }

  text(): string {
    return this.lines.map((l) => `${l}\n`).join("");
  }
}

export function signCheckpoint(key: KeyObject, logId: string, seq: number, head: string, encoding: "der" | "raw" = "der"): string {
  return sign("sha256", checkpointMessage(logId, seq, head), { key, dsaEncoding: encoding === "raw" ? "ieee-p1363" : "der" }).toString("base64");
}

/** A clean log: `records` records with a checkpoint every `every` lines and one at the end. */
export function cleanLog(records: number, every: number, options: LogWriterOptions = {}): LogWriter {
  const w = new LogWriter(options);
  while (w.seq < records) {
    if (w.seq > 0 && w.seq % every === 0) w.checkpoint();
    else w.record();
  }
  w.checkpoint();
  return w;
}

/**
 * What an attacker does after editing lines from `from` on: recompute every prev after it so the
 * chain is consistent again. Without `key` the checkpoints keep their old signatures but get the
 * new head and size (the best the attacker can do); with `key` they are re-signed.
 */
export function rechain(lines: readonly string[], from: number, key?: KeyObject, renumber = false): string[] {
  const out = lines.slice(0, from);
  for (let i = from; i < lines.length; i++) {
    const r = JSON.parse(lines[i]!) as Record<string, unknown> & { detail: Record<string, unknown> };
    r.prev = i === 0 ? ZERO_HASH : hashLine(out[i - 1]!);
    if (renumber) r.seq = i;
    if (r.event === "log.checkpoint") {
      r.detail = { ...r.detail, size: r.seq, head: r.prev };
      if (key) r.detail.sig = signCheckpoint(key, r.detail.logId as string, r.seq as number, r.prev as string);
    }
    out.push(JSON.stringify(r));
  }
  return out;
}

export const toText = (lines: readonly string[]): string => lines.map((l) => `${l}\n`).join("");

/** The lines with record `seq` parsed, changed by `change`, and written back (an attacker's edit, no re-chaining). */
export function editRecord(lines: readonly string[], seq: number, change: (r: Record<string, unknown>) => void): string[] {
  const out = [...lines];
  const r = JSON.parse(out[seq]!) as Record<string, unknown>;
  change(r);
  out[seq] = JSON.stringify(r);
  return out;
}
