/**
 * csc.protocol.*: every check passes against the reference RSSP (default and conformant-variant
 * profiles, v2 and v1), and each of the 15 PROTOCOL_FAULTS, switched on, makes its check report an
 * advisory whose finding names the effect and its CSC basis. Faults are grouped (one fixture per
 * group) where they touch different checks or different probes of one check.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { PROTOCOL_FAULTS, startFixture, type RunningFixture } from "../../fixtures/rssp/index.ts";
import { describeRuns, runChecks, unscopedTarget } from "./helpers/run-family.ts";
import { en } from "../helpers/text.ts";
import { departuresWithoutBasis } from "../../src/check/basis.ts";
import type { CheckRun } from "../../src/collect/run-checks.ts";
import { loadCatalog } from "../../src/catalog/load.ts";
import { loadRegistry } from "../../src/check/registry.ts";
import { buildReport } from "../../src/report/build-report.ts";
import { messageIn } from "../../src/check/types.ts";

/** The report's findings for control PT-14 alone, built from these runs as `assess` would. */
async function pt14Findings(runs: Map<string, CheckRun>) {
  const catalog = loadCatalog();
  const listed = catalog.controls.find((c) => c.id === "PT-14")!;
  // PT-14 also lists csc.signdoc.announced-formats, proven both ways in test/csc/signdoc.test.ts.
  const pt14 = { ...listed, assess: { ...listed.assess, checks: listed.assess.checks.filter((id) => id.startsWith("csc.protocol.")) } };
  const now = new Date().toISOString();
  const report = buildReport({
    catalog,
    registry: await loadRegistry(),
    plan: { level: 2, controls: [pt14], checks: [] },
    runs: [...runs.values()],
    evidenceRefs: new Map(),
    assessment: { id: "protocol-test", kind: "self-check", target: { name: "reference RSSP" }, level: 2, intrusive: false, startedAt: now, finishedAt: now, parameters: {} },
  });
  return { control: report.controls.find((c) => c.id === "PT-14")!, findings: report.findings };
}

/** The protocol checks this file expects (a new one must be added here and proven both ways). */
const CHECKS = [
  "csc.protocol.authorize-inputs",
  "csc.protocol.base64-values",
  "csc.protocol.cert-chain-order",
  "csc.protocol.cert-formats",
  "csc.protocol.credential-info-params",
  "csc.protocol.error-codes",
  "csc.protocol.hash-algo",
  "csc.protocol.info-fields",
  "csc.protocol.lock-wording",
  "csc.protocol.oauth2code-auth-objects",
  "csc.protocol.pss-params",
  "csc.protocol.signalgo-in-key-algo",
  "csc.protocol.unimplemented-method",
];

async function run(options: { faults?: string[]; profile?: string }, v1 = false) {
  const fixture = await startFixture(options);
  try {
    return await runOn(fixture, v1);
  } finally {
    await fixture.stop();
  }
}

async function runOn(fixture: RunningFixture, v1: boolean, ids: string[] = ["csc.protocol"]) {
  // Unscoped: the signHash protocol probes need an RSA credential, and carol's is the fixture's only one.
  const target = unscopedTarget(fixture.assessmentFile);
  if (v1) target.csc!.baseUrl = fixture.baseUrlV1;
  return runChecks(target, ids);
}

async function assertAllPass(runs: Map<string, CheckRun>) {
  assert.deepEqual([...runs.keys()].sort(), CHECKS, "the protocol checks ran");
  // The lock wording shows only after an (intrusive) lock-out: test/csc/protocol-lock-hash-algo.test.ts.
  for (const r of runs.values()) assert.equal(r.outcome.status, r.id === "csc.protocol.lock-wording" ? "not-applicable" : "pass", describeRuns(runs));
  const { control, findings } = await pt14Findings(runs);
  assert.equal(control.status, "pass");
  assert.deepEqual(findings, []);
}

/** PT-14 stays satisfied with the checks as advisories; each is an observation (OB-) finding with its basis. */
async function assertFindings(runs: Map<string, CheckRun>, ids: string[]) {
  const { control, findings } = await pt14Findings(runs);
  assert.equal(control.status, "pass", "an interoperability control is never failed by advisories");
  assert.deepEqual([...control.advisories].sort(), [...ids].sort());
  for (const id of ids) {
    const f = findings.find((x) => x.check === id);
    assert.ok(f, `no finding for ${id}`);
    assert.match(f.id, /^OB-\d+$/);
    assert.equal(f.blocking, false);
    assert.ok(f.basis.length > 0 && f.basis.every((b) => b.source === "CSC-API-2.0" || b.source === "CSC-API-1.0.4"), JSON.stringify(f.basis));
  }
}

/** The check is advisory; one departure matches the effect and carries the given basis. */
function assertReports(runs: Map<string, CheckRun>, id: string, effect: RegExp, basis: { source: string; clause: RegExp }) {
  const r = runs.get(id)!;
  assert.equal(r.outcome.status, "advisory", `${id}\n${describeRuns(runs)}`);
  assert.deepEqual(departuresWithoutBasis(r.outcome), [], `${id}: a departure without basis`);
  const gone = r.outcome.observations.filter((o) => o.ok === false);
  const hit = gone.find((o) => effect.test(en(o.observed)) || effect.test(en(o.expected)));
  assert.ok(hit, `${id}: no departure matches ${effect}: ${JSON.stringify(gone.map((o) => [en(o.expected), en(o.observed)]))}`);
  assert.equal(hit.basis?.source, basis.source, `${id}: ${JSON.stringify(hit.basis)}`);
  assert.match(messageIn(hit.basis!.clause, "en"), basis.clause);
  assert.equal(hit.basis!.strength, "shall");
  assert.match(en(r.outcome.summary), /depart|demand|signs|not answered|describe|out of order/, en(r.outcome.summary));
}

const V2 = "CSC-API-2.0";
const V1 = "CSC-API-1.0.4";

test("against the reference RSSP every csc.protocol.* check passes, on v2 and on v1", { timeout: 240_000 }, async () => {
  const fixture = await startFixture();
  try {
    await assertAllPass(await runOn(fixture, false));
  } finally {
    await fixture.stop();
  }
  // v1 in a fixture of its own: the v2 run spent the current TOTP step of the SCAL 2 signer.
  await assertAllPass(await run({}, true));
});

test("on the conformant-variant profile every csc.protocol.* check passes", { timeout: 240_000 }, async () => {
  await assertAllPass(await run({ profile: "conformant-variant" }));
});

test("credentials/info faults: cert dates, DNs, flags, certificates parameter, oauth2code objects, v2 info", { timeout: 240_000 }, async () => {
  const faults = ["cert-dates-iso8601", "cert-dn-not-rfc4514", "credinfo-flags-ignored", "certificates-param-unchecked", "oauth2code-auth-objects", "v2-info-incomplete", "v2-info-both-oauth2"];
  const runs = await run({ faults });
  assertReports(runs, "csc.protocol.cert-formats", /not GeneralizedTime: \d{4}-\d\d-\d\dT/, { source: V2, clause: /^11\.5 cert\/valid(From|To)/ });
  assertReports(runs, "csc.protocol.cert-formats", /not RFC 4514 .*: CN=.*, O=/, { source: V2, clause: /^11\.5 cert\/(subject|issuer)DN/ });
  assertReports(runs, "csc.protocol.credential-info-params", /returned: cert\/subjectDN/, { source: V2, clause: /certInfo: default false/ });
  assertReports(runs, "csc.protocol.credential-info-params", /returned: auth\/objects/, { source: V2, clause: /authInfo: default false/ });
  assertReports(runs, "csc.protocol.credential-info-params", /HTTP 200 \(accepted\)/, { source: V2, clause: /Invalid certificates parameter/ });
  assertReports(runs, "csc.protocol.oauth2code-auth-objects", /describes auth\/objects/, { source: V2, clause: /auth\/objects only if auth\/mode is explicit/ });
  assertReports(runs, "csc.protocol.info-fields", /missing signAlgorithms/, { source: V2, clause: /^11\.1$/ });
  assertReports(runs, "csc.protocol.info-fields", /oauth2 and oauth2Issuer/, { source: V2, clause: /^11\.1$/ });
  await assertFindings(runs, ["csc.protocol.cert-formats", "csc.protocol.credential-info-params", "csc.protocol.oauth2code-auth-objects", "csc.protocol.info-fields"]);
  // The other protocol checks are untouched by these faults.
  for (const id of ["csc.protocol.cert-chain-order", "csc.protocol.error-codes", "csc.protocol.hash-algo", "csc.protocol.pss-params"]) assert.equal(runs.get(id)!.outcome.status, "pass", `${id}\n${describeRuns(runs)}`);
});

test("signHash and error faults: PSS parameters, hash algorithm, signAlgo, error codes, login status, 501", { timeout: 240_000 }, async () => {
  const faults = ["pss-params-ignored", "hashalgo-defaulted", "signalgo-hash-overridden", "signalgo-outside-key-algo", "v1-error-codes-on-v2", "login-error-401", "unknown-method-404"];
  const runs = await run({ faults });
  assertReports(runs, "csc.protocol.pss-params", /signAlgoParams ignored: the signature has salt length 32/, { source: V2, clause: /^11\.10 signAlgoParams/ });
  assertReports(runs, "csc.protocol.pss-params", /signed without parameters/, { source: V2, clause: /^11\.10 signAlgoParams/ });
  assertReports(runs, "csc.protocol.hash-algo", /signed without hashAlgorithmOID/, { source: V2, clause: /^11\.10 hashAlgorithmOID: REQUIRED/ });
  assertReports(runs, "csc.protocol.hash-algo", /hashAlgorithmOID honoured/, { source: V2, clause: /^11\.10 .*omitted or ignored/ });
  assertReports(runs, "csc.protocol.signalgo-in-key-algo", /signed with sha384WithRSAEncryption/, { source: V2, clause: /^11\.10 signAlgo/ });
  assertReports(runs, "csc.protocol.error-codes", /a v1 error name on v2: HTTP 400 invalid_pin/, { source: V2, clause: /^11\.6 Invalid authentication data/ });
  assertReports(runs, "csc.protocol.error-codes", /HTTP 401 invalid_grant/, { source: V2, clause: /^11\.2 Authentication error/ });
  assertReports(runs, "csc.protocol.unimplemented-method", /HTTP 404/, { source: V2, clause: /^10\.1 Table 2/ });
  await assertFindings(runs, ["csc.protocol.pss-params", "csc.protocol.hash-algo", "csc.protocol.signalgo-in-key-algo", "csc.protocol.error-codes", "csc.protocol.unimplemented-method"]);
});

test("v1-authorize-demands-hashalgo makes csc.protocol.authorize-inputs advisory on /csc/v1, with the v1 §11.6 basis", { timeout: 240_000 }, async () => {
  const fixture = await startFixture({ faults: ["v1-authorize-demands-hashalgo"] });
  try {
    const runs = await runOn(fixture, true, ["csc.protocol.authorize-inputs"]);
    assertReports(runs, "csc.protocol.authorize-inputs", /demands hashAlgo, which this version does not define/, { source: V1, clause: /^11\.6 input parameters: hash, PIN, OTP/ });
  } finally {
    await fixture.stop();
  }
});

test("every protocol fault is proven by one of the tests above", () => {
  const proven = new Set([
    ...["cert-dates-iso8601", "cert-dn-not-rfc4514", "credinfo-flags-ignored", "certificates-param-unchecked", "oauth2code-auth-objects", "v2-info-incomplete", "v2-info-both-oauth2"],
    ...["pss-params-ignored", "hashalgo-defaulted", "signalgo-hash-overridden", "signalgo-outside-key-algo", "v1-error-codes-on-v2", "login-error-401", "unknown-method-404"],
    "v1-authorize-demands-hashalgo",
    // Proven in test/csc/protocol-lock-hash-algo.test.ts (the first needs an intrusive lock-out).
    "lock-wording-nonstandard",
    "v2-authorize-hashalgo-optional",
  ]);
  assert.deepEqual([...PROTOCOL_FAULTS].sort(), [...proven].sort());
});
