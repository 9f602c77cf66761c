/**
 * Every check of the csc (not protocol.*), oauth, cert, tls and hsm families is proven to fail
 * somewhere (brief: "every check is proven both ways"). This table names, per check, the test
 * file that makes it fail; NO_NG_TEST lists those that still lack one, so that a new gap, or a
 * gap closed without updating the list, fails here. Cheap: reads files only.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, existsSync } from "node:fs";
import { loadRegistry } from "../src/check/registry.ts";

export const NG_TESTS: Record<string, string> = {
  "cert.chain": "test/cert/faults.test.ts",
  "cert.key-matches-credential": "test/csc/faults-auth.test.ts",
  "cert.key-usage": "test/cert/faults.test.ts",
  "cert.policies": "test/cert/evidence-bound.test.ts",
  "cert.retention-horizon": "test/cert/evidence-bound.test.ts",
  "cert.subject-matches-signer": "test/cert/faults.test.ts",
  "cert.unique-keys": "test/cert/faults.test.ts",
  "cert.validity": "test/cert/faults.test.ts",
  "csc.algo.key-size": "test/cert/faults.test.ts",
  "csc.algo.signalgo-matches-key": "test/csc/fault-matrix.test.ts",
  "csc.algo.weak-hash-refused": "test/csc/fault-matrix.test.ts",
  "csc.auth.bearer-required": "test/csc/fault-matrix.test.ts",
  "csc.auth.revoked-token": "test/csc/fault-matrix.test.ts",
  "csc.auth.userid-refused": "test/csc/fault-matrix.test.ts",
  "csc.authorize.level-factors": "test/engine/activation-scope.test.ts",
  "csc.authorize.lockout": "test/csc/fault-matrix.test.ts",
  "csc.authorize.num-signatures-bounds": "test/csc/fault-matrix.test.ts",
  "csc.authorize.otp-replay": "test/csc/fault-matrix.test.ts",
  "csc.authorize.otp-required": "test/csc/fault-matrix.test.ts",
  "csc.authorize.wrong-pin": "test/csc/fault-matrix.test.ts",
  "csc.info.no-existence-oracle": "test/csc/faults-disclosure.test.ts",
  "csc.list.isolation": "test/csc/faults-disclosure.test.ts",
  "csc.response.no-secrets": "test/csc/faults-disclosure.test.ts",
  "csc.sad.cross-credential": "test/csc/faults-sad.test.ts",
  "csc.sad.cross-user": "test/csc/fault-matrix.test.ts",
  "csc.sad.digest-length": "test/csc/fault-matrix.test.ts",
  "csc.sad.expiry": "test/csc/faults-sad.test.ts",
  "csc.sad.extend-expired": "test/csc/faults-sad.test.ts",
  "csc.sad.hash-binding": "test/csc/fault-matrix.test.ts",
  "csc.sad.max-uses": "test/catalog/parameters-live.test.ts",
  "csc.sad.num-signatures": "test/csc/faults-sad.test.ts",
  "csc.sad.required": "test/csc/faults-sad.test.ts",
  "csc.sad.single-use": "test/csc/faults-sad.test.ts",
  "csc.signature.verifies": "test/csc/fault-matrix.test.ts",
  "hsm.key.always-authenticate": "test/hsm/checks.test.ts",
  "hsm.key.export-refused": "test/hsm/checks.test.ts",
  "hsm.key.local": "test/hsm/checks.test.ts",
  "hsm.key.matches-certificate": "test/hsm/checks.test.ts",
  "hsm.key.non-exportable": "test/hsm/checks.test.ts",
  "hsm.key.private": "test/hsm/checks.test.ts",
  "hsm.key.sign-only": "test/hsm/checks.test.ts",
  "hsm.key.strength": "test/hsm/checks.test.ts",
  "hsm.mechanisms.weak": "test/hsm/checks.test.ts",
  "hsm.rng.quality": "test/catalog/parameters-hsm.test.ts",
  "hsm.token.info": "test/hsm/checks.test.ts",
  "hsm.wrapping-keys.protected": "test/hsm/checks.test.ts",
  "oauth.account-token-replay": "test/oauth/oauth-checks.test.ts",
  "oauth.consent-shows-digests": "test/oauth/oauth-checks.test.ts",
  "oauth.implicit-refused": "test/oauth/oauth-checks.test.ts",
  "oauth.pkce-required": "test/oauth/oauth-checks.test.ts",
  "oauth.redirect-uri-exact": "test/oauth/oauth-checks.test.ts",
  "oauth.refresh-service-only": "test/oauth/oauth-checks.test.ts",
  "oauth.state-echoed": "test/oauth/oauth-checks.test.ts",
  "oauth.token-client-auth": "test/oauth/oauth-checks.test.ts",
  "oauth.token.cross-credential": "test/oauth/oauth-checks.test.ts",
  "oauth.token.cross-user": "test/oauth/oauth-checks.test.ts",
  "oauth.token.expiry": "test/oauth/oauth-checks.test.ts",
  "oauth.token.hash-binding": "test/oauth/oauth-checks.test.ts",
  "oauth.token.single-use": "test/oauth/oauth-checks.test.ts",
  "tls.certificate": "test/tls/tls-checks.test.ts",
  "tls.ciphers": "test/tls/tls-checks.test.ts",
  "tls.protocol": "test/tls/tls-checks.test.ts",
  "csc.signdoc.ades-valid": "test/csc/signdoc.test.ts",
  "csc.signdoc.announced-formats": "test/csc/signdoc.test.ts",
  "csc.signdoc.digest-binding": "test/csc/signdoc.test.ts",
  "oauth.authorization-details.bound": "test/oauth/par.test.ts",
  "oauth.par.request-uri-expiry": "test/oauth/par.test.ts",
  "oauth.par.request-uri-single-use": "test/oauth/par.test.ts",
  "oauth.par.required": "test/oauth/par.test.ts",
  "tls.reachable": "test/engine/assess.test.ts",
  "csc.info": "test/csc/faults-info-transport.test.ts",
  "csc.info.no-implicit-grant": "test/csc/faults-info-transport.test.ts",
  "csc.sad.hash-count": "test/csc/faults-info-transport.test.ts",
  "csc.transport.https-only": "test/csc/faults-info-transport.test.ts",
};

/**
 * Faults that break one door of a check only (signDoc beside signHash, issue 19): the check's ng
 * test above proves its signHash observation; these prove its signDoc observation, each in the
 * named file (which must switch the fault on and assert the check's failure).
 */
export const ROUTE_NG_TESTS: Record<string, { check: string; file: string }> = {
  "signdoc-sad-reusable": { check: "csc.sad.single-use", file: "test/csc/signdoc-routes.test.ts" },
  "signdoc-sad-never-expires": { check: "csc.sad.expiry", file: "test/csc/signdoc-routes.test.ts" },
  "signdoc-sad-cross-credential": { check: "csc.sad.cross-credential", file: "test/csc/signdoc-routes.test.ts" },
  "signdoc-sad-cross-user": { check: "csc.sad.cross-user", file: "test/csc/signdoc-routes.test.ts" },
};

/** Checks with no test that shows them failing yet (see the report of issue 14). */
export const NO_NG_TEST: string[] = [];

/**
 * Whether `text` asserts a fail (or advisory) status for `id` itself, not merely names it beside
 * some other failure: assertFailsWith(…, "id", …), a "id": /effect/ table row (fault matrices), a
 * `check: "id"` case, or a status assertion of "fail"/"advisory" within a few lines after a line
 * naming the id (or the constant that holds it).
 */
export function assertsFailureOf(text: string, id: string): boolean {
  const q = id.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  if ([new RegExp(`assertFailsWith\\([^,]+,\\s*"${q}"`), new RegExp(`"${q}":\\s*/`), new RegExp(`check:\\s*"${q}"`)].some((r) => r.test(text))) return true;
  const names = [id, ...[...text.matchAll(new RegExp(`const (\\w+) = "${q}"`, "g"))].map((m) => m[1]!)];
  const lines = text.split("\n");
  const status = /(status|verdicts\[[^\]]+\]|\.get\([^)]*\)), "(fail|advisory)"/;
  return lines.some((line, i) => names.some((n) => (n === id ? line.includes(id) : new RegExp(`\\b${n}\\b`).test(line))) && lines.slice(i, i + 10).some((l) => status.test(l)));
}

test("every csc/oauth/cert/tls/hsm check has a test that makes it fail, or is listed as lacking one", async () => {
  const ids = (await loadRegistry()).checks.map((c) => c.id).filter((id) => /^(csc|oauth|cert|tls|hsm)\./.test(id) && !id.startsWith("csc.protocol."));
  assert.ok(ids.length >= 60, `${ids.length} checks`);
  for (const id of ids) {
    const file = NG_TESTS[id];
    if (!file) {
      assert.ok(NO_NG_TEST.includes(id), `${id}: no ng test named and not listed in NO_NG_TEST`);
      continue;
    }
    assert.ok(!NO_NG_TEST.includes(id), `${id} is both covered and listed as lacking`);
    assert.ok(existsSync(new URL(`../${file}`, import.meta.url)), `${id}: ${file} does not exist`);
    const text = readFileSync(new URL(`../${file}`, import.meta.url), "utf8");
    assert.ok(assertsFailureOf(text, id), `${id}: ${file} does not assert a fail/advisory status for it`);
  }
  for (const id of [...Object.keys(NG_TESTS), ...NO_NG_TEST]) assert.ok(ids.includes(id), `${id} is not a check of these families`);
});

test("each signDoc-route fault has a test that switches it on and names the check it fails", async () => {
  const { FAULTS } = await import("../fixtures/rssp/faults.ts");
  const routeFaults = FAULTS.filter((f) => /^signdoc-sad-/.test(f));
  assert.deepEqual(Object.keys(ROUTE_NG_TESTS).sort(), [...routeFaults].sort(), "ROUTE_NG_TESTS lists every signdoc-sad-* fault");
  for (const [fault, { check, file }] of Object.entries(ROUTE_NG_TESTS)) {
    const text = readFileSync(new URL(`../${file}`, import.meta.url), "utf8");
    const row = text.split("\n").find((l) => l.includes(`"${fault}"`) && l.includes(`check: "${check}"`));
    assert.ok(row, `${file}: no case switching ${fault} on for ${check}`);
    assert.ok(/assertFailsWith\(runs, c\.check/.test(text), `${file} does not assert the cases' failures`);
  }
});

test("assertsFailureOf: a test that only names a check beside another check's failure does not count", () => {
  const text = 'const runs = await runAgainstFault("f", ["csc.a", "csc.b"]);\nassertFailsWith(runs, "csc.b", /x/);\n';
  assert.equal(assertsFailureOf(text, "csc.b"), true);
  assert.equal(assertsFailureOf(text, "csc.a"), false);
  assert.equal(assertsFailureOf('const ID = "csc.c";\nconst ng = runs.get(ID)!;\nassert.equal(ng.outcome.status, "advisory");\n', "csc.c"), true);
  assert.equal(assertsFailureOf('const ng = runs.get("csc.d")!;\nassert.equal(ng.outcome.status, "pass");\n', "csc.d"), false);
});
