/**
 * signatures/signDoc (CSC v2.0.0.2 §11.11). Against a provider that signs through signDoc only
 * (design profile signdoc-only) every signature and SAD check runs through signDoc and passes (or
 * is not-applicable with a reason); the returned CAdES verifies with `openssl cms -verify`
 * (detached, over the document whose digest was sent) and the PAdES CMS, placed in a PDF whose
 * ByteRange digest was sent, verifies with `pdfsig`; each signDoc fault fails its check.
 */
import { en } from "../helpers/text.ts";
import { messageIn } from "../../src/check/types.ts";
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startFixture, type RunningFixture } from "../../fixtures/rssp/index.ts";
import { postJson } from "../helpers/assess-run.ts";
import { describeRuns, fixtureTarget, runChecks } from "./helpers/run-family.ts";
import { assertFailsWith, runAgainstFault } from "./helpers/fault-case.ts";
import { tempDir } from "../helpers/temp.ts";
import { validateCms } from "../../src/cades/validate.ts";
import { validatePades } from "../../src/cades/pades.ts";
import { embedCms, preparePdf } from "../../src/cades/pdf-template.ts";

let fixture: RunningFixture;
before(async () => {
  fixture = await startFixture({ profile: "signdoc-only" });
});
after(async () => {
  await fixture?.stop();
});

const SHA256 = "2.16.840.1.101.3.4.2.1";

test("signdoc-only: every csc check passes or is not-applicable, the signing ones through signDoc", async () => {
  const runs = await runChecks(fixtureTarget(fixture.assessmentFile), ["csc", "cert.key-matches-credential"], { intrusive: true });
  for (const run of runs.values()) {
    const expected = run.id === "csc.sad.max-uses" ? ["advisory"] : ["pass", "not-applicable"];
    assert.ok(expected.includes(run.outcome.status), `${run.id}: ${run.outcome.status} — ${en(run.outcome.summary)}\n${describeRuns(runs)}`);
  }
  const viaSignDoc = ["csc.signature.verifies", "csc.sad.hash-binding", "csc.sad.single-use", "csc.sad.cross-credential", "csc.sad.cross-user", "csc.sad.expiry", "csc.sad.required", "csc.sad.num-signatures", "csc.sad.digest-length", "csc.algo.weak-hash-refused", "csc.signdoc.digest-binding", "csc.signdoc.ades-valid", "csc.signdoc.announced-formats"];
  for (const id of viaSignDoc) {
    const run = runs.get(id)!;
    assert.equal(run.outcome.status, "pass", `${id}: ${en(run.outcome.summary)}`);
    const transcript = (run.outcome.evidence ?? []).map((e) => String(e.content)).join("\n");
    assert.match(transcript, /signatures\/signDoc/, `${id} did not sign through signDoc`);
    assert.doesNotMatch(transcript, /signatures\/signHash/, `${id} called signHash`);
    for (const o of run.outcome.observations) if (o.where.includes("/signatures/")) assert.match(o.where, /signatures\/signDoc/, `${id} names signHash as where`);
  }
  assert.match(en(runs.get("csc.signature.verifies")!.outcome.observations.find((o) => o.ok)!.observed), /CAdES-B-B signature object\(s\) validate/);
  // signDoc serves the probes signHash would: info does not call them unassessed.
  assert.ok(runs.get("csc.info")!.outcome.observations.every((o) => !/not assessed: .*signatures\/signHash/.test(en(o.observed))));
  const ades = runs.get("csc.signdoc.ades-valid")!.outcome.observations.filter((o) => o.ok).map((o) => en(o.observed));
  assert.ok(ades.some((o) => /^CAdES object 1: structure, content-type, message-digest, signing-certificate-v2, signing-time, signer, signature-value, chain valid/.test(o)), ades.join("\n"));
  assert.ok(ades.some((o) => /^PAdES object 2 in the PDF: .*message-digest.*valid/.test(o)), ades.join("\n"));
});

test("default profile (signHash and signDoc): the signDoc checks pass; signdoc-digest-not-bound fails csc.signdoc.digest-binding only", async () => {
  const clean = await startFixture();
  try {
    const runs = await runChecks(fixtureTarget(clean.assessmentFile), ["csc.signdoc"]);
    assert.equal(runs.size, 3);
    for (const run of runs.values()) assert.equal(run.outcome.status, "pass", `${run.id}: ${en(run.outcome.summary)}`);
  } finally {
    await clean.stop();
  }
  const runs = await runAgainstFault("signdoc-digest-not-bound", ["csc.signdoc.digest-binding", "csc.sad.hash-binding"]);
  assertFailsWith(runs, "csc.signdoc.digest-binding", /document digest the SAD did not authorize was signed/);
  assert.equal(runs.get("csc.sad.hash-binding")!.outcome.status, "pass", "signHash still binds its hashes");
});

/** A JSON call to the fixture (v2). */
function call(method: string, body: unknown, authorization?: string): Promise<{ status: number; body: Record<string, unknown> }> {
  return postJson(`${fixture.baseUrl}/${method}`, body, fixture.tlsCaFile, authorization);
}

/** carol's single-factor credential: bearer, ID, chain (DER), signAlgo, and a SAD for n signatures. */
async function carol(n: number): Promise<{ bearer: string; id: string; chain: Uint8Array[]; signAlgo: string; sad: string }> {
  const secrets = JSON.parse(readFileSync(fixture.secretsFile, "utf8")) as Record<string, { password: string; pin: string }>;
  const login = await call("auth/login", {}, `Basic ${Buffer.from(`carol:${secrets.carol!.password}`).toString("base64")}`);
  const bearer = `Bearer ${login.body.access_token as string}`;
  const id = ((await call("credentials/list", {}, bearer)).body.credentialIDs as string[])[0]!;
  const info = await call("credentials/info", { credentialID: id, certificates: "chain" }, bearer);
  const chain = ((info.body.cert as { certificates: string[] }).certificates).map((c) => new Uint8Array(Buffer.from(c, "base64")));
  const signAlgo = ((info.body.key as { algo: string[] }).algo).find((a) => a.endsWith(".11"))!; // sha256WithRSAEncryption
  const auth = await call("credentials/authorize", { credentialID: id, numSignatures: n, authData: [{ id: "PIN", value: secrets.carol!.pin }] }, bearer);
  assert.equal(auth.status, 200, JSON.stringify(auth.body));
  return { bearer, id, chain, signAlgo, sad: auth.body.SAD as string };
}

test("signDoc's CAdES (documentDigests and documents) verifies with openssl cms -verify; signHash answers 501", async () => {
  const dir = tempDir("signdoc-cades");
  const c = await carol(2);
  const doc = Buffer.concat([Buffer.from("rssp-audit signDoc test document\n"), randomBytes(64)]);
  writeFileSync(join(dir, "doc.bin"), doc);
  writeFileSync(join(dir, "root.pem"), readFileSync(fixture.trustAnchorFile));
  const digest = createHash("sha256").update(doc).digest();
  const signHash = await call("signatures/signHash", { credentialID: c.id, SAD: c.sad, hashes: [digest.toString("base64")], hashAlgorithmOID: SHA256, signAlgo: c.signAlgo }, c.bearer);
  assert.equal(signHash.status, 501, "signdoc-only implements no signHash (v2 §10.1 Table 2: 501)");
  const byDigest = await call("signatures/signDoc", { credentialID: c.id, SAD: c.sad, documentDigests: [{ hashes: [digest.toString("base64")], hashAlgorithmOID: SHA256, signature_format: "C", conformance_level: "Ades-B-B", signAlgo: c.signAlgo }] }, c.bearer);
  const byDocument = await call("signatures/signDoc", { credentialID: c.id, SAD: c.sad, documents: [{ document: doc.toString("base64"), signature_format: "C", signAlgo: c.signAlgo }] }, c.bearer);
  for (const [name, reply] of [["documentDigests", byDigest], ["documents", byDocument]] as const) {
    assert.equal(reply.status, 200, `${name}: ${JSON.stringify(reply.body)}`);
    const cms = Buffer.from((reply.body.SignatureObject as string[])[0]!, "base64");
    assert.ok(validateCms(cms, { format: "C", digest, chain: c.chain }).ok, name);
    const file = join(dir, `${name}.p7s`);
    writeFileSync(file, cms);
    const ok = spawnSync("openssl", ["cms", "-verify", "-binary", "-inform", "DER", "-in", file, "-content", join(dir, "doc.bin"), "-CAfile", join(dir, "root.pem"), "-purpose", "any", "-out", "/dev/null"], { encoding: "utf8" });
    assert.equal(ok.status, 0, `${name}: openssl cms -verify: ${ok.stderr}`);
    assert.match(ok.stderr, /Verification successful/);
    // Detached over the document: another document does not verify.
    writeFileSync(join(dir, "other.bin"), Buffer.concat([doc, Buffer.from("x")]));
    const other = spawnSync("openssl", ["cms", "-verify", "-binary", "-inform", "DER", "-in", file, "-content", join(dir, "other.bin"), "-noverify", "-out", "/dev/null"], { encoding: "utf8" });
    assert.notEqual(other.status, 0, `${name}: verified over another document`);
  }
  // The SAD for 2 is spent by the two signatures.
  const third = await call("signatures/signDoc", { credentialID: c.id, SAD: c.sad, documentDigests: [{ hashes: [digest.toString("base64")], hashAlgorithmOID: SHA256, signature_format: "C", signAlgo: c.signAlgo }] }, c.bearer);
  assert.equal(third.status, 400);
});

test("signDoc's PAdES CMS, placed in the PDF whose ByteRange digest was sent, verifies with pdfsig", async () => {
  const dir = tempDir("signdoc-pades");
  const c = await carol(1);
  const prepared = preparePdf(new Date(), "rssp-audit PAdES test");
  const reply = await call("signatures/signDoc", { credentialID: c.id, SAD: c.sad, documentDigests: [{ hashes: [Buffer.from(prepared.digest).toString("base64")], hashAlgorithmOID: SHA256, signature_format: "P", conformance_level: "Ades-B-B", signAlgo: c.signAlgo }] }, c.bearer);
  assert.equal(reply.status, 200, JSON.stringify(reply.body));
  const cms = Buffer.from((reply.body.SignatureObject as string[])[0]!, "base64");
  const pdf = embedCms(prepared, cms);
  assert.ok(Buffer.isBuffer(pdf), String(pdf));
  const verdict = validatePades(pdf, { chain: c.chain, submittedDigest: prepared.digest });
  assert.ok(verdict.ok, JSON.stringify(verdict.findings.filter((f) => !f.ok)));
  const file = join(dir, "signed.pdf");
  writeFileSync(file, pdf);
  const out = execFileSync("pdfsig", [file], { encoding: "utf8" });
  assert.match(out, /Signature #1:/);
  assert.match(out, /Signature Validation: Signature is Valid\./, out);
  assert.match(out, /Signature Type: ETSI\.CAdES\.detached/, out);
  assert.match(out, /Total document signed/, out);
  // One byte changed inside a signed range: pdfsig and the validator both refuse it.
  const tampered = Buffer.from(pdf);
  const at = tampered.indexOf("rssp-audit PAdES test");
  tampered[at] = "R".charCodeAt(0);
  writeFileSync(join(dir, "tampered.pdf"), tampered);
  const bad = spawnSync("pdfsig", [join(dir, "tampered.pdf")], { encoding: "utf8" });
  assert.doesNotMatch(bad.stdout, /Signature is Valid/, bad.stdout);
  assert.equal(validatePades(tampered, { chain: c.chain }).findings.find((f) => f.item === "message-digest")!.ok, false);
});

test("signDoc with the whole PDF (documents, format P) returns it signed (DocumentWithSignature), and pdfsig verifies it", async () => {
  const dir = tempDir("signdoc-pades-doc");
  const c = await carol(1);
  const prepared = preparePdf(new Date(), "rssp-audit PAdES documents test");
  const reply = await call("signatures/signDoc", { credentialID: c.id, SAD: c.sad, documents: [{ document: prepared.pdf.toString("base64"), signature_format: "P", conformance_level: "Ades-B-B", signAlgo: c.signAlgo }] }, c.bearer);
  assert.equal(reply.status, 200, JSON.stringify(reply.body));
  assert.equal(reply.body.SignatureObject, undefined);
  const pdf = Buffer.from((reply.body.DocumentWithSignature as string[])[0]!, "base64");
  assert.equal(pdf.length, prepared.pdf.length);
  const verdict = validatePades(pdf, { chain: c.chain, submittedDigest: prepared.digest });
  assert.ok(verdict.ok, JSON.stringify(verdict.findings.filter((f) => !f.ok)));
  writeFileSync(join(dir, "signed.pdf"), pdf);
  const out = execFileSync("pdfsig", [join(dir, "signed.pdf")], { encoding: "utf8" });
  assert.match(out, /Signature Validation: Signature is Valid\./, out);
  // A document without a prepared signature field is refused (the RSSP does not rewrite the PDF).
  const c2 = await carol(1);
  const plain = await call("signatures/signDoc", { credentialID: c2.id, SAD: c2.sad, documents: [{ document: Buffer.from("%PDF-1.7\n%%EOF\n").toString("base64"), signature_format: "P", signAlgo: c2.signAlgo }] }, c2.bearer);
  assert.equal(plain.status, 400);
  assert.match(String(plain.body.error_description), /Invalid array parameter documents \(no \/ByteRange/);
});

test("signdoc-digest-not-bound: signDoc signs a digest the SAD did not authorize (and, signDoc-only, csc.sad.hash-binding fails too)", async () => {
  const runs = await runAgainstFault("signdoc-digest-not-bound", ["csc.signdoc.digest-binding", "csc.sad.hash-binding"], { profile: "signdoc-only" });
  assertFailsWith(runs, "csc.signdoc.digest-binding", /document digest the SAD did not authorize was signed/);
  assertFailsWith(runs, "csc.sad.hash-binding", /hash the SAD did not authorize was signed/);
  for (const id of ["csc.signdoc.digest-binding", "csc.sad.hash-binding"]) assert.ok(runs.get(id)!.outcome.observations.filter((o) => !o.ok).every((o) => o.basis), `${id}: a departure without basis`);
});

test("signdoc-wrong-signing-cert: the ESS signing-certificate-v2 names another certificate", async () => {
  const runs = await runAgainstFault("signdoc-wrong-signing-cert", ["csc.signdoc.ades-valid", "csc.signature.verifies"], { profile: "signdoc-only" });
  assertFailsWith(runs, "csc.signdoc.ades-valid", /signing-certificate-v2: ESSCertIDv2 certHash .* is not the sha256 of the credential's certificate/);
  assertFailsWith(runs, "csc.signature.verifies", /signing-certificate-v2/);
  const departures = runs.get("csc.signdoc.ades-valid")!.outcome.observations.filter((o) => !o.ok);
  assert.ok(departures.length > 0 && departures.every((o) => o.basis?.source === "ETSI-EN-319-122-1"), JSON.stringify(departures));
  // --lang ja shows the finding in Japanese: the hex prefixes stay, the sentence does not.
  const ja = departures.map((o) => messageIn(o.observed, "ja")).join("\n");
  assert.match(ja, /signing-certificate-v2署名属性.*が不適合（ESSCertIDv2のcertHash [0-9a-f]{16}…がクレデンシャルの証明書（署名者証明書）のsha256ハッシュ値（[0-9a-f]{16}…）と一致しない）/);
  assert.doesNotMatch(ja, /is not the|credential's certificate/);
});

test("signdoc-formats-unannounced: info announces no format or level although signDoc signs", async () => {
  const runs = await runAgainstFault("signdoc-formats-unannounced", ["csc.signdoc.announced-formats"], { profile: "signdoc-only" });
  assertFailsWith(runs, "csc.signdoc.announced-formats", /signDoc signed format C, which info does not announce/);
  assert.ok(runs.get("csc.signdoc.announced-formats")!.outcome.observations.filter((o) => !o.ok).every((o) => o.basis));
});
