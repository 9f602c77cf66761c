/**
 * `rssp-audit assess --sign-key/--sign-cert` on the reference RSSP: report.json gets its detached
 * CMS (report.json.p7s) and the PDF report its PAdES signature, both made by the assess path (the
 * demo path is tested in demo.test.ts). pdfsig (poppler) says the PDF signature is valid and names
 * the signer; `report verify` passes on both with the signer's CA as the anchor. A few cheap checks
 * only: the signing, not the probes, is what this test is about.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startFixture } from "../../fixtures/rssp/index.ts";
import { runCli } from "../helpers/cli.ts";
import { tempDir } from "../helpers/temp.ts";
import { makeReportPki } from "./helpers/pki.ts";
import { parsePdfsig } from "./helpers/pdfsig.ts";

test("assess --sign-key/--sign-cert signs report.json and the PDF: pdfsig valid, report verify passes", { timeout: 180_000 }, async () => {
  const pki = await makeReportPki();
  const dir = tempDir("rssp-assess-sign");
  for (const [name, text] of [["root.pem", pki.rootPem], ["signer.pem", pki.signer.certPem], ["signer.key", pki.signer.keyPem]] as const) writeFileSync(join(dir, name), text);
  const fixture = await startFixture({});
  try {
    // The scope block goes (carol's PIN-only credential: no TOTP step to wait for), and two cheap probes run.
    const yaml = readFileSync(fixture.assessmentFile, "utf8");
    writeFileSync(fixture.assessmentFile, `${yaml.replace(/^scope:\n(?: {2}.*\n)+/m, "")}checks:\n  only: ["csc.sad.single-use", "csc.authorize.wrong-pin"]\n`);
    const out = join(dir, "out");
    const started = Date.now();
    const r = await runCli(["assess", "--config", fixture.assessmentFile, "--out", out, "--format", "json,pdf", "--lang", "ja", "--sign-key", join(dir, "signer.key"), "--sign-cert", join(dir, "signer.pem")], { timeoutMs: 150_000 });
    assert.ok(r.code === 0 || r.code === 1, `exit ${r.code}: ${r.stderr.slice(-600)}`);
    process.stderr.write(`# assess (2 checks) + PDF + signing: ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    assert.match(r.stdout, /report\.json \(signed: .*report\.json\.p7s\)/);

    const pdf = join(out, "report.ja.pdf");
    const pdfsigOut = execFileSync("pdfsig", [pdf], { encoding: "utf8" });
    const sig = parsePdfsig(pdfsigOut);
    assert.equal(sig.length, 1, pdfsigOut);
    assert.equal(sig[0]!["Signature Validation"], "Signature is Valid.", pdfsigOut);
    assert.equal(sig[0]!["Signer Certificate Common Name"], "Report Signer");
    assert.equal(sig[0]!["Signature Type"], "ETSI.CAdES.detached");
    assert.ok("Total document signed" in sig[0]!, "the signature covers the whole file");

    const pdfVerified = await runCli(["report", "verify", pdf, "--trust-anchor", join(dir, "root.pem")]);
    assert.equal(pdfVerified.code, 0, pdfVerified.stdout + pdfVerified.stderr);
    assert.match(pdfVerified.stdout, /signature valid \(PAdES B-B, the whole file\), signed by CN=Report Signer/);
    assert.match(pdfVerified.stdout, /chain: valid/);
    const jsonVerified = await runCli(["report", "verify", join(out, "report.json"), "--trust-anchor", join(dir, "root.pem")]);
    assert.equal(jsonVerified.code, 0, jsonVerified.stdout + jsonVerified.stderr);
    assert.match(jsonVerified.stdout, /signature valid/);
    const keyLine = pki.signer.keyPem.split("\n")[1]!;
    assert.ok(!r.stdout.includes(keyLine) && !r.stderr.includes(keyLine), "no key material in output");
  } finally {
    await fixture.stop();
  }
});
