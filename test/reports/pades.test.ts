/**
 * PAdES B-B signatures on a real chromium PDF (one launch): sign with EC and RSA signers, pdfsig
 * (poppler) says the signature is valid and names the signer; verifyPdfBytes checks ByteRange,
 * digest, signature, signing-certificate-v2 and the chain; one changed byte inside the signed
 * range, an appended byte or a rogue anchor fail; no PDF, an unsigned PDF or signing twice are
 * bad input. The CLI: report sign --pdf, report verify exit 0 → 1 after one byte → 2 on bad input.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { launchBrowser, type LaunchedBrowser } from "../../src/browser/launch.ts";
import { renderPdf } from "../../reports/pdf.ts";
import { signPdfBytes, verifyPdfBytes } from "../../reports/pades/index.ts";
import { appendSignatureField, xrefSection } from "../../reports/pades/incremental.ts";
import { parsePdf, parseValue, pageRefs } from "../../reports/pades/pdf-objects.ts";
import { InputError } from "../../src/util/errors.ts";
import { runCli } from "../helpers/cli.ts";
import { tempDir } from "../helpers/temp.ts";
import { knownReport } from "./helpers/known.ts";
import { makeReportPki, type ReportPki } from "./helpers/pki.ts";
import { parsePdfsig } from "./helpers/pdfsig.ts";

let launched: LaunchedBrowser;
let pki: ReportPki;
let unsigned: Uint8Array;
const dir = tempDir("rssp-report-pades");

before(async () => {
  launched = await launchBrowser();
  pki = await makeReportPki();
  unsigned = await renderPdf(knownReport(), "ja", { browser: launched.browser });
  await launched.close();
  writeFileSync(join(dir, "root.pem"), pki.rootPem);
  writeFileSync(join(dir, "rogue-root.pem"), pki.rogueSigner.certPem);
  writeFileSync(join(dir, "signer.pem"), pki.signer.certPem);
  writeFileSync(join(dir, "signer.key"), pki.signer.keyPem);
  writeFileSync(join(dir, "unsigned.pdf"), unsigned);
});
after(() => rmSync(dir, { recursive: true, force: true }));

test("xref entries are 20 bytes and grouped in runs; the parser reads refs, names, strings, nested dicts", () => {
  const xref = xrefSection(new Map([[5, 100], [6, 200], [9, 300]]));
  const lines = xref.split("\n").slice(0, -1);
  assert.deepEqual([lines[1], lines[3], lines[6]], ["0 1", "5 2", "9 1"]);
  for (const l of lines.filter((x) => /^\d{10} /.test(x))) assert.equal(l.length + 1, 20);
  const { value } = parseValue("<</A 1 0 R /B [(a\\)b) <FEFF0041>] /C <</D /E>> /F -1.5>>", 0);
  assert.equal(value.kind, "dict");
  if (value.kind !== "dict") return;
  assert.deepEqual(value.entries.get("A"), { kind: "ref", num: 1, gen: 0, raw: "1 0 R" });
  assert.equal(value.entries.get("B")?.raw, "[(a\\)b) <FEFF0041>]");
  assert.equal(value.entries.get("C")?.raw, "<</D /E>>");
  assert.equal(value.entries.get("F")?.raw, "-1.5");
});

test("the incremental update keeps the original bytes and adds a parseable section with /Prev", () => {
  const placeholder = appendSignatureField(unsigned, { signerName: "署名者", date: new Date("2026-12-01T00:00:00Z"), contentsBytes: 64 });
  assert.ok(Buffer.from(unsigned).equals(placeholder.pdf.subarray(0, unsigned.length)), "original bytes untouched");
  const updated = parsePdf(placeholder.pdf);
  assert.equal(updated.trailer.entries.get("Prev")?.raw, String(parsePdf(unsigned).startxref));
  assert.deepEqual(pageRefs(updated), pageRefs(parsePdf(unsigned)), "same pages");
  assert.equal(placeholder.byteRange[2] + placeholder.byteRange[3], placeholder.pdf.length);
  const info = execFileSync("pdfinfo", ["-"], { input: placeholder.pdf, encoding: "utf8" });
  assert.match(info, /Form:\s+AcroForm/);
});

for (const kind of ["signer", "rsaSigner"] as const) {
  test(`sign (${kind}): pdfsig says valid and names the signer; verify checks digest, signature and chain`, async () => {
    const signer = pki[kind];
    const signed = await signPdfBytes(unsigned, signer.keyPem, signer.certPem, { date: new Date("2026-12-01T09:00:00Z") });
    const file = join(dir, `signed-${kind}.pdf`);
    writeFileSync(file, signed);
    const sig = parsePdfsig(execFileSync("pdfsig", [file], { encoding: "utf8" }));
    assert.equal(sig.length, 1);
    assert.equal(sig[0]!["Signature Validation"], "Signature is Valid.");
    assert.equal(sig[0]!["Signer Certificate Common Name"], kind === "signer" ? "Report Signer" : "RSA Report Signer");
    assert.equal(sig[0]!["Signature Type"], "ETSI.CAdES.detached");
    assert.equal(sig[0]!["Signing Hash Algorithm"], "SHA-256");
    assert.ok("Total document signed" in sig[0]!);

    const result = await verifyPdfBytes(signed, pki.rootPem);
    assert.equal(result.ok, true, result.reason);
    assert.equal(result.chainValid, true);
    assert.equal(result.signingTime, "2026-12-01T09:00:00.000Z");
    assert.equal(result.subFilter, "ETSI.CAdES.detached");
    // No CMS signing-time attribute in a PAdES baseline signature (the time is the dictionary's /M).
    const der = Buffer.from(/\/Contents <([0-9A-F]+)>/.exec(signed.toString("latin1").slice(unsigned.length))![1]!, "hex");
    assert.ok(!der.includes(Buffer.from([0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x05])), "no signingTime OID");
    assert.ok(der.includes(Buffer.from([0x06, 0x0b, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x10, 0x02, 0x2f])), "signing-certificate-v2 OID");
  });
}

test("one changed byte inside the signed range (original part, update part), an appended byte, a rogue anchor: not valid", async () => {
  const signed = await signPdfBytes(unsigned, pki.signer.keyPem, pki.signer.certPem);
  const [, gapStart, gapEnd] = (await verifyPdfBytes(signed)).byteRange!;
  for (const offset of [10, Math.floor(unsigned.length / 2), gapStart! - 5, gapEnd! + 3, signed.length - 2]) {
    const changed = Buffer.from(signed);
    changed[offset] = changed[offset]! ^ 0x01;
    const result = await verifyPdfBytes(changed, pki.rootPem);
    assert.equal(result.ok, false, `byte ${offset}`);
  }
  const appended = await verifyPdfBytes(Buffer.concat([signed, Buffer.from("\n")]), pki.rootPem);
  assert.equal(appended.ok, false);
  assert.match(appended.reason ?? "", /after the signed range/);
  const rogue = await verifyPdfBytes(signed, pki.rogueSigner.certPem);
  assert.equal(rogue.signatureValid, true);
  assert.equal(rogue.ok, false);
});

test("bad input: not a PDF, an unsigned PDF, signing twice", async () => {
  await assert.rejects(verifyPdfBytes(Buffer.from("hello")), InputError);
  await assert.rejects(verifyPdfBytes(unsigned), (e: unknown) => e instanceof InputError && /no signature/.test(e.message));
  const signed = await signPdfBytes(unsigned, pki.signer.keyPem, pki.signer.certPem);
  await assert.rejects(signPdfBytes(signed, pki.signer.keyPem, pki.signer.certPem), (e: unknown) => e instanceof InputError && /already has a form/.test(e.message));
  await assert.rejects(signPdfBytes(Buffer.from("%PDF-1.4\nno xref"), pki.signer.keyPem, pki.signer.certPem), InputError);
});

test("CLI: report sign --pdf, report verify exits 0, then 1 after one changed byte; bad input exits 2 in one line", async () => {
  const pdf = join(dir, "cli.pdf");
  writeFileSync(pdf, unsigned);
  const signed = await runCli(["report", "sign", "--pdf", pdf, "--key", join(dir, "signer.key"), "--cert", join(dir, "signer.pem")]);
  assert.equal(signed.code, 0, signed.stderr);
  const ok = await runCli(["report", "verify", pdf, "--trust-anchor", join(dir, "root.pem")]);
  assert.equal(ok.code, 0, ok.stdout + ok.stderr);
  assert.match(ok.stdout, /signature valid \(PAdES B-B, the whole file\), signed by CN=Report Signer/);
  assert.match(ok.stdout, /chain: valid/);

  const bytes = readFileSync(pdf);
  bytes[2000] = bytes[2000]! ^ 0x01;
  writeFileSync(pdf, bytes);
  const bad = await runCli(["report", "verify", pdf, "--trust-anchor", join(dir, "root.pem")]);
  assert.equal(bad.code, 1);
  assert.match(bad.stdout, /NOT VALID/);

  for (const args of [
    ["report", "verify", join(dir, "unsigned.pdf")],
    ["report", "verify", join(dir, "missing.pdf")],
    ["report", "sign", "--pdf", join(dir, "root.pem"), "--key", join(dir, "signer.key"), "--cert", join(dir, "signer.pem")],
    ["report", "sign", "--key", join(dir, "signer.key"), "--cert", join(dir, "signer.pem")],
  ]) {
    const r = await runCli(args);
    assert.equal(r.code, 2, `${args.join(" ")}: ${r.stderr}`);
    assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
    assert.ok(!r.stderr.includes("    at "), "no stack trace");
  }
});
