/**
 * csc.protocol.lock-wording and the hash-algorithm answers of csc.protocol.hash-algo, both ways:
 * pure judgements of the method tables' wordings (v1.0.4.0 / v2.0.0.2 §11.6, §11.9 / §11.10), the
 * reference RSSP passing on v2 and v1, and the faults lock-wording-nonstandard,
 * v1-error-codes-on-v2 (the lock part) and v2-authorize-hashalgo-optional reported as advisories
 * with their CSC basis. Without --intrusive nothing is locked and the wording check says so.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { en } from "../helpers/text.ts";
import type { CscReply } from "../../src/csc/client.ts";
import { departuresWithoutBasis } from "../../src/check/basis.ts";
import { startFixture } from "../../fixtures/rssp/index.ts";
import type { CheckRun } from "../../src/collect/run-checks.ts";
import { describeRuns, fixtureTarget, runChecks } from "./helpers/run-family.ts";
import { judgeLockRefusal } from "../../checks/csc/protocol.lock-wording.ts";
import { judgeMissingParameterAnswer } from "../../checks/csc/protocol.hash-algo.ts";
import { messageIn } from "../../src/check/types.ts";

const reply = (status: number, error?: string, errorDescription?: string): CscReply => ({ method: "m", status, ok: status >= 200 && status < 300, body: {}, contentType: "application/json", error, errorDescription });
const WORDING = "csc.protocol.lock-wording";
const LOCKOUT = "csc.authorize.lockout";
const HASH_ALGO = "csc.protocol.hash-algo";

test("lock wording (pure): each version's §11.6 rows pass; the other version's words, another wording or another status are departures with their strength", () => {
  for (const d of ["PIN locked", "OTP locked", "The credential identified by credentialID is disabled"]) assert.equal(judgeLockRefusal("v1", reply(400, "invalid_request", d), "w").status, "pass", d);
  for (const d of ["Credential locked", "credential locked.", "The credential identified by credentialID is disabled"]) assert.equal(judgeLockRefusal("v2", reply(400, "invalid_request", d), "w").status, "pass", d);
  const v1OnV2 = judgeLockRefusal("v2", reply(400, "invalid_request", "PIN locked"), "w");
  assert.equal(v1OnV2.status, "fail");
  assert.match(en(v1OnV2.observation.observed), /the v1 wording on v2/);
  const lockBasis = v1OnV2.observation.basis!;
  assert.deepEqual({ ...lockBasis, clause: messageIn(lockBasis.clause, "en") }, { source: "CSC-API-2.0", clause: "11.6 Credential locked → 400 invalid_request; 10.2 error_description OPTIONAL but highly RECOMMENDED", strength: "should" });
  assert.match(messageIn(lockBasis.clause, "ja"), /^11\.6 「Credential locked」 → 400 invalid_request; 10\.2 /);
  const v2OnV1 = judgeLockRefusal("v1", reply(400, "invalid_request", "Credential locked"), "w");
  assert.match(en(v2OnV1.observation.observed), /the v2 wording on v1/);
  assert.equal(v2OnV1.observation.basis?.source, "CSC-API-1.0.4");
  const own = judgeLockRefusal("v2", reply(400, "invalid_request", "Too many attempts"), "w");
  assert.match(en(own.observation.observed), /a wording of its own/);
  assert.equal(own.observation.basis?.strength, "should");
  const code = judgeLockRefusal("v2", reply(400, "invalid_pin", "Credential locked"), "w");
  assert.match(en(code.observation.observed), /another status or error code/);
  assert.equal(code.observation.basis?.strength, "should");
  const status = judgeLockRefusal("v2", reply(403, "access_denied", "Credential locked"), "w");
  assert.equal(status.observation.basis?.strength, "shall", "the status code is the SHALL (§10.2)");
});

test("missing-parameter answers (pure): 400 invalid_request with the table's description (detail may follow); else should, another status shall", () => {
  const clauses = { v1: "11.9", v2: "11.10" };
  assert.equal(judgeMissingParameterAnswer("v2", reply(400, "invalid_request", "Missing (or invalid type) string parameter hashAlgorithmOID"), "hashAlgorithmOID", "w", clauses).status, "pass");
  assert.equal(judgeMissingParameterAnswer("v1", reply(400, "invalid_request", "Missing (or invalid type) string parameter hashAlgo (required with rsaEncryption)"), "hashAlgo", "w", clauses).status, "pass");
  const words = judgeMissingParameterAnswer("v2", reply(400, "invalid_request", "hash algorithm?"), "hashAlgorithmOID", "w", clauses);
  assert.equal(words.status, "fail");
  assert.equal(words.observation.basis?.strength, "should");
  assert.equal(judgeMissingParameterAnswer("v2", reply(422, "invalid_request", "Missing (or invalid type) string parameter hashAlgorithmOID"), "hashAlgorithmOID", "w", clauses).observation.basis?.strength, "shall");
});

async function runOn(options: { faults?: string[]; profile?: string; v1?: boolean; intrusive?: boolean }, ids: string[]): Promise<Map<string, CheckRun>> {
  const fixture = await startFixture({ faults: options.faults ?? [], ...(options.profile ? { profile: options.profile } : {}) });
  try {
    const target = fixtureTarget(fixture.assessmentFile);
    if (options.v1) target.csc!.baseUrl = fixture.baseUrlV1;
    return await runChecks(target, ids, { intrusive: options.intrusive ?? true });
  } finally {
    await fixture.stop();
  }
}

/** The check is advisory and one departure matches the effect, with the given basis. */
function assertAdvisory(runs: Map<string, CheckRun>, id: string, effect: RegExp, basis: { source: string; clause: RegExp; strength: string }): void {
  const r = runs.get(id)!;
  assert.equal(r.outcome.status, "advisory", `${id}\n${describeRuns(runs)}`);
  assert.deepEqual(departuresWithoutBasis(r.outcome), []);
  const hit = r.outcome.observations.find((o) => o.ok === false && effect.test(en(o.observed)));
  assert.ok(hit, `${id}: no departure matches ${effect}: ${JSON.stringify(r.outcome.observations.map((o) => en(o.observed)))}`);
  assert.equal(hit.basis?.source, basis.source);
  assert.match(messageIn(hit.basis!.clause, "en"), basis.clause);
  assert.equal(hit.basis!.strength, basis.strength);
}

for (const v1 of [false, true]) {
  const version = v1 ? "v1" : "v2";
  test(`${version}: with --intrusive the reference RSSP's lock refusals are the table's ("${v1 ? "PIN locked" : "Credential locked"}"), judged on the one lock-out run the lock-out check also reads`, { timeout: 180_000 }, async () => {
    const runs = await runOn({ v1 }, [LOCKOUT, WORDING, HASH_ALGO]);
    assert.equal(runs.get(LOCKOUT)!.outcome.status, "pass", describeRuns(runs));
    const wording = runs.get(WORDING)!;
    assert.equal(wording.outcome.status, "pass", describeRuns(runs));
    const judged = wording.outcome.observations.filter((o) => /locked credential refused/.test(en(o.expected)));
    assert.ok(judged.length >= 1);
    for (const o of judged) assert.match(en(o.observed), new RegExp(`HTTP 400 invalid_request "${v1 ? "PIN locked" : "Credential locked"}"`));
    // One lock-out: the wrong-PIN attempts appear once in the shared transcript both checks attach.
    const evidence = (r: CheckRun) => JSON.parse(String(r.outcome.evidence!.find((e) => e.name === "transcript.json")!.content)) as Array<{ name: string; exchanges: unknown[] }>;
    const shared = (r: CheckRun) => evidence(r).filter((t) => /lock-out probe/.test(t.name));
    assert.equal(shared(wording).length, 1);
    assert.deepEqual(shared(wording), shared(runs.get(LOCKOUT)!), "both checks rest on the same run");
    const hash = runs.get(HASH_ALGO)!;
    assert.equal(hash.outcome.status, "pass", describeRuns(runs));
    const answers = hash.outcome.observations.filter((o) => /400 invalid_request "Missing \(or invalid type\) string parameter/.test(en(o.expected)));
    assert.equal(answers.length, v1 ? 1 : 2, "signHash's answer, and on v2 authorize's");
  });
}

test("conformant-variant (lock-out after 3, incomplete data uncounted, custom auth ids): the lock wording passes", { timeout: 120_000 }, async () => {
  const runs = await runOn({ profile: "conformant-variant" }, [LOCKOUT, WORDING]);
  assert.equal(runs.get(LOCKOUT)!.outcome.status, "pass", describeRuns(runs));
  assert.equal(runs.get(WORDING)!.outcome.status, "pass", describeRuns(runs));
});

test("without --intrusive nothing is locked: csc.protocol.lock-wording is not-applicable and says why", { timeout: 120_000 }, async () => {
  const runs = await runOn({ intrusive: false }, [LOCKOUT, WORDING]);
  assert.equal(runs.has(LOCKOUT) && runs.get(LOCKOUT)!.outcome.status === "pass", false, "the lock-out itself did not run");
  const r = runs.get(WORDING)!;
  assert.equal(r.outcome.status, "not-applicable", describeRuns(runs));
  assert.match(en(r.outcome.summary), /only once a credential is locked \(intrusive: run with --intrusive\)/);
});

test("lock-wording-nonstandard (v2) and v1-error-codes-on-v2 are advisories of csc.protocol.lock-wording, at should", { timeout: 240_000 }, async () => {
  assertAdvisory(await runOn({ faults: ["lock-wording-nonstandard"] }, [WORDING]), WORDING, /a wording of its own: HTTP 400 invalid_request "Too many failed attempts/, { source: "CSC-API-2.0", clause: /^11\.6 Credential locked/, strength: "should" });
  assertAdvisory(await runOn({ faults: ["v1-error-codes-on-v2"] }, [WORDING]), WORDING, /the v1 wording on v2: HTTP 400 invalid_request "PIN locked"/, { source: "CSC-API-2.0", clause: /^11\.6 Credential locked/, strength: "should" });
});

test("lock-wording-nonstandard on /csc/v1 is an advisory with the v1 §11.6 basis", { timeout: 120_000 }, async () => {
  assertAdvisory(await runOn({ faults: ["lock-wording-nonstandard"], v1: true }, [WORDING]), WORDING, /a wording of its own/, { source: "CSC-API-1.0.4", clause: /^11\.6 PIN locked \/ OTP locked/, strength: "should" });
});

test("v2-authorize-hashalgo-optional: csc.protocol.hash-algo reports the SAD issued without hashAlgorithmOID (v2 §11.6)", { timeout: 120_000 }, async () => {
  const runs = await runOn({ faults: ["v2-authorize-hashalgo-optional"], intrusive: false }, [HASH_ALGO]);
  assertAdvisory(runs, HASH_ALGO, /a SAD was issued without hashAlgorithmOID/, { source: "CSC-API-2.0", clause: /^11\.6 hashAlgorithmOID: REQUIRED Conditional/, strength: "should" });
  assert.equal(runs.get(HASH_ALGO)!.outcome.observations.filter((o) => o.ok === false).length, 1, "the signHash probes are untouched");
});
