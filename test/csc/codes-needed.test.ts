/**
 * The one-time codes and push approvals announced up front (src/csc/codes-needed.ts), over
 * constructed sessions: a plain one (a single-factor credential serves the cheap probes), signDoc
 * beside signHash with a multi-factor cheapest credential (its extra route costs codes), a strict
 * scope that leaves no single-factor credential (the cheap probes spend alice's and bob's codes in
 * turn) against one that keeps a test instrument, push approvals, and a run of a few checks only.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { codesNeeded, COUNTED_CHECKS, type CodeFacts, type CredentialFact, type SecondFactor } from "../../src/csc/codes-needed.ts";
import { REPO_ROOT } from "../helpers/cli.ts";

const cred = (credentialID: string, signer: string, second: SecondFactor, more: Partial<CredentialFact> = {}): CredentialFact => ({ credentialID, signer, second, usable: true, multisign: 2, ...more });
const SIGN_HASH = ["auth/login", "credentials/list", "credentials/info", "credentials/authorize", "signatures/signHash"];
const BOTH = [...SIGN_HASH, "signatures/signDoc"];

/** Codes per signer, as a plain object. */
function codes(facts: CodeFacts): Record<string, number> {
  return Object.fromEntries([...codesNeeded(facts)].map(([signer, n]) => [signer, n.codes]));
}
const total = (r: Record<string, number>) => Object.values(r).reduce((a, n) => a + n, 0);

// alice: two multi-factor credentials and a PIN-only one; bob: one multi-factor.
const a1 = cred("cred-alice-01", "alice", "code");
const a2 = cred("cred-alice-02", "alice", "code");
const a3 = cred("cred-alice-03", "alice", "none");
const b1 = cred("cred-bob-01", "bob", "code");

test("plain: one code per multi-factor credential (SCAL 2 scenario + samples); the PIN-only cheapest credential costs none", () => {
  const facts: CodeFacts = { credentials: [a1, a2, a3, b1], cheap: [a3], judged: [a3], methods: SIGN_HASH };
  assert.deepEqual(codes(facts), { alice: 2, bob: 1 });
  // With signDoc listed the signDoc scenario authorizes bob's SCAL 2 credential (another signer than the scenario's): one more of bob's.
  assert.deepEqual(codes({ ...facts, methods: BOTH }), { alice: 2, bob: 2 });
  // A credential the assessor cannot authorize (no code source) or whose key is disabled is not counted.
  assert.deepEqual(codes({ ...facts, credentials: [a1, { ...a2, usable: false }, a3, b1] }), { alice: 1, bob: 1 });
});

test("signDoc beside signHash, multi-factor cheapest: csc.sad.single-use and csc.sad.expiry make one authorization more each, a code each", () => {
  const planned = new Set(["csc.sad.single-use", "csc.sad.expiry"]);
  const facts: CodeFacts = { credentials: [a1, b1], cheap: [a1, b1], judged: [a1, b1], methods: SIGN_HASH, planned };
  const hashOnly = codes(facts);
  const beside = codes({ ...facts, methods: BOTH });
  // signHash alone: expiry's two SADs, single-use's one; beside signDoc one more each.
  assert.equal(total(hashOnly), 3);
  assert.equal(total(beside), total(hashOnly) + 2);
  // The cheap probes take alice's and bob's credentials in turn: both signers are asked.
  assert.ok(beside.alice! > 0 && beside.bob! > 0, JSON.stringify(beside));
  // A PIN-only cheapest credential: the extra route costs no code.
  assert.deepEqual(codes({ ...facts, credentials: [a1, a3, b1], cheap: [a3], judged: [a3], methods: BOTH }), { alice: 0, bob: 0 });
  // A signDoc-only provider has one route: no extra authorization.
  assert.equal(total(codes({ ...facts, methods: ["credentials/authorize", "signatures/signDoc"] })), total(hashOnly));
});

test("strict scope without a single-factor credential: the cheap probes spend alice's and bob's codes, one per granted authorization", () => {
  // The scope took the PIN-only credential out (no instrument): the cheap probes take alice's and bob's first usable credentials in turn.
  const strict: CodeFacts = { credentials: [a1, b1], cheap: [a1, b1], judged: [a1, b1], methods: SIGN_HASH };
  const got = codes(strict);
  // SCAL 2 scenario (alice) + bob's sample = 2; the cheap probes' granted authorizations: expiry 2, single-use 1,
  // num-signatures 1, max-uses 1, no-secrets 1, wrong-pin's correct one 1, the protocol probes 1, signalgo-matches-key 1 = 9.
  assert.equal(total(got), 11, JSON.stringify(got));
  assert.ok(got.alice! >= 4 && got.bob! >= 4, `spread over both signers: ${JSON.stringify(got)}`);
  // The same scope keeping the PIN-only credential as a test instrument: the cheap probes cost nothing, except
  // signalgo-matches-key, which judges the key and so never takes an instrument.
  const instrument = cred("cred-alice-03", "alice", "none");
  assert.equal(total(codes({ ...strict, cheap: [instrument], judged: [a1, b1] })), 3);
  // Credentials with one signature per SAD: num-signatures and max-uses do not authorize.
  const single = (c: CredentialFact) => ({ ...c, multisign: 1 });
  assert.equal(total(codes({ ...strict, credentials: [single(a1), single(b1)], cheap: [single(a1), single(b1)], judged: [single(a1), single(b1)] })), 9);
});

test("push approvals are counted apart from codes, on the credentials whose second factor is out of band", () => {
  const p1 = cred("cred-alice-01", "alice", "approval");
  const p2 = cred("cred-alice-02", "alice", "approval");
  const q1 = cred("cred-bob-01", "bob", "approval");
  // The push-approval test's run (test/otp/approval-push.test.ts): the SCAL 2 checks only.
  const planned = new Set(["csc.authorize.otp-replay", "csc.sad.hash-binding", "csc.sad.hash-count", "csc.sad.cross-credential", "csc.sad.cross-user", "csc.signature.verifies"]);
  const needs = codesNeeded({ credentials: [p1, p2, a3, q1], cheap: [a3], judged: [a3], methods: SIGN_HASH, planned });
  assert.deepEqual(Object.fromEntries(needs), { alice: { codes: 0, approvals: 2 }, bob: { codes: 0, approvals: 1 } });
  // A signer with both kinds: each authorization costs what its credential asks.
  const mixed = codesNeeded({ credentials: [a1, p2, a3], cheap: [a3], judged: [a3], methods: SIGN_HASH, planned });
  assert.deepEqual(mixed.get("alice"), { codes: 1, approvals: 1 });
});

test("only the checks this run runs are counted", () => {
  const facts: CodeFacts = { credentials: [a1, a2, a3, b1], cheap: [a3], judged: [a3], methods: SIGN_HASH };
  // The SCAL 2 scenario alone: its one code, no samples.
  assert.deepEqual(codes({ ...facts, planned: new Set(["csc.sad.hash-binding"]) }), { alice: 1, bob: 0 });
  // No check that authorizes with a second factor.
  assert.deepEqual(codes({ ...facts, planned: new Set(["csc.info", "csc.transport.https-only"]) }), { alice: 0, bob: 0 });
});

test("every check the estimate counts exists (checks/<family>/<name>.ts)", () => {
  for (const id of COUNTED_CHECKS) {
    const [family, ...rest] = id.split(".");
    assert.ok(existsSync(join(REPO_ROOT, "checks", family!, `${rest.join(".")}.ts`)), id);
  }
});
