/**
 * CSC 2.2 authorization against the reference RSSP's csc-2.2-par profile (real HTTPS, real
 * chromium): info announces specs 2.2.0.0, the authorization server takes pushed authorization
 * requests only (RFC 9126) with authorization_details of type credential (RFC 9396). Every oauth
 * check passes there, the PAR and authorization_details checks included; each PAR fault fails (or,
 * on a SHOULD, is advisory in) the check that targets it; the OAuth faults of the classical flow
 * are still caught when every request is pushed; on the default profile the new checks are
 * not-applicable with their catalog reason.
 */
import { en } from "../helpers/text.ts";
import { test } from "node:test";
import assert from "node:assert/strict";
import { appendFileSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { startFixture } from "../../fixtures/rssp/index.ts";
import { runAssessment } from "../../src/engine/assess.ts";
import type { Report } from "../../src/report/types.ts";
import { tempDir } from "../helpers/temp.ts";

const PROFILE = "csc-2.2-par";
const NEW_CHECKS = ["oauth.par.request-uri-single-use", "oauth.par.request-uri-expiry", "oauth.par.required", "oauth.authorization-details.bound"];

async function assess(faults: string[], profile: string | null = PROFILE): Promise<{ report: Report; out: string }> {
  const fixture = await startFixture({ faults, otpWindowSteps: 2, ...(profile ? { profile } : {}) });
  const out = tempDir("rssp-par");
  try {
    appendFileSync(fixture.assessmentFile, 'checks:\n  only: ["oauth.*", "csc.info"]\n');
    // Level 3: the hash-binding checks belong to SC-L2-03, a level 3 control in the default reading.
    const { report } = await runAssessment({ configFile: fixture.assessmentFile, outDir: out, level: 3 });
    return { report, out };
  } finally {
    await fixture.stop();
  }
}

const oauthStatus = (r: Report) => Object.fromEntries(r.checks.filter((c) => c.id.startsWith("oauth.")).map((c) => [c.id, c.status]));
const check = (r: Report, id: string) => r.checks.find((c) => c.id === id)!;

test(`${PROFILE}: info speaks CSC 2.2.0.0 with v2 names, and every oauth check passes, PAR and authorization_details included`, { timeout: 240_000 }, async () => {
  const { report, out } = await assess([]);
  const info = check(report, "csc.info");
  assert.equal(info.status, "pass", en(info.summary));
  assert.match(en(info.summary), /CSC 2\.2\.0\.0 \(v2 field names\)/);
  const s = oauthStatus(report);
  assert.equal(Object.keys(s).length, 17);
  assert.deepEqual(Object.entries(s).filter(([, v]) => v !== "pass"), [], JSON.stringify(report.checks.filter((c) => c.status !== "pass").map((c) => [c.id, en(c.summary)])));
  assert.match(en(check(report, "oauth.par.request-uri-expiry").summary), /request_uris live 10 s and are rejected after/);
  // The transcript shows the requests went to the PAR endpoint and authorization_details to the token endpoint.
  const ref = check(report, "oauth.authorization-details.bound").evidence.find((e) => e.file.endsWith("transcript.json"))!;
  const transcript = readFileSync(join(out, ref.file), "utf8");
  assert.match(transcript, /oauth2\/pushed_authorize/);
  assert.match(transcript, /"authorization_details":\s*"\[\{\\"type\\":\\"credential\\"/);
  assert.doesNotMatch(transcript, /[?&]hashes=/, "credential hashes travel in authorization_details, not as the hashes parameter");
});

/** Each PAR fault, the check that targets it, and the status the text supports (advisory: a SHOULD or no BCP 14 keyword). */
const TARGETS: Record<string, { check: string; status: "fail" | "advisory" }> = {
  "par-request-uri-reusable": { check: "oauth.par.request-uri-single-use", status: "advisory" },
  "par-request-uri-long-lived": { check: "oauth.par.request-uri-expiry", status: "fail" },
  "par-not-required": { check: "oauth.par.required", status: "advisory" },
  "authorization-details-not-bound": { check: "oauth.authorization-details.bound", status: "fail" },
};

test(`${PROFILE}: each PAR fault fails (or is advisory in) its check, with a basis, and only there`, { timeout: 240_000 }, async () => {
  const faults = Object.keys(TARGETS);
  const { report } = await assess(faults);
  for (const fault of faults) {
    const t = TARGETS[fault]!;
    const c = check(report, t.check);
    assert.equal(c.status, t.status, `${fault} → ${c.id}: ${en(c.summary)}`);
    const gone = c.observations.filter((o) => o.ok === false);
    assert.ok(gone.length > 0 && gone.every((o) => o.basis !== undefined && en(o.observed).length > 0), `${c.id} says what it observed and on which text`);
  }
  assert.match(en(check(report, "oauth.par.request-uri-expiry").summary), /the request_uri lifetime is not kept/);
  assert.equal(check(report, "oauth.authorization-details.bound").observations.find((o) => o.ok === false)?.basis?.source, "CSC-API-2.0");
  // A token that ignores its documentDigests also fails the hash-binding check, and the unauthorised
  // signature it made consumed one of its two signatures, so single use cannot be concluded; the
  // other checks are untouched.
  const side = ["oauth.token.hash-binding", "oauth.token.single-use"];
  const others = Object.entries(oauthStatus(report)).filter(([id]) => !Object.values(TARGETS).some((t) => t.check === id) && !side.includes(id));
  assert.deepEqual(others.filter(([, v]) => v !== "pass"), []);
  assert.equal(check(report, "oauth.token.hash-binding").status, "fail");
  assert.equal(check(report, "oauth.token.single-use").status, "error");
});

test(`${PROFILE}: the classical flow's OAuth faults are still caught when every request is pushed`, { timeout: 240_000 }, async () => {
  const group = { "pkce-not-required": "oauth.pkce-required", "redirect-uri-not-checked": "oauth.redirect-uri-exact", "implicit-grant-offered": "oauth.implicit-refused", "state-not-echoed": "oauth.state-echoed" };
  const { report } = await assess(Object.keys(group));
  for (const [fault, id] of Object.entries(group)) assert.equal(check(report, id).status, "fail", `${fault} → ${id}: ${en(check(report, id).summary)}`);
});

test("csc-2.2-par-offered (PAR offered, not required: the other branch of RFC 9126 §5): logins are pushed, the probes stay classical, every check passes or is not-applicable for the PAR-only policy", { timeout: 240_000 }, async () => {
  const { report, out } = await assess([], "csc-2.2-par-offered");
  const s = oauthStatus(report);
  assert.equal(s["oauth.par.required"], "not-applicable", en(check(report, "oauth.par.required").summary));
  assert.match(en(check(report, "oauth.par.required").summary), /does not require PAR/);
  assert.deepEqual(Object.entries(s).filter(([id, v]) => id !== "oauth.par.required" && v !== "pass"), []);
  const pkce = check(report, "oauth.pkce-required").evidence.find((e) => e.file.endsWith("transcript.json"))!;
  assert.match(readFileSync(join(out, pkce.file), "utf8"), /oauth2\/authorize\?response_type=code/, "the classical request was probed");
});

test("default profile: the PAR and authorization_details checks are not-applicable with their catalog reason", { timeout: 240_000 }, async () => {
  const { report } = await assess([], null);
  const info = check(report, "csc.info");
  assert.match(en(info.summary), /CSC 2\.0\.0\.2/);
  const reasons: Record<string, RegExp> = { "oauth.par.request-uri-single-use": /offers no pushed authorization requests/, "oauth.par.request-uri-expiry": /offers no pushed authorization requests/, "oauth.par.required": /offers no pushed authorization requests/, "oauth.authorization-details.bound": /lists no authorization_details type credential/ };
  for (const id of NEW_CHECKS) {
    const c = check(report, id);
    assert.equal(c.status, "not-applicable", `${id}: ${en(c.summary)}`);
    assert.match(en(c.summary), reasons[id]!);
  }
  // The classical checks still pass there (the flows did not change for a provider without PAR).
  assert.deepEqual(Object.entries(oauthStatus(report)).filter(([id, v]) => !NEW_CHECKS.includes(id) && v !== "pass"), []);
});
