/** Certificate and key faults of the reference RSSP, one fixture start per fault. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { assertFailsWith, runAgainstFault } from "../csc/helpers/fault-case.ts";

test("weak-rsa-key: carol's RSA-1024 key is below the policy (her credential in scope)", async () => {
  const runs = await runAgainstFault("weak-rsa-key", ["csc.algo.key-size"], { unscoped: true });
  assertFailsWith(runs, "csc.algo.key-size", /RSA 1024 bits — below the policy/);
});

test("cert-no-nonrepudiation: signer certificates lack nonRepudiation", async () => {
  const runs = await runAgainstFault("cert-no-nonrepudiation", ["cert.key-usage"]);
  assertFailsWith(runs, "cert.key-usage", /nonRepudiation missing/);
});

test("cert-expired: signer certificates have expired", async () => {
  const runs = await runAgainstFault("cert-expired", ["cert.validity"]);
  assertFailsWith(runs, "cert.validity", /expired on /);
});

test("duplicate-key: bob's credential uses alice's key pair", async () => {
  const runs = await runAgainstFault("duplicate-key", ["cert.unique-keys"]);
  assertFailsWith(runs, "cert.unique-keys", /cred-alice-01 \(alice\) and cred-bob-01 \(bob\) share the public key/);
});

test("cert-untrusted-issuer: signer certificates chain to a root the assessor does not trust", async () => {
  const runs = await runAgainstFault("cert-untrusted-issuer", ["cert.chain"]);
  assertFailsWith(runs, "cert.chain", /no path/);
  assert.ok(runs.get("cert.chain")!.outcome.observations.filter((o) => o.ok === false).every((o) => o.basis?.source === "RFC-5280"));
});

test("cert-subject-shared: different signers' certificates name one subject", async () => {
  const runs = await runAgainstFault("cert-subject-shared", ["cert.subject-matches-signer"]);
  assertFailsWith(runs, "cert.subject-matches-signer", /share|same subject|CN=Example Signer/);
  assert.ok(runs.get("cert.subject-matches-signer")!.outcome.observations.filter((o) => o.ok === false).every((o) => o.basis?.clause === "control UA-09"));
});
