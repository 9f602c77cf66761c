/**
 * log.records.fields — every record carries a time (RFC 3339 UTC), an event type, an actor and an
 * outcome (success | failure).
 */
import { defineCheck } from "../../src/check/types.ts";
import { at, judgeEachLog } from "../../src/log/assess-log.ts";
import { displayPath } from "../../src/util/errors.ts";

export default defineCheck({
  id: "log.records.fields",
  family: "log",
  title: { ja: "各レコードに日時・イベント種別・主体・結果がある", en: "Each record has time, event, actor and outcome" },
  description: {
    ja: "監査ログの各レコードが日時(RFC 3339 UTC)、イベント種別、操作主体、結果(success/failure)を持つことを確認する。",
    en: "Checks that every audit-log record carries a time (RFC 3339 UTC), an event type, an actor and an outcome (success or failure).",
  },
  needs: ["log"],
  intrusive: false,
  timeoutMs: 30 * 60_000,
  run: (ctx) =>
    judgeEachLog(ctx, {
      part: (a) => a.content,
      judge(a, c, observations) {
        for (const g of c.fieldGaps) {
          observations.push({ expected: "time, event, actor and outcome", observed: `missing or invalid: ${g.missing.join(", ")}`, where: at(g.file ?? a.file, g.line, g.seq), subject: displayPath(a.file), ok: false });
        }
        observations.push({ expected: "every record complete", observed: `${c.recordsMissingFields} of ${c.records} record(s) incomplete`, where: displayPath(a.file), subject: displayPath(a.file), ok: c.recordsMissingFields === 0 });
        return { found: c.recordsMissingFields, records: c.records };
      },
      fail: (missing, records) => `${missing} of ${records} record(s) lack time, event, actor or outcome`,
      pass: (_missing, records) => `all ${records} record(s) have time, event, actor and outcome`,
    }),
});
