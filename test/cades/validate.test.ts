/**
 * The local CAdES/PAdES validator (src/cades) on CMS built here with a software key (no HSM, no
 * server): a valid CAdES-B-B passes every finding; each broken rule — another digest, another
 * certificate in signing-certificate-v2, signed attributes altered after signing, signing-time in
 * PAdES, a broken chain — fails exactly its finding; hostile bytes give findings, never a throw.
 */
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { constants, createHash, KeyObject, privateEncrypt, randomBytes, webcrypto } from "node:crypto";
import { x509 } from "../../src/cert/certificate.ts";
import { buildCms } from "../../fixtures/rssp/csc-signdoc.ts";
import { validateCms, MAX_CMS_BYTES, type CmsItem } from "../../src/cades/validate.ts";
import { isReason, signatureField, validatePades } from "../../src/cades/pades.ts";
import { embedCms, preparePdf } from "../../src/cades/pdf-template.ts";

const ALG = { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256", publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 };
const SHA256_DIGEST_INFO = Buffer.from("3031300d060960864801650304020105000420", "hex");

let chain: Uint8Array[];
let otherCert: Uint8Array;
let signerKey: KeyObject;

before(async () => {
  const caKeys = await webcrypto.subtle.generateKey(ALG, true, ["sign", "verify"]);
  const eeKeys = await webcrypto.subtle.generateKey(ALG, true, ["sign", "verify"]);
  const ca = await x509.X509CertificateGenerator.createSelfSigned({ serialNumber: "01", name: "CN=Test CA", notBefore: new Date(Date.now() - 60_000), notAfter: new Date(Date.now() + 86_400_000), keys: caKeys, signingAlgorithm: ALG, extensions: [new x509.BasicConstraintsExtension(true, undefined, true)] });
  const ee = await x509.X509CertificateGenerator.create({ serialNumber: "1234", subject: "CN=Test Signer", issuer: ca.subject, notBefore: new Date(Date.now() - 60_000), notAfter: new Date(Date.now() + 86_400_000), publicKey: eeKeys.publicKey, signingKey: caKeys.privateKey, signingAlgorithm: ALG });
  chain = [new Uint8Array(ee.rawData), new Uint8Array(ca.rawData)];
  otherCert = new Uint8Array(ca.rawData);
  signerKey = KeyObject.from(eeKeys.privateKey);
});

const chainB64 = () => chain.map((d) => Buffer.from(d).toString("base64"));
function cms(format: "C" | "P", digest: Buffer, o: { essCertificate?: string; tamper?: boolean } = {}): Buffer {
  const der = buildCms(format, digest, {
    chain: chainB64(),
    hashOID: "2.16.840.1.101.3.4.2.1",
    signatureAlgorithm: { oid: "1.2.840.113549.1.1.11" },
    signDigest: (d) => privateEncrypt({ key: signerKey, padding: constants.RSA_PKCS1_PADDING }, Buffer.concat([SHA256_DIGEST_INFO, d])),
    ...(o.essCertificate ? { essCertificate: o.essCertificate } : {}),
  });
  return der;
}
const failing = (v: ReturnType<typeof validateCms>): CmsItem[] => {
  assertBilingual(v);
  return v.findings.filter((f) => !f.ok).map((f) => f.item);
};
/** English words no Japanese detail carries (OIDs, hex, attribute and ASN.1 names stay as they are). */
const ENGLISH = /\b(?:is|are|not|does|the|of|with|from|differs|verifies|names|expected)\b/;
function assertBilingual(v: ReturnType<typeof validateCms>): void {
  for (const f of v.findings) {
    assert.ok(f.detail.en && f.detail.ja, `${f.item}: a detail in both languages`);
    assert.doesNotMatch(f.detail.ja, ENGLISH, `${f.item}: the Japanese detail is Japanese: ${f.detail.ja}`);
  }
}

test("a CAdES-B-B over the submitted digest passes every finding", () => {
  const digest = createHash("sha256").update("document").digest();
  const v = validateCms(cms("C", digest), { format: "C", digest, chain });
  assert.deepEqual(failing(v), []);
  assert.deepEqual(v.findings.map((f) => f.item), ["structure", "content-type", "message-digest", "signing-certificate-v2", "signing-time", "signer", "signature-value", "chain"]);
  assert.equal(v.ok, true);
});

test("each broken rule fails exactly its finding", () => {
  const digest = randomBytes(32);
  assert.deepEqual(failing(validateCms(cms("C", digest), { format: "C", digest: randomBytes(32), chain })), ["message-digest"]);
  assert.deepEqual(failing(validateCms(cms("C", digest, { essCertificate: Buffer.from(otherCert).toString("base64") }), { format: "C", digest, chain })), ["signing-certificate-v2"]);
  assert.deepEqual(failing(validateCms(cms("C", digest), { format: "P", digest, chain })), ["signing-time"]);
  assert.deepEqual(failing(validateCms(cms("P", digest), { format: "C", digest, chain })), ["signing-time"]);
  assert.deepEqual(failing(validateCms(cms("P", digest), { format: "P", digest, chain })), []);
  // The chain's issuer swapped for a certificate that did not sign the signer's.
  assert.deepEqual(failing(validateCms(cms("C", digest), { format: "C", digest, chain: [chain[0]!, chain[0]!] })), ["chain"]);
  // One byte of the message-digest value changed after signing: the attribute and the signature value both fail.
  const der = cms("C", digest);
  const at = der.indexOf(digest);
  der[at] = der[at]! ^ 0x01;
  assert.deepEqual(failing(validateCms(der, { format: "C", digest, chain })), ["message-digest", "signature-value"]);
});

test("hostile bytes give findings, never a throw", () => {
  const digest = randomBytes(32);
  const good = cms("C", digest);
  for (const bytes of [new Uint8Array(0), randomBytes(200), good.subarray(0, good.length / 2), Buffer.from("3080", "hex"), new Uint8Array(MAX_CMS_BYTES + 1)]) {
    const v = validateCms(bytes, { format: "C", digest, chain });
    assert.equal(v.ok, false);
    assert.equal(v.findings[0]!.item, "structure");
  }
});

test("PAdES: the CMS in /Contents is validated over the ByteRange; a changed byte or another sent digest fails message-digest", () => {
  const p = preparePdf(new Date("2026-01-02T03:04:05Z"));
  const pdf = embedCms(p, cms("P", Buffer.from(p.digest)));
  assert.ok(Buffer.isBuffer(pdf));
  const field = signatureField(pdf);
  assert.ok(!isReason(field), JSON.stringify(field));
  assert.deepEqual(field.byteRange, p.byteRange);
  assert.deepEqual(failing(validatePades(pdf, { chain, submittedDigest: p.digest })), []);
  assert.deepEqual(failing(validatePades(pdf, { chain, submittedDigest: randomBytes(32) })), ["message-digest"]);
  const tampered = Buffer.from(pdf);
  tampered[20] = tampered[20]! ^ 0x20;
  assert.deepEqual(failing(validatePades(tampered, { chain })), ["message-digest"]);
  assert.ok(isReason(signatureField(p.pdf)), "an unsigned placeholder holds no CMS");
  const none = signatureField(Buffer.from("%PDF-1.7\n"));
  assert.ok(isReason(none) && /no \/ByteRange/.test(none.en) && /\/ByteRangeがない/.test(none.ja));
  const tooLarge = embedCms(p, new Uint8Array(p.capacity + 1));
  assert.ok(isReason(tooLarge) && /larger than the \/Contents placeholder/.test(tooLarge.en) && /プレースホルダ/.test(tooLarge.ja));
});
