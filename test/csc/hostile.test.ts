/**
 * Hostile or broken servers: every CSC and certificate check ends in `error` with a one-line
 * reason — never a crash, a stack trace or a pass — and the run finishes within its timeouts.
 */
import { en } from "../helpers/text.ts";
import { test } from "node:test";
import assert from "node:assert/strict";
import { HOSTILE_BEHAVIOURS, startHostileServer } from "../helpers/hostile-server.ts";
import { runChecks } from "./helpers/run-family.ts";
import { testTarget } from "./helpers/targets.ts";

for (const behaviour of HOSTILE_BEHAVIOURS) {
  test(`hostile server (${behaviour}): csc.* and cert.* end in error with a one-line reason`, async () => {
    const server = await startHostileServer(behaviour);
    try {
      const started = Date.now();
      const runs = await runChecks(testTarget(server.baseUrl, server.trustedPem), ["csc", "cert"]);
      const elapsed = Date.now() - started;
      assert.ok(elapsed < 12_000, `took ${elapsed} ms`);
      for (const run of runs.values()) {
        if (!run.ran) continue;
        assert.equal(run.outcome.status, "error", `${run.id}: ${run.outcome.status} — ${run.outcome.summary}`);
        assert.doesNotMatch(en(run.outcome.summary), /\n|\bat .+:\d+:\d+|TypeError|ReferenceError/, `${run.id}: ${en(run.outcome.summary)}`);
        assert.ok(en(run.outcome.summary).length < 400, run.id);
      }
      const reason = runs.get("csc.info")!.outcome.summary;
      const expected = { hang: /no complete response within 1500 ms/, "huge-body": /exceeds the 1048576-byte limit/, "invalid-json": /not a JSON object/, "text-plain-errors": /text\/plain body/, "untrusted-certificate": /TLS certificate not trusted/ }[behaviour];
      assert.match(en(reason), expected);
    } finally {
      await server.close();
    }
  });
}
