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
import { SECURITY_SEVERITY, buildSarif, renderSarif } from "../../reports/sarif.ts";
import type { Report } from "../../src/report/types.ts";
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

/** The known report with what gives physical locations: an absolute log path with a line, an invalid evidence document, an advisory. */
function withFiles(): Report {
  const report = knownReport();
  const log = report.logs[0]!;
  log.file = "/var/log/rssp/audit log.jsonl";
  const check = report.checks.find((c) => c.id === "log.retention.horizon")!;
  check.observations[0]!.where = `${log.file}:17 (seq 16)`;
  const passed = report.controls.find((c) => c.status === "pass" && c.checks.length)!;
  passed.advisories = [passed.checks[0]!];
  return report;
}

test("sarif: the Multitool passes a log with physical locations (file: URI, evidence-folder base, regions) and advisory notes", () => {
  for (const lang of LANGS) {
    const problems = multitoolValidate(renderSarif(withFiles(), { lang }));
    assert.deepEqual(problems.filter((p) => p.level === "error" || p.level === "warning" || p.level === undefined), [], JSON.stringify(problems.slice(0, 3)));
  }
});

type Loc = { physicalLocation?: { artifactLocation: { uri: string; uriBaseId?: string }; region?: { startLine: number } }; logicalLocations?: Array<{ fullyQualifiedName: string }> };
type FullResult = SarifResult & { locations: Loc[]; partialFingerprints: Record<string, string> };
type FullRule = { id: string; help: { text: string; markdown: string }; properties: { "security-severity": string } };
const sarifRun = (report: Report, lang: "ja" | "en") =>
  (buildSarif(report, { lang }) as { runs: Array<{ tool: { driver: { rules: FullRule[] } }; results: FullResult[]; originalUriBaseIds: Record<string, unknown> }> }).runs[0]!;

test("sarif: physical locations where a finding has a file — the log with its line, the invalid evidence document; others logical", () => {
  const report = withFiles();
  const run = sarifRun(report, "en");
  const physical = (id: string) => run.results.find((r) => r.ruleId === id)!.locations.flatMap((l) => (l.physicalLocation ? [l.physicalLocation] : []));
  const rk = report.controls.find((c) => c.checks.includes("log.retention.horizon"))!;
  assert.deepEqual(physical(rk.id), [{ artifactLocation: { uri: "file:///var/log/rssp/audit%20log.jsonl" }, region: { startLine: 17 } }]);
  const bad = report.evidence.find((d) => !d.valid)!;
  const pt = report.controls.find((c) => c.evidence.includes(bad.kind))!;
  assert.ok(physical(pt.id).some((p) => p.artifactLocation.uri === bad.file && p.artifactLocation.uriBaseId === "EVIDENCEROOT"), JSON.stringify(physical(pt.id)));
  for (const base of new Set(run.results.flatMap((r) => r.locations.flatMap((l) => (l.physicalLocation?.artifactLocation.uriBaseId ? [l.physicalLocation.artifactLocation.uriBaseId] : []))))) assert.ok(base in run.originalUriBaseIds, base);
  const sc = run.results.find((r) => r.ruleId === "SC-L2-04")!;
  assert.deepEqual(sc.locations.map((l) => Object.keys(l)), [["logicalLocations"]], "an HTTP step stays logical");
  assert.ok(sc.locations[0]!.logicalLocations![0]!.fullyQualifiedName.startsWith("POST "));
});

test("sarif: security-severity on every rule, help texts per rule in the report's language, note for an advisory", () => {
  const report = withFiles();
  for (const lang of LANGS) {
    const run = sarifRun(report, lang);
    assert.equal(run.tool.driver.rules.length, report.controls.length);
    for (const rule of run.tool.driver.rules) {
      const c = report.controls.find((x) => x.id === rule.id)!;
      const sev = Number(rule.properties["security-severity"]);
      assert.ok(sev > 0 && sev <= 10, `${rule.id}: ${rule.properties["security-severity"]}`);
      assert.equal(rule.properties["security-severity"], SECURITY_SEVERITY[c.severity]);
      assert.ok(rule.help.text.includes(c.statement[lang]) && rule.help.markdown.length > 0, `${rule.id} help in ${lang}`);
      assert.ok(rule.help.text.includes(lang === "ja" ? "要求事項" : "Requirement"));
      for (const r of c.refs) assert.ok(rule.help.text.includes(r.source), `${rule.id} cites ${r.source}`);
    }
    const adv = report.controls.find((c) => c.status === "pass" && c.advisories.length)!;
    const note = run.results.find((r) => r.ruleId === adv.id)!;
    assert.equal(note.level, "note");
    assert.equal(note.kind, "fail");
    assert.ok(run.results.filter((r) => r.level === "note").every((r) => report.controls.find((c) => c.id === r.ruleId)!.status === "pass" || report.controls.find((c) => c.id === r.ruleId)!.severity === "low"));
  }
  // Japanese help is Japanese: the requirement's own text, not the English one.
  const ja = sarifRun(report, "ja").tool.driver.rules[0]!;
  assert.ok(!ja.help.text.includes(report.controls[0]!.statement.en));
});

test("sarif: a log verifier's warning (observation finding) is a note at the log's line, on its first control's rule", () => {
  const report = knownReport();
  const f = report.findings.find((x) => x.log)!;
  const line = report.logs.find((l) => l.file === f.log!.file)!.problems.find((p) => p.code === f.log!.code)!.line;
  for (const lang of LANGS) {
    const notes = sarifRun(report, lang).results.filter((r) => r.partialFingerprints["rsspAuditFinding/v1"]);
    assert.equal(notes.length, report.findings.filter((x) => x.log).length);
    const n = notes[0]!;
    assert.equal(n.ruleId, f.controls[0]);
    assert.equal(n.level, "note");
    assert.deepEqual(n.locations[0]!.physicalLocation, { artifactLocation: { uri: f.log!.file, uriBaseId: "LOGROOT" }, region: { startLine: line } });
    assert.ok((n as unknown as { message: { text: string } }).message.text.startsWith(`${f.id} `));
  }
  // Moved to another folder, the same warning keeps its fingerprint.
  const moved = knownReport();
  const mf = moved.findings.find((x) => x.log)!;
  const log = moved.logs.find((l) => l.file === mf.log!.file)!;
  log.file = mf.log!.file = `/srv/other/place/${mf.log!.file}`;
  const print = (r: Report) => sarifRun(r, "en").results.find((x) => x.partialFingerprints["rsspAuditFinding/v1"])!.partialFingerprints["rsspAuditFinding/v1"];
  assert.equal(print(moved), print(knownReport()));
});

test("sarif: partialFingerprints hold across renders and ignore paths and times (the log moved, the run later)", () => {
  const a = sarifRun(knownReport(), "en");
  const moved = withFiles();
  moved.assessment.startedAt = "2030-01-01T00:00:00Z";
  moved.controls.forEach((c) => (c.advisories = []));
  const b = sarifRun(moved, "en");
  const prints = (run: typeof a) => Object.fromEntries(run.results.map((r) => [r.ruleId, r.partialFingerprints["rsspAuditControl/v1"]]));
  assert.deepEqual(prints(b), prints(a));
  assert.equal(new Set(Object.values(prints(a))).size, a.results.length, "one fingerprint per result");
});

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
  const kinds = (k: string) => run.results.filter((r) => r.kind === k && !r.suppressions && !(r as { partialFingerprints?: Record<string, string> }).partialFingerprints?.["rsspAuditFinding/v1"]).map((r) => r.ruleId).sort();
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
