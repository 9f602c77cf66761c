/**
 * SARIF 2.1.0 validated by the official SARIF Multitool and OSCAL assessment-results validated
 * against the official OSCAL 1.1.3 schema, in both languages; plus what each must say about the
 * known report (results per status, baseline states, suppressions, findings and evidence hashes).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildSarif, renderSarif } from "../../reports/sarif.ts";
import { buildOscal, oscalControlId } from "../../reports/oscal.ts";
import { diffReports } from "../../reports/diff.ts";
import { LANGS } from "../../reports/i18n.ts";
import { createAjv } from "../../src/util/schema.ts";
import { OSCAL_SCHEMA_FILE, SARIF_MULTITOOL, knownReport, previousReport } from "./helpers/known.ts";
import { tempDir } from "../helpers/temp.ts";

type SarifResult = { ruleId: string; kind: string; level: string; baselineState?: string; suppressions?: unknown[] };

/** Runs the Multitool's `validate`; returns its own SARIF log's results (errors and warnings). */
function multitoolValidate(sarifText: string): Array<{ level?: string; ruleId: string; message: unknown }> {
  const dir = tempDir("rssp-sarif");
  try {
    const input = join(dir, "report.sarif");
    const output = join(dir, "validation.sarif");
    writeFileSync(input, sarifText);
    execFileSync(SARIF_MULTITOOL, ["validate", input, "--output", output, "--log", "ForceOverwrite"], { stdio: "pipe" });
    const log = JSON.parse(readFileSync(output, "utf8")) as { runs: Array<{ results?: Array<{ level?: string; ruleId: string; message: unknown }> }> };
    return log.runs.flatMap((r) => r.results ?? []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

for (const lang of LANGS) {
  test(`sarif (${lang}): the Multitool reports no error or warning, with and without a baseline`, () => {
    for (const baseline of [undefined, previousReport()]) {
      const problems = multitoolValidate(renderSarif(knownReport(), { lang, baseline }));
      assert.deepEqual(problems.filter((p) => p.level === "error" || p.level === "warning" || p.level === undefined), [], JSON.stringify(problems.slice(0, 3)));
    }
  });
}

test("sarif: the Multitool does catch a broken log (the validation bites)", () => {
  // (Its schema check does not flag every enum value, so break a required property.)
  const broken = JSON.parse(renderSarif(knownReport(), { lang: "en" })) as { runs: Array<{ tool: { driver: Record<string, unknown> } }> };
  delete broken.runs[0]!.tool.driver.name;
  assert.ok(multitoolValidate(JSON.stringify(broken)).some((p) => p.level === "error"));
});

test("sarif: rules are the controls with citations; results for fail/manual/error; waivers suppressed", () => {
  const report = knownReport();
  const sarif = buildSarif(report, { lang: "en" }) as { runs: Array<{ tool: { driver: { rules: Array<{ id: string; properties: { citations: string[] } }> } }; results: SarifResult[] }> };
  const run = sarif.runs[0]!;
  assert.deepEqual(run.tool.driver.rules.map((r) => r.id), report.controls.map((c) => c.id));
  const sc04 = run.tool.driver.rules.find((r) => r.id === "SC-L2-04")!;
  assert.deepEqual(sc04.properties.citations.length, report.controls.find((c) => c.id === "SC-L2-04")!.refs.length);
  const byStatus = (s: string) => report.controls.filter((c) => c.status === s).map((c) => c.id).sort();
  const kinds = (k: string) => run.results.filter((r) => r.kind === k && !r.suppressions).map((r) => r.ruleId).sort();
  assert.deepEqual(kinds("fail"), byStatus("fail"));
  assert.deepEqual(kinds("review"), byStatus("manual"));
  assert.deepEqual(kinds("open"), byStatus("error"));
  assert.deepEqual(run.results.filter((r) => r.suppressions).map((r) => r.ruleId), byStatus("waived"));
  assert.ok(run.results.every((r) => r.kind === "fail" || r.level === "none"), "non-fail kinds have level none");
});

test("sarif with a baseline: new / unchanged / updated / absent follow the diff of the two reports", () => {
  const report = knownReport();
  const baseline = previousReport();
  const sarif = buildSarif(report, { lang: "en", baseline }) as { runs: Array<{ results: SarifResult[] }> };
  const state = new Map(sarif.runs[0]!.results.map((r) => [r.ruleId, r.baselineState]));
  const diff = diffReports(baseline, report);
  for (const change of diff.newFailures) assert.equal(state.get(change.id), "new", change.id);
  for (const a of diff.added.filter((x) => x.status !== "pass")) assert.equal(state.get(a.id), "new", a.id);
  const stillFailing = report.controls.filter((c) => c.status === "fail" && baseline.controls.find((o) => o.id === c.id)?.status === "fail");
  for (const c of stillFailing) assert.equal(state.get(c.id), "unchanged", c.id);
  for (const f of diff.fixed.filter((x) => x.after === "pass")) assert.equal(state.get(f.id), "absent", f.id);
});

for (const lang of LANGS) {
  test(`oscal (${lang}): assessment-results validate against the official OSCAL 1.1.3 schema`, () => {
    const schema = JSON.parse(readFileSync(OSCAL_SCHEMA_FILE, "utf8")) as object;
    const validate = createAjv({ strict: false }).compile(schema);
    const doc = buildOscal(knownReport(), lang) as { "assessment-results": Record<string, unknown> };
    assert.ok(validate(doc), JSON.stringify(validate.errors?.slice(0, 3)));
    // The schema does bite: the same document without its required import-ap is rejected.
    const broken = structuredClone(doc);
    delete broken["assessment-results"]["import-ap"];
    assert.equal(validate(broken), false);
  });
}

test("oscal: a finding per control (satisfied iff pass/n-a/waived, status in props), observations by method with evidence hashes", () => {
  const report = knownReport();
  type Obs = { uuid: string; methods: string[]; "relevant-evidence"?: Array<{ href: string }> };
  type Finding = { target: { "target-id": string; status: { state: string } }; props: Array<{ name: string; value: string }>; "related-observations"?: Array<{ "observation-uuid": string }> };
  const doc = buildOscal(report, "en") as { "assessment-results": { results: Array<{ observations: Obs[]; findings: Finding[] }>; "back-matter": { resources: Array<{ uuid: string; rlinks?: Array<{ href: string; hashes?: Array<{ value: string }> }> }> } } };
  const result = doc["assessment-results"].results[0]!;
  assert.equal(result.findings.length, report.controls.length);
  for (const c of report.controls) {
    const f = result.findings.find((x) => x.target["target-id"] === oscalControlId(c.id))!;
    assert.equal(f.target.status.state, ["pass", "not-applicable", "waived"].includes(c.status) ? "satisfied" : "not-satisfied", c.id);
    assert.equal(f.props.find((p) => p.name === "status")?.value, c.status);
  }
  const methods = (m: string) => result.observations.filter((o) => o.methods.includes(m)).length;
  assert.equal(methods("TEST"), report.checks.length);
  assert.equal(methods("EXAMINE"), report.evidence.length);
  assert.equal(methods("INTERVIEW"), report.attestations.length);
  const resources = new Map(doc["assessment-results"]["back-matter"].resources.map((r) => [r.uuid, r]));
  for (const ref of report.checks.flatMap((c) => c.evidence)) {
    const hashed = [...resources.values()].find((r) => r.rlinks?.[0]?.href === ref.file);
    assert.equal(hashed?.rlinks?.[0]?.hashes?.[0]?.value, ref.sha256, ref.file);
  }
  for (const o of result.observations) for (const e of o["relevant-evidence"] ?? []) assert.ok(resources.has(e.href.slice(1)), "evidence links resolve");
  const observationIds = new Set(result.observations.map((o) => o.uuid));
  for (const f of result.findings) for (const r of f["related-observations"] ?? []) assert.ok(observationIds.has(r["observation-uuid"]));
});

test("oscal and sarif are deterministic: the same report gives the same bytes", () => {
  assert.equal(JSON.stringify(buildOscal(knownReport(), "ja")), JSON.stringify(buildOscal(knownReport(), "ja")));
  assert.equal(renderSarif(knownReport(), { lang: "ja" }), renderSarif(knownReport(), { lang: "ja" }));
});

test("diff: new failures, fixed, level changes and regression from two known reports", () => {
  const older = previousReport();
  const newer = knownReport();
  const diff = diffReports(older, newer);
  const satisfied = (s: string) => ["pass", "not-applicable", "waived"].includes(s);
  const expectNew = newer.controls.filter((c) => { const o = older.controls.find((x) => x.id === c.id); return o && satisfied(o.status) && !satisfied(c.status); }).map((c) => c.id);
  assert.deepEqual(diff.newFailures.map((c) => c.id), expectNew);
  assert.ok(diff.fixed.some((c) => c.id === "UA-01"));
  assert.deepEqual(diff.levelChanges, [{ level: 1, before: false, after: true }]);
  assert.deepEqual(diff.added.map((a) => a.id), newer.controls.filter((c) => !older.controls.some((o) => o.id === c.id)).map((c) => c.id));
  assert.equal(diff.regressed, true);
  const same = diffReports(newer, knownReport());
  assert.equal(same.regressed, false);
  assert.equal(same.statusChanges.length, 0);
  // The other way round level 1 is lost: a regression too.
  assert.equal(diffReports(newer, older).regressed, true);
});
