/**
 * Issue 16: `scope.excludedCredentials` is honoured by every probe, not only by the activation
 * judgement. The reference RSSP's assessment.yaml scopes out carol's SCAL 1 credential
 * (cred-carol-01); with the weak-rsa-key fault carol's key is RSA-1024. An assessment of the csc,
 * cert and HSM-certificate checks then never names cred-carol-01 in a request (credentials/list
 * necessarily returns it; nothing after that asks about it), shows the exclusion on the cover
 * (HTML and console), and reports no weak key; without the exclusion the weak key is a finding.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { tempDir } from "../helpers/temp.ts";
import { en } from "../helpers/text.ts";
import { runCli } from "../helpers/cli.ts";
import { startFixture } from "../../fixtures/rssp/index.ts";
import { describeRuns, fixtureTarget, runChecks } from "../csc/helpers/run-family.ts";
import { excludedByScope, splitListed } from "../../src/csc/credential-scope.ts";
import type { Report } from "../../src/report/types.ts";
import { renderHtml } from "../../reports/html.ts";
import { renderConsole } from "../../reports/console.ts";
import { knownReport } from "../reports/helpers/known.ts";

const CAROL = "cred-carol-01";
const REASON = "SCAL 1 credential (PIN only), offered as a level 1 service only";

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

interface StoredExchange {
  step: string;
  method: string;
  url: string;
  request: { body: unknown };
  response?: { body: unknown };
}

test("splitListed and excludedByScope (pure)", () => {
  const scope = new Map([[CAROL, { reason: REASON, instrument: false }]]);
  assert.deepEqual(splitListed("carol", ["cred-x", CAROL], scope), { inScope: ["cred-x"], excluded: [{ credentialID: CAROL, signer: "carol", reason: REASON, instrument: false }] });
  assert.equal(excludedByScope([]), undefined);
  const manual = excludedByScope([{ credentialID: CAROL, signer: "carol", reason: REASON, instrument: false }])!;
  assert.equal(manual.status, "manual");
  assert.match(en(manual.summary), /^excluded by scope/);
  assert.ok(manual.observations.some((o) => en(o.observed).includes(`${CAROL} (${REASON})`)));
});

test("the cover (HTML, console) names each excluded credential with its reason, in Japanese and English; none without a scope", () => {
  const coverOf = (html: string) => html.slice(html.indexOf('<header id="cover">'), html.indexOf("</header>"));
  const plain = knownReport();
  const scoped = { ...plain, assessment: { ...plain.assessment, scope: { excludedCredentials: [{ id: CAROL, reason: REASON }] } } } as Report;
  assert.match(coverOf(renderHtml(scoped, "ja")), /対象外の署名鍵（クレデンシャル）<\/th><td><code>cred-carol-01<\/code>: SCAL 1 credential/);
  assert.match(coverOf(renderHtml(scoped, "en")), /Excluded credentials<\/th><td><code>cred-carol-01<\/code>: SCAL 1 credential/);
  assert.match(renderConsole(scoped, { lang: "ja", colour: false, width: 200 }), /対象外の署名鍵（クレデンシャル）: cred-carol-01 — SCAL 1 credential \(PIN only\), offered as a level 1 service only\n/);
  assert.match(renderConsole(scoped, { lang: "en", colour: false, width: 200 }), /Excluded credentials: cred-carol-01 — SCAL 1 credential/);
  for (const lang of ["ja", "en"] as const) {
    assert.doesNotMatch(coverOf(renderHtml(plain, lang)), /対象外の署名鍵|Excluded credentials/);
    assert.doesNotMatch(renderConsole(plain, { lang, colour: false }), /対象外の署名鍵|Excluded credentials/);
  }
});

test("assess with cred-carol-01 excluded: no request names it, the cover shows the exclusion, carol's weak key is no finding", { timeout: 600_000 }, async () => {
  const fixture = await startFixture({ faults: ["weak-rsa-key"] });
  try {
    const only = 'checks:\n  only: ["csc.*", "cert.*", "hsm.key.matches-certificate"]\n';
    // The strict rule: the fixture keeps carol as a test instrument; this assessment drops that.
    const strict = readFileSync(fixture.assessmentFile, "utf8").replace(/- \{ id: cred-carol-01, instrument: true, reason: "[^"]*" \}/, `- { id: ${CAROL}, reason: "${REASON}" }`);
    assert.ok(!strict.includes("instrument"), "the strict assessment keeps no instrument");
    writeFileSync(fixture.assessmentFile, strict + only);
    const out = tempDir("rssp-credential-scope");
    const r = await runCli(["assess", "--config", fixture.assessmentFile, "--out", out, "--format", "json,html", "--lang", "en"], { timeoutMs: 580_000 });
    assert.ok(r.code === 0 || r.code === 1, `exit ${r.code}: ${r.stderr}`);
    const report = JSON.parse(readFileSync(join(out, "report.json"), "utf8")) as Report;
    assert.deepEqual(report.assessment.scope, { excludedCredentials: [{ id: CAROL, reason: REASON }] });

    // Every transcript: the ID appears only in credentials/list replies, never in a request.
    const evidence = join(out, "evidence");
    let exchanges = 0;
    let listings = 0;
    const elsewhere: string[] = [];
    for (const file of filesUnder(evidence)) {
      const text = readFileSync(file, "utf8");
      if (!text.includes(CAROL)) continue;
      const name = relative(evidence, file);
      if (file.endsWith("transcript.json")) {
        for (const t of JSON.parse(text) as Array<{ exchanges: StoredExchange[] }>) {
          for (const e of t.exchanges) {
            exchanges++;
            assert.ok(!JSON.stringify(e.request).includes(CAROL) && !e.url.includes(CAROL), `${name}: "${e.step}" (${e.method}) names ${CAROL} in its request`);
            if (JSON.stringify(e.response ?? {}).includes(CAROL)) {
              assert.equal(e.method, "credentials/list", `${name}: "${e.step}" (${e.method}) returned ${CAROL}`);
              listings++;
            }
          }
        }
      } else elsewhere.push(name);
    }
    assert.ok(exchanges > 0 && listings > 0, "carol's listing is in the session transcript");
    // Outside transcripts: the assessment's record of its scope, and the activation check's list of exclusions.
    for (const name of elsewhere) assert.ok(name === "session.json" || name === join("checks", "csc.authorize.level-factors", "result.json"), `${name} names ${CAROL}`);
    const levelFactors = report.checks.find((c) => c.id === "csc.authorize.level-factors")!;
    assert.equal(levelFactors.status, "pass");

    // carol's RSA-1024 key was never judged: no weak-key finding.
    const keySize = report.checks.find((c) => c.id === "csc.algo.key-size")!;
    assert.equal(keySize.status, "pass", JSON.stringify(keySize));
    assert.ok(!report.findings.some((f) => f.check === "csc.algo.key-size"), JSON.stringify(report.findings.map((f) => f.check)));
    assert.ok(!JSON.stringify(report.checks).includes("RSA 1024"));
    // The SCAL 1 probes that took carol before now take an in-scope credential (or are manual, naming the scope).
    for (const c of report.checks.filter((x) => x.id.startsWith("csc.") || x.id.startsWith("cert."))) {
      assert.ok(c.status !== "error", `${c.id}: error — ${JSON.stringify(c.summary)}`);
    }

    // The cover: HTML header and the console summary.
    const coverOf = (html: string) => html.slice(html.indexOf('<header id="cover">'), html.indexOf("</header>"));
    assert.match(coverOf(readFileSync(join(out, "report.en.html"), "utf8")), /Excluded credentials<\/th><td><code>cred-carol-01<\/code>: SCAL 1 credential \(PIN only\), offered as a level 1 service only/);
    // The console wraps at its width.
    assert.match(r.stdout, /Excluded credentials: cred-carol-01 — SCAL 1 credential \(PIN only\), offered as a level 1\s+service\s+only/);
  } finally {
    await fixture.stop();
  }
});

test("without the exclusion carol's RSA-1024 key is a finding; with it, csc.algo.key-size never sees it", { timeout: 180_000 }, async () => {
  const fixture = await startFixture({ faults: ["weak-rsa-key"] });
  try {
    const scoped = { ...fixtureTarget(fixture.assessmentFile), excludedCredentials: [{ id: CAROL, reason: REASON }] };
    const unscoped = { ...scoped, excludedCredentials: undefined };
    const ids = ["csc.algo.key-size"];
    const ng = await runChecks(unscoped, ids);
    const fail = ng.get("csc.algo.key-size")!;
    assert.equal(fail.outcome.status, "fail", describeRuns(ng));
    assert.ok(fail.outcome.observations.some((o) => o.ok === false && o.subject === CAROL && /RSA 1024 bits — below the policy/.test(en(o.observed))));
    const ok = await runChecks(scoped, ids);
    const pass = ok.get("csc.algo.key-size")!;
    assert.equal(pass.outcome.status, "pass", describeRuns(ok));
    assert.ok(!JSON.stringify([pass.outcome.summary, pass.outcome.observations]).includes(CAROL));
  } finally {
    await fixture.stop();
  }
});
