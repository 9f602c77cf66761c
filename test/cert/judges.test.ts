/**
 * cert.* judgements both ways on certificates made here: a certificate without policies, with no
 * nonRepudiation, expired, with a foreign anchor, or with no well-defined expiry fails.
 */
import { en } from "../helpers/text.ts";
import { test } from "node:test";
import assert from "node:assert/strict";
import { webcrypto } from "node:crypto";
import { x509 } from "../../src/cert/certificate.ts";
import { statusByBasis } from "../../src/check/basis.ts";
import { buildChain } from "../../src/cert/chain.ts";
import { judgePolicies } from "../../checks/cert/policies.ts";
import { judgeKeyUsage } from "../../checks/cert/key-usage.ts";
import { judgeValidity } from "../../checks/cert/validity.ts";
import { judgeHorizon } from "../../checks/cert/retention-horizon.ts";
import { sharedKeys } from "../../checks/cert/unique-keys.ts";
import type { CredentialDescription } from "../../src/csc/credentials.ts";
import { messageIn } from "../../src/check/types.ts";

const EC = { name: "ECDSA", namedCurve: "P-256" } as const;
const SIGN = { name: "ECDSA", hash: "SHA-256" } as const;

async function ca(name: string) {
  const keys = (await webcrypto.subtle.generateKey(EC, true, ["sign", "verify"])) as CryptoKeyPair;
  const cert = await x509.X509CertificateGenerator.createSelfSigned({ serialNumber: "01", name, notBefore: new Date(Date.now() - 86_400_000), notAfter: new Date(Date.now() + 86_400_000 * 365), keys, signingAlgorithm: SIGN, extensions: [new x509.BasicConstraintsExtension(true, 1, true)] });
  return { cert, keys };
}

async function leaf(issuer: { cert: x509.X509Certificate; keys: CryptoKeyPair }, o: { policies?: string[]; usages?: number; notAfter?: Date } = {}) {
  const keys = (await webcrypto.subtle.generateKey(EC, true, ["sign", "verify"])) as CryptoKeyPair;
  const extensions: x509.Extension[] = [new x509.KeyUsagesExtension(o.usages ?? x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation, true)];
  if (o.policies) extensions.push(new x509.CertificatePolicyExtension(o.policies));
  return x509.X509CertificateGenerator.create({ serialNumber: "02", subject: "CN=Alice Example", issuer: issuer.cert.subject, notBefore: new Date(Date.now() - 86_400_000), notAfter: o.notAfter ?? new Date(Date.now() + 86_400_000 * 30), publicKey: keys.publicKey, signingKey: issuer.keys.privateKey, signingAlgorithm: SIGN, extensions });
}

const credential = (cert: x509.X509Certificate, extra: Partial<CredentialDescription> = {}): CredentialDescription => ({
  credentialID: "c1", signer: "alice", keyAlgos: [], certificates: [new Uint8Array(cert.rawData)], asksPin: true, asksOtp: false, multisign: 1, ...extra,
});

test("policies: present passes, absent fails", async () => {
  const root = await ca("CN=Test Root");
  const named = ["1.3.6.1.4.1.55555.1"];
  assert.equal(judgePolicies(credential(await leaf(root, { policies: named })), "w", named).status, "pass");
  // With a policy named by the assessment: a certificate without it (or with anyPolicy only) fails, on that parameter.
  const missing = judgePolicies(credential(await leaf(root)), "w", named);
  assert.equal(missing.status, "fail");
  assert.equal(missing.observation.basis?.clause, "parameter cert.requiredPolicies");
  assert.equal(judgePolicies(credential(await leaf(root, { policies: ["2.5.29.32.0"] })), "w", named).status, "fail");
  assert.equal(judgePolicies(credential(await leaf(root, { policies: ["1.3.6.1.4.1.55555.2"] })), "w", named).status, "fail");
  // None named: no extension is not a failure (RFC 5280 §4.2.1.4), the absence is recorded.
  const none = judgePolicies(credential(await leaf(root)), "w");
  assert.equal(none.status, "pass");
  assert.match(en(none.observation.observed), /no certificatePolicies extension/);
});

test("key usage: a usage that forbids signing fails; nonRepudiation missing is a should (advisory); nonRepudiation alone may sign", async () => {
  const root = await ca("CN=Test Root");
  assert.equal(judgeKeyUsage(credential(await leaf(root)), "w").status, "pass");
  // RFC 5280 §4.2.1.3: nonRepudiation alone marks a key that verifies signatures (the usual qualified-signature profile).
  assert.equal(judgeKeyUsage(credential(await leaf(root, { usages: x509.KeyUsageFlags.nonRepudiation })), "w").status, "pass");
  const r = judgeKeyUsage(credential(await leaf(root, { usages: x509.KeyUsageFlags.digitalSignature })), "w");
  assert.match(en(r.observation.observed), /nonRepudiation missing/);
  assert.equal(r.observation.basis?.strength, "should");
  assert.equal(statusByBasis({ status: r.status, summary: "", observations: [r.observation] }), "advisory");
  const noSign = judgeKeyUsage(credential(await leaf(root, { usages: x509.KeyUsageFlags.keyEncipherment })), "w");
  assert.match(en(noSign.observation.observed), /the key may not sign/);
  assert.equal(statusByBasis({ status: noSign.status, summary: "", observations: [noSign.observation] }), "fail");
});

test("validity: expired fails (RFC 5280); a wrong cert/status alone is advisory (CSC §11.5 SHOULD); a wrong validTo fails (CSC §11.5)", async () => {
  const root = await ca("CN=Test Root");
  const judged = (j: ReturnType<typeof judgeValidity>) => statusByBasis({ status: j.status, summary: "", observations: [j.observation] });
  const expired = await leaf(root, { notAfter: new Date(Date.now() - 3_600_000) });
  const e = judgeValidity(credential(expired, { certStatus: "valid" }), new Date(), "w");
  assert.equal(judged(e), "fail");
  assert.equal(e.observation.basis?.source, "RFC-5280");
  const good = await leaf(root);
  assert.equal(judgeValidity(credential(good, { certStatus: "valid" }), new Date(), "w").status, "pass");
  const status = judgeValidity(credential(good, { certStatus: "expired" }), new Date(), "w");
  assert.match(en(status.observation.observed), /reports cert\/status "expired"/);
  assert.equal(judged(status), "advisory");
  const validTo = judgeValidity(credential(good, { validTo: "20200101000000Z" }), new Date(), "w");
  assert.match(en(validTo.observation.observed), /reports validTo 20200101000000Z/);
  assert.equal(judged(validTo), "fail");
  assert.match(messageIn(validTo.observation.basis?.clause ?? "", "en"), /^11\.5/);
});

test("chain: builds to its own root, not to a foreign one", async () => {
  const root = await ca("CN=Test Root");
  const foreign = await ca("CN=Test Root");
  const cert = await leaf(root);
  assert.equal((await buildChain(cert, [], [root.cert], new Date())).ok, true);
  const r = await buildChain(cert, [], [foreign.cert], new Date());
  assert.equal(r.ok, false);
  assert.match(r.problem!, /neither a trust anchor nor in the chain|verifies the signature/);
});

test("retention horizon: notAfter + years; no defined expiry fails", async () => {
  const root = await ca("CN=Test Root");
  const ok = judgeHorizon(credential(await leaf(root, { notAfter: new Date("2030-01-01T00:00:00Z") })), 10, "w");
  assert.equal(ok.horizon, "2040-01-01T00:00:00.000Z");
  assert.equal(judgeHorizon(credential(await leaf(root, { notAfter: new Date("9999-12-31T23:59:59Z") })), 10, "w").status, "fail");
  // The provider declares 7 years (its record-retention document): records of a 2030 certificate go in 2037, before 2040.
  const short = judgeHorizon(credential(await leaf(root, { notAfter: new Date("2030-01-01T00:00:00Z") })), 10, "w", { years: 7, document: "record-retention.yaml" });
  assert.equal(short.status, "fail");
  assert.match(en(short.observation.observed), /record-retention\.yaml keeps records 7 years: only until 2037-01-01/);
  assert.equal(short.observation.basis?.strength, "shall");
  assert.equal(judgeHorizon(credential(await leaf(root, { notAfter: new Date("2030-01-01T00:00:00Z") })), 10, "w", { years: 10, document: "record-retention.yaml" }).status, "pass");
});

test("unique keys: shared SPKI found", () => {
  assert.deepEqual(sharedKeys([{ credentialID: "a", signer: "x", spkiSha256: "k1" }, { credentialID: "b", signer: "y", spkiSha256: "k2" }]), []);
  assert.equal(sharedKeys([{ credentialID: "a", signer: "x", spkiSha256: "k1" }, { credentialID: "b", signer: "y", spkiSha256: "k1" }]).length, 1);
});
