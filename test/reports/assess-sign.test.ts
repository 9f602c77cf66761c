/**
 * `rssp-audit assess --sign-key/--sign-cert` on the reference RSSP: report.json gets its detached
 * CMS (report.json.p7s) and the PDF report its PAdES signature, both made by the assess path (the
 * demo path is tested in demo.test.ts). pdfsig (poppler) says the PDF signature is valid and names
 * the signer; `report verify` passes on both with the signer's CA as the anchor. A few cheap checks
 * only: the signing, not the probes, is what this test is about.
 *
 * B-T: with assessment.yaml's outputs.tsa (a real TSA, basic auth from a secret reference) the PDF
 * signature carries a signature-time-stamp that `report verify --tsa-trust-anchor` accepts; with the TSA
 * down (--tsa-url to a closed port) the run exits 3 in one line after writing everything, the
 * PDF kept unsigned on disk.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createServer, type AddressInfo } from "node:net";
import { startFixture } from "../../fixtures/rssp/index.ts";
import { runCli } from "../helpers/cli.ts";
import { tempDir } from "../helpers/temp.ts";
import { makeReportPki } from "./helpers/pki.ts";
import { parsePdfsig } from "./helpers/pdfsig.ts";
import { startTestTsa, type TestTsa } from "./helpers/tsa.ts";

let tsa: TestTsa;
before(async () => { tsa = await startTestTsa(); });
after(async () => { await tsa.stop(); });

test("assess --sign-key/--sign-cert signs report.json and the PDF: pdfsig valid, report verify passes; B-T with outputs.tsa; the TSA down exits 3 with the PDF kept unsigned", { timeout: 480_000 }, async () => {
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

    // B-T from assessment.yaml: outputs.tsa with basic auth (the password a secret reference).
    writeFileSync(join(dir, "tsa-ca.pem"), tsa.caPem);
    const plain = readFileSync(fixture.assessmentFile, "utf8");
    writeFileSync(fixture.assessmentFile, `${plain}outputs:\n  tsa:\n    url: ${tsa.url}\n    username: auditor\n    password: env:RSSP_TEST_TSA_PASSWORD\n    timeoutSeconds: 10\n`);
    const bt = join(dir, "bt");
    const stamped = await runCli(["assess", "--config", fixture.assessmentFile, "--out", bt, "--format", "json,pdf", "--lang", "ja", "--sign-key", join(dir, "signer.key"), "--sign-cert", join(dir, "signer.pem")], { timeoutMs: 150_000, env: { RSSP_TEST_TSA_PASSWORD: "tsa-secret-pw" } });
    assert.ok(stamped.code === 0 || stamped.code === 1, `exit ${stamped.code}: ${stamped.stderr.slice(-600)}`);
    assert.match(stamped.stderr, /time-stamping the signature of .*report\.ja\.pdf at http:\/\/\*\*\*@127\.0\.0\.1:\d+\/tsa \(PAdES B-T\)/);
    assert.ok(!`${stamped.stdout}${stamped.stderr}`.includes("tsa-secret-pw"), "the TSA password is never printed");
    assert.equal(tsa.authorizations.at(-1), `Basic ${Buffer.from("auditor:tsa-secret-pw").toString("base64")}`);
    assert.equal(parsePdfsig(execFileSync("pdfsig", [join(bt, "report.ja.pdf")], { encoding: "utf8" }))[0]!["Signature Validation"], "Signature is Valid.");
    const btVerified = await runCli(["report", "verify", join(bt, "report.ja.pdf"), "--trust-anchor", join(dir, "root.pem"), "--tsa-trust-anchor", join(dir, "tsa-ca.pem")]);
    assert.equal(btVerified.code, 0, btVerified.stdout + btVerified.stderr);
    assert.match(btVerified.stdout, /PAdES B-T, the whole file/);
    assert.match(btVerified.stdout, /time-stamp: genTime \d{4}-\d{2}-\d{2}T[\d:.]+Z by CN=Test TSA/);

    // The TSA down (--tsa-url overrides outputs.tsa): exit 3 in one line, everything else written, the PDF unsigned.
    const closed = await new Promise<number>((ok) => {
      const server = createServer().listen(0, "127.0.0.1", () => {
        const { port } = server.address() as AddressInfo;
        server.close(() => ok(port));
      });
    });
    const down = join(dir, "down");
    const failed = await runCli(["assess", "--config", fixture.assessmentFile, "--out", down, "--format", "json,pdf", "--lang", "ja", "--sign-key", join(dir, "signer.key"), "--sign-cert", join(dir, "signer.pem"), "--tsa-url", `http://127.0.0.1:${closed}/tsa`], { timeoutMs: 150_000, env: { RSSP_TEST_TSA_PASSWORD: "tsa-secret-pw" } });
    assert.equal(failed.code, 3, failed.stderr.slice(-600));
    const last = failed.stderr.trim().split("\n").at(-1)!;
    assert.match(last, /^rssp-audit: \S*report\.ja\.pdf kept unsigned: http:\/\/127\.0\.0\.1:\d+\/tsa: the TSA could not be reached/);
    assert.equal(failed.stderr.split("\n").filter((l) => l.startsWith("rssp-audit:")).length, 1, failed.stderr);
    assert.match(failed.stdout, /report: .*report\.json \(signed: /, "the summary and the files written are still printed");
    assert.equal((await runCli(["report", "verify", join(down, "report.json"), "--trust-anchor", join(dir, "root.pem")])).code, 0, "report.json and its signature are kept");
    const unsignedPdf = await runCli(["report", "verify", join(down, "report.ja.pdf")]);
    assert.equal(unsignedPdf.code, 2, "the PDF is on disk, unsigned");
    assert.match(unsignedPdf.stderr, /no signature/);
  } finally {
    await fixture.stop();
  }
});
