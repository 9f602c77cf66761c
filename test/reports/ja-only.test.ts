/**
 * `demo --lang ja` (conformant and faulted profiles): the HTML report carries no English
 * sentence outside quoted values (the target's answers, the assessor's own words in waivers and
 * attestations), IDs, digests, paths and URLs.
 *
 * Every check family is scanned: check texts are {ja, en} at the source (each family's bilingual test
 * proves it per check on clean and faulty equipment); this test proves the rendered page, on every
 * profile of the reference RSSP (one demo run each).
 * The evidence.* checks, the evaluator's control summaries and every fixed label are scanned.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Report } from "../../src/report/types.ts";
import { runCli, REPO_ROOT } from "../helpers/cli.ts";
import { tempDir } from "../helpers/temp.ts";
import { englishSentences } from "./helpers/english.ts";
import { PROFILES } from "../../fixtures/rssp/faults.ts";

const fixtureBuilt = existsSync(join(REPO_ROOT, "fixtures/rssp/index.ts"));

/** The texts that may be English in a ja report: user-supplied values. */
function exemptTexts(report: Report): string[] {
  const out: string[] = [report.assessment.target.name];
  const a = report.assessment;
  out.push(...[a.assessor, a.organisation, a.reviewer, a.approver, ...(a.assessors ?? [])].filter((x): x is string => !!x));
  for (const x of report.attestations) out.push(x.assessor, x.justification);
  for (const w of report.waivers) out.push(w.justification, w.approver);
  // The assessment's own reasons for scoping a credential out (assessment.yaml scope.excludedCredentials).
  for (const e of a.scope?.excludedCredentials ?? []) out.push(e.reason);
  // Longest first, so a text containing a shorter one is removed whole.
  return [...new Set(out.filter((x) => x.length > 0))].sort((x, y) => y.length - x.length);
}

function unescapeHtml(s: string): string {
  return s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, "&");
}

// Every profile of the reference RSSP: the conformant one and each faulted one (their findings carry
// each family's failing texts); design profiles add no text of their own.
for (const profile of Object.keys(PROFILES)) {
  test(`demo --lang ja --profile ${profile}: no English sentence in the HTML outside quoted values, ids and URLs`, { skip: !fixtureBuilt && "the reference RSSP is not built" }, async () => {
    const out = tempDir(`rssp-ja-${profile}`);
    const r = await runCli(["demo", "--out", out, "--lang", "ja", "--profile", profile], { timeoutMs: 120_000 });
    assert.equal(r.code, 0, r.stderr.split("\n").slice(-5).join("\n"));
    const report = JSON.parse(readFileSync(join(out, "report.json"), "utf8")) as Report;
    let html = unescapeHtml(readFileSync(join(out, "report.ja.html"), "utf8"));
    for (const text of exemptTexts(report)) html = html.split(text).join(" ");
    const english = englishSentences(html);
    assert.deepEqual(english.map((e) => `${e.sentence}  ⟵  ${e.run}`), [], "English outside quoted values");
    // The console summary is Japanese too: no raw status names beside the labels.
    assert.ok(!/\b(pass|fail|manual|error) (適合|不適合|要確認|判定不能)/.test(r.stdout), "no raw status before its label");
  });
}
