/**
 * log.events.required — the audit logs record every event class the guideline requires:
 * identity proofing, key generation / activation / destruction, signing, user authentication
 * success and failure, significant system events and administrative actions.
 */
import { defineCheck, type Observation } from "../../src/check/types.ts";
import { LOG_CHECK_TIMEOUT_MS, assessLogs, logFacts, unreadable, UNREADABLE_SUMMARY } from "../../src/log/assess-log.ts";
import { REQUIRED_EVENT_CLASSES } from "../../src/log/events.ts";

export default defineCheck({
  id: "log.events.required",
  family: "log",
  title: { ja: "必要なイベント種別がすべて記録されている", en: "Every required event class is recorded" },
  description: {
    ja: "本人確認、署名鍵の生成・活性化・破棄、署名生成、利用者認証の成功と失敗、重要なシステムイベント、管理者操作の各種別が監査ログに1件以上あることを確認する。",
    en: "Checks that the audit logs hold at least one record of each required class: identity proofing, key generation, activation and destruction, signing, user authentication success and failure, significant system events and administrative actions.",
  },
  needs: ["log"],
  intrusive: false,
  timeoutMs: LOG_CHECK_TIMEOUT_MS,
  async run(ctx) {
    const all = await assessLogs(ctx);
    const failedReads = all.filter((a) => !a.content.ok);
    if (failedReads.length > 0) {
      return { status: "error", summary: UNREADABLE_SUMMARY, observations: failedReads.map((a) => unreadable(a.file, a.content.ok ? "" : a.content.error)), facts: logFacts(all) };
    }
    const where = all.map((a) => a.file).join(", ");
    const observations: Observation[] = REQUIRED_EVENT_CLASSES.map((c) => {
      const n = all.reduce((sum, a) => sum + (a.content.ok ? a.content.value.classCounts[c.id] ?? 0 : 0), 0);
      return { expected: { ja: `「${c.title.ja}」のレコードが1件以上`, en: `at least one ${c.title.en} record` }, observed: { ja: `${n}件`, en: `${n} record(s)` }, where, subject: c.id, ok: n > 0 };
    });
    const missing = observations.filter((o) => !o.ok).map((o) => o.subject);
    return missing.length > 0
      ? { status: "fail", summary: { ja: `記録がない事象: ${missing.join(", ")}`, en: `no record of: ${missing.join(", ")}` }, observations, facts: logFacts(all) }
      : { status: "pass", summary: { ja: `必要な事象${REQUIRED_EVENT_CLASSES.length}種がすべて記録されている`, en: `all ${REQUIRED_EVENT_CLASSES.length} required event classes are recorded` }, observations, facts: logFacts(all) };
  },
});
