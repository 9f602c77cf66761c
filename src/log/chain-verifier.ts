/**
 * The chain verifier: a state machine fed with scanned chunks (line-facts.ts), in log order,
 * across one or many files (segments continue the chain). It holds only the last WINDOW lines,
 * so memory stays constant whatever the log's size.
 *
 * Hot loop: a line the scanner flagged FAST whose seq is the one expected is accepted with two
 * comparisons. Every other line (checkpoints, the first line of a chunk scanned in a worker, and
 * anything odd) goes through `careful`, which re-parses it with JSON.parse and decides alone:
 * it never trusts a flag, so the result does not depend on the scanner.
 *
 * Classifying a broken link (prev ≠ hash of the line before), using the recent lines:
 *  - prev matches the line two back → the line between is not part of the chain: inserted, or,
 *    when its seq comes after ours, the two are swapped (reordered);
 *  - prev matches a line further back → the lines between are inserted, or this record was moved
 *    here from where a seq went missing (reordered);
 *  - prev matches nothing, seq is the next one → the line before was modified;
 *  - prev matches nothing, seq jumps → records deleted (held back for WINDOW lines in case the
 *    missing seq turns up later, which makes it a reordering).
 * An attacker who re-chains everything after an edit defeats all of this; only checkpoint
 * signatures catch that, which is why a bad signature names the range it leaves unprotected.
 */
import type { LogSigner } from "./signing-cert.ts";
import { verifyTimestampToken, type TsaTrust } from "./timestamp-token.ts";
import { CHECKPOINT_EVENT, MAX_LINE_BYTES, ZERO_HASH, checkpointMessage, isCanonicalTime, isHash, type ChainHead, type FileHead } from "./format.ts";
import { FAST, type LineBatch } from "./line-facts.ts";
import { ACCEPTED_ALG_NAMES, resolveAlg } from "./signature-alg.ts";
import { severityOf, type ProblemCode, type VerifyProblem } from "./problems.ts";

/** How many recent lines are remembered for classifying breaks. */
export const WINDOW = 64;
/** How far a checkpoint's time may run ahead of its time-stamp token's genTime (clock skew). */
export const TST_CLOCK_TOLERANCE_MS = 60_000;
/** Problems kept in memory per log; beyond that they are only counted. */
export const MAX_PROBLEMS = 10_000;

const CAREFUL = 0x40; // scratch bit in flags: this line went through `careful`
const DISPLACED = 0x80; // scratch bit: this line was reported as out of place

export interface VerifierOptions {
  /** Verifies checkpoint signatures; without it signatures are reported as unverified. */
  signer?: LogSigner;
  /** A certificate was given but is unusable (already reported): don't add `checkpoint.unverified`. */
  signerUnusable?: boolean;
  /** A head kept from an earlier assessment: the record at its seq must still have its hash. */
  expectHead?: ChainHead;
  /** Which TSAs to trust for checkpoints' time-stamp tokens; without anchors their TSA is not checked. */
  tsaTrust?: TsaTrust;
  maxProblems?: number;
}

/** What the verifier concludes about one log (one or many segments). */
export interface VerifyOutcome {
  /** Set for the sealed layouts (folder.ts); a chained log leaves it out. */
  layout?: "timestamped-files" | "signed-manifest";
  /** Log files in the folder (sealed layouts). */
  fileCount?: number;
  /** Lines read, malformed ones included. */
  records: number;
  checkpoints: number;
  /** Checkpoints whose signature verified. */
  signedCheckpoints: number;
  /** Checkpoints with a valid RFC 3161 token from a trusted TSA, consistent with their time. */
  timestampedCheckpoints: number;
  /** No error-severity problem. */
  intact: boolean;
  /** The last record: what `--expect-head` takes next time. Null when empty or not intact. */
  head: ChainHead | null;
  /** timestamped-files: the last sealed file, what `--expect-head NAME:HASH` takes next time. Null when none or not intact. */
  fileHead?: FileHead | null;
  /** timestamped-files with `--expect-head`: the kept head file found unchanged, and what was rotated in after it. */
  sinceKeptHead?: { files: number; records: number };
  /** Records after the last checkpoint (null when there are none); `records` null when seqs are unknown. */
  unprotectedTail: { firstSeq: number | null; records: number | null } | null;
  /** The last record whose chain a valid signed checkpoint covers, if any. */
  protectedUpTo: number | null;
  firstSeq: number | null;
  /** Time of the first and last records with a valid time. */
  firstTime: string | null;
  lastTime: string | null;
  logId: string | null;
  problems: VerifyProblem[];
  /** Problems beyond MAX_PROBLEMS, counted but not kept. */
  droppedProblems: number;
}

interface LineInfo {
  hash: Uint8Array;
  seq: number | null;
  line: number;
  file: string;
  displaced: boolean;
}

interface PendingGap {
  from: number;
  to: number;
  line: number;
  file: string;
}

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
const hex = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, 32).toString("hex");
const range = (from: number, to: number): string => (from === to ? `seq ${from}` : `seqs ${from}–${to}`);

export class ChainVerifier {
  readonly #opts: VerifierOptions;
  readonly #maxProblems: number;
  #file = "";
  readonly #fileOrder: string[] = [];
  #lineNo = 1; // next line's number in the current file
  #records = 0;
  #expected = 0;
  #lastTime: string | null = null;
  #firstTime: string | null = null;
  #firstSeq: number | null = null;
  #maxSeq = -1;
  #last: LineInfo | null = null;
  #ring: LineInfo[] = [];
  #pending: PendingGap[] = [];
  #problems: VerifyProblem[] = [];
  #dropped = 0;
  #checkpoints = 0;
  #signed = 0;
  #unverified = 0;
  #timestamped = 0;
  #tstUnchecked = 0;
  #logId: string | null = null;
  #lastCheckpointSeq: number | null = null;
  #lastGoodCheckpointSeq: number | null = null;
  #tailStart: { line: number; seq: number | null; file: string } | null = null;
  #expectFound = false;

  constructor(options: VerifierOptions = {}) {
    this.#opts = options;
    this.#maxProblems = options.maxProblems ?? MAX_PROBLEMS;
  }

  /** The next lines come from `file` (line numbers restart at 1; the chain continues). */
  startFile(file: string): void {
    const t = this.#tailStart;
    // A checkpoint on the previous file's last line: the unprotected part starts in this file.
    if (t && this.#last && t.file === this.#last.file && t.line > this.#last.line) this.#tailStart = { ...t, line: 1, file };
    this.#file = file;
    if (!this.#fileOrder.includes(file)) this.#fileOrder.push(file);
    this.#lineNo = 1;
  }

  /** Records a problem located outside any line (line 0), e.g. about the certificate. */
  report(code: ProblemCode, message: string, line = 0, seq: number | null = null, file = this.#file): void {
    if (this.#problems.length >= this.#maxProblems) {
      this.#dropped++;
      return;
    }
    this.#problems.push({ code, severity: severityOf(code), file, line, seq, message });
  }

  /** Lines scanned from `chunk` starting at byte `start`: `count` entries of `batch`. */
  lines(chunk: Uint8Array, start: number, batch: LineBatch, count: number, unterminated = false): void {
    if (count === 0) return;
    const { flags, seqs, ends } = batch;
    const firstLine = this.#lineNo;
    this.#firstTime ??= firstTimeOf(chunk, batch, count);
    let expected = this.#expected;
    let lineStart = start;
    for (let j = 0; j < count; j++) {
      if (flags[j] === FAST && seqs[j] === expected) {
        expected++;
        lineStart = ends[j]! + 1;
        continue;
      }
      this.#expected = expected;
      if (j > 0 && !(flags[j - 1]! & CAREFUL)) this.#lastTime = timeAt(chunk, batch, j - 1);
      this.#lineNo = firstLine + j;
      const here: LineInfo = { hash: batch.hashes.subarray(32 * j, 32 * j + 32), seq: null, line: this.#lineNo, file: this.#file, displaced: false };
      const recent = (k: number): LineInfo | undefined => (j - k >= 0 ? this.#infoAt(batch, j - k, firstLine) : this.#ring[this.#ring.length + (j - k)]);
      this.#careful(here, chunk.subarray(lineStart, ends[j]), recent);
      seqs[j] = here.seq ?? -1;
      flags[j] = flags[j]! | CAREFUL | (here.displaced ? DISPLACED : 0);
      expected = this.#expected;
      lineStart = ends[j]! + 1;
    }
    this.#expected = expected;
    const lastJ = count - 1;
    if (!(flags[lastJ]! & CAREFUL)) this.#lastTime = timeAt(chunk, batch, lastJ);
    if (this.#records === 0) {
      const s = seqs[0]!;
      this.#firstSeq = s >= 0 ? s : null;
      this.#tailStart ??= { line: firstLine, seq: this.#firstSeq, file: this.#file };
    }
    for (let j = Math.max(0, count - WINDOW); j < count; j++) this.#ring.push(this.#infoAt(batch, j, firstLine, true));
    if (this.#ring.length > WINDOW) this.#ring.splice(0, this.#ring.length - WINDOW);
    this.#last = this.#ring[this.#ring.length - 1]!;
    if (this.#last.seq !== null && this.#last.seq > this.#maxSeq) this.#maxSeq = this.#last.seq;
    this.#records += count;
    this.#lineNo = firstLine + count;
    if (this.#opts.expectHead && !this.#expectFound) this.#lookForExpectedHead(batch, count, firstLine);
    if (unterminated) this.report("record.unterminated", "the last line has no newline: a partial write, or the file was cut", this.#last.line, this.#last.seq);
    this.#flushPending(this.#lineNo - WINDOW);
  }

  /** An over-long line, hashed by the reader (never parsed). */
  longLine(hash: Uint8Array, length: number, unterminated = false): void {
    const here: LineInfo = { hash: Uint8Array.from(hash), seq: null, line: this.#lineNo, file: this.#file, displaced: false };
    this.report("record.too-long", `line of ${length} bytes exceeds the ${MAX_LINE_BYTES}-byte limit: hashed for the chain, not parsed`, here.line, null);
    // Its own prev cannot be read; the next line's link to it is still checked. Its seq is
    // unknown: assume it took one.
    this.#tailStart ??= { line: here.line, seq: null, file: this.#file };
    this.#expected++;
    this.#push(here);
    this.#records++;
    this.#lineNo++;
    if (unterminated) this.report("record.unterminated", "the last line has no newline: a partial write, or the file was cut", here.line, null);
  }

  finish(): VerifyOutcome {
    this.#flushPending(Number.POSITIVE_INFINITY);
    if (this.#records === 0) this.report("log.empty", "the log has no records", 0, null);
    if (this.#unverified > 0 && !this.#opts.signerUnusable) {
      this.report("checkpoint.unverified", `no log-signing certificate given: ${this.#unverified} checkpoint signature(s) not verified`, 0, null);
    }
    if (this.#tstUnchecked > 0) {
      this.report("tst.chain-unchecked", `the TSA of ${this.#tstUnchecked} time-stamp token(s) was not checked: it does not chain to the log's trust anchors and no TSA trust anchor was given`, 0, null);
    }
    const last = this.#last;
    const t = this.#tailStart;
    let unprotectedTail: VerifyOutcome["unprotectedTail"] = null;
    if (last && t && !(t.file === last.file && t.line > last.line)) {
      unprotectedTail = { firstSeq: t.seq, records: t.seq !== null && last.seq !== null ? last.seq - t.seq + 1 : null };
      const what = t.seq !== null && last.seq !== null ? `${range(t.seq, last.seq)} (${last.seq - t.seq + 1} record(s))` : "records";
      const after = this.#lastCheckpointSeq === null ? "no checkpoint in the log:" : `after the last checkpoint (seq ${this.#lastCheckpointSeq}):`;
      this.report("tail.unprotected", `${after} ${what} not covered by a signed checkpoint; first unprotected seq ${t.seq ?? "?"}`, t.line, t.seq, t.file);
    }
    const expect = this.#opts.expectHead;
    if (expect && !this.#expectFound) {
      if (this.#records === 0 || this.#maxSeq < expect.seq) {
        this.report("head.truncated", `the log ends at ${this.#maxSeq >= 0 ? `seq ${this.#maxSeq}` : "nothing"}, before the expected head seq ${expect.seq}: records were removed from its end`, 0, expect.seq);
      } else if (this.#firstSeq !== null && this.#firstSeq > expect.seq) {
        this.report("head.unchecked", `the log starts at seq ${this.#firstSeq}, after the expected head seq ${expect.seq}: supply the earlier segments to compare`, 0, expect.seq);
      } else {
        this.report("head.rewritten", `no record with the expected head seq ${expect.seq}: the log was rewritten`, 0, expect.seq);
      }
    }
    const order = (f: string): number => this.#fileOrder.indexOf(f);
    const problems = [...this.#problems].sort((a, b) => order(a.file) - order(b.file) || a.line - b.line || (a.seq ?? -1) - (b.seq ?? -1));
    if (this.#dropped > 0) {
      problems.push({ code: "problems.capped", severity: "warning", file: this.#file, line: 0, seq: null, message: `${this.#dropped} more problem(s) not listed (limit ${this.#maxProblems})` });
    }
    const intact = problems.every((p) => p.severity !== "error") && this.#dropped === 0;
    return {
      records: this.#records,
      checkpoints: this.#checkpoints,
      signedCheckpoints: this.#signed,
      timestampedCheckpoints: this.#timestamped,
      intact,
      head: intact && last && last.seq !== null ? { seq: last.seq, hash: hex(last.hash) } : null,
      unprotectedTail,
      protectedUpTo: this.#lastGoodCheckpointSeq,
      firstSeq: this.#firstSeq,
      firstTime: this.#firstTime,
      lastTime: this.#lastTime,
      logId: this.#logId,
      problems,
      droppedProblems: this.#dropped,
    };
  }

  // ── the careful path ────────────────────────────────────────────────────────────────────

  #careful(here: LineInfo, bytes: Uint8Array, recent: (k: number) => LineInfo | undefined): void {
    const line = here.line;
    if (bytes.length > MAX_LINE_BYTES) {
      this.report("record.too-long", `line of ${bytes.length} bytes exceeds the ${MAX_LINE_BYTES}-byte limit: hashed for the chain, not parsed`, line, null);
      this.#expected++;
      return;
    }
    const parsed = parseRecord(bytes);
    const s = parsed.seq;
    here.seq = s;
    if (parsed.issues.length > 0) {
      this.report("record.malformed", parsed.issues.join("; "), line, s);
    }
    const e = this.#expected;
    const isFirst = recent(1) === undefined; // nothing before it in any segment
    let seqChecked = false;
    const p = parsed.prev;
    if (isFirst) {
      if (s === 0 && p !== null && p !== ZERO_HASH) this.report("chain.broken", "the record with seq 0 must have prev = 64 zeros", line, s);
      if (s !== null && s > 0) this.report("chain.starts-mid-log", `the log starts at seq ${s}: earlier segments were not supplied, so its first link cannot be checked`, line, s);
      seqChecked = true;
    } else if (p !== null) {
      const p1 = recent(1);
      const p2 = recent(2);
      if (p1 && hex(p1.hash) === p) {
        // linked
      } else if (p2 && hex(p2.hash) === p && p1?.displaced) {
        // explained by a reordering already reported: continue from the line two back
        if (s !== null && p2.seq !== null && s !== p2.seq + 1) this.#seqProblem(s, p2.seq + 1, line);
        seqChecked = true;
      } else if (p2 && p1 && hex(p2.hash) === p) {
        seqChecked = true;
        if (s !== null && p1.seq !== null && s < p1.seq && (this.#takePending(s) || (p2.seq !== null && s === p2.seq + 1))) {
          this.report("record.reordered", `records seq ${p1.seq} (line ${p1.line}) and seq ${s} (line ${line}) are in swapped order`, line, s);
          here.displaced = true;
        } else {
          this.report("record.inserted", `line ${p1.line}${p1.seq !== null ? ` (seq ${p1.seq})` : ""} is not part of the chain: line ${line} links to line ${p2.line}`, p1.line, p1.seq, p1.file);
          if (s !== null && p2.seq !== null && s !== p2.seq + 1) this.#seqProblem(s, p2.seq + 1, line);
        }
      } else {
        const back = findBack(recent, p);
        seqChecked = true;
        if (back && s !== null && this.#takePending(s)) {
          this.report("record.reordered", `record seq ${s} is out of place: it links to line ${back.line}${back.seq !== null ? ` (seq ${back.seq})` : ""}, where it was missing`, line, s);
          here.displaced = true;
        } else if (back) {
          const first = recent(back.k - 1)!;
          this.report("record.inserted", `lines ${first.line}–${line - 1} are not part of the chain: line ${line} links to line ${back.line}`, first.line, first.seq, first.file);
        } else if (s === null) {
          this.report("chain.broken", "prev does not match the hash of the previous line", line, s);
        } else if (s === e && p1) {
          this.report("record.modified", `record at line ${p1.line}${p1.seq !== null ? ` (seq ${p1.seq})` : ""} was changed: its hash no longer matches the prev of seq ${s}`, p1.line, p1.seq, p1.file);
        } else if (s > e) {
          this.#pending.push({ from: e, to: s - 1, line, file: this.#file });
        } else {
          this.report("record.inserted", `seq ${s} repeats an earlier seq and is not chained here (replayed or inserted record)`, line, s);
        }
      }
    }
    if (!seqChecked && s !== null && s !== e) this.#seqProblem(s, e, line);
    this.#expected = s !== null ? s + 1 : e + 1;
    if (s !== null && s > this.#maxSeq) this.#maxSeq = s;
    const t = parsed.time;
    if (t !== null) {
      if (this.#lastTime !== null && t < this.#lastTime) this.report("time.backwards", `time ${t} is earlier than the previous record's ${this.#lastTime}`, line, s);
      this.#lastTime = t;
      this.#firstTime ??= t;
    }
    if (parsed.record?.event === CHECKPOINT_EVENT) this.#checkpoint(parsed.record, s, p, t, line);
  }

  #seqProblem(s: number, e: number, line: number): void {
    if (s > e) this.report("seq.gap", `seq jumps from ${e - 1} to ${s} (${range(e, s - 1)} never written) although the chain is unbroken`, line, s);
    else this.report("seq.out-of-order", `seq ${s} follows seq ${e - 1} although the chain is unbroken`, line, s);
  }

  #checkpoint(record: Record<string, unknown>, s: number | null, prev: string | null, time: string | null, line: number): void {
    this.#checkpoints++;
    this.#lastCheckpointSeq = s;
    this.#tailStart = { line: line + 1, seq: s !== null ? s + 1 : null, file: this.#file };
    const covers = `records ${this.#lastGoodCheckpointSeq !== null ? `after seq ${this.#lastGoodCheckpointSeq}` : "from the start"} up to seq ${s !== null ? s - 1 : "?"}`;
    const d = record.detail;
    if (typeof d !== "object" || d === null || Array.isArray(d)) {
      this.report("checkpoint.malformed", "checkpoint without a detail object", line, s);
      return;
    }
    const detail = d as Record<string, unknown>;
    const issues: string[] = [];
    if (typeof detail.logId !== "string" || detail.logId === "") issues.push("logId missing");
    if (!Number.isSafeInteger(detail.size)) issues.push("size is not an integer");
    if (!isHash(detail.head)) issues.push("head is not 64 lowercase hex digits");
    if (issues.length > 0) {
      this.report("checkpoint.malformed", issues.join("; "), line, s);
      return;
    }
    const logId = detail.logId as string;
    if (this.#logId === null) this.#logId = logId;
    else if (logId !== this.#logId) this.report("checkpoint.log-id-changed", `logId differs from the earlier checkpoints' (${JSON.stringify(this.#logId.slice(0, 64))})`, line, s);
    if (s !== null && detail.size !== s) this.report("checkpoint.size-mismatch", `size ${detail.size} but the checkpoint is at seq ${s}`, line, s);
    if (prev !== null && detail.head !== prev) this.report("checkpoint.head-mismatch", "head differs from the checkpoint's own prev (the chain it claims to sign is not this one)", line, s);
    const message = checkpointMessage(logId, detail.size as number, detail.head as string); // what sig and tst cover
    if (detail.tst !== undefined) this.#timestampToken(detail.tst, message, time, line, s);
    const alg = resolveAlg(detail.alg);
    if (!alg) {
      const named = typeof detail.alg === "string" ? `alg ${JSON.stringify(detail.alg.slice(0, 40))} is not supported` : "alg missing";
      this.report("checkpoint.unsupported-alg", `${named} (accepted: ${ACCEPTED_ALG_NAMES.join(", ")}): ${covers} are not protected`, line, s);
      return;
    }
    if (typeof detail.sig !== "string" || detail.sig === "") {
      this.report("checkpoint.missing-signature", `no signature: ${covers} are not protected`, line, s);
      return;
    }
    const signer = this.#opts.signer;
    if (!signer) {
      this.#unverified++;
      return;
    }
    const mismatch = signer.mismatch(alg);
    if (mismatch) {
      this.report("checkpoint.alg-key-mismatch", `${mismatch}: ${covers} are not protected`, line, s);
      return;
    }
    const sig = decodeBase64(detail.sig);
    if (!sig || !signer.verify(message, sig, alg)) {
      this.report("checkpoint.bad-signature", `signature does not verify with the log-signing certificate (${signer.subject}): ${covers} are not protected`, line, s);
      return;
    }
    const why = time !== null ? signer.invalidAt(Date.parse(time)) : "checkpoint time unknown";
    if (why) {
      this.report("cert.expired", `log-signing certificate not valid at the checkpoint's time: ${why}`, line, s);
      return;
    }
    if (detail.size === s && detail.head === prev) {
      this.#signed++;
      this.#lastGoodCheckpointSeq = s;
    }
  }

  /** Verifies a checkpoint's RFC 3161 token: over its signature input, from a trusted TSA, not before its time. */
  #timestampToken(tst: unknown, message: Buffer, time: string | null, line: number, s: number | null): void {
    const der = typeof tst === "string" ? decodeBase64(tst) : undefined;
    if (!der) {
      this.report("tst.invalid", "tst is not base64 text", line, s);
      return;
    }
    const verdict = verifyTimestampToken(der, message, this.#opts.tsaTrust ?? { anchors: [], explicit: false });
    if (!verdict.ok) {
      this.report(verdict.code, verdict.message, line, s);
      return;
    }
    const genTime = verdict.genTime.getTime();
    if (time !== null && Date.parse(time) > genTime + TST_CLOCK_TOLERANCE_MS) {
      this.report("tst.time", `the checkpoint's time ${time} is later than the TSA's ${verdict.genTime.toISOString()} (${verdict.tsa}): the log's clock runs ahead, or its records were dated later than written`, line, s);
      return;
    }
    if (verdict.trust === "chained") this.#timestamped++;
    else this.#tstUnchecked++;
  }

  // ── bookkeeping ─────────────────────────────────────────────────────────────────────────

  #infoAt(batch: LineBatch, j: number, firstLine: number, copy = false): LineInfo {
    const s = batch.seqs[j]!;
    const h = batch.hashes.subarray(32 * j, 32 * j + 32);
    return { hash: copy ? Uint8Array.from(h) : h, seq: s >= 0 ? s : null, line: firstLine + j, file: this.#file, displaced: (batch.flags[j]! & DISPLACED) !== 0 };
  }

  #push(info: LineInfo): void {
    this.#ring.push(info);
    if (this.#ring.length > WINDOW) this.#ring.shift();
    this.#last = info;
  }

  /** Removes `seq` from the pending gaps; true when it was there (so it was not deleted). */
  #takePending(seq: number): boolean {
    const i = this.#pending.findIndex((g) => seq >= g.from && seq <= g.to);
    if (i < 0) return false;
    const g = this.#pending[i]!;
    const parts: PendingGap[] = [];
    if (g.from < seq) parts.push({ ...g, to: seq - 1 });
    if (seq < g.to) parts.push({ ...g, from: seq + 1 });
    this.#pending.splice(i, 1, ...parts);
    return true;
  }

  #flushPending(beforeLine: number): void {
    this.#pending = this.#pending.filter((g) => {
      if (g.line >= beforeLine && Number.isFinite(beforeLine)) return true;
      this.report("record.deleted", `${range(g.from, g.to)} missing: line ${g.line} (seq ${g.to + 1}) does not link to the line before it`, g.line, g.from, g.file);
      return false;
    });
  }

  #lookForExpectedHead(batch: LineBatch, count: number, firstLine: number): void {
    const expect = this.#opts.expectHead!;
    const j = batch.seqs.subarray(0, count).indexOf(expect.seq);
    if (j < 0) return;
    this.#expectFound = true;
    const got = hex(batch.hashes.subarray(32 * j, 32 * j + 32));
    if (got !== expect.hash) {
      this.report("head.rewritten", `the record with the expected head seq ${expect.seq} has hash ${got.slice(0, 16)}…, expected ${expect.hash.slice(0, 16)}…: the log was rewritten`, firstLine + j, expect.seq);
    }
  }

}

function findBack(recent: (k: number) => LineInfo | undefined, prev: string): (LineInfo & { k: number }) | undefined {
  for (let k = 3; k <= WINDOW; k++) {
    const info = recent(k);
    if (!info) return undefined;
    if (hex(info.hash) === prev) return { ...info, k };
  }
  return undefined;
}

function timeAt(chunk: Uint8Array, batch: LineBatch, j: number): string | null {
  const at = batch.timeOffs[j]!;
  return at >= 0 ? Buffer.from(chunk.buffer, chunk.byteOffset + at, 24).toString("latin1") : null;
}

function firstTimeOf(chunk: Uint8Array, batch: LineBatch, count: number): string | null {
  for (let j = 0; j < count; j++) {
    const t = timeAt(chunk, batch, j);
    if (t) return t;
  }
  return null;
}

interface ParsedRecord {
  record?: Record<string, unknown>;
  seq: number | null;
  prev: string | null;
  time: string | null;
  issues: string[];
}

/** Parses one line as a record; never echoes its content (attacker-controlled) in `issues`. */
export function parseRecord(bytes: Uint8Array): ParsedRecord {
  const none = (issue: string): ParsedRecord => ({ seq: null, prev: null, time: null, issues: [issue] });
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return none("not valid UTF-8");
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const at = /position (\d+)/.exec(String((error as Error).message))?.[1];
    return none(`not valid JSON${at ? ` (at byte ${at})` : ""}`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return none("not a JSON object");
  const r = value as Record<string, unknown>;
  const issues: string[] = [];
  const seq = Number.isSafeInteger(r.seq) && (r.seq as number) >= 0 ? (r.seq as number) : null;
  if (seq === null) issues.push(r.seq === undefined ? "seq missing" : "seq is not a non-negative integer");
  const prev = isHash(r.prev) ? r.prev : null;
  if (prev === null) issues.push(r.prev === undefined ? "prev missing" : "prev is not 64 lowercase hex digits");
  const time = isCanonicalTime(r.time) ? r.time : null;
  if (time === null) issues.push(r.time === undefined ? "time missing" : "time is not RFC 3339 UTC with milliseconds (YYYY-MM-DDTHH:MM:SS.sssZ)");
  return { record: r, seq, prev, time, issues };
}

function decodeBase64(text: string): Buffer | undefined {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text) || text.length % 4 !== 0) return undefined;
  return Buffer.from(text, "base64");
}
