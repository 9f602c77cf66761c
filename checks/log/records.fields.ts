/**
 * log.records.fields — every record carries a time (RFC 3339 UTC), an event type, an actor and an
 * outcome (success | failure).
 */
import { at, defineCountingLogCheck } from "../../src/log/assess-log.ts";

export default defineCountingLogCheck({
  id: "log.records.fields",
  title: { ja: "各レコードに日時・イベント種別・主体・結果がある", en: "Each record has time, event, actor and outcome" },
  description: {
    ja: "監査ログの各レコードが日時(RFC 3339 UTC)、イベント種別、操作主体、結果(success/failure)を持つことを確認する。",
    en: "Checks that every audit-log record carries a time (RFC 3339 UTC), an event type, an actor and an outcome (success or failure).",
  },
  part: (a) => a.content,
  findings: (a, c) => c.fieldGaps.map((g) => ({ expected: { ja: "時刻、事象、実行者、結果", en: "time, event, actor and outcome" }, observed: { ja: `欠落または不正: ${g.missing.join(", ")}`, en: `missing or invalid: ${g.missing.join(", ")}` }, where: at(g.file ?? a.file, g.line, g.seq) })),
  total: (_a, c) => ({ expected: { ja: "全レコードの項目が揃っている", en: "every record complete" }, observed: { ja: `${c.records}件中 ${c.recordsMissingFields}件に欠落`, en: `${c.recordsMissingFields} of ${c.records} record(s) incomplete` }, found: c.recordsMissingFields, records: c.records }),
  fail: (missing, records) => ({ ja: `${records}件中 ${missing}件のレコードに時刻・事象・実行者・結果の欠落がある`, en: `${missing} of ${records} record(s) lack time, event, actor or outcome` }),
  pass: (_missing, records) => ({ ja: `全${records}件のレコードに時刻・事象・実行者・結果がある`, en: `all ${records} record(s) have time, event, actor and outcome` }),
});
