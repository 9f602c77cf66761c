/**
 * Every hsm.* check against real SoftHSM2 tokens: the conformant token passes all, each flawed
 * key fails the check aimed at its flaw with a finding naming the key and the attribute, and the
 * pure judges handle what SoftHSM cannot be made to do (a bad RNG, a token without signing keys).
 */
import { en } from "../helpers/text.ts";
import "reflect-metadata";
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { webcrypto } from "node:crypto";
import * as x509 from "@peculiar/x509";
import { buildTestHsm, FLAWED_KEYS, type TestHsm } from "./helpers/softhsm-tokens.ts";
import { inspectToken, type Inspection, type InspectedCheck } from "../../src/hsm/inspect.ts";
import { surveyToken } from "../../src/hsm/survey.ts";
import { secretFromValue } from "../../src/config/secrets.ts";
import { judgeSigningKeys, expectFlag } from "../../src/hsm/judge-keys.ts";
import { judgeRandomSample } from "../../checks/hsm/rng.quality.ts";
import { compareKeysWithCertificates } from "../../checks/hsm/key.matches-certificate.ts";
import { compareWithCertification } from "../../checks/hsm/token.info.ts";
import type { TokenSurvey } from "../../src/hsm/survey-types.ts";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "../helpers/temp.ts";

let hsm: TestHsm;
let conformant: Inspection;
let flawed: Inspection;
const access = (token: string) => ({ module: hsm.module, token, pin: secretFromValue(hsm.pin, "env:TEST_PIN"), environment: hsm.environment });

before(async () => {
  hsm = await buildTestHsm();
  conformant = await inspectToken(access(hsm.tokens.conformant));
  flawed = await inspectToken(access(hsm.tokens.flawed));
});
after(() => hsm?.cleanup());

const check = (i: Inspection, id: string): InspectedCheck => {
  const c = i.checks.find((x) => x.id === id);
  assert.ok(c, `${id} ran`);
  return c;
};

test("all twelve hsm.* checks run", () => {
  assert.deepEqual(conformant.checks.map((c) => c.id), [
    "hsm.key.always-authenticate", "hsm.key.export-refused", "hsm.key.local", "hsm.key.matches-certificate", "hsm.key.non-exportable", "hsm.key.private",
    "hsm.key.sign-only", "hsm.key.strength", "hsm.mechanisms.weak", "hsm.rng.quality", "hsm.token.info", "hsm.wrapping-keys.protected",
  ]);
});

test("the conformant token passes every check (per-signature activation not claimed: not-applicable)", () => {
  for (const c of conformant.checks) {
    const want = c.id === "hsm.key.always-authenticate" ? "not-applicable" : "pass";
    assert.equal(c.status, want, `${c.id}: ${en(c.summary)}`);
    if (c.status === "pass") assert.ok(c.observations.length > 0 && c.observations.every((o) => o.ok !== false));
  }
  assert.equal(conformant.conclusion, "pass");
  for (const k of conformant.keys) assert.ok(!Object.values(k.verdicts).includes("fail"), k.key);
});

/** Each flaw and the check that must catch it, naming the key and what was read. */
const FLAWS: Array<{ check: string; key: string; looked: RegExp; observed: RegExp }> = [
  { check: "hsm.key.local", key: FLAWED_KEYS.imported, looked: /CKA_LOCAL$/, observed: /^CKA_LOCAL=false$/ },
  { check: "hsm.key.non-exportable", key: FLAWED_KEYS.extractable, looked: /CKA_EXTRACTABLE$/, observed: /=true/ },
  { check: "hsm.key.non-exportable", key: FLAWED_KEYS.notSensitive, looked: /CKA_SENSITIVE$/, observed: /=false/ },
  { check: "hsm.key.non-exportable", key: FLAWED_KEYS.fixedLater, looked: /CKA_NEVER_EXTRACTABLE$/, observed: /=false/ },
  { check: "hsm.key.non-exportable", key: FLAWED_KEYS.fixedLater, looked: /CKA_ALWAYS_SENSITIVE$/, observed: /=false/ },
  { check: "hsm.key.export-refused", key: FLAWED_KEYS.extractable, looked: /C_WrapKey\(CKM_AES_KEY_WRAP_PAD\)$/, observed: /SUCCEEDED: the token returned \d+ bytes .*zeroised/ },
  { check: "hsm.key.sign-only", key: FLAWED_KEYS.decrypt, looked: /CKA_DECRYPT$/, observed: /=true/ },
  { check: "hsm.key.private", key: FLAWED_KEYS.notPrivate, looked: /CKA_PRIVATE$/, observed: /=false/ },
  { check: "hsm.key.strength", key: FLAWED_KEYS.rsa1024, looked: /CKA_MODULUS$/, observed: /RSA 1024 bits/ },
  { check: "hsm.wrapping-keys.protected", key: FLAWED_KEYS.wrappingKey, looked: /CKA_EXTRACTABLE$/, observed: /=true/ },
];

for (const flaw of FLAWS) {
  test(`${flaw.key} fails ${flaw.check} with a finding naming the key and ${flaw.looked.source}`, () => {
    const c = check(flawed, flaw.check);
    assert.equal(c.status, "fail", en(c.summary));
    assert.match(en(c.summary), new RegExp(flaw.key));
    const finding = c.observations.find((o) => o.ok === false && o.subject?.startsWith(`${flaw.key} (id `) && flaw.looked.test(o.where));
    assert.ok(finding, `no failing observation for ${flaw.key} in ${JSON.stringify(c.observations, null, 1)}`);
    assert.match(finding.where, new RegExp(`^pkcs11:token=flawed;object=${flaw.key};id=%[0-9a-f]{2} `));
    assert.match(finding.subject!, /\(id [0-9a-f]+, (EC P-256|RSA \d+|AES 256)\)$/);
    assert.match(en(finding.observed), flaw.observed);
    assert.ok(en(finding.expected).length > 0);
    assert.ok(finding.basis, `${flaw.check}: the departure names its basis`);
    assert.equal(flawed.keys.find((k) => k.key === finding.subject)!.verdicts[flaw.check], "fail");
  });
}

test("hsm.mechanisms.weak: weak mechanisms usable by a key without CKA_ALLOWED_MECHANISMS are advisory; they fail only when the provider claims a mechanism policy", async () => {
  const advisory = check(flawed, "hsm.mechanisms.weak");
  assert.equal(advisory.status, "advisory", en(advisory.summary));
  const seen = advisory.observations.find((o) => o.ok === false && o.subject?.startsWith(`${FLAWED_KEYS.decrypt} (id `))!;
  assert.match(en(seen.observed), /CKM_SHA1_RSA_PKCS .*CKM_RSA_X_509/);
  assert.equal(seen.basis?.strength, "should");
  const claimed = await inspectToken(access(hsm.tokens.flawed), { parameters: { "hsm.mechanismPolicy": true } });
  const c = check(claimed, "hsm.mechanisms.weak");
  assert.equal(c.status, "fail", en(c.summary));
  assert.ok(c.observations.filter((o) => o.ok === false).every((o) => o.basis !== undefined && en(o.basis.clause) === "parameter hsm.mechanismPolicy"));
  assert.equal(check(conformant, "hsm.mechanisms.weak").status, "pass");
});

test("the wrap probe tries every AES wrap mechanism the token offers, and each refuses on the conformant token", () => {
  const wraps = check(conformant, "hsm.key.export-refused").observations.filter((o) => o.where.includes("C_WrapKey("));
  assert.ok(wraps.length > 0);
  for (const o of wraps) {
    assert.match(o.where, /C_WrapKey\(CKM_AES_KEY_WRAP_PAD, CKM_AES_KEY_WRAP(, [A-Z_0-9]+)*\)$/);
    assert.equal(o.ok, true, en(o.observed));
  }
});

test("hsm.token.info fails when the HSM in service is not the certified one (manufacturer, model, firmware), and passes when it is", () => {
  const t = { manufacturer: "SoftHSM project", model: "SoftHSM v2", firmwareVersion: "2.6" };
  const same = compareWithCertification(t, [{ name: "hsm-certification.yaml", value: { manufacturer: "SoftHSM project", model: "SoftHSM v2", firmware: "2.6.1" } }], "pkcs11:token=t");
  assert.ok(same.every((o) => o.ok === true));
  const other = compareWithCertification(t, [{ name: "hsm-certification.yaml", value: { manufacturer: "SoftHSM project", model: "Luna K7", firmware: "7.8" } }], "pkcs11:token=t");
  assert.deepEqual(other.filter((o) => o.ok === false).map((o) => o.where.split(" ").at(-1)), ["model", "firmware"]);
  assert.ok(other.filter((o) => o.ok === false).every((o) => o.basis?.strength === "guideline"));
});

test("a key fixed later passes the current attributes but fails on its history", () => {
  const obs = check(flawed, "hsm.key.non-exportable").observations.filter((o) => o.subject?.startsWith(FLAWED_KEYS.fixedLater));
  const okOf = (attr: string) => obs.find((o) => o.where.endsWith(attr))?.ok;
  assert.equal(okOf("CKA_SENSITIVE"), true);
  assert.equal(okOf("CKA_EXTRACTABLE"), true);
  assert.equal(okOf("CKA_ALWAYS_SENSITIVE"), false);
  assert.equal(okOf("CKA_NEVER_EXTRACTABLE"), false);
});

test("reading a signing key's secret value is refused with CKR_ATTRIBUTE_SENSITIVE, even on the extractable key", () => {
  const obs = check(flawed, "hsm.key.export-refused").observations.filter((o) => o.where.includes("C_GetAttributeValue"));
  assert.ok(obs.length >= 7);
  for (const o of obs) assert.match(en(o.observed), /^refused: CKR_ATTRIBUTE_SENSITIVE$/, o.where);
  assert.ok(obs.some((o) => o.where.endsWith("C_GetAttributeValue(CKA_PRIVATE_EXPONENT)")), "RSA keys are probed on the private exponent");
});

test("the export probe names the token wrapping key it used", () => {
  const first = check(conformant, "hsm.key.export-refused").observations[0]!;
  assert.match(en(first.observed), /token wrapping key pkcs11:token=conformant;object=backup-wrap;id=%10 with CKM_AES_KEY_WRAP_PAD/);
});

test("without a wrapping key on the token, the wrap attempt uses a temporary session key and says so", async () => {
  const lone = await inspectToken(access(hsm.tokens.noWrappingKey));
  const c = check(lone, "hsm.key.export-refused");
  assert.equal(c.status, "pass", en(c.summary));
  assert.match(en(c.observations[0]!.observed), /temporary AES-256 SESSION key \(CKA_TOKEN=false\).*never stored on the token/);
  assert.ok(c.observations.some((o) => en(o.observed) === "refused: CKR_KEY_UNEXTRACTABLE"));
  // The probe left nothing behind: a second survey sees the same objects and still no secret key.
  const again = await surveyToken(access(hsm.tokens.noWrappingKey));
  assert.equal(again.secretKeys.length, 0);
  assert.equal(again.privateKeys.length, 1);
  const wrapping = check(lone, "hsm.wrapping-keys.protected");
  assert.equal(wrapping.status, "not-applicable");
  const cert = check(lone, "hsm.key.matches-certificate");
  assert.equal(cert.status, "not-applicable");
  assert.match(en(cert.summary), /no certificate to compare: none on token "no-wrapping-key".*the assessment names no CSC API/);
});

test("a certificate carrying a signing key's CKA_ID but another key fails hsm.key.matches-certificate", () => {
  const c = check(flawed, "hsm.key.matches-certificate");
  assert.equal(c.status, "fail", en(c.summary));
  const finding = c.observations.find((o) => o.ok === false)!;
  assert.match(finding.where, /^pkcs11:token=flawed;object=cert-for-another-key;id=%22 CKA_VALUE$/);
  assert.match(en(finding.observed), /DIFFERENT public key/);
  assert.match(finding.subject!, new RegExp(`^${FLAWED_KEYS.certMismatch} `));
});

test("CSC credential certificates are compared with the HSM keys", async () => {
  const survey = await surveyToken(access(hsm.tokens.conformant));
  const ec = survey.privateKeys.find((k) => k.label === "signer-ec")!;
  x509.cryptoProvider.set(webcrypto as unknown as Crypto);
  const ca = (await webcrypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, false, ["sign", "verify"])) as CryptoKeyPair;
  const other = (await webcrypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, ["sign", "verify"])) as CryptoKeyPair;
  const issue = async (publicKey: x509.PublicKey | CryptoKey) =>
    Buffer.from((await x509.X509CertificateGenerator.create({ serialNumber: "01", subject: "CN=alice", issuer: "CN=CA", notBefore: new Date(), notAfter: new Date(Date.now() + 86_400_000), publicKey, signingKey: ca.privateKey, signingAlgorithm: { name: "ECDSA", hash: "SHA-256" } })).rawData).toString("base64");
  const good = await issue(new x509.PublicKey(new Uint8Array(Buffer.from(ec.spki!, "base64"))));
  const bad = await issue(other.publicKey);
  const obs = compareKeysWithCertificates(survey, { credentials: [{ credentialID: "cred-good", certificates: [good] }, { credentialID: "cred-bad", signer: "bob", certificates: [bad] }] });
  const byCredential = (id: string) => obs.find((o) => o.where.startsWith(`CSC credential ${id}`))!;
  assert.equal(byCredential("cred-good").ok, true);
  assert.match(en(byCredential("cred-good").observed), /certifies signer-ec \(id 01, EC P-256\)/);
  assert.equal(byCredential("cred-bad").ok, false);
  assert.match(byCredential("cred-bad").where, /CSC credential cred-bad \(signer bob\) cert\/certificates\[0\]/);
});

test("hsm.key.always-authenticate fails keys without CKA_ALWAYS_AUTHENTICATE when the provider claims per-signature activation", async () => {
  const claimed = { "hsm.requireAlwaysAuthenticate": true };
  const good = await inspectToken(access(hsm.tokens.conformant), { parameters: claimed });
  assert.equal(check(good, "hsm.key.always-authenticate").status, "pass");
  const bad = await inspectToken(access(hsm.tokens.flawed), { parameters: claimed });
  const c = check(bad, "hsm.key.always-authenticate");
  assert.equal(c.status, "fail");
  const finding = c.observations.find((o) => o.ok === false && o.subject?.startsWith(FLAWED_KEYS.noAlwaysAuthenticate))!;
  assert.match(finding.where, /CKA_ALWAYS_AUTHENTICATE$/);
  assert.equal(finding.observed, "CKA_ALWAYS_AUTHENTICATE=false");
  // Without the claim the observed values are reported, and nothing fails.
  const info = check(flawed, "hsm.key.always-authenticate");
  assert.equal(info.status, "not-applicable");
  assert.ok(info.observations.some((o) => o.observed === "CKA_ALWAYS_AUTHENTICATE=false" && o.ok === undefined));
});

test("stricter parameters raise the bar: crypto.minEcBits=384 fails P-256 keys", async () => {
  const strict = await inspectToken(access(hsm.tokens.conformant), { parameters: { "crypto.minEcBits": 384 } });
  const c = check(strict, "hsm.key.strength");
  assert.equal(c.status, "fail");
  assert.match(en(c.summary), /signer-ec/);
  assert.doesNotMatch(en(c.summary), /signer-rsa/);
});

test("token information is captured as facts, with an inventory free of secret values", () => {
  const c = check(conformant, "hsm.token.info");
  const facts = c.facts as { hsm: Record<string, string> };
  assert.equal(facts.hsm.manufacturer, "SoftHSM project");
  assert.equal(facts.hsm.model, "SoftHSM v2");
  assert.match(facts.hsm.firmwareVersion!, /^\d+\.\d+$/);
  assert.match(facts.hsm.serialNumber!, /^[0-9a-f]{16}$/);
  const inventory = JSON.parse(String(c.evidence![0]!.content)) as { privateKeys: Array<Record<string, unknown>> };
  assert.equal(inventory.privateKeys.length, 2);
  assert.ok(inventory.privateKeys.every((k) => !("value" in k) && !("CKA_VALUE" in k)));
});

test("the RNG check reports p-values, and fails a defective generator only when the failure reproduces", () => {
  const rng = check(conformant, "hsm.rng.quality");
  assert.equal(rng.observations.length, 5);
  for (const o of rng.observations) assert.match(en(o.observed), /^p = [0-9.e-]+ /);
  const n = 2 * (1 << 20) / 8;
  const biased = new Uint8Array(n).map((_, i) => (i % 3 === 0 ? 0xff : (i * 37) & 0xff));
  const bad = judgeRandomSample({ bytes: biased }, 0.001, "pkcs11:token=t");
  assert.equal(bad.status, "fail");
  assert.ok(bad.observations.some((o) => o.ok === false && /REPRODUCED/.test(en(o.observed))));
  assert.equal(judgeRandomSample({ unavailable: "C_GenerateRandom failed: CKR_RANDOM_NO_RNG" }, 0.001, "x").status, "error");
  assert.equal(judgeRandomSample({ bytes: new Uint8Array(1000) }, 0.001, "x").status, "error");
});

test("a token without signing keys is an error, never a pass; an unreadable attribute is an error", () => {
  const survey = { token: { label: "empty" }, uri: "pkcs11:token=empty", privateKeys: [] } as unknown as TokenSurvey;
  const none = judgeSigningKeys(survey, () => [], { pass: { ja: "", en: "" }, fail: { ja: "", en: "" } });
  assert.equal(none.status, "error");
  assert.match(en(none.summary), /no signing key/);
  const key = { label: "k", idHex: "01", uri: "pkcs11:token=t;object=k;id=%01", type: "EC", bits: 256, curve: "P-256", spkiSource: "", flags: { CKA_SIGN: true, CKA_LOCAL: { refused: "CKR_ATTRIBUTE_TYPE_INVALID" } } };
  const unreadable = judgeSigningKeys({ ...survey, privateKeys: [key] } as unknown as TokenSurvey, (k) => [expectFlag(k, "CKA_LOCAL", true)], { pass: { ja: "", en: "" }, fail: { ja: "", en: "" } });
  assert.equal(unreadable.status, "error");
  assert.equal(unreadable.observations[0]!.observed, "CKA_LOCAL=unreadable (CKR_ATTRIBUTE_TYPE_INVALID)");
});

test("hsm.token.info against the real token: the certified device passes, another model or firmware fails on KM-02", async () => {
  const facts = check(conformant, "hsm.token.info").facts as { hsm: Record<string, string> };
  const doc = (model: string, firmware: string) => [
    "kind: hsm-certification", "collected: '2026-10-01'", "scheme: FIPS 140-2", "level: Level 3", "certificateId: DEMO-0001",
    "manufacturer: SoftHSM project", `model: ${model}`, `firmware: '${firmware}'`, "validUntil: '2029-12-31'",
  ].join("\n") + "\n";
  const inspectWith = async (text: string) => {
    const dir = tempDir("hsm-cert");
    writeFileSync(join(dir, "hsm-certification.yaml"), text);
    return check(await inspectToken(access(hsm.tokens.conformant), { evidenceDir: dir }), "hsm.token.info");
  };
  const same = await inspectWith(doc("SoftHSM v2", facts.hsm.firmwareVersion!));
  assert.equal(same.status, "pass", en(same.summary));
  assert.match(en(same.summary), /matches the HSM certification evidence/);
  const other = await inspectWith(doc("Luna K7", "7.8"));
  assert.equal(other.status, "fail", en(other.summary));
  assert.match(en(other.summary), /not the certified one \(model, firmware differ\)/);
  assert.ok(other.observations.filter((o) => o.ok === false).every((o) => o.basis?.source === "JT2A-CRIT"));
  // Without the document the facts are captured, and the summary says there was nothing to compare with.
  assert.match(en(check(conformant, "hsm.token.info").summary), /no HSM certification evidence to compare with/);
});
