/**
 * A second, content-level pass over a log for the record-keeping checks: which event classes
 * occur, which records lack required fields, and which carry secrets. Streams line by line
 * (JSON.parse per line; lines the chain verifier calls malformed are skipped here) and keeps only
 * counts and a bounded number of examples, so memory stays constant.
 */
import { MAX_LINE_BYTES, isCanonicalTime } from "./format.ts";
import { REQUIRED_EVENT_CLASSES } from "./events.ts";
import { readGzipPieces, readPieces } from "./line-reader.ts";
import { findSecrets, type KnownSecret, type SecretKind } from "./secrets-scan.ts";

/** Examples kept per kind of finding. */
const EXAMPLES = 50;

export type RequiredField = "time" | "event" | "actor" | "outcome";

export interface FieldGap {
  /** The file, when the log spans several (a folder layout). */
  file?: string;
  line: number;
  seq: number | null;
  missing: RequiredField[];
}

export interface SecretHit {
  file?: string;
  line: number;
  seq: number | null;
  kind: SecretKind;
  where: string;
}

export interface ContentFacts {
  records: number;
  /** Records per required event class ID. */
  classCounts: Record<string, number>;
  recordsMissingFields: number;
  fieldGaps: FieldGap[];
  secretRecords: number;
  secrets: SecretHit[];
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * Scans `files` (one log file, or the files of a folder layout, `.gz` decompressed as it goes);
 * `known` are literal secret values to look for. With several files, each hit names its file.
 */
export async function scanLogContent(files: string | readonly string[], known: readonly KnownSecret[] = []): Promise<ContentFacts> {
  const list = typeof files === "string" ? [files] : files;
  const facts: ContentFacts = {
    records: 0,
    classCounts: Object.fromEntries(REQUIRED_EVENT_CLASSES.map((c) => [c.id, 0])),
    recordsMissingFields: 0,
    fieldGaps: [],
    secretRecords: 0,
    secrets: [],
  };
  for (const file of list) {
    const where = list.length > 1 ? file : undefined;
    let line = 0;
    for await (const piece of file.endsWith(".gz") ? readGzipPieces(file) : readPieces(file)) {
      if (piece.kind === "long-line") {
        line++;
        facts.records++;
        continue;
      }
      let pos = piece.start;
      while (pos < piece.end) {
        const nl = piece.buf.indexOf(10, pos);
        const bytes = piece.buf.subarray(pos, nl);
        pos = nl + 1;
        line++;
        facts.records++;
        if (bytes.length > MAX_LINE_BYTES) continue;
        let record: unknown;
        try {
          record = JSON.parse(utf8.decode(bytes));
        } catch {
          continue; // malformed: the chain check reports it
        }
        if (typeof record !== "object" || record === null || Array.isArray(record)) continue;
        inspectRecord(record as Record<string, unknown>, line, facts, known, where);
      }
    }
  }
  return facts;
}

function inspectRecord(r: Record<string, unknown>, line: number, facts: ContentFacts, known: readonly KnownSecret[], file?: string): void {
  const seq = Number.isSafeInteger(r.seq) ? (r.seq as number) : null;
  const event = typeof r.event === "string" ? r.event : undefined;
  for (const c of REQUIRED_EVENT_CLASSES) if (event && c.matches(event, r.outcome)) facts.classCounts[c.id]!++;
  const missing: RequiredField[] = [];
  if (!isCanonicalTime(r.time)) missing.push("time");
  if (!event) missing.push("event");
  if (typeof r.actor !== "string" || r.actor === "") missing.push("actor");
  if (r.outcome !== "success" && r.outcome !== "failure") missing.push("outcome");
  if (missing.length > 0) {
    facts.recordsMissingFields++;
    if (facts.fieldGaps.length < EXAMPLES) facts.fieldGaps.push({ ...(file ? { file } : {}), line, seq, missing });
  }
  const found = findSecrets(r, known);
  if (found.length > 0) {
    facts.secretRecords++;
    for (const f of found) if (facts.secrets.length < EXAMPLES) facts.secrets.push({ ...(file ? { file } : {}), line, seq, kind: f.kind, where: f.where });
  }
}
