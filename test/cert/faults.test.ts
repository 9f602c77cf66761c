/** Certificate and key faults of the reference RSSP, one fixture start per fault. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { en } from "../helpers/text.ts";
import { assertFailsWith, runAgainstFault } from "../csc/helpers/fault-case.ts";
import { messageIn } from "../../src/check/types.ts";

test("weak-rsa-key: carol's RSA-1024 key is below the policy (her credential in scope)", async () => {
  const runs = await runAgainstFault("weak-rsa-key", ["csc.algo.key-size"], { unscoped: true });
  assertFailsWith(runs, "csc.algo.key-size", /RSA 1024 bits — below the policy/);
});

test("cert-no-nonrepudiation: signer certificates lack nonRepudiation — advisory (practice, no text requires the bit)", async () => {
  const run = (await runAgainstFault("cert-no-nonrepudiation", ["cert.key-usage"])).get("cert.key-usage")!;
  assert.equal(run.outcome.status, "advisory", en(run.outcome.summary));
  const gone = run.outcome.observations.filter((o) => o.ok === false);
  assert.ok(gone.length > 0 && gone.every((o) => /nonRepudiation missing/.test(en(o.observed)) && o.basis?.strength === "should"), JSON.stringify(gone));
});

test("cert-no-signing-usage: a keyUsage that forbids signing fails cert.key-usage (KM-12, RFC 5280 §4.2.1.3)", async () => {
  const runs = await runAgainstFault("cert-no-signing-usage", ["cert.key-usage"]);
  assertFailsWith(runs, "cert.key-usage", /keyUsage keyEncipherment — no signing usage .*the key may not sign/);
  assert.ok(runs.get("cert.key-usage")!.outcome.observations.filter((o) => o.ok === false).every((o) => o.basis !== undefined && messageIn(o.basis.clause, "en").startsWith("control KM-12") && o.basis.strength === "guideline"));
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
  assert.ok(runs.get("cert.subject-matches-signer")!.outcome.observations.filter((o) => o.ok === false).every((o) => o.basis !== undefined && messageIn(o.basis.clause, "en").startsWith("control UA-09")));
});
