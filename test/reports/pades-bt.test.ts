/**
 * PAdES B-T end to end against a real TSA (openssl ts -reply, a TSA certificate under its own
 * root, the chain in the token): `report sign --pdf --tsa-url` with credentials in the URL (sent
 * as basic auth, never printed); pdfsig says valid; `report verify` prints B-T with genTime and
 * checks the TSA chain against --tsa-trust-anchor (or says it did not). A token with one flipped byte (in
 * its imprint, in its signature) or a valid token over other data fails in one line with the
 * PDF's ByteRange and the signer's signature still intact. The TSA down: exit 3, one line, the
 * PDF unchanged. The placeholder: sized to fit the token with its chain, refused when too small.
 * assessment.yaml's outputs.tsa: validated by the schema (no inline credentials).
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import * as pkijs from "pkijs";
import { launchBrowser } from "../../src/browser/launch.ts";
import { renderPdf } from "../../reports/pdf.ts";
import { contentsBytesFor, signingCertificateV2, signPdfBytes, verifyPdfBytes } from "../../reports/pades/index.ts";
import { appendSignatureField, fillContents, signedBytes } from "../../reports/pades/incremental.ts";
import { redactUrl, requestTimestamp, signatureTimestampOf, signatureValueOf, tstInfoOf, withSignatureTimestamp } from "../../reports/pades/timestamp.ts";
import { parseCertificates, signDetached } from "../../reports/sign.ts";
import { loadAssessmentConfig } from "../../src/config/load-config.ts";
import { CannotFinishError, InputError } from "../../src/util/errors.ts";
import { runCli } from "../helpers/cli.ts";
import { tempDir } from "../helpers/temp.ts";
import { knownReport } from "./helpers/known.ts";
import { makeReportPki, type ReportPki } from "./helpers/pki.ts";
import { parsePdfsig } from "./helpers/pdfsig.ts";
import { startTestTsa, type TestTsa } from "./helpers/tsa.ts";

let tsa: TestTsa;
let pki: ReportPki;
let unsigned: Uint8Array;
const dir = tempDir("rssp-pades-bt");
const f = (name: string) => join(dir, name);

before(async () => {
  tsa = await startTestTsa();
  pki = await makeReportPki();
  const launched = await launchBrowser();
  try {
    unsigned = await renderPdf(knownReport(), "ja", { browser: launched.browser });
  } finally {
    await launched.close();
  }
  for (const [name, text] of [["root.pem", pki.rootPem], ["signer.pem", pki.signer.certPem], ["signer.key", pki.signer.keyPem], ["tsa-ca.pem", tsa.caPem]] as const) writeFileSync(f(name), text);
});
after(async () => {
  await tsa.stop();
});

/** A port nothing listens on (bound, then closed). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  const { port } = server.address() as { port: number };
  await new Promise<void>((ok) => server.close(() => ok()));
  return port;
}

/** The DER in the PDF's /Contents, and where its hex starts in the file. */
function contentsOf(pdf: Buffer): { der: Buffer; hexAt: number } {
  const text = pdf.toString("latin1");
  const at = text.lastIndexOf("/Contents <") + "/Contents <".length;
  const hex = /^[0-9A-F]+/.exec(text.slice(at))![0].replace(/(00)+$/, "");
  return { der: Buffer.from(hex, "hex"), hexAt: at };
}

/** The PDF with one byte of its CMS flipped at `offset` of the DER, written back as hex in place. */
function flipInContents(pdf: Buffer, offset: number): Buffer {
  const { der, hexAt } = contentsOf(pdf);
  const changed = Buffer.from(der);
  changed[offset] = changed[offset]! ^ 0x01;
  const out = Buffer.from(pdf);
  out.write(changed.subarray(offset, offset + 1).toString("hex").toUpperCase(), hexAt + offset * 2, "latin1");
  return out;
}

test("report sign --pdf --tsa-url (credentials in the URL): B-T, basic auth sent, URL redacted; pdfsig valid; report verify prints B-T, genTime and the TSA chain", { timeout: 60_000 }, async () => {
  const pdf = f("bt.pdf");
  writeFileSync(pdf, unsigned);
  const url = tsa.url.replace("http://", "http://auditor:s3cret-pw@");
  const signed = await runCli(["report", "sign", "--pdf", pdf, "--key", f("signer.key"), "--cert", f("signer.pem"), "--tsa-url", url]);
  assert.equal(signed.code, 0, signed.stderr);
  assert.match(signed.stderr, /time-stamping the PDF signature at http:\/\/\*\*\*@127\.0\.0\.1:\d+\/tsa \(PAdES B-T\)/);
  assert.ok(!`${signed.stdout}${signed.stderr}`.includes("s3cret-pw"), "the password is never printed");
  assert.equal(tsa.authorizations.at(-1), `Basic ${Buffer.from("auditor:s3cret-pw").toString("base64")}`);

  const pdfsigOut = execFileSync("pdfsig", [pdf], { encoding: "utf8" });
  process.stderr.write(`# pdfsig (B-T via the CLI):\n${pdfsigOut.replace(/^/gm, "#   ")}\n`);
  assert.equal(parsePdfsig(pdfsigOut)[0]!["Signature Validation"], "Signature is Valid.", pdfsigOut);

  const { der } = contentsOf(readFileSync(pdf));
  const genTime = tstInfoOf(signatureTimestampOf(der)!).genTime.toISOString();
  const ok = await runCli(["report", "verify", pdf, "--trust-anchor", f("root.pem"), "--tsa-trust-anchor", f("tsa-ca.pem")]);
  assert.equal(ok.code, 0, ok.stdout + ok.stderr);
  assert.match(ok.stdout, /signature valid \(PAdES B-T, the whole file\), signed by CN=Report Signer/);
  assert.ok(ok.stdout.includes(`time-stamp: genTime ${genTime} by CN=Test TSA`), ok.stdout);
  assert.match(ok.stdout, /TSA chain: valid/);
  assert.doesNotMatch(ok.stderr, /not checked/);

  // No --tsa-trust-anchor: the token is still checked, and the output says the TSA chain was not.
  const unchecked = await runCli(["report", "verify", pdf, "--trust-anchor", f("root.pem")]);
  assert.equal(unchecked.code, 0, unchecked.stdout + unchecked.stderr);
  assert.match(unchecked.stdout, /PAdES B-T/);
  assert.match(unchecked.stderr, /TSA's certificate chain was not checked \(give --tsa-trust-anchor/);
  assert.doesNotMatch(unchecked.stdout, /TSA chain: valid/);

  // A TSA anchor the TSA does not chain to (the report PKI's root): not valid, one line.
  const rogue = await runCli(["report", "verify", pdf, "--trust-anchor", f("root.pem"), "--tsa-trust-anchor", f("root.pem")]);
  assert.equal(rogue.code, 1, rogue.stdout + rogue.stderr);
  assert.match(rogue.stdout, /NOT VALID: signature time-stamp: TSA certificate .*Test TSA.* does not chain/);
  assert.equal(rogue.stdout.trim().split("\n").length, 1);
});

test("a tampered token fails report verify in one line while the ByteRange and the signer's signature hold: a flipped byte in the imprint, in the TSA's signature; a valid token over other data", { timeout: 60_000 }, async () => {
  const signed = await signPdfBytes(unsigned, pki.signer.keyPem, pki.signer.certPem, { tsaUrl: tsa.url });
  const good = await verifyPdfBytes(signed, pki.rootPem, new Date(), tsa.caPem);
  assert.equal(good.ok, true, good.reason);
  assert.equal(good.level, "B-T");

  const { der } = contentsOf(signed);
  const token = signatureTimestampOf(der)!;
  const imprint = Buffer.from(tstInfoOf(token).messageImprint.hashedMessage.valueBlock.valueHexView);
  const tokenSignature = Buffer.from(new pkijs.SignedData({ schema: token.content }).signerInfos[0]!.signature.valueBlock.valueHexView);
  const cases: Array<[string, Buffer, RegExp]> = [
    ["imprint", flipInContents(signed, der.indexOf(imprint) + 5), /signature time-stamp: .*(other data|message-digest)/],
    ["TSA signature", flipInContents(signed, der.indexOf(tokenSignature) + tokenSignature.length - 3), /signature time-stamp: the token's signature does not verify/],
  ];

  // A real token from the same TSA, over other data, put in as the signature-time-stamp.
  const placeholder = appendSignatureField(unsigned, { signerName: "Report Signer", date: new Date(), contentsBytes: contentsBytesFor(parseCertificates(pki.signer.certPem), true) });
  const cms = await signDetached(signedBytes(placeholder.pdf, placeholder.byteRange), pki.signer.keyPem, pki.signer.certPem, { extraAttributes: (s) => [signingCertificateV2(s)] });
  const foreign = fillContents(placeholder, withSignatureTimestamp(cms, await requestTimestamp(tsa.url, Buffer.from("some other signature value"))));
  cases.push(["foreign token", foreign, /signature time-stamp: the token time-stamps other data than the signature value/]);

  for (const [what, pdf, reason] of cases) {
    if (what !== "foreign token") assert.equal(pdf.length, signed.length, `${what}: same length, the ByteRange as it was`);
    const result = await verifyPdfBytes(pdf, pki.rootPem, new Date(), tsa.caPem);
    assert.equal(result.ok, false, what);
    assert.equal(result.signatureValid, true, `${what}: the signer's signature over the ByteRange still holds`);
    process.stderr.write(`# ${what}: ${result.reason}\n`);
    assert.match(result.reason ?? "", reason, what);
    assert.ok(!(result.reason ?? "").includes("\n"), `${what}: one line`);
    const file = f(`tampered-${what.replace(/\s+/g, "-")}.pdf`);
    writeFileSync(file, pdf);
    const cli = await runCli(["report", "verify", file, "--trust-anchor", f("root.pem"), "--tsa-trust-anchor", f("tsa-ca.pem")]);
    assert.equal(cli.code, 1, `${what}: ${cli.stdout}${cli.stderr}`);
    assert.match(cli.stdout, /NOT VALID: signature time-stamp: /);
    assert.equal(cli.stdout.trim().split("\n").length, 1, cli.stdout);
  }
  // The B-B path is untouched: a signature without a token says B-B.
  const bb = await verifyPdfBytes(await signPdfBytes(unsigned, pki.signer.keyPem, pki.signer.certPem), pki.rootPem);
  assert.equal(bb.level, "B-B");
  assert.equal(bb.timestamp, undefined);
});

test("the TSA down (a closed port): report sign --pdf exits 3 in one line, the PDF unchanged on disk; a bad --tsa-url is bad input", { timeout: 60_000 }, async () => {
  const pdf = f("down.pdf");
  writeFileSync(pdf, unsigned);
  const url = `http://user:pw-never-shown@127.0.0.1:${await closedPort()}/tsa`;
  const r = await runCli(["report", "sign", "--pdf", pdf, "--key", f("signer.key"), "--cert", f("signer.pem"), "--tsa-url", url]);
  assert.equal(r.code, 3, r.stderr);
  const errors = r.stderr.trim().split("\n").filter((l) => !/time-stamping the PDF/.test(l));
  assert.equal(errors.length, 1, r.stderr);
  assert.match(errors[0]!, /^rssp-audit: \S*down\.pdf kept unsigned: http:\/\/\*\*\*@127\.0\.0\.1:\d+\/tsa: the TSA could not be reached/);
  assert.ok(!r.stderr.includes("pw-never-shown") && !r.stderr.includes("    at "), r.stderr);
  assert.ok(readFileSync(pdf).equals(Buffer.from(unsigned)), "the unsigned PDF is kept as it was");

  for (const args of [
    ["report", "sign", "--pdf", pdf, "--key", f("signer.key"), "--cert", f("signer.pem"), "--tsa-url", "ftp://tsa.example/"],
    ["report", "sign", "--pdf", pdf, "--key", f("signer.key"), "--cert", f("signer.pem"), "--tsa-url", "not a url"],
    ["report", "sign", f("signer.pem"), "--key", f("signer.key"), "--cert", f("signer.pem"), "--tsa-url", tsa.url],
    ["demo", "--out", f("unused"), "--tsa-url", "ftp://tsa.example/"],
    ["assess", "--config", f("none.yaml"), "--tsa-url", tsa.url],
  ]) {
    const bad = await runCli(args);
    assert.equal(bad.code, 2, `${args.join(" ")}: ${bad.stderr}`);
    assert.equal(bad.stderr.trim().split("\n").length, 1, bad.stderr);
    assert.match(bad.stderr, /--tsa-url/);
  }
  for (const [args, message] of [
    [["report", "verify", f("bt.pdf"), "--tsa-trust-anchor", f("signer.key")], /signer\.key: no PEM certificate/],
    [["report", "verify", f("bt.pdf"), "--tsa-trust-anchor", f("missing.pem")], /cannot read the TSA trust anchor/],
  ] as const) {
    const bad = await runCli([...args]);
    assert.equal(bad.code, 2, `${args.join(" ")}: ${bad.stderr}`);
    assert.equal(bad.stderr.trim().split("\n").length, 1, bad.stderr);
    assert.match(bad.stderr, message);
  }
});

test("the placeholder fits a B-T signature with the TSA's chain; one too small is refused (no corrupt PDF); a long signer chain grows it", { timeout: 60_000 }, async () => {
  const certs = parseCertificates(pki.signer.certPem);
  const room = contentsBytesFor(certs, true);
  const signed = await signPdfBytes(unsigned, pki.signer.keyPem, pki.signer.certPem, { tsaUrl: tsa.url });
  const { der } = contentsOf(signed);
  const tokenBytes = signatureTimestampOf(der)!.toSchema().toBER(false).byteLength;
  process.stderr.write(`# B-T CMS ${der.length} bytes (token with a 2-certificate chain ${tokenBytes}) in ${room} reserved; B-B reserves ${contentsBytesFor(certs, false)}\n`);
  assert.ok(der.length <= room && room - der.length > 8_000, "room to spare for a longer TSA chain");
  assert.ok(room < 32_767, "under ISO 32000-1 Annex C's string limit");
  await assert.rejects(signPdfBytes(unsigned, pki.signer.keyPem, pki.signer.certPem, { tsaUrl: tsa.url, contentsBytes: 1_500 }), (e: unknown) => e instanceof CannotFinishError && /with its time-stamp token \(\d+ bytes\) does not fit the 1500 bytes reserved/.test(e.message));
  const longChain = Array.from({ length: 40 }, () => certs[0]!);
  assert.ok(contentsBytesFor(longChain, false) > contentsBytesFor(certs, false), "a long chain gets more room");
  assert.ok(signatureValueOf(der).length > 0);
});

test("B-T is judged at genTime: a signer certificate expired since still verifies (B-B does not); a claimed signing time /M after genTime fails in one line", { timeout: 60_000 }, async () => {
  const afterExpiry = new Date("2041-06-01T00:00:00Z"); // the test signer's certificate ends 2040-01-01
  const bt = await signPdfBytes(unsigned, pki.signer.keyPem, pki.signer.certPem, { tsaUrl: tsa.url });
  const bb = await signPdfBytes(unsigned, pki.signer.keyPem, pki.signer.certPem);
  const later = await verifyPdfBytes(bt, pki.rootPem, afterExpiry, tsa.caPem);
  assert.equal(later.ok, true, later.reason);
  assert.equal(later.level, "B-T");
  const plain = await verifyPdfBytes(bb, pki.rootPem, afterExpiry);
  assert.equal(plain.ok, false, "B-B verified after its certificate expired has nothing to rest on");
  const future = await signPdfBytes(unsigned, pki.signer.keyPem, pki.signer.certPem, { tsaUrl: tsa.url, date: new Date(Date.now() + 2 * 3_600_000) });
  const lie = await verifyPdfBytes(future, pki.rootPem, new Date(), tsa.caPem);
  assert.equal(lie.ok, false);
  assert.match(lie.reason ?? "", /claimed signing time \/M \(.+\) is later than the signature-time-stamp's genTime/);
  assert.equal(lie.signatureValid, true, "the signature itself is intact: it is the claimed time that cannot be true");
  const skewed = await signPdfBytes(unsigned, pki.signer.keyPem, pki.signer.certPem, { tsaUrl: tsa.url, date: new Date(Date.now() + 60_000) });
  assert.equal((await verifyPdfBytes(skewed, pki.rootPem, new Date(), tsa.caPem)).ok, true, "a minute of clock skew is tolerated");
  writeFileSync(f("future-m.pdf"), future);
  const cli = await runCli(["report", "verify", f("future-m.pdf"), "--trust-anchor", f("root.pem"), "--tsa-trust-anchor", f("tsa-ca.pem")]);
  assert.equal(cli.code, 1, cli.stderr + cli.stdout);
  assert.match(cli.stdout + cli.stderr, /later than the signature-time-stamp's genTime/);
  assert.doesNotMatch(cli.stderr, /\n\s+at /, "no stack trace");
});

test("redaction: user, password and query never appear in what is printed", () => {
  assert.equal(redactUrl("https://user:secret@tsa.example.jp:8443/tsr?apikey=k123"), "https://***@tsa.example.jp:8443/tsr?***");
  assert.equal(redactUrl("http://tsa.example.jp/"), "http://tsa.example.jp/");
  assert.ok(!redactUrl("not a url://u:p@h/?k=v").includes("p@"));
});

test("assessment.yaml outputs.tsa: schema-validated (http(s), no inline credentials, password a secret reference); loaded with its timeout", () => {
  const write = (tsaYaml: string) => {
    const file = f(`assessment-${Math.random().toString(36).slice(2)}.yaml`);
    writeFileSync(file, `target:\n  name: t\nlevel: 1\noutputs:\n  tsa:\n${tsaYaml}`);
    return file;
  };
  process.env.RSSP_TEST_TSA_PW = "tsa-pw";
  const loaded = loadAssessmentConfig(write("    url: https://tsa.example.jp/tsr\n    username: auditor\n    password: env:RSSP_TEST_TSA_PW\n    timeoutSeconds: 5\n"));
  assert.equal(loaded.tsa?.url, "https://tsa.example.jp/tsr");
  assert.equal(loaded.tsa?.timeoutMs, 5_000);
  assert.equal(loaded.tsa?.password?.reveal(), "tsa-pw");
  assert.ok(!JSON.stringify(loaded.tsa).includes("tsa-pw"), "the password prints as its source");
  assert.equal(loadAssessmentConfig(write("    url: http://127.0.0.1:3180/\n")).tsa?.timeoutMs, 15_000);
  for (const [yaml, message] of [
    ["    url: ftp://tsa.example.jp/\n", /outputs\/tsa\/url|outputs\.tsa\.url|pattern/],
    ["    url: https://user:pw@tsa.example.jp/\n", /pattern/],
    ["    url: https://tsa.example.jp/\n    username: auditor\n    password: inline-password\n", /password/],
    ["    url: https://tsa.example.jp/\n    username: auditor\n", /password/],
    ["    url: https://tsa.example.jp/\n    timeoutSeconds: 600\n", /timeoutSeconds|600|120/],
  ] as const) {
    const file = write(yaml);
    assert.throws(() => loadAssessmentConfig(file), (e: unknown) => e instanceof InputError && message.test(e.message) && e.message.includes(file.split("/").pop()!), yaml);
  }
});
