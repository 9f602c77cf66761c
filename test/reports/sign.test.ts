/**
 * Signed reports: sign → verify passes (EC and RSA signers), one changed byte in report.json or in
 * the signature fails, a signer from another CA fails the chain check, a key that does not match
 * the certificate is refused. OpenSSL verifies our CMS independently. The CLI's exit codes and
 * its one-line messages are checked too; the private key never appears in any output.
 */
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { signReportBytes, verifyReportBytes } from "../../reports/sign.ts";
import { InputError } from "../../src/util/errors.ts";
import { runCli } from "../helpers/cli.ts";
import { makeReportPki, type ReportPki } from "./helpers/pki.ts";
import { KNOWN_REPORT_FILE } from "./helpers/known.ts";
import { tempDir } from "../helpers/temp.ts";

let pki: ReportPki;
const dir = tempDir("rssp-report-sign");
const bytes = readFileSync(KNOWN_REPORT_FILE);

before(async () => {
  pki = await makeReportPki();
  writeFileSync(join(dir, "root.pem"), pki.rootPem);
  writeFileSync(join(dir, "signer.pem"), pki.signer.certPem);
  writeFileSync(join(dir, "signer.key"), pki.signer.keyPem);
  writeFileSync(join(dir, "rogue.pem"), pki.rogueSigner.certPem);
  writeFileSync(join(dir, "rogue.key"), pki.rogueSigner.keyPem);
});

test("sign then verify: valid with the chain to the anchor, for EC and RSA signers", async () => {
  for (const signer of [pki.signer, pki.rsaSigner]) {
    const p7s = await signReportBytes(bytes, signer.keyPem, signer.certPem);
    const result = await verifyReportBytes(bytes, p7s, pki.rootPem);
    assert.equal(result.ok, true, result.reason);
    assert.equal(result.chainValid, true);
    assert.match(result.signer ?? "", /Report Signer/);
  }
});

test("one changed byte anywhere in report.json fails verification", async () => {
  const p7s = await signReportBytes(bytes, pki.signer.keyPem, pki.signer.certPem);
  for (const offset of [0, Math.floor(bytes.length / 2), bytes.length - 1]) {
    const changed = Buffer.from(bytes);
    changed[offset] = changed[offset]! ^ 0x01;
    const result = await verifyReportBytes(changed, p7s, pki.rootPem);
    assert.equal(result.ok, false, `byte ${offset}`);
    assert.equal(result.signatureValid, false);
  }
  const appended = Buffer.concat([bytes, Buffer.from("\n")]);
  assert.equal((await verifyReportBytes(appended, p7s, pki.rootPem)).ok, false, "a trailing newline is a change too");
});

test("a changed byte in the signature value fails verification", async () => {
  const p7s = Buffer.from(await signReportBytes(bytes, pki.signer.keyPem, pki.signer.certPem));
  // The signature value is the last OCTET STRING of the structure: flip a byte near the end.
  p7s[p7s.length - 5] = p7s[p7s.length - 5]! ^ 0x01;
  const result = await verifyReportBytes(bytes, p7s, pki.rootPem).catch((e: unknown) => e);
  assert.ok(result instanceof InputError || (result as { ok: boolean }).ok === false);
});

test("a signer from another CA: signature valid, chain to the anchor not", async () => {
  const p7s = await signReportBytes(bytes, pki.rogueSigner.keyPem, pki.rogueSigner.certPem);
  const result = await verifyReportBytes(bytes, p7s, pki.rootPem);
  assert.equal(result.signatureValid, true);
  assert.equal(result.chainValid, false);
  assert.equal(result.ok, false);
});

test("a key that does not match the certificate is refused before signing", async () => {
  await assert.rejects(signReportBytes(bytes, pki.rogueSigner.keyPem, pki.signer.certPem), (e: unknown) => e instanceof InputError && /does not match/.test(e.message));
  await assert.rejects(signReportBytes(bytes, "not a key", pki.signer.certPem), InputError);
});

test("OpenSSL verifies the detached CMS over the same bytes", async () => {
  const p7s = join(dir, "openssl.p7s");
  writeFileSync(p7s, await signReportBytes(bytes, pki.signer.keyPem, pki.signer.certPem));
  const out = execFileSync("openssl", ["cms", "-verify", "-binary", "-inform", "DER", "-in", p7s, "-content", KNOWN_REPORT_FILE, "-CAfile", join(dir, "root.pem"), "-purpose", "any", "-out", "/dev/null"], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  void out;
});

test("CLI: report sign writes report.json.p7s; verify exits 0, then 1 after one byte changes; bad input exits 2 in one line", async () => {
  const report = join(dir, "report.json");
  copyFileSync(KNOWN_REPORT_FILE, report);
  const signed = await runCli(["report", "sign", report, "--key", join(dir, "signer.key"), "--cert", join(dir, "signer.pem")]);
  assert.equal(signed.code, 0, signed.stderr);
  assert.ok(signed.stdout.trim().endsWith("report.json.p7s"));

  const ok = await runCli(["report", "verify", report, "--trust-anchor", join(dir, "root.pem")]);
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(ok.stdout, /signature valid/);

  const rogueAnchor = await runCli(["report", "verify", report, "--trust-anchor", join(dir, "rogue.pem")]);
  assert.equal(rogueAnchor.code, 1);

  const changed = readFileSync(report);
  changed[200] = changed[200]! ^ 0x20;
  writeFileSync(report, changed);
  const bad = await runCli(["report", "verify", report, "--trust-anchor", join(dir, "root.pem")]);
  assert.equal(bad.code, 1);
  assert.match(bad.stdout, /NOT VALID/);

  const missing = await runCli(["report", "verify", join(dir, "nothing.json")]);
  assert.equal(missing.code, 2);
  assert.equal(missing.stderr.trim().split("\n").length, 1);
  assert.ok(!missing.stderr.includes("    at "), "no stack trace");

  const fresh = join(dir, "fresh.json");
  copyFileSync(KNOWN_REPORT_FILE, fresh);
  const wrongKey = await runCli(["report", "sign", fresh, "--key", join(dir, "rogue.key"), "--cert", join(dir, "signer.pem")]);
  assert.equal(wrongKey.code, 2);
  assert.match(wrongKey.stderr, /does not match/);
  const keyText = pki.rogueSigner.keyPem.split("\n")[1]!;
  for (const r of [signed, ok, bad, missing, wrongKey]) assert.ok(!r.stdout.includes(keyText) && !r.stderr.includes(keyText), "no key material in output");
});
