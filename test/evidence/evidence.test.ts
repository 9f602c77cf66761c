/**
 * Evidence documents: every schema has an ok and an ng example; content rules catch the gaps of
 * the gapped dossier; `evidence validate` exits 0 / 1 / 2 as documented.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { cpSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { EVIDENCE_KINDS, loadEvidence } from "../../src/evidence/documents.ts";
import { formatProblem } from "../../src/util/errors.ts";
import { runCli, REPO_ROOT } from "../helpers/cli.ts";
import { tempDir } from "../helpers/temp.ts";

const EXAMPLES = join(REPO_ROOT, "test/evidence/examples");

test("every evidence kind has a schema and an ok and an ng example", () => {
  assert.deepEqual(readdirSync(EXAMPLES).sort(), Object.keys(EVIDENCE_KINDS).sort());
});

for (const kind of Object.keys(EVIDENCE_KINDS)) {
  test(`${kind}: the ok example is valid, the ng example is refused with file:line`, () => {
    const docs = loadEvidence(join(EXAMPLES, kind));
    const ok = docs.find((d) => d.name === "ok.yaml")!;
    const ng = docs.find((d) => d.name === "ng.yaml")!;
    assert.equal(ok.kind, kind);
    assert.deepEqual(ok.problems.map(formatProblem), []);
    const problems = ng.problems.map(formatProblem);
    assert.ok(problems.some((p) => /ng\.yaml:\d+:\d+: \/: missing required property/.test(p)), problems.join("\n"));
    assert.ok(problems.some((p) => /unknown property "unexpected"/.test(p)), problems.join("\n"));
  });
}

test("evidence validate: the complete dossier is valid (exit 0)", async () => {
  const r = await runCli(["evidence", "validate", "fixtures/evidence/complete"]);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /23 document\(s\), 0 violation\(s\)/);
});

test("evidence validate: the gapped dossier's content gaps are each reported with file:line (exit 1)", async () => {
  const r = await runCli(["evidence", "validate", "fixtures/evidence/gapped"]);
  assert.equal(r.code, 1);
  for (const expected of [
    /record-retention\.yaml:\d+: at least 10 years \(retention\.years\) — 7 years/,
    /service-policy\.yaml:\d+: retention stated, at least 10 years/,
    /risk-assessment\.yaml:\d+: reviewed within the last 12 months/,
    /incident-response\.yaml: stale: collected 2024-06-01/,
    /hsm-certification\.yaml:\d+:\d+: attachment attachments\/hsm-certificate\.txt: sha256 [0-9a-f]+… does not match/,
    /roles-and-duties\.yaml:\d+: no person in two incompatible roles — takahashi is both system administrator and auditor/,
  ]) assert.match(r.stdout, expected);
});

test("evidence validate: a schema violation or a missing folder is bad input (exit 2, one line each)", async () => {
  const dir = tempDir("rssp-evidence");
  cpSync(join(EXAMPLES, "clock-sync", "ng.yaml"), join(dir, "clock-sync.yaml"));
  const r = await runCli(["evidence", "validate", dir]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /clock-sync\.yaml:\d+:\d+: \/: missing required property "source"/);
  const missing = await runCli(["evidence", "validate", join(dir, "nope")]);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /evidence folder not found/);
  assert.equal(missing.stderr.trim().split("\n").length, 1);
});
