/**
 * The pure judges of the csc.protocol.* checks, on edge cases a fixture does not produce:
 * GeneralizedTime, RFC 4514 parsing and comparison, Base64, chain order, and each check's judge on
 * the departures it must name (so that every check is proven to fail on its own input too).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash, generateKeyPairSync, sign } from "node:crypto";
import { x509 } from "../../src/cert/certificate.ts";
import { certificateRdns, isBase64, isHexSerial, parseGeneralizedTime, parseRfc4514, sameRdns, sameSerial, unlistedMethod } from "../../src/csc/protocol.ts";
import { pssParamsDer } from "../../src/csc/protocol-der.ts";
import { parsePssParams } from "../../fixtures/rssp/formats.ts";
import { chainOrderProblem } from "../../checks/csc/protocol.cert-chain-order.ts";
import { judgeCertFormats } from "../../checks/csc/protocol.cert-formats.ts";
import { judgeBase64 } from "../../checks/csc/protocol.base64-values.ts";
import { judgeInfoParams, unaskedDetails } from "../../checks/csc/protocol.credential-info-params.ts";
import { judgeOauth2codeAuth } from "../../checks/csc/protocol.oauth2code-auth-objects.ts";
import { AUTHORIZE_INPUTS, demandedParameter, judgeAuthorizeInputs } from "../../checks/csc/protocol.authorize-inputs.ts";
import { judgeLoginError, judgeWrongPinError } from "../../checks/csc/protocol.error-codes.ts";
import { judgeUnimplemented } from "../../checks/csc/protocol.unimplemented-method.ts";
import { judgeHashAlgo } from "../../checks/csc/protocol.hash-algo.ts";
import { judgeOutsideKeyAlgo } from "../../checks/csc/protocol.signalgo-in-key-algo.ts";
import { judgePss, verifiesPss } from "../../checks/csc/protocol.pss-params.ts";
import type { CscReply } from "../../src/csc/client.ts";
import { en } from "../helpers/text.ts";
import { PSS_SALT } from "../../src/csc/protocol-signing.ts";
import { messageIn } from "../../src/check/types.ts";

const reply = (status: number, body: Record<string, unknown> = {}, error?: string, errorDescription?: string): CscReply => ({ method: "m", status, ok: status >= 200 && status < 300, body, contentType: "application/json", error, errorDescription });

test("GeneralizedTime: YYYYMMDDHHMMSSZ only, a real date and time", () => {
  assert.equal(parseGeneralizedTime("20240229235959Z")?.toISOString(), "2024-02-29T23:59:59.000Z");
  assert.equal(parseGeneralizedTime("20000101000000Z")?.toISOString(), "2000-01-01T00:00:00.000Z");
  for (const bad of ["2024-02-29T23:59:59Z", "2024-02-29T23:59:59.000Z", "20230229000000Z", "20241301000000Z", "20240101240000Z", "20240101006000Z", "20240101000060Z", "20240101000000", "20240101000000+0900", "20240101000000.5Z", "240101000000Z", " 20240101000000Z", "20240101000000z"]) {
    assert.equal(parseGeneralizedTime(bad), undefined, bad);
  }
});

test("RFC 4514: separators without spaces, escapes (specials, hex UTF-8), multi-valued RDNs, types by OID", () => {
  assert.deepEqual(parseRfc4514("CN=Alice Example,O=Example Corporation,C=JP"), [["2.5.4.3=Alice Example"], ["2.5.4.10=Example Corporation"], ["2.5.4.6=JP"]]);
  assert.deepEqual(parseRfc4514("CN=Smith\\, John,O=Acme"), [["2.5.4.3=Smith, John"], ["2.5.4.10=Acme"]]);
  assert.deepEqual(parseRfc4514("CN=Smith\\2C John"), [["2.5.4.3=Smith, John"]]);
  assert.deepEqual(parseRfc4514("CN=\\E5\\B1\\B1\\E7\\94\\B0"), [["2.5.4.3=山田"]]);
  assert.deepEqual(parseRfc4514("CN=山田 太郎,C=JP"), [["2.5.4.3=山田 太郎"], ["2.5.4.6=JP"]]);
  assert.deepEqual(parseRfc4514("OU=Sales+CN=J. Smith,DC=example,DC=net"), [["2.5.4.11=Sales", "2.5.4.3=J. Smith"].sort(), ["0.9.2342.19200300.100.1.25=example"], ["0.9.2342.19200300.100.1.25=net"]]);
  assert.deepEqual(parseRfc4514("2.5.4.3=Alice,cn=Bob"), [["2.5.4.3=Alice"], ["2.5.4.3=Bob"]]);
  assert.deepEqual(parseRfc4514("CN=\\ lead and trail\\ "), [["2.5.4.3= lead and trail "]]);
  assert.deepEqual(parseRfc4514("CN=a=b"), [["2.5.4.3=a=b"]]);
  assert.deepEqual(parseRfc4514("CN="), [["2.5.4.3="]]);
  assert.deepEqual(parseRfc4514(""), []);
  assert.deepEqual(parseRfc4514("E=a@example.org,SERIALNUMBER=123"), [["1.2.840.113549.1.9.1=a@example.org"], ["2.5.4.5=123"]]);
});

test("RFC 4514: what is not one is named", () => {
  assert.match(parseRfc4514("CN=Alice Example, O=Example Corporation, C=JP") as string, /no attribute type at offset 17/);
  assert.match(parseRfc4514("CN= Alice") as string, /unescaped leading space/);
  assert.match(parseRfc4514("CN=Alice ,O=x") as string, /unescaped trailing space/);
  assert.match(parseRfc4514("CN=a;b") as string, /unescaped ;/);
  assert.match(parseRfc4514('CN="quoted"') as string, /unescaped "/);
  assert.match(parseRfc4514("CN=a\\qb") as string, /bad escape/);
  assert.match(parseRfc4514("CN=a,") as string, /separator at the end/);
  assert.match(parseRfc4514("/C=JP/O=Example/CN=Alice") as string, /no attribute type at offset 0/);
  assert.match(parseRfc4514(Array.from({ length: 65 }, (_, i) => `CN=${i}`).join(",")) as string, /more than 64/);
});

async function makeCert(subject: string, issuer: string, ca: boolean): Promise<x509.X509Certificate> {
  const alg = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" } as const;
  const keys = await crypto.subtle.generateKey(alg, true, ["sign", "verify"]);
  return x509.X509CertificateGenerator.create({
    serialNumber: "0a1b2c",
    subject,
    issuer,
    notBefore: new Date("2026-01-01T00:00:00Z"),
    notAfter: new Date("2027-01-01T00:00:00Z"),
    signingAlgorithm: alg,
    publicKey: keys.publicKey,
    signingKey: keys.privateKey,
    extensions: [new x509.BasicConstraintsExtension(ca, undefined, true)],
  });
}

test("certificate names compare by RDN sequence: the RFC 4514 order is the reverse of the certificate's", async () => {
  const cert = await makeCert("C=JP, O=Example Corporation, CN=Alice Example", "C=JP, CN=Issuing CA", false);
  const rdns = certificateRdns(cert.subjectName);
  assert.ok(sameRdns(parseRfc4514("CN=Alice Example,O=Example Corporation,C=JP") as string[][], rdns));
  assert.ok(!sameRdns(parseRfc4514("C=JP,O=Example Corporation,CN=Alice Example") as string[][], rdns), "certificate order is not RFC 4514 order");
});

test("certificate details: GeneralizedTime, RFC 4514, hex serial and Base64, each against the certificate", async () => {
  const cert = await makeCert("C=JP, O=Example Corporation, CN=Alice Example", "C=JP, CN=Issuing CA", false);
  const b64 = Buffer.from(cert.rawData).toString("base64");
  const good = { cert: { certificates: [b64], subjectDN: "CN=Alice Example,O=Example Corporation,C=JP", issuerDN: "CN=Issuing CA,C=JP", serialNumber: "0A1B2C", validFrom: "20260101000000Z", validTo: "20270101000000Z" } };
  assert.deepEqual(judgeCertFormats("v2", good, "w", "c").map((j) => j.status), ["pass", "pass", "pass", "pass", "pass"]);
  const bad = { cert: { certificates: [b64], subjectDN: "C=JP,O=Example Corporation,CN=Alice Example", issuerDN: "CN=Issuing CA, C=JP", serialNumber: "0x0a1b2c", validFrom: "2026-01-01T00:00:00Z", validTo: "20270101000001Z" } };
  const judged = judgeCertFormats("v1", bad, "w", "c");
  assert.deepEqual(judged.map((j) => j.status), ["fail", "fail", "fail", "fail", "fail"]);
  const observed = judged.map((j) => en(j.observation.observed));
  assert.match(observed[0]!, /not GeneralizedTime: 2026-01-01T00:00:00Z/);
  assert.match(observed[1]!, /differs from the certificate: 20270101000001Z/);
  assert.match(observed[2]!, /not the certificate's name/);
  assert.match(observed[3]!, /not RFC 4514/);
  for (const j of judged) assert.equal(j.observation.basis?.source, "CSC-API-1.0.4");
  assert.match(messageIn(judged[0]!.observation.basis!.clause, "en"), /^11\.5 cert\/validFrom/);
  assert.ok(isBase64("QUJD") && !isBase64("QUJ") && !isBase64("a-_b") && !isBase64(""));
  assert.ok(isHexSerial("00ff") && !isHexSerial("0x00ff") && sameSerial("00FF", "ff") && !sameSerial("ff", "fe"));
});

test("Base64 values: certificates and signatures in RFC 4648 §4 Base64; base64url is a departure", () => {
  const ex = (method: string, body: Record<string, unknown>, status = 200) => ({ seq: 1, step: "s", method, url: "u", startedAt: "t", durationMs: 1, request: { headers: {}, body: { credentialID: "c" } }, response: { status, contentType: "application/json", body } });
  const ok = judgeBase64("v2", [ex("credentials/info", { cert: { certificates: ["QUJD", "REVGRw=="] } }), ex("signatures/signHash", { signatures: ["QUI="] }), ex("signatures/signHash", { signatures: ["a-_b"] }, 400)], "w");
  assert.deepEqual(ok.map((j) => j.status), ["pass", "pass"]);
  const ng = judgeBase64("v1", [ex("credentials/info", { cert: { certificates: ["QUJD", "REVGRw"] } }), ex("signatures/signHash", { signatures: ["a-_b"] })], "w");
  assert.deepEqual(ng.map((j) => j.status), ["fail", "fail"]);
  assert.match(en(ng[1]!.observation.observed), /not Base64: a-_b/);
  assert.match(messageIn(ng[1]!.observation.basis!.clause, "en"), /^11\.9 signatures/);
});

test("chain order: end entity first, each next the issuer of the one before", async () => {
  const root = await makeCert("CN=Root", "CN=Root", true);
  const issuing = await makeCert("CN=Issuing CA", "CN=Root", true);
  const ee = await makeCert("CN=Alice", "CN=Issuing CA", false);
  assert.equal(chainOrderProblem([ee, issuing, root]), undefined);
  assert.equal(chainOrderProblem([ee]), undefined);
  assert.match(en(chainOrderProblem([issuing, ee])!), /first certificate is a CA/);
  assert.match(en(chainOrderProblem([ee, root, issuing])!), /certificate 2 did not issue certificate 1/);
  assert.match(en(chainOrderProblem([])!), /no certificate/);
});

test("credentials/info parameters: details without the flags, certificates single / none / bogus", () => {
  const plain = reply(200, { cert: { certificates: ["QUJD"] }, auth: { mode: "explicit" } });
  const none = reply(200, { cert: {} });
  const bogus = reply(400, {}, "invalid_request", "Invalid parameter certificates");
  assert.deepEqual(judgeInfoParams("v2", { plain, none, bogus }, "w", "c").map((j) => j.status), ["pass", "pass", "pass", "pass", "pass"]);
  const leaky = reply(200, { cert: { certificates: ["QUJD", "REVG"], subjectDN: "CN=x", validTo: "x" }, auth: { mode: "explicit", objects: [] } });
  const judged = judgeInfoParams("v2", { plain: leaky, none: plain, bogus: reply(200) }, "w", "c");
  assert.deepEqual(judged.map((j) => j.status), ["fail", "fail", "fail", "fail", "fail"]);
  assert.match(en(judged[0]!.observation.observed), /cert\/subjectDN, cert\/validTo/);
  assert.deepEqual(unaskedDetails("v1", { PIN: { presence: "true" }, OTP: { presence: "false" } }).auth, ["PIN", "OTP"]);
});

test("oauth2code credentials: PIN/OTP (v1) or auth/objects (v2) are a departure; explicit ones are not judged", () => {
  assert.equal(judgeOauth2codeAuth("v2", { auth: { mode: "explicit", objects: [] } }, "w", "c"), undefined);
  assert.equal(judgeOauth2codeAuth("v2", { auth: { mode: "oauth2code" } }, "w", "c")!.status, "pass");
  assert.equal(judgeOauth2codeAuth("v1", { authMode: "oauth2code", PIN: { presence: "true" } }, "w", "c")!.status, "fail");
  assert.equal(judgeOauth2codeAuth("v2", { auth: { mode: "oauth2code", objects: [{ type: "Password", id: "PIN" }] } }, "w", "c")!.status, "fail");
});

test("authorize inputs: a refusal asking for a parameter the version lacks is a departure; other refusals cannot be judged", () => {
  assert.equal(demandedParameter(reply(400, {}, "invalid_request", "Missing (or invalid type) string parameter hashAlgo")), "hashAlgo");
  assert.equal(judgeAuthorizeInputs("v1", reply(400, {}, "invalid_request", "Missing (or invalid type) string parameter hashAlgo"), "w").status, "fail");
  assert.equal(judgeAuthorizeInputs("v2", reply(400, {}, "invalid_request", "Missing (or invalid type) string parameter hashAlgorithmOID"), "w").status, "error");
  assert.equal(judgeAuthorizeInputs("v2", reply(400, {}, "invalid_request", "Missing (or invalid type) array parameter hash"), "w").status, "fail");
  assert.equal(judgeAuthorizeInputs("v1", reply(400, {}, "invalid_otp", "The OTP is invalid"), "w").status, "error");
  assert.equal(judgeAuthorizeInputs("v1", reply(200, { SAD: "x" }), "w").status, "pass");
  assert.ok(AUTHORIZE_INPUTS.v1.includes("hash") && !AUTHORIZE_INPUTS.v1.includes("hashAlgo"));
});

test("error codes: login 400 authentication_error; wrong PIN invalid_pin on v1, invalid_authentication_data on v2", () => {
  assert.equal(judgeLoginError("v2", reply(400, {}, "authentication_error"), "w").status, "pass");
  assert.equal(judgeLoginError("v1", reply(401, {}, "invalid_grant"), "w").status, "fail");
  assert.equal(judgeWrongPinError("v1", reply(400, {}, "invalid_pin"), "w").status, "pass");
  assert.equal(judgeWrongPinError("v2", reply(400, {}, "invalid_authentication_data"), "w").status, "pass");
  const v1OnV2 = judgeWrongPinError("v2", reply(400, {}, "invalid_pin"), "w");
  assert.equal(v1OnV2.status, "fail");
  assert.match(en(v1OnV2.observation.observed), /a v1 error name on v2/);
  assert.equal(judgeWrongPinError("v1", reply(400, {}, "invalid_authentication_data"), "w").status, "fail");
  assert.equal(judgeWrongPinError("v2", reply(200, { SAD: "x" }), "w").status, "fail");
});

test("unimplemented method: 501 only; a harmless unlisted method of the version is chosen", () => {
  assert.equal(judgeUnimplemented("v2", "signatures/timestamp", reply(501), "w").status, "pass");
  assert.equal(judgeUnimplemented("v2", "signatures/timestamp", reply(404), "w").status, "fail");
  assert.match(en(judgeUnimplemented("v1", "signatures/timestamp", reply(200), "w").observation.observed), /not listed in info.methods/);
  assert.equal(unlistedMethod("v2", ["info", "signatures/signHash"]), "signatures/timestamp");
  assert.equal(unlistedMethod("v1", ["signatures/timestamp", "credentials/extendTransaction"]), undefined, "v1 has no authorizeCheck, getChallenge or signDoc");
  assert.equal(unlistedMethod("v2", ["signatures/timestamp"]), "credentials/authorizeCheck");
});

test("hash algorithm and signAlgo judges", () => {
  const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const spki = new Uint8Array(publicKey.export({ format: "der", type: "spki" }));
  const data = new Uint8Array(Buffer.from("data"));
  const digest = new Uint8Array(createHash("sha256").update(data).digest());
  const good = sign("sha256", data, privateKey).toString("base64");
  const wrong = sign("sha512", data, privateKey).toString("base64");
  const missing = reply(400, {}, "invalid_request", "Missing (or invalid type) string parameter hashAlgorithmOID");
  const ok = judgeHashAlgo("v2", spki, { implied: { data, digest, reply: reply(200, { signatures: [good] }) }, withoutHashAlgo: missing, wrongLength: reply(400), authorizeWithoutHashAlgo: missing }, "w");
  // rsaEncryption without the hash algorithm: refused, and with the table's answer; then v2 authorize's answer.
  assert.deepEqual(ok.map((j) => j.status), ["pass", "pass", "pass", "pass", "pass"]);
  const otherWords = judgeHashAlgo("v2", spki, { withoutHashAlgo: reply(400, {}, "invalid_request", "bad request"), authorizeWithoutHashAlgo: reply(200) }, "w");
  assert.deepEqual(otherWords.map((j) => [j.status, j.observation.basis?.strength]), [["pass", undefined], ["fail", "should"], ["fail", "should"]]);
  const ng = judgeHashAlgo("v1", spki, { implied: { data, digest, reply: reply(200, { signatures: [wrong] }) }, withoutHashAlgo: reply(200), wrongLength: reply(200) }, "w");
  assert.deepEqual(ng.map((j) => j.status), ["fail", "fail", "fail"]);
  assert.match(en(ng[0]!.observation.observed), /signed without hashAlgo \(/);
  assert.match(messageIn(ng[1]!.observation.basis!.clause, "en"), /^11\.9 hashAlgo SHALL be omitted or ignored/);
  assert.equal(judgeOutsideKeyAlgo("v2", "1.2.840.113549.1.1.12", ["1.2.840.113549.1.1.11"], reply(400), "w").status, "pass");
  assert.match(en(judgeOutsideKeyAlgo("v2", "1.2.840.113549.1.1.12", ["1.2.840.113549.1.1.11"], reply(200), "w").observation.observed), /signed with sha384WithRSAEncryption/);
});

test("RSA-PSS: the DER parameters round-trip; a salt-64 signature verifies, another salt is named", () => {
  assert.deepEqual(parsePssParams(pssParamsDer("sha256", 64)), { hashOID: "2.16.840.1.101.3.4.2.1", mgfHashOID: "2.16.840.1.101.3.4.2.1", saltLength: 64, trailerField: 1 });
  assert.equal(parsePssParams(pssParamsDer("sha384", 20)).saltLength, 20, "salt 20 is the DEFAULT, left out");
  const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const spki = new Uint8Array(publicKey.export({ format: "der", type: "spki" }));
  const data = new Uint8Array(Buffer.from("data"));
  const digest = new Uint8Array(createHash("sha256").update(data).digest());
  const pss = (saltLength: number) => sign("sha256", data, { key: privateKey, padding: 6, saltLength }).toString("base64");
  assert.ok(verifiesPss(spki, data, Buffer.from(pss(PSS_SALT), "base64"), PSS_SALT));
  assert.deepEqual(judgePss("v2", spki, { data, digest, reply: reply(200, { signatures: [pss(PSS_SALT)] }) }, reply(400), "w").map((j) => j.status), ["pass", "pass"]);
  const ng = judgePss("v1", spki, { data, digest, reply: reply(200, { signatures: [pss(32)] }) }, reply(200), "w");
  assert.deepEqual(ng.map((j) => j.status), ["fail", "fail"]);
  assert.match(en(ng[0]!.observation.observed), /salt length 32/);
  assert.match(messageIn(ng[0]!.observation.basis!.clause, "en"), /^11\.9 signAlgoParams/);
});

test("docs/CHECKS.md lists every csc.protocol check, and the catalog's PT-14 names each", async () => {
  const { loadRegistry } = await import("../../src/check/registry.ts");
  const { readFileSync } = await import("node:fs");
  const ids = (await loadRegistry()).checks.map((c) => c.id).filter((id) => id.startsWith("csc.protocol."));
  assert.ok(ids.length >= 12, `${ids.length} protocol checks`);
  const docs = readFileSync(new URL("../../docs/CHECKS.md", import.meta.url), "utf8");
  const pt = readFileSync(new URL("../../controls/pt.yaml", import.meta.url), "utf8");
  for (const id of ids) {
    assert.ok(docs.includes(`| ${id} |`), `docs/CHECKS.md does not list ${id}`);
    assert.ok(pt.includes(`- ${id}\n`), `PT-14 does not name ${id}`);
  }
});

test("RFC 4514 §2.4: a BER hexstring value is decoded and compared with the certificate's value", async () => {
  const cert = await makeCert("C=JP, O=Example Corporation, CN=Alice Example", "C=JP, CN=Issuing CA", false);
  const rdns = certificateRdns(cert.subjectName);
  // #0C0D416C696365204578616D706C65: UTF8String "Alice Example"; #13024A50: PrintableString "JP".
  const hexAlice = `#0C0D${Buffer.from("Alice Example").toString("hex").toUpperCase()}`;
  assert.deepEqual(parseRfc4514(`CN=${hexAlice},C=#13024a50`), [["2.5.4.3=Alice Example"], ["2.5.4.6=JP"]]);
  assert.ok(sameRdns(parseRfc4514(`CN=${hexAlice},O=Example Corporation,C=#13024A50`) as string[][], rdns), "hexstring values name the certificate's subject");
  const bob = `#0C03${Buffer.from("Bob").toString("hex")}`;
  assert.ok(!sameRdns(parseRfc4514(`CN=${bob},O=Example Corporation,C=JP`) as string[][], rdns), "a hexstring of another value is another name");
  const b64 = Buffer.from(cert.rawData).toString("base64");
  const base = { certificates: [b64], issuerDN: "CN=Issuing CA,C=JP", serialNumber: "0A1B2C", validFrom: "20260101000000Z", validTo: "20270101000000Z" };
  assert.equal(judgeCertFormats("v2", { cert: { ...base, subjectDN: `CN=${hexAlice},O=Example Corporation,C=JP` } }, "w", "c")[2]!.status, "pass");
  const ng = judgeCertFormats("v2", { cert: { ...base, subjectDN: `CN=${bob},O=Example Corporation,C=JP` } }, "w", "c")[2]!;
  assert.equal(ng.status, "fail");
  assert.match(en(ng.observation.observed), /not the certificate's name/);
  assert.match(parseRfc4514("CN=#0C05414243") as string, /not one DER value/);
  assert.match(parseRfc4514("CN=#0C0") as string, /bad BER hexstring/);
  assert.match(parseRfc4514("CN=#zz") as string, /bad BER hexstring/);
});
