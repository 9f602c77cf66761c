/**
 * Issue 16, the test instrument: the reference RSSP's assessment.yaml excludes carol's SCAL 1
 * credential with `instrument: true`. The cheap provider-wide probes may then authorize it (no TOTP
 * code spent), each observation made with it says so, and no check judges it: with the
 * weak-rsa-key fault (carol's key RSA-1024) csc.algo.key-size and the certificate checks never name
 * it. The cover's exclusion row carries the instrument note in ja and en.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { startFixture } from "../../fixtures/rssp/index.ts";
import { describeRuns, fixtureTarget, runChecks } from "../csc/helpers/run-family.ts";
import { INSTRUMENT_MARK, markInstruments } from "../../src/csc/credential-scope.ts";
import type { Report } from "../../src/report/types.ts";
import { renderHtml } from "../../reports/html.ts";
import { renderConsole } from "../../reports/console.ts";
import { knownReport } from "../reports/helpers/known.ts";

const CAROL = "cred-carol-01";

test("markInstruments marks the observations naming an instrument, none other (pure)", () => {
  const o = markInstruments({ status: "pass", summary: "s", observations: [{ expected: "e", observed: "o", where: "x", subject: CAROL }, { expected: "e", observed: "o", where: `y ${CAROL}` }, { expected: "e", observed: "o", where: "z", subject: "cred-alice-01" }] }, [CAROL]);
  assert.deepEqual(o.observations.map((x) => x.where), [`x ${INSTRUMENT_MARK}`, `y ${CAROL} ${INSTRUMENT_MARK}`, "z"]);
});

test("the cover says an instrument exclusion serves the provider-wide probes (ja, en; HTML and console)", () => {
  const coverOf = (html: string) => html.slice(html.indexOf('<header id="cover">'), html.indexOf("</header>"));
  const plain = knownReport();
  const scoped = { ...plain, assessment: { ...plain.assessment, scope: { excludedCredentials: [{ id: CAROL, reason: "PIN only", instrument: true }, { id: "cred-x", reason: "level 1" }] } } } as Report;
  assert.match(coverOf(renderHtml(scoped, "en")), /<code>cred-carol-01<\/code>: PIN only \(not judged; used as a test instrument for provider-wide probes\)/);
  assert.match(coverOf(renderHtml(scoped, "ja")), /<code>cred-carol-01<\/code>: PIN only （?\(?判定の対象とせず、事業者全体の挙動を調べる試験用にのみ使用/);
  assert.doesNotMatch(coverOf(renderHtml(scoped, "en")), /cred-x<\/code>: level 1 \(/);
  assert.match(renderConsole(scoped, { lang: "en", colour: false, width: 200 }), /cred-carol-01 — PIN only \(not judged; used as a test instrument for provider-wide probes\)/);
});

test("instrument: true — carol serves the cheap probes, marked; the weak key is judged by no check", { timeout: 300_000 }, async () => {
  const fixture = await startFixture({ faults: ["weak-rsa-key"] });
  try {
    const target = fixtureTarget(fixture.assessmentFile);
    assert.deepEqual(target.excludedCredentials?.map((e) => [e.id, e.instrument]), [[CAROL, true]]);
    const ids = ["csc.authorize.wrong-pin", "csc.sad.single-use", "csc.algo.key-size", "csc.algo.signalgo-matches-key", "cert.key-usage", "cert.validity", "cert.chain"];
    const runs = await runChecks(target, ids);
    const cheap = [runs.get("csc.authorize.wrong-pin")!, runs.get("csc.sad.single-use")!];
    for (const r of cheap) assert.equal(r.outcome.status, "pass", describeRuns(runs));
    assert.ok(cheap.some((r) => r.outcome.observations.some((o) => o.where.includes(CAROL) || o.subject === CAROL)), "a cheap probe used carol");
    for (const r of cheap) for (const o of r.outcome.observations) if (o.subject === CAROL || o.where.includes(CAROL)) assert.ok(o.where.endsWith(INSTRUMENT_MARK), o.where);
    for (const id of ["csc.algo.key-size", "csc.algo.signalgo-matches-key", "cert.key-usage", "cert.validity", "cert.chain"]) {
      const r = runs.get(id)!;
      assert.ok(!JSON.stringify([r.outcome.summary, r.outcome.observations]).includes(CAROL), `${id} judged ${CAROL}: ${describeRuns(runs)}`);
    }
    assert.equal(runs.get("csc.algo.key-size")!.outcome.status, "pass", describeRuns(runs));
  } finally {
    await fixture.stop();
  }
});
