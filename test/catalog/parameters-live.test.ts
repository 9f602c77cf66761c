/**
 * Issue 16 (b): every catalog parameter is live. `catalog validate` rejects a parameter no check
 * or evidence rule declares it reads; every declared read is real (the name appears where the
 * code reads ctx/rule parameters); and each parameter changes a result — here for the ones read
 * by pure rules and the CSC probes, elsewhere (named below) for the HSM and log ones.
 */
import { tempDir } from "../helpers/temp.ts";
import { en } from "../helpers/text.ts";
import { test } from "node:test";
import assert from "node:assert/strict";
import { cpSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli, REPO_ROOT } from "../helpers/cli.ts";
import { loadCatalog, resolveParameters } from "../../src/catalog/load.ts";
import { loadRegistry } from "../../src/check/registry.ts";
import { parameterProblems } from "../../src/catalog/validate.ts";
import { RULES, RULE_PARAMETERS, type RuleContext } from "../../src/evidence/rules.ts";
import { startFixture } from "../../fixtures/rssp/index.ts";
import { fixtureTarget, runChecks, describeRuns } from "../csc/helpers/run-family.ts";

function copyCatalog(): string {
  const dir = tempDir("rssp-catalog");
  cpSync(join(REPO_ROOT, "controls"), dir, { recursive: true });
  return dir;
}

test("catalog validate fails on a parameter nothing reads, naming it", async () => {
  const dir = copyCatalog();
  const meta = join(dir, "catalog.yaml");
  writeFileSync(meta, readFileSync(meta, "utf8") + "  inert.knob:\n    default: 3\n    description: read by nothing\n");
  const r = await runCli(["catalog", "validate", dir]);
  assert.equal(r.code, 2, r.stdout);
  assert.match(r.stderr, /parameter inert\.knob is read by no check or evidence rule/);
});

test("a control listing a parameter none of its checks reads is rejected", async () => {
  const catalog = loadCatalog();
  const registry = await loadRegistry();
  assert.deepEqual(parameterProblems(catalog, registry), []);
  const sc = catalog.controls.find((c) => c.id === "SC-L2-05")!;
  const broken = { ...catalog, controls: catalog.controls.map((c) => (c.id === sc.id ? { ...c, parameters: [...c.parameters, "retention.years"] } : c)) };
  const problems = parameterProblems(broken, registry);
  assert.equal(problems.length, 1);
  assert.match(problems[0]!.message, /SC-L2-05: lists parameter retention\.years, but none of its checks reads it/);
});

test("the removed parameters are gone, and every declared read is a real read in the code", async () => {
  const catalog = loadCatalog();
  for (const gone of ["l2.requireHashBinding", "registration.keyCreationModel"]) assert.ok(!(gone in catalog.parameters), gone);
  const registry = await loadRegistry();
  const files: string[] = [];
  const walk = (d: string) => {
    for (const n of readdirSync(d)) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else if (n.endsWith(".ts")) files.push(p);
    }
  };
  walk(join(REPO_ROOT, "checks"));
  walk(join(REPO_ROOT, "src"));
  const code = files.filter((f) => !f.includes(`${join("src", "catalog")}`)).map((f) => readFileSync(f, "utf8")).join("\n");
  const declared = new Set(registry.checks.flatMap((c) => c.parameters ?? []));
  for (const name of Object.keys(catalog.parameters)) {
    assert.ok(declared.has(name), `${name} declared by a check`);
    const read = code.includes(`parameters["${name}"]`) || code.includes(`num(c, "${name}"`) || code.includes(`list(c, "${name}"`);
    assert.ok(read, `${name} is read somewhere in checks/ or src/`);
  }
  for (const [kind, names] of Object.entries(RULE_PARAMETERS)) assert.ok(kind in RULES && names.length > 0, kind);
});

/** A rule's verdict: whether every finding holds. */
function holds(kind: string, doc: Record<string, unknown>, parameters: Record<string, unknown>, others: RuleContext["others"] = {}): boolean {
  const defaults = resolveParameters(loadCatalog());
  return RULES[kind]!(doc, { parameters: { ...defaults, ...parameters }, today: "2026-06-01", level: 2, others }).every((f) => f.ok);
}

test("each parameter read by an evidence rule changes that rule's result", () => {
  const retention = { retentionYears: 8, from: "certificate-invalidity" };
  assert.equal(holds("record-retention", retention, {}), false, "8 years < retention.years 10");
  assert.equal(holds("record-retention", retention, { "retention.years": 7, "retention.from": "certificate-invalidity" }), true);
  assert.equal(holds("record-retention", retention, { "retention.years": 7 }), false, "retention.from certificate-expiry differs");

  const policy = { url: "https://x.example/policy", retentionYears: 10, algorithms: [{ name: "RSA", keyBits: 2048 }, { name: "ECDSA", curve: "P-256" }] };
  assert.equal(holds("service-policy", policy, {}), true);
  assert.equal(holds("service-policy", policy, { "crypto.minRsaBits": 3072 }), false);
  assert.equal(holds("service-policy", policy, { "crypto.minEcBits": 384 }), false);
  assert.equal(holds("service-policy", policy, { "retention.years": 11 }), false);

  const risk = { reviewed: "2025-10-01", coversImpartiality: true };
  assert.equal(holds("risk-assessment", risk, {}), true);
  assert.equal(holds("risk-assessment", risk, { "risk.reviewMonths": 6 }), false);

  const staff = { staff: [{ person: "a", vetted: true, trainedOn: "2025-10-01" }] };
  assert.equal(holds("personnel-competence", staff, {}), true);
  assert.equal(holds("personnel-competence", staff, { "evidence.maxAgeMonths": 6 }), false);

  const hsmCert = { scheme: "FIPS 140-2", level: "Level 3", certificateId: "1", validUntil: "2030-01-01", model: "m", firmware: "f" };
  assert.equal(holds("hsm-certification", hsmCert, {}), true);
  assert.equal(holds("hsm-certification", hsmCert, { "hsm.acceptedCertifications": ["Common Criteria EAL4+ EN 419 221-5"] }), false);

  const sam = { scheme: "Common Criteria EAL4+ (AVA_VAN.5) EN 419 241-2", certificateId: "2", validUntil: "2030-01-01" };
  assert.equal(holds("sam-certification", sam, {}), true);
  assert.equal(holds("sam-certification", sam, { "l3.acceptedSamCertifications": ["JT2A リモート署名ガイドライン パートⅡ 適合認証"] }), false);

  const ceremony = { participants: ["a", "b"], keysGeneratedIn: "hsm", imported: true };
  assert.equal(holds("key-ceremony", ceremony, {}), true, "the guideline allows import from trustworthy CAs (km.allowImport default true)");
  assert.equal(holds("key-ceremony", ceremony, { "km.allowImport": false }), false);
});

test("admin multi-factor is a SHOULD: the privileged-access rule reports it with a should basis (an observation, not a nonconformity)", () => {
  const defaults = resolveParameters(loadCatalog());
  const findings = RULES["privileged-access"]!({ mfa: false, canSignWithoutSigner: false, reviewed: "2026-05-01" }, { parameters: defaults, today: "2026-06-01", level: 1, others: {} });
  const mfa = findings.find((f) => f.pointer === "/mfa")!;
  assert.equal(mfa.ok, false);
  assert.equal(mfa.basis?.strength, "should");
  assert.ok(findings.filter((f) => f.pointer !== "/mfa").every((f) => f.ok && !f.basis));
});

test("CSC parameters change the probes' results on the reference RSSP (sad.maxUses, sad.ttlSeconds, sad.maxBatch, cert.requiredPolicies, ua.lockoutThreshold)", { timeout: 120_000 }, async () => {
  const fixture = await startFixture({});
  try {
    // Unscoped: the probes use carol's single-factor credential, so that no TOTP step is spent
    // and the runs do not wait for fresh codes.
    const target = { ...fixtureTarget(fixture.assessmentFile), excludedCredentials: undefined };
    // The reference RSSP follows CSC: a SAD for 2 signatures signs in two calls. Part II 附録1 says
    // べき (SHOULD): advisory by default, a nonconformity once the assessment sets sad.maxUses.
    const byDefault = await runChecks(target, ["csc.sad.max-uses"]);
    const d = byDefault.get("csc.sad.max-uses")!;
    assert.equal(d.outcome.status, "advisory", describeRuns(byDefault));
    const dep = d.outcome.observations.find((o) => o.ok === false)!;
    assert.match(en(dep.observed), /the SAD signed again in call 2/);
    assert.deepEqual(dep.basis, { source: "JT2A-RSG-2", clause: "パートⅡ 附録1", strength: "should" });
    const set = await runChecks(target, ["csc.sad.max-uses"], { parameters: { "sad.maxUses": 1 } });
    assert.equal(set.get("csc.sad.max-uses")!.outcome.status, "fail", describeRuns(set));
    const two = await runChecks(target, ["csc.sad.max-uses"], { parameters: { "sad.maxUses": 2 } });
    assert.equal(two.get("csc.sad.max-uses")!.outcome.status, "fail", "a third call is accepted (multisign 5), and the assessment set the limit");
    assert.ok(two.get("csc.sad.max-uses")!.outcome.observations.some((o) => o.ok === false && /call 3/.test(en(o.observed))));
    const five = await runChecks(target, ["csc.sad.max-uses"], { parameters: { "sad.maxUses": 5 } });
    assert.equal(five.get("csc.sad.max-uses")!.outcome.status, "pass", "multisign 5 bounds a SAD to 5 calls");

    const bounds = await runChecks(target, ["csc.authorize.num-signatures-bounds"], { parameters: { "sad.maxBatch": 3 } });
    assert.equal(bounds.get("csc.authorize.num-signatures-bounds")!.outcome.status, "fail", describeRuns(bounds));
    assert.ok(bounds.get("csc.authorize.num-signatures-bounds")!.outcome.observations.some((o) => o.ok === false && /multisign 5/.test(en(o.observed))));

    // The fixture's SADs live 5 s: within the default sad.ttlSeconds (300), beyond a 3 s limit.
    const ttl = await runChecks(target, ["csc.sad.expiry"]);
    assert.equal(ttl.get("csc.sad.expiry")!.outcome.status, "pass", describeRuns(ttl));
    const short = await runChecks(target, ["csc.sad.expiry"], { parameters: { "sad.ttlSeconds": 3 } });
    assert.equal(short.get("csc.sad.expiry")!.outcome.status, "fail", describeRuns(short));
    assert.ok(short.get("csc.sad.expiry")!.outcome.observations.some((o) => o.ok === false && /expiresIn 5 s/.test(en(o.observed))));

    // cert.requiredPolicies: none named records the policies; the fixture's own policy passes; another fails.
    const recorded = await runChecks(target, ["cert.policies"]);
    const rec = recorded.get("cert.policies")!.outcome;
    assert.equal(rec.status, "pass", describeRuns(recorded));
    const policy = /policies ([0-9.]+)/.exec(en(rec.observations[0]!.observed))?.[1];
    assert.ok(policy, `the fixture's certificates name a policy: ${en(rec.observations[0]!.observed)}`);
    const named = await runChecks(target, ["cert.policies"], { parameters: { "cert.requiredPolicies": [policy] } });
    assert.equal(named.get("cert.policies")!.outcome.status, "pass", describeRuns(named));
    const other = await runChecks(target, ["cert.policies"], { parameters: { "cert.requiredPolicies": ["1.2.392.200091.9.9.9"] } });
    assert.equal(other.get("cert.policies")!.outcome.status, "fail", describeRuns(other));

    // ua.lockoutThreshold (intrusive): the fixture locks after 5 wrong PINs — not within 3, within 10.
    const three = await runChecks(target, ["csc.authorize.lockout"], { intrusive: true, parameters: { "ua.lockoutThreshold": 3 } });
    assert.equal(three.get("csc.authorize.lockout")!.outcome.status, "fail", describeRuns(three));
    const ten = await runChecks(target, ["csc.authorize.lockout"], { intrusive: true });
    assert.equal(ten.get("csc.authorize.lockout")!.outcome.status, "pass", describeRuns(ten));
  } finally {
    await fixture.stop();
  }
});

// Covered elsewhere: hsm.requireAlwaysAuthenticate and crypto.minEcBits (test/hsm/checks.test.ts),
// log.unprotectedTail.maxRecords (test/log/checks.test.ts), activation.minFactors
// (test/engine/activation-scope.test.ts), km.allowImport on hsm.key.local (test/hsm/checks.test.ts).

/**
 * Every catalog parameter, and the test that runs its reader with two values and sees the result
 * change. The table is checked against the catalog (a new parameter needs a row) and against the
 * named test file (the parameter is set there to a value other than its default).
 */
const PROVEN: Record<string, { file: string; shows: string }> = {
  "retention.years": { file: "test/catalog/parameters-live.test.ts", shows: "record-retention and service-policy hold or not with 7, 10, 11 years" },
  "retention.from": { file: "test/catalog/parameters-live.test.ts", shows: "certificate-invalidity vs certificate-expiry decides record-retention" },
  "activation.minFactors": { file: "test/engine/activation-scope.test.ts", shows: "level 2 as 2 factors fails carol's PIN-only credential; as 1 passes it" },
  "sad.maxUses": { file: "test/catalog/parameters-live.test.ts", shows: "unset advisory, 1 and 2 fail, 5 passes" },
  "sad.ttlSeconds": { file: "test/catalog/parameters-live.test.ts", shows: "300 passes a 5 s SAD, 3 fails it" },
  "sad.maxBatch": { file: "test/catalog/parameters-live.test.ts", shows: "3 fails multisign 5" },
  "hsm.acceptedCertifications": { file: "test/catalog/parameters-live.test.ts", shows: "the default accepts FIPS 140-2 Level 3, an EN 419 221-5 list does not" },
  "l3.acceptedSamCertifications": { file: "test/catalog/parameters-live.test.ts", shows: "the default accepts EN 419 241-2, another list does not" },
  "hsm.requireAlwaysAuthenticate": { file: "test/hsm/checks.test.ts", shows: "CKA_ALWAYS_AUTHENTICATE required or not on the SoftHSM2 keys" },
  "hsm.mechanismPolicy": { file: "test/hsm/checks.test.ts", shows: "weak mechanisms advisory unset, a failure once the provider claims a mechanism policy" },
  "cert.requiredPolicies": { file: "test/catalog/parameters-live.test.ts", shows: "none named passes, the fixture's policy passes, another fails" },
  "tls.minVersion": { file: "test/tls/tls-checks.test.ts", shows: "a TLS 1.1 server fails the default floor (TLS 1.2), passes TLSv1.1" },
  "hsm.rng.alpha": { file: "test/catalog/parameters-hsm.test.ts", shows: "the same sample passes or fails by alpha" },
  "hsm.rng.bits": { file: "test/catalog/parameters-hsm.test.ts", shows: "the sample drawn grows with it" },
  "km.allowImport": { file: "test/catalog/parameters-live.test.ts", shows: "key-ceremony with an imported key holds under true, not under false (and hsm.key.local in test/catalog/parameters-hsm.test.ts)" },
  "ua.lockoutThreshold": { file: "test/catalog/parameters-live.test.ts", shows: "lock-out after 5: fails 3, passes 10" },
  "crypto.minRsaBits": { file: "test/catalog/parameters-live.test.ts", shows: "service-policy with RSA 2048 fails 3072" },
  "crypto.minEcBits": { file: "test/catalog/parameters-live.test.ts", shows: "service-policy with P-256 fails 384" },
  "risk.reviewMonths": { file: "test/catalog/parameters-live.test.ts", shows: "a review 14 months old fails 6" },
  "evidence.maxAgeMonths": { file: "test/catalog/parameters-live.test.ts", shows: "training dated 2025-10 fails 6 months" },
  "log.unprotectedTail.maxRecords": { file: "test/log/checks.test.ts", shows: "the same tail passes or fails log.chain.intact by the limit" },
  "par.requestUriMaxSeconds": { file: "test/oauth/par-parameter.test.ts", shows: "10-second request_uris pass under 600, fail under 5" },
  "log.seal.maxDelaySeconds": { file: "test/log/checks-layouts.test.ts", shows: "a late seal passes or fails log.chain.intact by the threshold" },
  "log.rotation.maxGapSeconds": { file: "test/log/checks-layouts.test.ts", shows: "the silence between two rotated files passes or fails log.chain.intact by the threshold" },
};

test("every catalog parameter has a test that changes a result with two values (the table covers the catalog)", () => {
  const params = Object.keys(loadCatalog().parameters).sort();
  assert.deepEqual(Object.keys(PROVEN).filter((p) => !params.includes(p)), [], "rows for parameters the catalog no longer has");
  assert.deepEqual(params.filter((p) => !(p in PROVEN)), [], "parameters without a proving test");
  for (const [name, row] of Object.entries(PROVEN)) {
    const text = readFileSync(join(REPO_ROOT, row.file), "utf8");
    assert.ok(text.includes(`"${name}"`) || text.includes(`${name}`), `${row.file} sets ${name} (${row.shows})`);
  }
});
