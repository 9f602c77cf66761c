/**
 * Waivers and attestations: the assessor's (and approver's) recorded decisions. Both are read and
 * checked before anything is probed: a malformed file, an expired waiver, or a decision about a
 * control or check that does not exist is bad input (exit 2), so a run never silently ignores one.
 */
import { InputError, type Problem } from "../util/errors.ts";
import { loadYamlFile } from "../util/yaml-file.ts";
import { compileSchemaFile, schemaProblems } from "../util/schema.ts";
import type { AttestationRecord, WaiverRecord } from "../report/types.ts";
import { assetPath } from "../util/package-root.ts";

const WAIVERS_SCHEMA = assetPath("evidence-schemas", "waivers.schema.json");
const ATTESTATIONS_SCHEMA = assetPath("evidence-schemas", "attestations.schema.json");

export interface KnownIds {
  controls: Set<string>;
  checks: Set<string>;
}

/** `today` is the assessment date (YYYY-MM-DD): a waiver expiring today is still valid today. */
export function loadWaivers(file: string, known: KnownIds, today: string): WaiverRecord[] {
  const y = loadYamlFile(file);
  const validate = compileSchemaFile(WAIVERS_SCHEMA);
  if (!validate(y.value)) throw new InputError(schemaProblems(validate.errors, y));
  const raw = (y.value as { waivers: Array<Omit<WaiverRecord, "active">> }).waivers;
  const problems: Problem[] = [];
  const ids = new Set<string>();
  raw.forEach((w, i) => {
    const at = { file, ...lineOf(y.positionOf(`/waivers/${i}`)) };
    if (ids.has(w.id)) problems.push({ ...at, message: `waiver ${w.id}: duplicate ID` });
    ids.add(w.id);
    if (w.expires < today) problems.push({ ...at, message: `waiver ${w.id} expired on ${w.expires}: renew or remove it before assessing` });
    if (w.scope.control && !known.controls.has(w.scope.control)) problems.push({ ...at, message: `waiver ${w.id}: unknown control ${w.scope.control}` });
    if (w.scope.check && !known.checks.has(w.scope.check)) problems.push({ ...at, message: `waiver ${w.id}: unknown check ${w.scope.check}` });
  });
  if (problems.length > 0) throw new InputError(problems);
  return raw.map((w) => ({ ...w, active: true }));
}

export function loadAttestations(file: string, known: KnownIds, today: string): AttestationRecord[] {
  const y = loadYamlFile(file);
  const validate = compileSchemaFile(ATTESTATIONS_SCHEMA);
  if (!validate(y.value)) throw new InputError(schemaProblems(validate.errors, y));
  const raw = (y.value as { attestations: AttestationRecord[] }).attestations;
  const problems: Problem[] = [];
  const controls = new Set<string>();
  raw.forEach((a, i) => {
    const at = { file, ...lineOf(y.positionOf(`/attestations/${i}`)) };
    if (!known.controls.has(a.control)) problems.push({ ...at, message: `attestation for unknown control ${a.control}` });
    if (controls.has(a.control)) problems.push({ ...at, message: `a second attestation for ${a.control}: keep one decision per control` });
    controls.add(a.control);
    if (a.date > today) problems.push({ ...at, message: `attestation for ${a.control} is dated in the future (${a.date})` });
    if (a.expires && a.expires < today) problems.push({ ...at, message: `attestation for ${a.control} expired on ${a.expires}: the assessor must decide again` });
  });
  if (problems.length > 0) throw new InputError(problems);
  return raw;
}

function lineOf(pos: { line: number; column: number }): { line: number; column: number } {
  return pos;
}
