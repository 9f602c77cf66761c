/**
 * RFC 3161 client for PAdES B-T (reports/pades/timestamp.ts) against a real TSA (openssl ts -reply):
 * the token's imprint is the signature value's SHA-256 and openssl verifies it; a token for other
 * data, another nonce or an unreachable TSA are refused with a one-line reason.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { acceptResponse, requestTimestamp, signatureTimestampOf, signatureValueOf, TimestampError, timestampRequest, tstInfoOf, withSignatureTimestamp } from "../../reports/pades/timestamp.ts";
import { signDetached } from "../../reports/sign.ts";
import { tempDir } from "../helpers/temp.ts";
import { launchBrowser } from "../../src/browser/launch.ts";
import { renderPdf } from "../../reports/pdf.ts";
import { signPdfBytes, verifyPdfBytes } from "../../reports/pades/index.ts";
import { knownReport } from "./helpers/known.ts";
import { parsePdfsig } from "./helpers/pdfsig.ts";
import { makeReportPki } from "./helpers/pki.ts";
import { startTestTsa, type TestTsa } from "./helpers/tsa.ts";

let tsa: TestTsa;
before(async () => { tsa = await startTestTsa(); });
after(async () => { await tsa.stop(); });

test("a real TSA's token over the signature value: imprint checked, attached as signatureTimeStampToken, openssl verifies it", async () => {
  const pki = await makeReportPki();
  const cms = await signDetached(Buffer.from("report bytes"), pki.signer.keyPem, pki.signer.certPem);
  const value = signatureValueOf(cms);
  const token = await requestTimestamp(tsa.url, value);
  const stamped = withSignatureTimestamp(cms, token);
  const back = signatureTimestampOf(stamped);
  assert.ok(back, "the token is in the unsigned attributes");
  assert.ok(Buffer.from(signatureValueOf(stamped)).equals(Buffer.from(value)), "the signature is unchanged");
  assert.ok(tstInfoOf(back).genTime instanceof Date);
  const dir = tempDir("rssp-ts-verify");
  writeFileSync(join(dir, "token.der"), Buffer.from(back.toSchema().toBER(false)));
  writeFileSync(join(dir, "value.bin"), value);
  writeFileSync(join(dir, "tsa.pem"), tsa.caPem);
  const out = execFileSync("openssl", ["ts", "-verify", "-token_in", "-in", join(dir, "token.der"), "-data", join(dir, "value.bin"), "-CAfile", join(dir, "tsa.pem")], { encoding: "utf8" });
  assert.match(out, /Verification: OK/);
});

test("a response for other data or another nonce, garbage, an unreachable TSA: refused with a one-line reason", async () => {
  // A real granted response, for other data than ours (and then for another nonce): refused.
  const nonce = Buffer.from([0x11, 0x22, 0x33]);
  const res = await fetch(tsa.url, { method: "POST", headers: { "content-type": "application/timestamp-query" }, body: Buffer.from(timestampRequest(Buffer.from("other"), nonce)) });
  const der = new Uint8Array(await res.arrayBuffer());
  assert.ok(acceptResponse(der, Buffer.from("other"), nonce, tsa.url), "the response for what we asked is accepted");
  assert.throws(() => acceptResponse(der, Buffer.from("ours"), nonce, tsa.url), (e: unknown) => e instanceof TimestampError && /message imprint/.test(e.message));
  assert.throws(() => acceptResponse(der, Buffer.from("other"), Buffer.from([0x44]), tsa.url), (e: unknown) => e instanceof TimestampError && /nonce/.test(e.message));
  assert.throws(() => acceptResponse(Buffer.from("not DER"), Buffer.from("x"), nonce, tsa.url), (e: unknown) => e instanceof TimestampError && /not an RFC 3161/.test(e.message));
  await assert.rejects(requestTimestamp("http://127.0.0.1:9/tsa", Buffer.from("x"), 2000), (e: unknown) => e instanceof TimestampError && /could not be reached/.test(e.message) && !e.message.includes("\n"));
});

test("signPdfBytes with a TSA (B-T): pdfsig still says valid; the PDF's CMS carries the token; our verifier still passes", { timeout: 60_000 }, async () => {
  const pki = await makeReportPki();
  const launched = await launchBrowser();
  let unsigned: Uint8Array;
  try {
    unsigned = await renderPdf(knownReport(), "en", { browser: launched.browser });
  } finally {
    await launched.close();
  }
  const signed = await signPdfBytes(unsigned, pki.signer.keyPem, pki.signer.certPem, { tsaUrl: tsa.url });
  const file = join(tempDir("rssp-bt"), "bt.pdf");
  writeFileSync(file, signed);
  const out = execFileSync("pdfsig", [file], { encoding: "utf8" });
  process.stderr.write(`# pdfsig (B-T):\n${out.replace(/^/gm, "#   ")}\n`);
  assert.equal(parsePdfsig(out)[0]!["Signature Validation"], "Signature is Valid.", out);
  const der = Buffer.from(/\/Contents <([0-9A-F]+)>/.exec(signed.toString("latin1").slice(unsigned.length))![1]!, "hex");
  assert.ok(signatureTimestampOf(der), "id-aa-signatureTimeStampToken in the CMS");
  assert.equal((await verifyPdfBytes(signed, pki.rootPem)).ok, true);
  await assert.rejects(signPdfBytes(unsigned, pki.signer.keyPem, pki.signer.certPem, { tsaUrl: "http://127.0.0.1:9/tsa" }), TimestampError);
});
