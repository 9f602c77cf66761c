/**
 * Issue 16 (b): km.allowImport changes hsm.key.local's result on a real SoftHSM2 token. The
 * guideline (as SECOM quotes it) allows import from trustworthy CAs: with the catalog's default
 * (true) an imported key (CKA_LOCAL=false) is left to the assessor (manual, KM-11); false fails it.
 * (Its own process: SoftHSM2 reads SOFTHSM2_CONF once per process.)
 */
import { en } from "../helpers/text.ts";
import "reflect-metadata";
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { buildTestHsm, FLAWED_KEYS, type TestHsm } from "../hsm/helpers/softhsm-tokens.ts";
import { inspectToken } from "../../src/hsm/inspect.ts";
import { secretFromValue } from "../../src/config/secrets.ts";
import { loadCatalog } from "../../src/catalog/load.ts";
import { randomBytes } from "node:crypto";
import { judgeRandomSample } from "../../checks/hsm/rng.quality.ts";

let hsm: TestHsm;
before(async () => {
  hsm = await buildTestHsm();
});
after(() => hsm?.cleanup());

test("km.allowImport: an imported key is manual under the default, a failure when import is forbidden", { timeout: 120_000 }, async () => {
  assert.equal(loadCatalog().parameters["km.allowImport"]!.default, true);
  const access = { module: hsm.module, token: hsm.tokens.flawed, pin: secretFromValue(hsm.pin, "env:TEST_PIN"), environment: hsm.environment };
  const allowed = await inspectToken(access, { parameters: { "km.allowImport": true, "hsm.rng.bits": 2097152 } });
  const a = allowed.checks.find((c) => c.id === "hsm.key.local")!;
  assert.equal(a.status, "manual", en(a.summary));
  assert.match(en(a.summary), /imported \(CKA_LOCAL=false\).*the assessor confirms source and transfer/);
  assert.ok(a.observations.some((o) => o.ok === false && o.subject?.startsWith(FLAWED_KEYS.imported)));
  const forbidden = await inspectToken(access, { parameters: { "km.allowImport": false } });
  assert.equal(forbidden.checks.find((c) => c.id === "hsm.key.local")!.status, "fail");
  // hsm.rng.bits: the sample drawn and tested grows with it (it never goes below the 2^20 the tests need).
  const bitsOf = (i: typeof allowed) => (i.checks.find((c) => c.id === "hsm.rng.quality")!.facts as { bitsPerSequence: number }).bitsPerSequence;
  assert.equal(bitsOf(forbidden), 1048576);
  assert.equal(bitsOf(allowed), 2097152);
});

test("hsm.rng.alpha decides the RNG verdict on the same sample", () => {
  const sample = { bytes: new Uint8Array(randomBytes((2 * (1 << 20)) / 8)) };
  assert.equal(judgeRandomSample(sample, 1e-9, "x").status, "pass");
  assert.equal(judgeRandomSample(sample, 1, "x").status, "fail");
});
