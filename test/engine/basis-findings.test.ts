/**
 * Judgement by the text (design §3a): the strength of a departure's basis decides fail vs
 * advisory; advisory checks satisfy their control and never block; findings are one per failed
 * or advisory check, classified and numbered stably.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { basis, departuresWithoutBasis, statusByBasis } from "../../src/check/basis.ts";
import type { CheckOutcome, Observation } from "../../src/check/types.ts";
import { evaluateControl } from "../../src/evaluate/control-status.ts";
import { buildFindings } from "../../src/report/findings.ts";
import { computeVerdict } from "../../src/verdict/verdict.ts";
import type { CheckResult, ControlResult } from "../../src/report/types.ts";
import type { Control } from "../../src/catalog/types.ts";

const miss = (strength?: "shall" | "should" | "may" | "guideline"): Observation => ({
  expected: "x", observed: "y", where: "w", ok: false, ...(strength ? { basis: basis("CSC-API-2.0.0.2", "11.6", strength) } : {}),
});
const outcome = (...observations: Observation[]): CheckOutcome => ({ status: "fail", summary: "s", observations });

test("a fail resting only on SHOULD or MAY text becomes advisory; SHALL or guideline text keeps it a fail", () => {
  assert.equal(statusByBasis(outcome(miss("should"))), "advisory");
  assert.equal(statusByBasis(outcome(miss("may"), miss("should"))), "advisory");
  assert.equal(statusByBasis(outcome(miss("should"), miss("shall"))), "fail");
  assert.equal(statusByBasis(outcome(miss("guideline"))), "fail");
  // A departure that names no basis keeps the check's word, and is reported as a defect.
  assert.equal(statusByBasis(outcome(miss())), "fail");
  assert.equal(departuresWithoutBasis(outcome(miss(), miss("shall"))).length, 1);
  assert.equal(statusByBasis({ status: "pass", summary: "", observations: [miss("should")] }), "pass");
});

const control = (id: string, checks: string[], severity: Control["severity"] = "high"): Control =>
  ({ id, domain: "SC", title: { ja: id, en: id }, statement: { ja: "", en: "" }, levels: [1, 2], severity, phase: "signing", threats: [], assess: { method: "automated", checks, evidence: [] }, refs: [] }) as unknown as Control;

test("a control with only pass and advisory checks is satisfied and carries its advisories", () => {
  const e = evaluateControl(control("SC-1", ["a", "b"]), [
    { id: "a", status: "pass", summary: "", unassessed: false },
    { id: "b", status: "advisory", summary: "departs from a SHOULD", unassessed: false },
  ], [], null, null);
  assert.equal(e.status, "pass");
  assert.deepEqual(e.advisories, ["b"]);
  const only = evaluateControl(control("SC-2", ["b"]), [{ id: "b", status: "advisory", summary: "", unassessed: false }], [], null, null);
  assert.equal(only.status, "pass", "an advisory check alone still shows the requirement holds");
});

const result = (id: string, status: ControlResult["status"], checks: string[], severity: ControlResult["severity"] = "high", advisories: string[] = []): ControlResult => ({
  id, domain: "SC", title: { ja: id, en: id }, statement: { ja: "", en: "" }, status, advisories, levels: [1, 2], severity, phase: "signing",
  method: "automated", checks, evidence: [], waiver: null, attestation: null, summary: `${id} ${status}`, refs: [],
});
const check = (id: string, status: CheckResult["status"], fp = id): CheckResult => ({
  id, family: "csc", title: { ja: id, en: id }, status, durationMs: 0, summary: `${id} ${status}`,
  observations: status === "fail" || status === "advisory" ? [miss(status === "fail" ? "shall" : "should")] : [], evidence: [], fingerprint: fp,
});

test("one finding per failed check, listing every control it affects; classified by severity; numbered stably", () => {
  const controls = [
    result("SC-01", "fail", ["csc.a"], "medium"),
    result("SC-02", "fail", ["csc.a", "csc.b"], "critical"),
    result("SC-03", "fail", ["csc.c"], "low"),
    result("SC-04", "pass", ["csc.d"], "high", ["csc.d"]),
    result("SC-05", "manual", ["csc.e"], "high"),
    result("SC-06", "waived", ["csc.f"], "high"),
  ];
  const checks = [check("csc.a", "fail"), check("csc.b", "pass"), check("csc.c", "fail"), check("csc.d", "advisory"), check("csc.e", "manual"), check("csc.f", "fail")];
  const verdict = computeVerdict(controls, 2);
  const findings = buildFindings(controls, checks, new Set(verdict.blocking));
  const byCheck = new Map(findings.map((f) => [f.check ?? f.controls[0], f]));
  assert.deepEqual(byCheck.get("csc.a")!.controls, ["SC-01", "SC-02"], "one finding for a check that fails two controls");
  assert.equal(byCheck.get("csc.a")!.class, "major", "critical SC-02 makes it major");
  assert.equal(byCheck.get("csc.c")!.class, "minor");
  assert.equal(byCheck.get("csc.d")!.class, "observation");
  assert.equal(byCheck.get("csc.d")!.blocking, false);
  assert.equal(byCheck.get("SC-05")!.class, "incomplete");
  assert.equal(byCheck.has("csc.f"), false, "a waived control's failing check is not a nonconformity");
  assert.deepEqual(findings.map((f) => f.id), ["NC-01", "NC-02", "OB-01", "IN-01"]);
  assert.deepEqual(byCheck.get("csc.a")!.basis, [basis("CSC-API-2.0.0.2", "11.6", "shall")]);
  // Same findings, other input order: same numbers.
  const again = buildFindings([...controls].reverse(), [...checks].reverse(), new Set(verdict.blocking));
  assert.deepEqual(again.map((f) => `${f.id} ${f.check ?? f.controls[0]}`), findings.map((f) => `${f.id} ${f.check ?? f.controls[0]}`));
});
