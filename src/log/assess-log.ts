/**
 * What the log.* checks share: each configured log is verified once (chain pass) and scanned
 * once (content pass) per assessment, through `ctx.shared`, and every check reads its part.
 * A log that cannot be read gives an `error` to every check, never a pass.
 */
import { defineCheck, type Check, type CheckContext, type CheckOutcome, type Message, type Observation, type Text } from "../check/types.ts";
import type { LogResult } from "../report/types.ts";
import { describeError, displayPath } from "../util/errors.ts";
import type { VerifyOutcome } from "./chain-verifier.ts";
import { scanLogContent, type ContentFacts } from "./content-scan.ts";
import type { KnownSecret } from "./secrets-scan.ts";
import { toLogResult } from "./verify-files.ts";
import { resolveLayout, verifyAnyLayout } from "./verify-layout.ts";
import { DEFAULT_MAX_ROTATION_GAP_SECONDS, DEFAULT_MAX_SEAL_DELAY_SECONDS } from "./seal-defaults.ts";

export type LogConfig = CheckContext["target"]["logs"][number];

export type Assessed<T> = { ok: true; value: T } | { ok: false; error: string };

export interface LogAssessment {
  file: string;
  verify: Assessed<VerifyOutcome>;
  content: Assessed<ContentFacts>;
}

/** The test accounts' secrets as literal values to look for (labels only ever printed). */
export function knownSecrets(ctx: CheckContext): KnownSecret[] {
  const out: KnownSecret[] = [];
  for (const s of ctx.target.csc?.signers ?? []) {
    for (const [field, secret] of [["password", s.password], ["pin", s.pin], ["totpSecret", s.totpSecret]] as const) {
      const value = secret?.reveal();
      if (value && value.length >= 4) out.push({ label: `${s.id}.${field}`, value });
    }
  }
  return out;
}

async function settle<T>(work: () => Promise<T>): Promise<Assessed<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    return { ok: false, error: describeError(error) };
  }
}

/** The shared assessment of one configured log. */
export function assessLog(ctx: CheckContext, log: LogConfig): Promise<LogAssessment> {
  return ctx.shared(`log:${log.file}`, async () => {
    const maxSealDelaySeconds = Number(ctx.parameters["log.seal.maxDelaySeconds"] ?? DEFAULT_MAX_SEAL_DELAY_SECONDS);
    const maxRotationGapSeconds = Number(ctx.parameters["log.rotation.maxGapSeconds"] ?? DEFAULT_MAX_ROTATION_GAP_SECONDS);
    const tokenName = log.tokenName;
    const options = { layout: log.layout ?? ("auto" as const), tokenName, maxSealDelaySeconds, maxRotationGapSeconds, certPem: log.cert, trustAnchorsPem: ctx.target.trustAnchors, tsaTrustAnchorsPem: log.tsaTrustAnchors, expectHead: log.expectHead };
    return {
      file: log.file,
      verify: await settle(async () => (await verifyAnyLayout([log.file], options)).outcome),
      content: await settle(async () => scanLogContent((await resolveLayout([log.file], options.layout)).logFiles, knownSecrets(ctx))),
    };
  });
}

/** Every configured log, assessed. */
export function assessLogs(ctx: CheckContext): Promise<LogAssessment[]> {
  return Promise.all(ctx.target.logs.map((l) => assessLog(ctx, l)));
}

/** report.json's `logs` entry for an assessed log (null when it could not be read). */
export function logResultOf(a: LogAssessment): LogResult | null {
  return a.verify.ok ? toLogResult(displayPath(a.file), a.verify.value) : null;
}

/** The summary of a log.* check that could not read a configured log. */
export const UNREADABLE_SUMMARY: Text = { ja: "監査ログを読み取れなかった", en: "an audit log could not be read" };

/** An observation that a log could not be read (the check then errs). */
export function unreadable(file: string, error: string): Observation {
  return { expected: { ja: "読み取れる監査ログ", en: "a readable audit log" }, observed: error, where: displayPath(file), subject: displayPath(file), ok: false };
}

/** `file:line (seq N)` */
export function at(file: string, line: number, seq: number | null): string {
  return `${displayPath(file)}${line > 0 ? `:${line}` : ""}${seq !== null ? ` (seq ${seq})` : ""}`;
}

/** Facts every log.* check attaches: the verifier's result in report.json's shape. */
export function logFacts(all: LogAssessment[]): Record<string, unknown> {
  const logs = all.map(logResultOf).filter((l): l is LogResult => l !== null);
  return logs.length > 0 ? { log: logs[0], logs } : {};
}

/** One finding in a log: what was expected, what was seen, where. */
export type LogFinding = Pick<Observation, "expected" | "observed" | "where">;

/** What one per-log check judges: the part of each log it reads, its findings there and their count. */
export interface PerLogJudgement<T> {
  /** The pass the check reads (verify or content). */
  part(a: LogAssessment): Assessed<T>;
  /** The findings to show (at most MAX_FINDINGS_SHOWN a log). */
  findings(a: LogAssessment, value: T): readonly LogFinding[];
  /** One log's summary observation and counts; a Text stops the run with `error` (nothing to judge). */
  total(a: LogAssessment, value: T): { expected: Message; observed: Message; found: number; records: number } | Text;
  fail(found: number, records: number): Message;
  pass(found: number, records: number, ctx: CheckContext): Message;
}

/** Findings shown per log and check: the count says the rest. */
export const MAX_FINDINGS_SHOWN = 50;

/**
 * The run of the log.* checks that count one kind of finding in every configured log: an unreadable
 * log is `error` for the check, any finding `fail`, else `pass`; every outcome carries the logs' facts.
 */
export async function judgeEachLog<T>(ctx: CheckContext, j: PerLogJudgement<T>): Promise<CheckOutcome> {
  const all = await assessLogs(ctx);
  const observations: Observation[] = [];
  let found = 0;
  let records = 0;
  for (const a of all) {
    const part = j.part(a);
    if (!part.ok) return { status: "error", summary: UNREADABLE_SUMMARY, observations: [unreadable(a.file, part.error)], facts: logFacts(all) };
    const subject = displayPath(a.file);
    for (const x of j.findings(a, part.value).slice(0, MAX_FINDINGS_SHOWN)) observations.push({ ...x, subject, ok: false });
    const r = j.total(a, part.value);
    if ("ja" in r) return { status: "error", summary: r, observations, facts: logFacts(all) };
    observations.push({ expected: r.expected, observed: r.observed, where: subject, subject, ok: r.found === 0 });
    found += r.found;
    records += r.records;
  }
  return found > 0
    ? { status: "fail", summary: j.fail(found, records), observations, facts: logFacts(all) }
    : { status: "pass", summary: j.pass(found, records, ctx), observations, facts: logFacts(all) };
}

/** A log.* check that counts one kind of finding in every configured log (the checks differ only by this data). */
export function defineCountingLogCheck<T>(spec: Pick<Check, "id" | "title" | "description"> & PerLogJudgement<T>): Check {
  const { id, title, description, ...judgement } = spec;
  return defineCheck({ id, family: "log", title, description, needs: ["log"], intrusive: false, timeoutMs: LOG_CHECK_TIMEOUT_MS, run: (ctx) => judgeEachLog(ctx, judgement) });
}

/** A log of a few GB is read twice (chain and content passes) on a loaded machine. */
export const LOG_CHECK_TIMEOUT_MS = 30 * 60_000;
