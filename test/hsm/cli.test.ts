/**
 * `rssp-audit hsm inspect` as a user runs it: exit codes, one-line input errors, and no key
 * material or PIN in any output — checked against key material the test pulled out of the flawed
 * token itself, in hex and base64.
 */
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { runCli, type CliResult } from "../helpers/cli.ts";
import { buildTestHsm, type TestHsm } from "./helpers/softhsm-tokens.ts";
import type { Inspection } from "../../src/hsm/inspect.ts";

let hsm: TestHsm;
const outputs: Array<{ what: string; text: string }> = [];

before(async () => {
  hsm = await buildTestHsm();
});
after(() => hsm?.cleanup());

async function inspect(args: string[], pin = hsm.pin): Promise<CliResult> {
  const r = await runCli(["hsm", "inspect", "--module", hsm.module, ...args], { env: { ...hsm.environment, HSM_PIN: pin } });
  outputs.push({ what: `hsm inspect ${args.join(" ")}`, text: r.stdout + r.stderr });
  return r;
}

function assertOneLineError(r: CliResult, pattern: RegExp): void {
  assert.equal(r.code, 2, r.stderr);
  assert.equal(r.stdout, "");
  const lines = r.stderr.trim().split("\n");
  assert.equal(lines.length, 1, r.stderr);
  assert.match(lines[0]!, pattern);
  assert.doesNotMatch(r.stderr, /\bat .*\.(ts|js):\d+/, "no stack trace");
}

test("the conformant token: a table of keys and checks, exit 0", async () => {
  const r = await inspect(["--token", hsm.tokens.conformant, "--pin", "env:HSM_PIN"]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /Token "conformant" — SoftHSM project SoftHSM v2, firmware \d+\.\d+/);
  assert.match(r.stdout, /signer-ec \(id 01, EC P-256\)/);
  assert.match(r.stdout, /\+LOCAL \+SENSITIVE -EXTRACTABLE \+ALWAYS_SENSITIVE \+NEVER_EXTRACTABLE \+PRIVATE \+SIGN -DECRYPT -UNWRAP -DERIVE/);
  assert.match(r.stdout, /hsm\.rng\.quality\s+│ pass/);
  assert.match(r.stdout, /Conclusion: pass/);
  assert.match(r.stderr, /hsm: module finalised/);
});

test("the flawed token: findings name key, URI and attribute; exit 1", async () => {
  const r = await inspect(["--token", hsm.tokens.flawed, "--pin", "env:HSM_PIN"]);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stdout, /✗ hsm\.key\.local {2}pkcs11:token=flawed;object=flaw-imported;id=%23 CKA_LOCAL\n {6}expected CKA_LOCAL=true.*\n {6}observed CKA_LOCAL=false/);
  assert.match(r.stdout, /flaw-rsa1024 \(id 26, RSA 1024\)/);
  assert.match(r.stdout, /Conclusion: fail/);
});

test("--format json is the whole inspection, machine-readable, on stdout alone", async () => {
  const r = await inspect(["--token", hsm.tokens.flawed, "--pin", "env:HSM_PIN", "--format", "json"]);
  assert.equal(r.code, 1);
  const inspection = JSON.parse(r.stdout) as Inspection;
  assert.equal(inspection.schema, "rssp-audit/hsm-inspect/v1");
  assert.equal(inspection.conclusion, "fail");
  assert.equal(inspection.checks.length, 12);
  const imported = inspection.keys.find((k) => k.key.startsWith("flaw-imported "))!;
  assert.equal(imported.verdicts["hsm.key.local"], "fail");
  assert.equal(imported.verdicts["hsm.key.strength"], "pass");
  assert.equal(inspection.inventory.token.model, "SoftHSM v2");
});

test("a wrong PIN: one line, exit 2, the PIN's source but never its value", async () => {
  const r = await inspect(["--token", hsm.tokens.conformant, "--pin", "env:HSM_PIN"], "999999");
  assertOneLineError(r, /^rssp-audit: token "conformant": wrong PIN \(CKR_PIN_INCORRECT; PIN from env:HSM_PIN\)$/);
  assert.doesNotMatch(r.stderr, /999999/);
});

test("a missing module: one line, exit 2", async () => {
  const r = await runCli(["hsm", "inspect", "--module", "/nonexistent/libpkcs11.so", "--token", "x", "--pin", "env:HSM_PIN"], { env: { ...hsm.environment, HSM_PIN: hsm.pin } });
  assertOneLineError(r, /^rssp-audit: PKCS#11 module not found: \/nonexistent\/libpkcs11\.so$/);
});

test("a file that is not a PKCS#11 module: one line, exit 2", async () => {
  const r = await runCli(["hsm", "inspect", "--module", "/etc/hostname", "--token", "x", "--pin", "env:HSM_PIN"], { env: { HSM_PIN: hsm.pin } });
  assertOneLineError(r, /^rssp-audit: cannot load PKCS#11 module \/etc\/hostname: /);
});

test("an unknown token label: one line naming the tokens present, exit 2", async () => {
  const r = await inspect(["--token", "no-such-token", "--pin", "env:HSM_PIN"]);
  assertOneLineError(r, /^rssp-audit: no token labelled "no-such-token" in the PKCS#11 module \(tokens present: .*"conformant".*\)$/);
});

test("a PIN given inline or from an unset variable is refused before the module is touched", async () => {
  assertOneLineError(await inspect(["--token", hsm.tokens.conformant, "--pin", hsm.pin]), /never inline/);
  const r = await runCli(["hsm", "inspect", "--module", hsm.module, "--token", "conformant", "--pin", "env:UNSET_PIN_VAR"], { env: hsm.environment });
  assertOneLineError(r, /environment variable UNSET_PIN_VAR is not set/);
  assertOneLineError(await inspect(["--token", hsm.tokens.conformant, "--pin", "env:HSM_PIN", "--format", "xml"]), /--format must be text or json/);
});

test("no output ever contains key material or the PIN", async () => {
  assert.ok(outputs.length >= 6, "the other tests ran first");
  assert.equal(hsm.extracted.length, 2);
  for (const { label, value } of hsm.extracted) {
    assert.ok(value.length >= 32, `${label}: the test really extracted key material`);
    const forms = [value.toString("hex"), value.toString("hex").toUpperCase(), value.toString("base64"), value.toString("base64url"), value.toString("base64").slice(0, 24)];
    for (const { what, text } of outputs) for (const form of forms) assert.ok(!text.includes(form), `${label}'s value appears in the output of ${what}`);
  }
  for (const { what, text } of outputs) assert.ok(!text.includes(hsm.pin), `the PIN appears in the output of ${what}`);
});
