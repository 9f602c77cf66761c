/**
 * csc.info, csc.info.no-implicit-grant, csc.sad.hash-count and csc.transport.https-only proven
 * both ways (issue 14): each passes on the conformant reference RSSP and fails on the fault that
 * breaks what it enforces.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { assertFailsWith, runAgainstFault } from "./helpers/fault-case.ts";

const IDS = ["csc.info", "csc.info.no-implicit-grant", "csc.sad.hash-count", "csc.transport.https-only"];

test("conformant and conformant-variant: the four checks pass", async () => {
  for (const profile of [undefined, "conformant-variant"]) {
    const runs = await runAgainstFault([], IDS, profile ? { profile } : {});
    for (const id of IDS) assert.equal(runs.get(id)?.outcome.status, "pass", `${profile ?? "conformant"} ${id}: ${JSON.stringify(runs.get(id)?.outcome.summary)}`);
  }
});

test("info-no-methods: info without its REQUIRED methods array fails csc.info", async () => {
  const runs = await runAgainstFault("info-no-methods", ["csc.info"]);
  assertFailsWith(runs, "csc.info", /no methods array/);
});

test("implicit-grant-offered: info.authType lists oauth2implicit, csc.info.no-implicit-grant fails", async () => {
  const runs = await runAgainstFault("implicit-grant-offered", ["csc.info.no-implicit-grant"]);
  assertFailsWith(runs, "csc.info.no-implicit-grant", /oauth2implicit/);
});

test("hash-count-widens: an authorization with fewer hashes than numSignatures signs an unauthorized hash", async () => {
  const runs = await runAgainstFault("hash-count-widens", ["csc.sad.hash-count"]);
  assertFailsWith(runs, "csc.sad.hash-count", /signed a hash the SAD did not authorize/);
});

test("plain-http-served: the API port answers info over plain HTTP, csc.transport.https-only fails", async () => {
  const runs = await runAgainstFault("plain-http-served", ["csc.transport.https-only"]);
  assertFailsWith(runs, "csc.transport.https-only", /the CSC API answered over plain HTTP/);
});
