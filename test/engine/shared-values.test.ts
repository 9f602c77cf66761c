import { test } from "node:test";
import assert from "node:assert/strict";
import { sharedValues } from "../../src/check/shared-values.ts";

test("a shared value is computed once, and its progress lines carry the key, not the asking check", async () => {
  const lines: string[] = [];
  const shared = sharedValues((m) => lines.push(m));
  let computed = 0;
  const compute = async (log: (m: string) => void) => {
    computed++;
    log("reading the token");
    return 42;
  };
  const [a, b] = await Promise.all([shared("hsm:survey", compute), shared("hsm:survey", compute)]);
  assert.equal(a, 42);
  assert.equal(b, 42);
  assert.equal(computed, 1);
  assert.deepEqual(lines, ["[hsm:survey] reading the token"]);
});
