/**
 * tls.protocol, tls.ciphers and tls.certificate both ways: they pass against a TLS 1.2+ server
 * with a trusted certificate, and fail against servers that accept TLS 1.0, a NULL cipher, or
 * present a certificate the assessor does not trust; a TLS 1.3-only server fails tls.protocol.
 */
import { en } from "../helpers/text.ts";
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createServer, type ServerOptions } from "node:https";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { makeSelfSignedCert } from "../helpers/tls-server.ts";
import { runChecks } from "../csc/helpers/run-family.ts";
import { testTarget } from "../csc/helpers/targets.ts";
import { tempDir } from "../helpers/temp.ts";
import { messageIn } from "../../src/check/types.ts";

async function withServer(options: ServerOptions, fn: (baseUrl: string, certPem: string) => Promise<void>): Promise<void> {
  const dir = tempDir("rssp-audit-tls-test");
  const { keyFile, certFile } = makeSelfSignedCert(dir);
  const server = createServer({ key: readFileSync(keyFile), cert: readFileSync(certFile), ...options }, (_req, res) => res.end("{}"));
  server.on("tlsClientError", () => {});
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  try {
    await fn(`https://127.0.0.1:${(server.address() as AddressInfo).port}/csc/v2`, readFileSync(certFile, "utf8"));
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

const TLS = ["tls.protocol", "tls.ciphers", "tls.certificate"];

test("a TLS 1.2+ server with a trusted certificate passes all three", async () => {
  await withServer({ minVersion: "TLSv1.2" }, async (baseUrl, pem) => {
    const runs = await runChecks(testTarget(baseUrl, pem), TLS);
    for (const id of TLS) assert.equal(runs.get(id)?.outcome.status, "pass", `${id}: ${runs.get(id)?.outcome.summary}`);
    assert.ok(runs.get("tls.protocol")!.outcome.observations.some((o) => o.ok === true && /^TLSv1\.2 /.test(en(o.observed))), "a TLS 1.2 handshake is shown");
  });
});

test("a server accepting TLS 1.0 fails tls.protocol", async () => {
  await withServer({ minVersion: "TLSv1", ciphers: "DEFAULT:@SECLEVEL=0" }, async (baseUrl, pem) => {
    const run = (await runChecks(testTarget(baseUrl, pem), ["tls.protocol"])).get("tls.protocol")!;
    assert.equal(run.outcome.status, "fail", en(run.outcome.summary));
    assert.match(en(run.outcome.summary), /TLSv1 accepted/);
    const gone = run.outcome.observations.filter((o) => o.ok === false);
    assert.ok(gone.length > 0 && gone.every((o) => o.basis?.source === "RFC-8996" && /tls\.minVersion/.test(messageIn(o.basis.clause, "en"))), "each departure names RFC 8996 and the catalog default of tls.minVersion");
  });
});

test("with the floor at TLS 1.1 (the CSC text: 1.1 MAY be used), a TLS 1.1 server passes tls.protocol and a TLS 1.0 one still fails", async () => {
  await withServer({ minVersion: "TLSv1.1", ciphers: "DEFAULT:@SECLEVEL=0" }, async (baseUrl, pem) => {
    const at11 = (await runChecks(testTarget(baseUrl, pem), ["tls.protocol"], { parameters: { "tls.minVersion": "TLSv1.1" } })).get("tls.protocol")!;
    assert.equal(at11.outcome.status, "pass", en(at11.outcome.summary));
    const at12 = (await runChecks(testTarget(baseUrl, pem), ["tls.protocol"])).get("tls.protocol")!;
    assert.equal(at12.outcome.status, "fail", `the default floor (TLS 1.2, RFC 8996) refuses 1.1: ${en(at12.outcome.summary)}`);
  });
  await withServer({ minVersion: "TLSv1", ciphers: "DEFAULT:@SECLEVEL=0" }, async (baseUrl, pem) => {
    const run = (await runChecks(testTarget(baseUrl, pem), ["tls.protocol"], { parameters: { "tls.minVersion": "TLSv1.1" } })).get("tls.protocol")!;
    assert.equal(run.outcome.status, "fail", en(run.outcome.summary));
  });
});

test("a TLS 1.3-only server fails tls.protocol: CSC v1.0.4 §7.3 TLS 1.2 SHALL be supported; with the assessment's floor at TLS 1.3 it passes", async () => {
  await withServer({ minVersion: "TLSv1.3" }, async (baseUrl, pem) => {
    const run = (await runChecks(testTarget(baseUrl, pem), ["tls.protocol"])).get("tls.protocol")!;
    assert.equal(run.outcome.status, "fail", en(run.outcome.summary));
    assert.match(en(run.outcome.summary), /TLS 1\.2 is not supported/);
    const gone = run.outcome.observations.filter((o) => o.ok === false);
    assert.ok(gone.length === 1 && gone[0]!.basis?.source === "CSC-API-1.0.4" && /^7\.3/.test(messageIn(gone[0]!.basis.clause, "en")) && gone[0]!.basis.strength === "shall", JSON.stringify(gone));
    const at13 = (await runChecks(testTarget(baseUrl, pem), ["tls.protocol"], { parameters: { "tls.minVersion": "TLSv1.3" } })).get("tls.protocol")!;
    assert.equal(at13.outcome.status, "pass", en(at13.outcome.summary));
  });
});

test("a server accepting a NULL cipher fails tls.ciphers", async () => {
  await withServer({ minVersion: "TLSv1.2", ciphers: "ECDHE-ECDSA-NULL-SHA:ECDHE-ECDSA-AES128-GCM-SHA256:@SECLEVEL=0" }, async (baseUrl, pem) => {
    const run = (await runChecks(testTarget(baseUrl, pem), ["tls.ciphers"])).get("tls.ciphers")!;
    assert.equal(run.outcome.status, "fail", en(run.outcome.summary));
    assert.match(en(run.outcome.summary), /NULL/);
  });
});

test("an untrusted server certificate fails tls.certificate", async () => {
  await withServer({ minVersion: "TLSv1.2" }, async (baseUrl) => {
    const other = makeSelfSignedCert(tempDir("rssp-audit-tls-other"));
    const run = (await runChecks(testTarget(baseUrl, readFileSync(other.certFile, "utf8")), ["tls.certificate"])).get("tls.certificate")!;
    assert.equal(run.outcome.status, "fail", en(run.outcome.summary));
    assert.match(en(run.outcome.summary), /not trusted/);
  });
});

test("an unreachable endpoint is an error with a one-line reason", async () => {
  const runs = await runChecks(testTarget("https://127.0.0.1:9/csc/v2", undefined), TLS);
  for (const id of TLS) {
    assert.equal(runs.get(id)?.outcome.status, "error", id);
    assert.doesNotMatch(en(runs.get(id)!.outcome.summary), /\n/);
  }
});
