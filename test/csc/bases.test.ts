/**
 * Judgement by the text (design §3a) for the csc family: every csc check has a basis, docs/CHECKS.md
 * lists the same one, the probe frame attaches it to departures, and the judgements that take both
 * branches of an open fork (lock-out refusals, existence oracle, info) behave as the text allows.
 */
import { en } from "../helpers/text.ts";
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { loadRegistry } from "../../src/check/registry.ts";
import { statusByBasis } from "../../src/check/basis.ts";
import { CSC_BASES } from "../../src/csc/bases.ts";
import { withBasis } from "../../src/csc/probe.ts";
import type { CscReply } from "../../src/csc/client.ts";
import { classifyRefusal } from "../../checks/csc/authorize.lockout.ts";
import { judgeRefusals } from "../../checks/csc/info.no-existence-oracle.ts";
import { judgeInfo } from "../../checks/csc/info.ts";
import { messageIn } from "../../src/check/types.ts";

const reply = (status: number, error?: string, errorDescription?: string): CscReply => ({ method: "m", status, ok: status >= 200 && status < 300, body: {}, contentType: "application/json", error, errorDescription });

test("every csc check (protocol checks aside) has a basis, and docs/CHECKS.md lists it", async () => {
  const registry = await loadRegistry();
  const ids = registry.checks.map((c) => c.id).filter((id) => id.startsWith("csc.") && !id.startsWith("csc.protocol."));
  assert.ok(ids.length >= 28, `${ids.length} csc checks`);
  const docs = readFileSync(new URL("../../docs/CHECKS.md", import.meta.url), "utf8");
  for (const id of ids) {
    const b = CSC_BASES[id];
    assert.ok(b, `${id} has no basis`);
    assert.ok(docs.includes(`| ${b.source} | ${messageIn(b.clause, "en")} | ${b.strength} |`) && docs.includes(`| ${id} |`), `docs/CHECKS.md does not list ${id}'s basis`);
  }
  for (const id of Object.keys(CSC_BASES)) assert.ok(ids.includes(id), `CSC_BASES names ${id}, which is not a check`);
});

test("the frame gives departures the check's basis, keeps a more precise one, and a should-only fail becomes advisory", () => {
  const own = { source: "RFC-6750", clause: "3.1", strength: "should" as const };
  const o = withBasis({ status: "fail", summary: "x", observations: [{ expected: "a", observed: "b", where: "w", ok: false }, { expected: "a", observed: "b", where: "w", ok: false, basis: own }, { expected: "a", observed: "b", where: "w", ok: true }] }, CSC_BASES["csc.auth.bearer-required"]);
  assert.equal(o.observations[0]!.basis, CSC_BASES["csc.auth.bearer-required"]);
  assert.equal(o.observations[1]!.basis, own);
  assert.equal(o.observations[2]!.basis, undefined);
  assert.equal(statusByBasis(o), "fail");
  assert.equal(statusByBasis({ ...o, observations: [o.observations[1]!] }), "advisory");
});

test("lock-out refusals: authentication failures, locks and format errors are told apart", () => {
  assert.equal(classifyRefusal(reply(400, "invalid_pin", "The PIN is invalid")), "auth-failure");
  assert.equal(classifyRefusal(reply(400, "invalid_authentication_data", "The authentication data is invalid")), "auth-failure");
  assert.equal(classifyRefusal(reply(400, "invalid_request", "Wrong PIN")), "auth-failure");
  assert.equal(classifyRefusal(reply(400, "invalid_request", "PIN locked")), "locked");
  assert.equal(classifyRefusal(reply(400, "invalid_request", "Credential locked")), "locked");
  assert.equal(classifyRefusal(reply(400, "invalid_request", "Missing authentication data (PIN and OTP are required)")), "format");
  assert.equal(classifyRefusal(reply(400, "invalid_request", "Missing (or invalid type) integer parameter numSignatures")), "format");
  assert.equal(classifyRefusal(reply(503)), "server-error");
  assert.equal(classifyRefusal(reply(200)), "accepted");
});

test("existence oracle: status and error decide; an echoed ID is the same answer; another difference is advisory", () => {
  const f = "cred-bob-01";
  const u = "cred-bob-deadbeef";
  assert.deepEqual(judgeRefusals(reply(400, "invalid_request", `Invalid parameter credentialID: ${f}`), reply(400, "invalid_request", `Invalid parameter credentialID: ${u}`), f, u, "w").map((j) => j.status), ["pass"]);
  assert.deepEqual(judgeRefusals(reply(400, "invalid_request"), reply(400, "invalid_request", "Invalid parameter credentialID"), f, u, "w").map((j) => j.status), ["pass", "fail"]);
  const differing = judgeRefusals(reply(400, "invalid_request", "Belongs to another user"), reply(400, "invalid_request", "Invalid parameter credentialID"), f, u, "w");
  assert.equal(differing[1]!.observation.basis?.strength, "should");
  const leak = judgeRefusals(reply(403, "access_denied", "x"), reply(400, "invalid_request", "x"), f, u, "w");
  assert.equal(leak[0]!.status, "fail");
  assert.match(en(leak[0]!.observation.observed), /reveals that the credential exists/);
});

test("info: only its REQUIRED fields fail; unlisted optional methods say what is not assessed", () => {
  const full = { specs: "2.0.0.2", authType: ["basic"], methods: ["credentials/list", "credentials/info", "credentials/authorize", "signatures/signHash", "auth/revoke", "credentials/extendTransaction"] };
  assert.deepEqual(judgeInfo(full, "w").map((j) => j.status), ["pass", "pass", "pass"]);
  const minimal = judgeInfo({ ...full, methods: ["credentials/list"] }, "w");
  assert.deepEqual(minimal.map((j) => j.status), ["pass", "pass", "pass"]);
  assert.match(en(minimal[1]!.observation.observed), /not assessed: credentials\/info .*signatures\/signHash/);
  const bare = judgeInfo({ specs: "2.0.0.2" }, "w");
  assert.deepEqual(bare.map((j) => j.status), ["pass", "fail", "fail"]);
  assert.ok(bare.filter((j) => j.status === "fail").every((j) => j.observation.basis?.strength === "shall"));
  assert.equal(judgeInfo({ ...full, specs: "9.9" }, "w")[0]!.status, "error");
});
