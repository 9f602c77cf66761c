/**
 * The formal parts of the report: assessment.yaml `assessment:` gains organisation, assessors,
 * reviewer, approver, report version, issue date, schedule and the scope (boundary, service,
 * version, sites, exclusions), schema-validated; report.json records them; HTML and Markdown show
 * them, with a signature block, and the cover's 調査員 names the people who made attestations.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { compileSchemaFile } from "../../src/util/schema.ts";
import { ASSESSMENT_SCHEMA } from "../../src/config/load-config.ts";
import { reportSchemaProblems } from "../../src/report/build-report.ts";
import { renderHtml } from "../../reports/html.ts";
import { renderMarkdown } from "../../reports/markdown.ts";
import { LANGS, t } from "../../reports/i18n.ts";
import { knownReport } from "./helpers/known.ts";

const FORMAL = {
  organisation: "Example Investigative Body",
  assessors: ["Sato Hanako"],
  reviewer: "Suzuki Ichiro",
  approver: "Tanaka Jiro",
  reportVersion: "1.0",
  issued: "2026-12-03",
  schedule: { from: "2026-11-30", to: "2026-12-02" },
  system: { boundary: "signing API and HSM cluster", service: "ExampleSign", version: "4.2", sites: ["Tokyo DC", "Osaka DR"], exclusions: [{ item: "mobile app", reason: "not offered at level 2" }] },
};

test("assessment.yaml: the formal fields validate; a wrong type or an unknown field is refused", () => {
  const validate = compileSchemaFile(ASSESSMENT_SCHEMA);
  const base = { target: { name: "x" }, level: 2 };
  assert.ok(validate({ ...base, assessment: { id: "A-1", ...FORMAL } }), JSON.stringify(validate.errors));
  assert.ok(!validate({ ...base, assessment: { issued: "3 Dec" } }), "issued must be a date");
  assert.ok(!validate({ ...base, assessment: { system: { sites: "Tokyo" } } }), "sites is a list");
  assert.ok(!validate({ ...base, assessment: { system: { exclusions: [{ item: "x" }] } } }), "an exclusion needs its reason");
  assert.ok(!validate({ ...base, assessment: { signer: "x" } }), "unknown field");
});

for (const lang of LANGS) {
  test(`formal sections (${lang}): scope, criteria, method, parameters, schedule, team, issue and signature block`, () => {
    const report = knownReport();
    Object.assign(report.assessment, FORMAL);
    assert.deepEqual(reportSchemaProblems(report), []);
    const html = renderHtml(report, lang);
    for (const id of ["scope", "criteria", "method", "parameters", "schedule", "team", "signatures"]) assert.ok(html.includes(`id="${id}"`), `section ${id}`);
    for (const v of [FORMAL.organisation, FORMAL.reviewer, FORMAL.approver, FORMAL.system.boundary, FORMAL.system.service, "Osaka DR", "not offered at level 2", FORMAL.schedule.from, FORMAL.issued]) assert.ok(html.includes(v), v);
    assert.ok(html.includes(report.assessment.catalog.sha256));
    for (const k of Object.keys(report.assessment.parameters)) assert.ok(html.includes(k), `parameter ${k}`);
    // The cover's 調査員: the configured assessor(s) and everyone who attested.
    const cover = html.split("</header>")[0]!;
    for (const x of report.attestations) assert.ok(cover.includes(x.assessor), `attestor ${x.assessor} on the cover`);
    assert.ok(cover.includes("Sato Hanako"));
    const signatures = html.split('id="signatures"')[1]!;
    for (const n of [FORMAL.reviewer, FORMAL.approver, "Sato Hanako"]) assert.ok(signatures.includes(n), `${n} in the signature block`);
    const md = renderMarkdown(report, lang);
    for (const key of ["scopeHeading", "criteriaHeading", "methodHeading", "teamHeading"] as const) assert.ok(md.includes(`## ${t(key, lang)}`), key);
    assert.ok(md.includes(FORMAL.system.boundary) && md.includes(FORMAL.approver));
  });

  test(`formal sections (${lang}): an unconfigured field says so instead of being left out`, () => {
    const html = renderHtml(knownReport(), lang);
    const team = html.split('id="team"')[1]!.split("</section>")[0]!;
    assert.ok(team.includes(t("notStated", lang)));
  });
}
