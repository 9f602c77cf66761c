import { test } from "node:test";
import { en } from "../helpers/text.ts";
import assert from "node:assert/strict";
import { evaluateControl, type CheckVerdictInput } from "../../src/evaluate/control-status.ts";
import { computeVerdict } from "../../src/verdict/verdict.ts";
import { gate } from "../../src/verdict/gate.ts";
import type { Control } from "../../src/catalog/types.ts";
import type { ControlResult, Report } from "../../src/report/types.ts";

const control = (over: Partial<Control> = {}): Control => ({
  id: "SC-L2-04",
  domain: "SC",
  title: { ja: "t", en: "t" },
  statement: { ja: "s", en: "s" },
  levels: [2, 3],
  severity: "critical",
  phase: "signing",
  threats: [],
  intrusive: false,
  parameters: [],
  notApplicableWhen: [],
  profiles: [],
  assess: { method: "automated", checks: ["a", "b"], evidence: [] },
  refs: [{ source: "X", basis: "seed" }],
  source: { file: "f", line: 1 },
  ...over,
});
const chk = (id: string, status: CheckVerdictInput["status"], unassessed = false): CheckVerdictInput => ({ id, status, summary: `${id} ${status}`, unassessed });
const waiver = (active: boolean) => ({ id: "W-1", scope: { control: "SC-L2-04" }, justification: "j", approver: "a", expires: "2030-01-01", active });

test("a control fails if any check fails, even when another errs", () => {
  const r = evaluateControl(control(), [chk("a", "error"), chk("b", "fail")], [], null, null);
  assert.equal(r.status, "fail");
  assert.match(en(r.summary), /^b: b fail/);
});

test("error beats manual, manual beats pass", () => {
  assert.equal(evaluateControl(control(), [chk("a", "error"), chk("b", "manual")], [], null, null).status, "error");
  assert.equal(evaluateControl(control(), [chk("a", "pass"), chk("b", "manual")], [], null, null).status, "manual");
  assert.equal(evaluateControl(control(), [chk("a", "pass"), chk("b", "pass")], [], null, null).status, "pass");
});

test("checks that could not run for lack of access leave the control manual, not not-applicable", () => {
  const r = evaluateControl(control(), [chk("a", "not-applicable", true), chk("b", "not-applicable", true)], [], null, null);
  assert.equal(r.status, "manual");
});

test("checks that genuinely do not apply make the control not-applicable, only for a reason the control allows", () => {
  const absent = (id: string): CheckVerdictInput => ({ ...chk(id, "not-applicable"), notApplicableReason: "no-oauth" });
  const allows = control({ notApplicableWhen: ["no-oauth"] });
  const r = evaluateControl(allows, [absent("a"), absent("b")], [], null, null);
  assert.equal(r.status, "not-applicable");
  assert.match(en(r.summary), /^not applicable \(no-oauth\)/);
  // A check that gives no reason, or a reason the control does not allow: the requirement stands.
  assert.equal(evaluateControl(allows, [absent("a"), chk("b", "not-applicable")], [], null, null).status, "manual");
  const pt12 = control({ id: "PT-12", assess: { method: "automated", checks: ["oauth.consent-shows-digests"], evidence: [] } });
  const noOauth = evaluateControl(pt12, [absent("oauth.consent-shows-digests")], [], null, null);
  assert.equal(noOauth.status, "manual", "PT-12 applies without OAuth: the signer still consents, through the SCA");
  assert.match(en(noOauth.summary), /the requirement applies, but no check could reach it/);
  // …and an attestation decides it.
  const att = { control: "PT-12", assessor: "A", date: "2026-11-01", decision: "pass" as const, justification: "SCA screen recordings show the hashes" };
  assert.equal(evaluateControl(pt12, [absent("oauth.consent-shows-digests")], [], null, att).status, "pass");
});

test("an active waiver turns a failure into waived; an inactive one does not", () => {
  assert.equal(evaluateControl(control(), [chk("a", "fail")], [], waiver(true), null).status, "waived");
  const r = evaluateControl(control(), [chk("a", "fail")], [], waiver(false), null);
  assert.equal(r.status, "fail");
  assert.match(en(r.summary), /expired/);
});

test("an attestation decides an open question but never overrides a failing check", () => {
  const att = (decision: "pass" | "fail") => ({ control: "SC-L2-04", assessor: "A", date: "2026-11-01", decision, justification: "seen the procedure" });
  const manual = control({ assess: { method: "attestation", checks: [], evidence: [], procedure: { ja: "p", en: "p" } } });
  assert.equal(evaluateControl(manual, [], [], null, null).status, "manual");
  assert.equal(evaluateControl(manual, [], [], null, att("pass")).status, "pass");
  assert.equal(evaluateControl(manual, [], [], null, att("fail")).status, "fail");
  assert.equal(evaluateControl(control(), [chk("a", "fail")], [], null, att("pass")).status, "fail");
});

test("evidence failing its rules fails the control; evidence to examine leaves it manual", () => {
  const c = control({ assess: { method: "evidence", checks: [], evidence: ["record-retention"] } });
  assert.equal(evaluateControl(c, [], [{ kind: "record-retention", status: "fail", summary: "7 < 10 years" }], null, null).status, "fail");
  assert.equal(evaluateControl(c, [], [{ kind: "record-retention", status: "manual", summary: "examine" }], null, null).status, "manual");
  assert.equal(evaluateControl(c, [], [{ kind: "record-retention", status: "pass", summary: "ok" }], null, null).status, "pass");
});

const result = (id: string, levels: (1 | 2 | 3)[], status: ControlResult["status"], severity: ControlResult["severity"] = "high"): ControlResult => ({
  id, domain: "SC", title: { ja: id, en: id }, statement: { ja: "", en: "" }, status, levels, severity, phase: "signing",
  method: "automated", checks: [`chk.${id}`], evidence: [], waiver: null, attestation: null, summary: status, refs: [], advisories: [],
});

test("the verdict is cumulative: failing level 1 means highest conformant level 0", () => {
  const v = computeVerdict([result("A", [1, 2, 3], "fail"), result("B", [2, 3], "pass")], 2);
  assert.equal(v.conformant, false);
  assert.equal(v.highestConformantLevel, 0);
  assert.deepEqual(v.byLevel.map((l) => l.conformant), [false, false]);
  assert.deepEqual(v.blocking, ["A"]);
});

test("a level with a failing control is not-conformant; one with only open items is incomplete (判定保留)", () => {
  const failing = computeVerdict([result("A", [1, 2], "pass"), result("B", [2], "fail"), result("C", [2], "manual")], 2);
  assert.deepEqual(failing.byLevel.map((l) => l.state), ["conformant", "not-conformant"]);
  assert.equal(failing.state, "not-conformant");
  const open = computeVerdict([result("A", [1, 2], "pass"), result("C", [2], "manual"), result("D", [2], "error")], 2);
  assert.deepEqual(open.byLevel.map((l) => l.state), ["conformant", "incomplete"]);
  assert.equal(open.state, "incomplete");
  assert.equal(open.conformant, false);
  // Cumulative: a failing level 1 makes the assessed level not-conformant even if L2's own items are only open.
  const lower = computeVerdict([result("A", [1, 2], "fail"), result("C", [2], "manual")], 2);
  assert.equal(lower.state, "not-conformant");
  assert.equal(computeVerdict([result("A", [1, 2], "pass")], 2).state, "conformant");
});

test("pass, not-applicable and waived satisfy a level; manual and error block it", () => {
  const v = computeVerdict([result("A", [1, 2], "pass"), result("B", [1, 2], "waived"), result("C", [1, 2], "not-applicable"), result("D", [2], "manual"), result("E", [2], "error")], 2);
  assert.equal(v.highestConformantLevel, 1);
  assert.deepEqual(v.byLevel[1]!.blocking, ["D", "E"]);
  assert.equal(v.conformant, false);
});

const report = (controls: ControlResult[], fails: Array<[string, string]> = []): Report => ({
  schema: "rssp-audit/report/v1", tool: { name: "rssp-audit", version: "0" },
  assessment: { id: "x", kind: "self-check", target: { name: "t" }, level: 2, intrusive: false, startedAt: "", finishedAt: "", catalog: { version: "1", sha256: "0".repeat(64) }, parameters: {} },
  verdict: computeVerdict(controls, 2), controls,
  checks: fails.map(([id, fp]) => ({ id, family: "csc", title: { ja: id, en: id }, status: "fail", durationMs: 0, summary: "", observations: [], evidence: [], fingerprint: fp })),
  findings: [], evidence: [], logs: [], waivers: [], attestations: [],
});

test("--fail-on counts only blocking controls of that severity or worse", () => {
  const r = report([result("A", [1, 2], "fail", "medium"), result("B", [2], "pass", "critical")]);
  assert.equal(gate(r).failed, true);
  assert.equal(gate(r, { failOn: "high" }).failed, false);
  assert.equal(gate(r, { failOn: "medium" }).failed, true);
});

test("--baseline fails only on regressions: a control that was satisfied, or a new failing fingerprint", () => {
  const old = report([result("A", [1, 2], "fail"), result("B", [1, 2], "pass")], [["chk.A", "fp1"]]);
  const same = report([result("A", [1, 2], "fail"), result("B", [1, 2], "pass")], [["chk.A", "fp1"]]);
  assert.equal(gate(same, { baseline: old }).failed, false, "an old failure is not a regression");
  const worse = report([result("A", [1, 2], "fail"), result("B", [1, 2], "fail")], [["chk.A", "fp1"], ["chk.B", "fp2"]]);
  const d = gate(worse, { baseline: old });
  assert.equal(d.failed, true);
  assert.deepEqual(d.reasons.slice(1).map((r) => r.split(" ")[0]), ["B"]);
  assert.match(d.reasons[0]!, /^not conformant at level 2/);
  const newSubject = report([result("A", [1, 2], "fail"), result("B", [1, 2], "pass")], [["chk.A", "fp-other-subject"]]);
  assert.equal(gate(newSubject, { baseline: old }).failed, true, "the same control failing for a new subject regresses");
});
