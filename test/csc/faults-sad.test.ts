/** SAD faults of the reference RSSP: each makes the check that targets it fail, naming the effect. */
import { test } from "node:test";
import { assertFailsWith, runAgainstFault } from "./helpers/fault-case.ts";

test("sad-reusable: a used SAD signs again", async () => {
  const runs = await runAgainstFault("sad-reusable", ["csc.sad.single-use", "csc.sad.num-signatures"]);
  assertFailsWith(runs, "csc.sad.single-use", /SAD signed a second time/);
  assertFailsWith(runs, "csc.sad.num-signatures", /3 signatures made with a SAD for 2/);
});

test("sad-not-bound-to-hash: a hash the SAD did not authorize is signed", async () => {
  const runs = await runAgainstFault("sad-not-bound-to-hash", ["csc.sad.hash-binding"]);
  assertFailsWith(runs, "csc.sad.hash-binding", /hash the SAD did not authorize was signed/);
});

test("sad-never-expires: an expired SAD signs and is extended", async () => {
  const runs = await runAgainstFault("sad-never-expires", ["csc.sad.expiry", "csc.sad.extend-expired"]);
  assertFailsWith(runs, "csc.sad.expiry", /still signed .* after authorization although expiresIn was 5 s/);
  assertFailsWith(runs, "csc.sad.extend-expired", /expired SAD was extended/);
});

test("sad-cross-credential: a SAD of one credential signs with another", async () => {
  const runs = await runAgainstFault("sad-cross-credential", ["csc.sad.cross-credential", "csc.sad.cross-user"]);
  assertFailsWith(runs, "csc.sad.cross-credential", /SAD of cred-alice-01 signed with cred-alice-02/);
});

test("service-token-signs: signHash without a SAD signs", async () => {
  const runs = await runAgainstFault("service-token-signs", ["csc.sad.required"]);
  assertFailsWith(runs, "csc.sad.required", /signed without a SAD/);
});
