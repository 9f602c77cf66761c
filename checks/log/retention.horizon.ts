/**
 * log.retention.horizon — records are kept at least `retention.years` (default 10) past the
 * log-signing certificate's notAfter. What can be proven from the log: a log that no longer starts
 * at seq 0 has discarded records, and when the oldest kept record is younger than the retention
 * period, records still under retention were discarded (fail). Whether the provider's retention
 * policy reaches the horizon is read from a `record-retention` evidence document when there is
 * one (`retentionYears` or `retainUntil`), else left to the assessor (manual, with the horizon).
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";
import { defineCheck, type Observation } from "../../src/check/types.ts";
import { LOG_CHECK_TIMEOUT_MS, assessLogs, logFacts, unreadable, UNREADABLE_SUMMARY } from "../../src/log/assess-log.ts";
import { loadLogSigner } from "../../src/log/signing-cert.ts";
import { displayPath, describeError } from "../../src/util/errors.ts";

const YEAR_MS = 365.25 * 86_400_000;

/** The retention the provider declares in its record-retention evidence, if any. */
function declaredRetention(dir: string | undefined): { until: number; where: string } | { years: number; where: string } | { error: string } | undefined {
  if (!dir) return undefined;
  for (const name of ["record-retention.yaml", "record-retention.yml", "record-retention.json"]) {
    const file = join(dir, name);
    if (!existsSync(file)) continue;
    try {
      const doc = parseYaml(readFileSync(file, "utf8")) as Record<string, unknown> | null;
      const years = Number(doc?.retentionYears ?? (doc?.retention as Record<string, unknown> | undefined)?.years);
      if (typeof doc?.retainUntil === "string" && !Number.isNaN(Date.parse(doc.retainUntil))) return { until: Date.parse(doc.retainUntil), where: file };
      // Counted from the certificates' expiry (or invalidity), as the guideline states it: compared
      // with the horizon the same way, notAfter + years.
      if (Number.isFinite(years) && years > 0 && typeof doc?.from === "string" && doc.from.startsWith("certificate-")) return { years, where: file };
      if (Number.isFinite(years) && years > 0) return { until: Date.now() + years * YEAR_MS, where: file };
      return { error: `${displayPath(file)}: neither retentionYears nor retainUntil` };
    } catch (error) {
      return { error: `${displayPath(file)}: ${describeError(error)}` };
    }
  }
  return undefined;
}

export default defineCheck({
  id: "log.retention.horizon",
  family: "log",
  title: { ja: "記録の保存期間が必要な期間を満たす", en: "Record retention covers the required horizon" },
  description: {
    ja: "ログ署名証明書の有効期限に保存年数(retention.years、既定10年)を加えた期日までの保存を、ログの先頭が失われていないこと(seq 0から始まるか、破棄されたのが保存期間を過ぎた記録だけか)と、記録保存の証跡文書とで確認する。",
    en: "Checks retention up to the log-signing certificate's notAfter plus retention.years (default 10): the log still starts at seq 0, or only records older than the retention period were discarded; and the record-retention evidence declares a horizon at least that far.",
  },
  needs: ["log"],
  parameters: ["retention.years"],
  intrusive: false,
  timeoutMs: LOG_CHECK_TIMEOUT_MS,
  async run(ctx) {
    const years = Number(ctx.parameters["retention.years"] ?? 10);
    const all = await assessLogs(ctx);
    const observations: Observation[] = [];
    let failed = false;
    let required = 0;
    for (const [i, a] of all.entries()) {
      const name = displayPath(a.file);
      if (!a.verify.ok) return { status: "error", summary: UNREADABLE_SUMMARY, observations: [unreadable(a.file, a.verify.error)], facts: logFacts(all) };
      const o = a.verify.value;
      const certPem = ctx.target.logs[i]?.cert;
      const notAfter = certPem ? loadLogSigner(certPem, []).signer?.notAfter : undefined;
      if (notAfter !== undefined) required = Math.max(required, notAfter + years * YEAR_MS);
      if (o.firstSeq !== null && o.firstSeq > 0 && o.firstTime) {
        const age = (Date.now() - Date.parse(o.firstTime)) / YEAR_MS;
        const young = age < years;
        failed ||= young;
        observations.push({
          expected: { ja: `記録を${years}年間保存`, en: `records kept ${years} years` },
          observed: {
            ja: `ログはseq ${o.firstSeq}（${o.firstTime}）から始まり、それ以前の${o.firstSeq}件が廃棄されている${young ? `（${years}年未満のもの）` : ""}`,
            en: `the log starts at seq ${o.firstSeq} (${o.firstTime}): ${o.firstSeq} earlier record(s) discarded${young ? `, younger than ${years} years` : ""}`,
          },
          where: name,
          subject: name,
          ok: !young,
        });
      } else {
        observations.push({ expected: { ja: "保存期間内のレコードが廃棄されていない", en: "no record discarded within the retention period" }, observed: o.firstSeq === 0 ? { ja: "ログはseq 0から始まり、廃棄はない", en: "the log starts at seq 0: nothing discarded" } : { ja: "ログの始まりを判定できない", en: "the log's start cannot be determined" }, where: name, subject: name, ok: o.firstSeq === 0 });
      }
    }
    const facts = { ...logFacts(all), retention: { years, requiredUntil: required > 0 ? new Date(required).toISOString() : null } };
    if (failed) return { status: "fail", summary: { ja: `${years}年未満のレコードが廃棄されている`, en: `records younger than ${years} years were discarded` }, observations, facts };
    if (required === 0) {
      return { status: "error", summary: { ja: "使用できるログ署名証明書が設定されておらず、保存期限（notAfter + retention.years）を計算できない", en: "no usable log-signing certificate configured: the retention horizon (notAfter + retention.years) cannot be computed" }, observations, facts };
    }
    const horizon = new Date(required).toISOString().slice(0, 10);
    const declared = declaredRetention(ctx.target.evidenceDir);
    if (!declared) {
      observations.push({ expected: { ja: `${horizon}まで記録を保存する記録保存方針`, en: `a record-retention policy keeping records until ${horizon}` }, observed: { ja: "記録保存に関する証跡文書がない", en: "no record-retention evidence document" }, where: "evidence/record-retention.*", subject: "record-retention", ok: false });
      return { status: "manual", summary: { ja: `記録は${horizon}まで保存しなければならない。保存方針がこれを満たすことを確認すること`, en: `records must be kept until ${horizon}; confirm the retention policy covers it` }, observations, facts };
    }
    if ("error" in declared) return { status: "error", summary: { ja: `記録保存の証跡文書を読み取れない: ${declared.error}`, en: `record-retention evidence unreadable: ${declared.error}` }, observations, facts };
    const until = "until" in declared ? declared.until : required - years * YEAR_MS + declared.years * YEAR_MS;
    const ok = until >= required;
    const untilDay = new Date(until).toISOString().slice(0, 10);
    const stated = "until" in declared ? { ja: `${untilDay}まで保存と記載`, en: `declared until ${untilDay}` } : { ja: `証明書の有効期限から${declared.years}年、すなわち${untilDay}まで`, en: `${declared.years} years after certificate expiry, i.e. until ${untilDay}` };
    observations.push({ expected: { ja: `${horizon}以降まで保存`, en: `retention until ${horizon} or later` }, observed: stated, where: displayPath(declared.where), subject: "record-retention", ok });
    return ok
      ? { status: "pass", summary: { ja: `保存期間は${stated.ja}で、${horizon}を満たす`, en: `retention ${stated.en}, covering ${horizon}` }, observations, facts }
      : { status: "fail", summary: { ja: `保存期間は${stated.ja}で、${horizon}に満たない`, en: `retention ${stated.en}, short of ${horizon}` }, observations, facts };
  },
});
