/**
 * What the sealed layouts share: a folder of rotated log files listed and ordered by name, the
 * problems found (each with its file), and the checks of the rotation sequence, by name (a
 * counter that skips) and by record (seq or prev not continuing, time going back across files).
 */
import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { InputError, describeError } from "../util/errors.ts";
import type { VerifyOutcome } from "./chain-verifier.ts";
import type { FileFacts } from "./file-facts.ts";
import { MAX_PROBLEMS } from "./chain-verifier.ts";
import { severityOf, type ProblemCode, type VerifyProblem } from "./problems.ts";

/** How a provider protects its log (docs/AUDIT-LOG.md, "Layouts"). */
export type LogLayout = "chained" | "timestamped-files" | "signed-manifest";
export const LOG_LAYOUTS: readonly LogLayout[] = ["chained", "timestamped-files", "signed-manifest"];

/** A rotated log file: `.log`, `.jsonl` or `.ndjson`, optionally a rotation number, optionally gzipped. */
export const LOG_FILE = /\.(log|jsonl|ndjson)(\.\d+)?(\.gz)?$/;
/** A manifest of the signed-manifest layout. */
export const MANIFEST_FILE = /manifest[^/]*\.json$/;

/** Regular files of `dir` by name (hidden ones skipped); bad input when it is not a readable folder. */
export async function listFolder(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    return entries.filter((e) => e.isFile() && !e.name.startsWith(".")).map((e) => e.name);
  } catch (error) {
    throw new InputError([{ file: dir, message: `cannot read log folder: ${describeError(error)}` }]);
  }
}

/** Whether `path` is a folder (false when it does not exist: the caller reports that). */
export async function isFolder(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

/** Name order with digit runs compared as numbers (audit-9 before audit-10). */
export function byName(a: string, b: string): number {
  return a.localeCompare(b, "en", { numeric: true });
}

/** The layout of a folder from what it holds; undefined when nothing says. */
export function detectFolderLayout(names: readonly string[], tokenSuffix = ".tsr"): LogLayout | undefined {
  if (names.some((n) => MANIFEST_FILE.test(n))) return "signed-manifest";
  if (names.some((n) => n.endsWith(tokenSuffix))) return "timestamped-files";
  return undefined;
}

/** Problems of one folder verification, capped like the chain verifier's. */
export class Findings {
  readonly list: VerifyProblem[] = [];
  dropped = 0;
  constructor(
    readonly dir: string,
    readonly max = MAX_PROBLEMS,
  ) {}
  add(code: ProblemCode, file: string, message: string, line = 0, seq: number | null = null): void {
    if (this.list.length >= this.max) this.dropped++;
    else this.list.push({ code, severity: severityOf(code), file: join(this.dir, file), line, seq, message });
  }
  get intact(): boolean {
    return this.dropped === 0 && this.list.every((p) => p.severity !== "error");
  }
  /** The problems with the capped note, as VerifyOutcome lists them. */
  problems(): VerifyProblem[] {
    const sorted = [...this.list].sort((a, b) => byName(a.file, b.file) || a.line - b.line); // stable: file order, then as found
    if (this.dropped === 0) return sorted;
    return [...sorted, { code: "problems.capped", severity: "warning", file: this.dir, line: 0, seq: null, message: `${this.dropped} more problem(s) not listed (limit ${this.max})` }];
  }
}

const LAST_DIGITS = /^(.*?)(\d+)(\D*)$/;

/**
 * Gaps in a counter the names carry (audit-0001.log, audit-0002.log.gz, …): when every name is
 * the same text around its last run of digits, consecutive names must count up by one. Names
 * without one common pattern (dates across months, mixed prefixes) are left to the record checks.
 */
export function nameGaps(ordered: readonly string[]): Array<{ after: string; before: string; missing: string }> {
  const parts = ordered.map((n) => LAST_DIGITS.exec(n.replace(/\.gz$/, "")));
  if (parts.length < 2 || parts.some((p) => !p)) return [];
  const [, prefix, , suffix] = parts[0]!;
  if (parts.some((p) => p![1] !== prefix || p![3] !== suffix)) return [];
  const gaps: Array<{ after: string; before: string; missing: string }> = [];
  for (let i = 1; i < parts.length; i++) {
    const a = Number(parts[i - 1]![2]);
    const b = Number(parts[i]![2]);
    if (b > a + 1) gaps.push({ after: ordered[i - 1]!, before: ordered[i]!, missing: b === a + 2 ? `number ${a + 1}` : `numbers ${a + 1}–${b - 1}` });
  }
  return gaps;
}

/** Checks that file `b` continues file `a` (records in §7 form: seq, prev; any JSON lines: time); true when it reported a break. */
export function checkContinuity(f: Findings, a: string, fa: FileFacts, b: string, fb: FileFacts): boolean {
  const last = fa.last;
  const first = fb.first;
  if (!last || !first) return false;
  let gap = false;
  if (last.seq !== null && first.seq !== null && first.seq !== last.seq + 1) {
    const what = first.seq > last.seq + 1 ? `seqs ${last.seq + 1}–${first.seq - 1} are in no file` : `seq goes back from ${last.seq} to ${first.seq}`;
    f.add(first.seq > last.seq + 1 ? "rotation.gap" : "rotation.overlap", b, `${what}: ${a} ends at seq ${last.seq}, ${b} starts at seq ${first.seq}`, first.line, first.seq);
    gap = true;
  } else if (first.prev !== null && last.seq !== null && first.prev !== last.hash) {
    gap = true;
    f.add("rotation.gap", b, `the first record does not link to the last record of ${a} (prev ≠ its hash): records between them are missing or ${a} was replaced`, first.line, first.seq);
  }
  if (last.time !== null && first.time !== null && first.time < last.time) {
    f.add("rotation.overlap", b, `starts at ${first.time}, before ${a} ends (${last.time}): files out of rotation order`, first.line, first.seq);
    gap = true;
  }
  return gap;
}

/** A VerifyOutcome for a folder, from what the layout counted. */
export function folderOutcome(
  layout: Exclude<LogLayout, "chained">,
  f: Findings,
  counts: {
    records: number;
    files: number;
    seals: number;
    verifiedSeals: number;
    timestamped: number;
    first: FileFacts | null;
    last: FileFacts | null;
    head: VerifyOutcome["head"];
    /** timestamped-files: the last sealed file. */
    fileHead?: VerifyOutcome["fileHead"];
    sinceKeptHead?: VerifyOutcome["sinceKeptHead"];
    /** The file being written (the last, not yet sealed or listed): its records are the unprotected tail. */
    tail?: FileFacts | null;
  },
): VerifyOutcome {
  const intact = f.intact;
  return {
    layout,
    fileCount: counts.files,
    records: counts.records,
    checkpoints: counts.seals,
    signedCheckpoints: counts.verifiedSeals,
    timestampedCheckpoints: counts.timestamped,
    intact,
    head: intact ? counts.head : null,
    ...(counts.fileHead !== undefined ? { fileHead: intact ? counts.fileHead : null } : {}),
    ...(counts.sinceKeptHead ? { sinceKeptHead: counts.sinceKeptHead } : {}),
    unprotectedTail: counts.tail ? { firstSeq: counts.tail.first?.seq ?? null, records: counts.tail.records } : null,
    protectedUpTo: null,
    firstSeq: counts.first?.first?.seq ?? null,
    firstTime: counts.first?.first?.time ?? null,
    lastTime: counts.last?.last?.time ?? null,
    logId: null,
    problems: f.problems(),
    droppedProblems: f.dropped,
  };
}
