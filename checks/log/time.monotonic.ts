/**
 * log.time.monotonic — no record's time is earlier than the previous record's (a clock set back,
 * or records reordered or back-dated).
 */
import { defineCheck } from "../../src/check/types.ts";
import { at, judgeEachLog } from "../../src/log/assess-log.ts";
import { displayPath } from "../../src/util/errors.ts";

export default defineCheck({
  id: "log.time.monotonic",
  family: "log",
  title: { ja: "タイムスタンプが逆行しない", en: "Timestamps never go backwards" },
  description: {
    ja: "監査ログの各レコードの日時が直前のレコードの日時より前になっていないことを確認する。",
    en: "Checks that no audit-log record's time is earlier than the previous record's.",
  },
  needs: ["log"],
  intrusive: false,
  timeoutMs: 30 * 60_000,
  run: (ctx) =>
    judgeEachLog(ctx, {
      part: (a) => a.verify,
      judge(a, o, observations) {
        const found = o.problems.filter((p) => p.code === "time.backwards");
        for (const p of found.slice(0, 50)) observations.push({ expected: { ja: "直前のレコード以降の時刻", en: "a time not earlier than the previous record's" }, observed: p.message, where: at(p.file, p.line, p.seq), subject: displayPath(a.file), ok: false });
        observations.push({ expected: { ja: "時刻が逆行しない", en: "monotonic timestamps" }, observed: { ja: `${o.records}件中 逆行 ${found.length}件${o.firstTime ? `（${o.firstTime} … ${o.lastTime}）` : ""}`, en: `${found.length} backwards step(s) in ${o.records} record(s)${o.firstTime ? `, ${o.firstTime} … ${o.lastTime}` : ""}` }, where: displayPath(a.file), subject: displayPath(a.file), ok: found.length === 0 });
        if (o.records === 0) return { ja: `${displayPath(a.file)} にレコードがなく、判定できない`, en: `${displayPath(a.file)} has no records: nothing to judge` };
        return { found: found.length, records: o.records };
      },
      fail: (backwards) => ({ ja: `記録時刻が${backwards}回逆行している`, en: `time goes backwards ${backwards} time(s)` }),
      pass: () => ({ ja: "記録時刻は一度も逆行していない", en: "timestamps never go backwards" }),
    }),
});
