/**
 * Layout `timestamped-files`: a folder of rotated log files (plain or `.gz`), each sealed by a
 * detached RFC 3161 time-stamp token over its bytes as stored (`audit-0001.log.gz.tsr`, or the
 * configured naming rule). What a seal proves, and what is checked (docs/AUDIT-LOG.md):
 *  - the token is valid and from a trusted TSA whose path was valid at genTime (timestamp-token.ts);
 *  - its imprint is the file's digest now, in the algorithm the token names: else the file was
 *    modified (or truncated, when it also ends early);
 *  - genTime is not before the file's last record (records written after sealing), not after the
 *    next file's first record (sealed after the rotation), and not more than the late-seal
 *    threshold after the last record (the file lay open to change for that long);
 *  - every file has a token, every token a file; the rotation has no gap (name counter, seq, prev,
 *    record time);
 *  - against `--expect-head NAME:HASH`, the last sealed file the assessor kept is still there,
 *    unchanged and sealed (files rotated in after it are expected, and counted).
 * Files are read one at a time, streamed: memory does not grow with the folder.
 */
import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { InputError, describeError } from "../util/errors.ts";
import type { VerifyOutcome } from "./chain-verifier.ts";
import { TST_CLOCK_TOLERANCE_MS } from "./chain-verifier.ts";
import { scanLogFile, type FileFacts } from "./file-facts.ts";
import { Findings, LOG_FILE, byName, checkContinuity, folderOutcome, listFolder, nameGaps } from "./folder.ts";
import type { FileHead } from "./format.ts";
import { imprintHashOf, tokenFromTsr, verifyTimestampToken, type TsaTrust } from "./timestamp-token.ts";

import { DEFAULT_MAX_ROTATION_GAP_SECONDS, DEFAULT_MAX_SEAL_DELAY_SECONDS } from "./seal-defaults.ts";
/** Default naming rule: the token of `audit-0001.log.gz` is `audit-0001.log.gz.tsr`. */
export const DEFAULT_TOKEN_NAME = "{name}.tsr";
/** Tokens are small (a few KiB); anything larger is not read. */
const MAX_TOKEN_BYTES = 1 << 20;

export interface TimestampedOptions {
  tsaTrust: TsaTrust;
  /** Naming rule of a file's token: `{name}` the file's name, `{stem}` it without `.gz` and the log extension. */
  tokenName?: string;
  maxSealDelaySeconds?: number;
  /** Longest time from a file's last record to the next file's first (catalog `log.rotation.maxGapSeconds`). */
  maxRotationGapSeconds?: number;
  /** The last sealed file the assessor kept from an earlier assessment, and its SHA-256. */
  expectHead?: FileHead;
  maxProblems?: number;
}

/** The token name for `file` under `rule`. */
export function tokenNameFor(file: string, rule = DEFAULT_TOKEN_NAME): string {
  const stem = file.replace(/\.gz$/, "").replace(/\.(log|jsonl|ndjson)(\.\d+)?$/, "");
  return rule.replaceAll("{name}", file).replaceAll("{stem}", stem);
}

/** Checks a naming rule: it must name the file, so that two files never share a token. */
export function checkTokenRule(rule: string): void {
  if (!rule.includes("{name}") && !rule.includes("{stem}")) throw new InputError(`token naming rule "${rule.slice(0, 80)}" must contain {name} or {stem}`);
  if (rule.includes("/")) throw new InputError(`token naming rule "${rule.slice(0, 80)}" must name a file in the same folder`);
}

export async function verifyTimestampedFolder(dir: string, o: TimestampedOptions): Promise<VerifyOutcome> {
  const rule = o.tokenName ?? DEFAULT_TOKEN_NAME;
  checkTokenRule(rule);
  const maxDelayMs = (o.maxSealDelaySeconds ?? DEFAULT_MAX_SEAL_DELAY_SECONDS) * 1000;
  const maxGapMs = (o.maxRotationGapSeconds ?? DEFAULT_MAX_ROTATION_GAP_SECONDS) * 1000;
  const names = await listFolder(dir);
  const present = new Set(names);
  const tokenNames = new Set(names.filter((n) => LOG_FILE.test(n)).map((n) => tokenNameFor(n, rule)));
  const logs = names.filter((n) => LOG_FILE.test(n) && !tokenNames.has(n)).sort(byName);
  const isLog = new Set(logs);
  const f = new Findings(dir, o.maxProblems);
  if (logs.length === 0) f.add("log.empty", "", "no log file (*.log, *.jsonl, *.ndjson, optionally .gz) in the folder");
  const tokenOf = new Map(logs.map((n) => [tokenNameFor(n, rule), n]));
  // A token whose file is gone: the token names the file by the rule, so the name is known.
  for (const n of names) {
    if (tokenOf.has(n)) continue;
    const owner = logs.length === 0 && n.endsWith(".tsr") ? n.slice(0, -4) : deriveFileName(n, rule);
    if (owner !== undefined && !isLog.has(owner)) f.add("file.deleted", n, `time-stamp token without its file ${owner}: the file was deleted or renamed`);
  }
  for (const gap of nameGaps(logs)) f.add("rotation.gap", gap.before, `file ${gap.missing} missing between ${gap.after} and ${gap.before} in the rotation sequence`);

  let records = 0;
  let tail: FileFacts | null = null;
  let seals = 0;
  let verified = 0;
  let chained = 0;
  let unchecked = 0;
  let prev: { name: string; facts: FileFacts; genTime: number | null } | null = null;
  let firstFacts: FileFacts | null = null;
  let lastSealed: FileHead | null = null;
  const kept = o.expectHead;
  let keptSeen: { sha256: string } | null = null;
  const since = { files: 0, records: 0 };
  for (const name of logs) {
    const tokenFile = tokenNameFor(name, rule);
    const token = present.has(tokenFile) ? await readToken(join(dir, tokenFile)) : undefined;
    const hash = token && "token" in token ? (imprintHashOf(token.token) ?? "sha256") : "sha256";
    let facts: FileFacts;
    try {
      facts = await scanLogFile(join(dir, name), [hash, "sha256"]); // sha256 too: the head names the file by it
    } catch (error) {
      throw new InputError([{ file: join(dir, name), message: describeError(error) }]);
    }
    firstFacts ??= facts;
    records += facts.records;
    let genTime: number | null = null;
    // The last file in the rotation, unsealed, is the one being written (sealed when it is closed):
    // its records are the unprotected tail, as after a chained log's last checkpoint (when the
    // files before it are sealed: a folder with no token at all is unsealed throughout).
    if (keptSeen) {
      since.files++;
      since.records += facts.records;
    }
    if (name === kept?.file) keptSeen = { sha256: facts.digests.sha256! };
    if (token) lastSealed = { file: name, hash: facts.digests.sha256! };
    if (name === kept?.file && !token) f.add("file.unsealed", name, `no time-stamp token (${tokenFile}), though it is the sealed head kept from the earlier assessment: its token was removed`);
    else if (!token && name === logs.at(-1) && (seals > 0 || logs.length === 1)) {
      tail = facts;
      f.add("tail.unprotected", name, `no time-stamp token yet (${tokenFile}; the file being written?): its ${facts.records} record(s) are not sealed`);
    } else if (!token) f.add("file.unsealed", name, `no time-stamp token (${tokenFile}): the file's content is not sealed`);
    else {
      seals++;
      if ("error" in token) f.add("tst.invalid", tokenFile, token.error);
      else {
        const verdict = verifyTimestampToken(token.token, { digestOf: (h) => (h === hash ? Buffer.from(facts.digests[h]!, "hex") : undefined), what: name }, o.tsaTrust);
        if (!verdict.ok) {
          if (verdict.code === "tst.imprint-mismatch") {
            if (facts.truncated) f.add("file.truncated", name, `${facts.truncated}; its token ${tokenFile} covers other bytes: the file was cut after sealing`, facts.last?.line ?? 0, facts.last?.seq ?? null);
            else f.add("file.modified", name, `the file's ${hash} no longer matches its token ${tokenFile}: modified after sealing`);
          } else f.add(verdict.code, tokenFile, verdict.message);
        } else {
          verified++;
          if (verdict.trust === "chained") chained++;
          else unchecked++;
          genTime = verdict.genTime.getTime();
          const at = verdict.genTime.toISOString();
          const last = facts.last;
          if (last?.time) {
            const lastMs = Date.parse(last.time);
            if (lastMs > genTime + TST_CLOCK_TOLERANCE_MS) f.add("seal.early", name, `last record dated ${last.time}, after the token's genTime ${at}: records added after sealing, or the log's clock runs ahead`, last.line, last.seq);
            else if (genTime - lastMs > maxDelayMs) f.add("seal.late", name, `sealed ${at}, ${Math.round((genTime - lastMs) / 60_000)} min after its last record (${last.time}), beyond the ${maxDelayMs / 1000} s threshold: the file lay unsealed`);
          }
        }
      }
    }
    if (prev) {
      if (!checkContinuity(f, prev.name, prev.facts, name, facts)) checkTimeGap(f, prev.name, prev.facts, name, facts, maxGapMs);
      const firstTime = facts.first?.time;
      if (prev.genTime !== null && firstTime && Date.parse(firstTime) < prev.genTime - TST_CLOCK_TOLERANCE_MS) {
        f.add("seal.after-next", prev.name, `sealed ${new Date(prev.genTime).toISOString()}, after the next file ${name} had started (${firstTime}): it stayed writable past the rotation`);
      }
    }
    prev = { name, facts, genTime };
  }
  if (kept) checkKeptHead(f, kept, keptSeen, logs);
  if (unchecked > 0) f.add("tst.chain-unchecked", "", `the TSA of ${unchecked} token(s) was not checked: it does not chain to the log's trust anchors and no TSA trust anchor was given`);
  return folderOutcome("timestamped-files", f, { records, files: logs.length, seals, verifiedSeals: verified, timestamped: chained, first: firstFacts, last: prev?.facts ?? null, head: null, fileHead: lastSealed, sinceKeptHead: kept && keptSeen?.sha256 === kept.hash ? since : undefined, tail });
}

/**
 * The kept head against the folder: the file is there with the same SHA-256 (later files are
 * the rotation going on), else it was replaced (and re-sealed, or file.modified says more), or
 * removed: from the end (head.truncated: nothing sorts after it) or from the middle.
 */
function checkKeptHead(f: Findings, kept: FileHead, seen: { sha256: string } | null, logs: readonly string[]): void {
  const short = (h: string): string => `${h.slice(0, 16)}…`;
  if (seen) {
    if (seen.sha256 !== kept.hash) f.add("head.rewritten", kept.file, `has SHA-256 ${short(seen.sha256)}, the assessor kept ${short(kept.hash)}: the last sealed file was replaced since the earlier assessment`);
    return;
  }
  const last = logs.at(-1);
  if (last === undefined || byName(last, kept.file) < 0) f.add("head.truncated", "", `the rotation ends ${last ? `at ${last}` : "with no file"}, before the kept head ${kept.file}: sealed files were removed from the end`);
  else f.add("head.rewritten", "", `the kept head ${kept.file} is gone though later files (up to ${last}) are there: it was deleted or renamed`);
}

/**
 * A rotation gap only the records' times reveal: names consecutive, no seq or prev to follow (or
 * the gap already reported by them), but the next file starts long after this one ended, so a
 * whole file (and its token) was deleted and the later ones renamed, or no file covers a period.
 */
function checkTimeGap(f: Findings, a: string, fa: FileFacts, b: string, fb: FileFacts, maxGapMs: number): void {
  const last = fa.last?.time;
  const first = fb.first;
  if (!last || !first?.time) return;
  const gapMs = Date.parse(first.time) - Date.parse(last);
  if (!(gapMs > maxGapMs)) return;
  f.add("rotation.gap", b, `starts ${first.time}, ${Math.round(gapMs / 60_000)} min after ${a} ends (${last}), beyond the ${maxGapMs / 1000} s rotation gap threshold: a file is missing from the rotation, or no file covers that period`, first.line, first.seq);
}

/** The file a token name stands for under `rule`, when the rule is `{name}` with a fixed prefix/suffix. */
function deriveFileName(token: string, rule: string): string | undefined {
  const [before, after] = rule.split("{name}");
  if (after === undefined || before!.includes("{stem}") || after.includes("{stem}")) return undefined;
  if (!token.startsWith(before!) || !token.endsWith(after) || token.length <= before!.length + after.length) return undefined;
  const file = token.slice(before!.length, token.length - after.length);
  return LOG_FILE.test(file) ? file : undefined;
}

async function readToken(file: string): Promise<{ token: Uint8Array } | { error: string }> {
  try {
    const s = await stat(file);
    if (s.size > MAX_TOKEN_BYTES) return { error: `${s.size} bytes: too large for a time-stamp token` };
    return tokenFromTsr(await readFile(file));
  } catch (error) {
    return { error: `cannot read: ${describeError(error)}` };
  }
}
