/** Disclosure faults of the reference RSSP: listings, existence oracle, echoed secrets. */
import { test } from "node:test";
import { assertFailsWith, runAgainstFault } from "./helpers/fault-case.ts";

test("list-leaks-other-users: credentials/list shows every user's credentials", async () => {
  const runs = await runAgainstFault("list-leaks-other-users", ["csc.list.isolation", "csc.info.no-existence-oracle"]);
  assertFailsWith(runs, "csc.list.isolation", /also listed for another signer: .*cred-bob-01/);
});

test("error-leaks-existence: a foreign credential gets a different error than an unknown one", async () => {
  const runs = await runAgainstFault("error-leaks-existence", ["csc.info.no-existence-oracle"]);
  assertFailsWith(runs, "csc.info.no-existence-oracle", /another user's credential: HTTP 403 .* the difference reveals that the credential exists/);
});

test("otp-in-response: authorize echoes the OTP", async () => {
  const runs = await runAgainstFault("otp-in-response", ["csc.response.no-secrets"]);
  assertFailsWith(runs, "csc.response.no-secrets", /the OTP appears in the response/);
});
