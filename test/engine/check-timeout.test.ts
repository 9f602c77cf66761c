import { test } from "node:test";
import assert from "node:assert/strict";
import { collect } from "../../src/collect/run-checks.ts";
import type { Check, CheckContext } from "../../src/check/types.ts";

test("a check past its time budget is an error that says so in both languages, and its signal is aborted", async () => {
  let aborted: unknown;
  const slow = {
    id: "csc.slow-probe",
    family: "csc",
    title: { ja: "遅い試験", en: "a slow probe" },
    description: { ja: "終わらない", en: "never ends" },
    needs: [],
    intrusive: false,
    timeoutMs: 50,
    run: (ctx: CheckContext) =>
      new Promise((_, reject) => {
        ctx.signal.addEventListener("abort", () => {
          aborted = ctx.signal.reason;
          reject(ctx.signal.reason);
        });
      }),
  } as unknown as Check;
  const [run] = await collect(
    { level: 1, controls: [], checks: [{ id: slow.id, run: true, check: slow }] },
    { target: { name: "t", logs: [], trustAnchors: [] }, level: 1, parameters: {}, intrusive: false },
  );
  assert.equal(run!.outcome.status, "error");
  assert.deepEqual(run!.outcome.summary, { ja: "結論できなかった: 制限時間（0.05秒）内に終わらなかった", en: "could not conclude: timed out after 50 ms" });
  assert.ok(aborted instanceof Error);
});
