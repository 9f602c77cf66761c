/**
 * log.time.monotonic — no record's time is earlier than the previous record's (a clock set back,
 * or records reordered or back-dated).
 */
import type { VerifyOutcome } from "../../src/log/chain-verifier.ts";
import { at, defineCountingLogCheck } from "../../src/log/assess-log.ts";
import { logProblemText } from "../../src/log/problem-text.ts";
import { displayPath } from "../../src/util/errors.ts";

const backwards = (o: VerifyOutcome) => o.problems.filter((p) => p.code === "time.backwards");

export default defineCountingLogCheck({
  id: "log.time.monotonic",
  title: { ja: "タイムスタンプが逆行しない", en: "Timestamps never go backwards" },
  description: {
    ja: "監査ログの各レコードの日時が直前のレコードの日時より前になっていないことを確認する。",
    en: "Checks that no audit-log record's time is earlier than the previous record's.",
  },
  part: (a) => a.verify,
  findings: (_a, o) => backwards(o).map((p) => ({ expected: { ja: "直前のレコード以降の時刻", en: "a time not earlier than the previous record's" }, observed: { ja: logProblemText(p.code).ja, en: p.message }, where: at(p.file, p.line, p.seq) })),
  total(a, o) {
    if (o.records === 0) return { ja: `${displayPath(a.file)} にレコードがなく、判定できない`, en: `${displayPath(a.file)} has no records: nothing to judge` };
    const found = backwards(o).length;
    const span = o.firstTime ? { ja: `（${o.firstTime} … ${o.lastTime}）`, en: `, ${o.firstTime} … ${o.lastTime}` } : { ja: "", en: "" };
    return { expected: { ja: "時刻が逆行しない", en: "monotonic timestamps" }, observed: { ja: `${o.records}件中 逆行 ${found}件${span.ja}`, en: `${found} backwards step(s) in ${o.records} record(s)${span.en}` }, found, records: o.records };
  },
  fail: (steps) => ({ ja: `記録時刻が${steps}回逆行している`, en: `time goes backwards ${steps} time(s)` }),
  pass: () => ({ ja: "記録時刻は一度も逆行していない", en: "timestamps never go backwards" }),
});
