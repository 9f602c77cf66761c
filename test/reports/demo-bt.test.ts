/**
 * `rssp-audit demo --tsa-url`: the demo's PDF is signed PAdES B-T through a real TSA (openssl ts
 * -reply on 127.0.0.1) and `report verify --tsa-trust-anchor` prints B-T with the token's genTime;
 * with the TSA down the demo still writes every format, keeps the PDF unsigned and exits 3 with
 * one line about it. `--help` of report sign, assess and demo documents the option.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { createServer, type AddressInfo } from "node:net";
import { join } from "node:path";
import { runCli, REPO_ROOT } from "../helpers/cli.ts";
import { tempDir } from "../helpers/temp.ts";
import { parsePdfsig } from "./helpers/pdfsig.ts";
import { startTestTsa, type TestTsa } from "./helpers/tsa.ts";

const fixtureBuilt = existsSync(join(REPO_ROOT, "fixtures/rssp/index.ts"));
let tsa: TestTsa;
before(async () => { tsa = await startTestTsa(); });
after(async () => { await tsa.stop(); });

test("--help of report sign, assess and demo documents --tsa-url (PAdES B-T); report verify --help the TSA anchor", async () => {
  for (const args of [["report", "sign", "--help"], ["assess", "--help"], ["demo", "--help"]]) {
    const r = await runCli(args);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /--tsa-url <url>\s+RFC 3161 time-stamp authority/, args.join(" "));
    assert.match(r.stdout, /PAdES B-T/, args.join(" "));
  }
  assert.match((await runCli(["report", "verify", "--help"])).stdout, /--tsa-trust-anchor <pem>/);
});

test("demo --tsa-url: B-T signed PDF (pdfsig valid, report verify B-T with genTime); the TSA down: every format written, the PDF unsigned, exit 3 in one line", { skip: !fixtureBuilt && "the reference RSSP is not built", timeout: 300_000 }, async () => {
  const dir = tempDir("rssp-demo-bt");
  writeFileSync(join(dir, "tsa-ca.pem"), tsa.caPem);
  const out = join(dir, "bt");
  const started = Date.now();
  const r = await runCli(["demo", "--out", out, "--lang", "en", "--tsa-url", tsa.url], { timeoutMs: 150_000 });
  process.stderr.write(`# demo with a TSA: ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  assert.equal(r.code, 0, r.stderr.split("\n").slice(-5).join("\n"));
  assert.match(r.stderr, /demo: time-stamping the PDF signature at http:\/\/127\.0\.0\.1:\d+\/tsa \(PAdES B-T\)/);
  const pdf = join(out, "report.en.pdf");
  assert.equal(parsePdfsig(execFileSync("pdfsig", [pdf], { encoding: "utf8" }))[0]!["Signature Validation"], "Signature is Valid.");
  const verified = await runCli(["report", "verify", pdf, "--trust-anchor", join(out, "report-signing-ca.pem"), "--tsa-trust-anchor", join(dir, "tsa-ca.pem")]);
  assert.equal(verified.code, 0, verified.stdout + verified.stderr);
  assert.match(verified.stdout, /signature valid \(PAdES B-T, the whole file\), signed by .*demo report signer/);
  assert.match(verified.stdout, /time-stamp: genTime \d{4}-\d{2}-\d{2}T[\d:.]+Z by CN=Test TSA/);
  assert.match(verified.stdout, /TSA chain: valid/);

  const closed = await new Promise<number>((ok) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => ok(port));
    });
  });
  const downOut = join(dir, "down");
  const down = await runCli(["demo", "--out", downOut, "--lang", "en", "--tsa-url", `http://127.0.0.1:${closed}/tsa`], { timeoutMs: 150_000 });
  assert.equal(down.code, 3, down.stderr.split("\n").slice(-5).join("\n"));
  const lines = down.stderr.split("\n").filter((l) => l.startsWith("rssp-audit:"));
  assert.equal(lines.length, 1, down.stderr);
  assert.match(lines[0]!, /^rssp-audit: pdf: \S*report\.en\.pdf kept unsigned: http:\/\/127\.0\.0\.1:\d+\/tsa: the TSA could not be reached/);
  assert.ok(down.stdout.includes("report.en.pdf"), "the unsigned PDF is listed as written");
  for (const name of ["report.json", "report.en.html", "report.en.pdf"]) assert.ok(existsSync(join(downOut, name)), name);
  const unsigned = await runCli(["report", "verify", join(downOut, "report.en.pdf")]);
  assert.equal(unsigned.code, 2);
  assert.match(unsigned.stderr, /no signature/);
});
