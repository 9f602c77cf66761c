/**
 * Plan: which controls apply at the assessed level, which checks they name, and for each check
 * whether it will run — or why not (not built, needs the target cannot meet, intrusive).
 * Pure: no I/O.
 */
import type { Capability, Check, Target } from "../check/types.ts";
import type { Catalog, Control } from "../catalog/types.ts";
import type { Registry } from "../check/registry.ts";
import type { Level } from "../report/types.ts";

/** Why a named check will not run. */
export type SkipReason =
  | { kind: "not-built" }
  | { kind: "unmet-needs"; missing: Capability[] }
  | { kind: "intrusive" }
  | { kind: "excluded"; by: "only" | "skip" };

export type PlannedCheck =
  | { id: string; run: true; check: Check }
  | { id: string; run: false; check?: Check; skip: SkipReason };

export interface Plan {
  level: Level;
  /** Controls required at any level up to the assessed one (for the per-level verdict), by ID. */
  controls: Control[];
  /** Every check those controls name, by ID. */
  checks: PlannedCheck[];
}

/** What the target configuration provides, as capabilities. */
export function capabilitiesOf(target: Target): Set<Capability> {
  const caps = new Set<Capability>();
  const signers = target.csc?.signers ?? [];
  if (target.csc) caps.add("csc");
  if (signers.some((s) => s.password || s.pin)) caps.add("csc.signer");
  // A code typed at the prompt or printed by a command counts too: without a terminal the checks run and say `manual`.
  if (signers.some((s) => s.totpSecret || s.otp)) caps.add("csc.signer.otp");
  // A SCAL 2 authorization needs a second factor: a one-time code, or a push approval on the signer's device.
  if (signers.some((s) => s.totpSecret || s.otp || s.approval)) caps.add("csc.signer.second-factor");
  if (signers.length >= 2) caps.add("csc.signers.2");
  if (target.hsm) caps.add("hsm");
  if (target.logs.length > 0) caps.add("log");
  if (target.trustAnchors.length > 0) caps.add("trustAnchors");
  if (target.evidenceDir) caps.add("evidence");
  return caps;
}

export function planAssessment(
  catalog: Catalog,
  registry: Registry,
  target: Target,
  options: { level: Level; intrusive: boolean; only?: string[]; skip?: string[]; date?: string },
): Plan {
  const date = options.date ?? new Date().toISOString().slice(0, 10);
  const inForce = (c: Control) => (!c.effective || c.effective <= date) && (!c.retired || c.retired > date);
  const controls = catalog.controls.filter((c) => inForce(c) && c.levels.some((l) => l <= options.level));
  const caps = capabilitiesOf(target);
  const ids = [...new Set(controls.flatMap((c) => [...c.assess.checks, ...c.assess.evidence.map(evidenceCheckId)]))].sort();
  const checks = ids.map((id): PlannedCheck => {
    const check = registry.byId.get(id);
    if (!check) return { id, run: false, skip: { kind: "not-built" } };
    if (options.only?.length && !options.only.some((p) => matches(id, p))) return { id, run: false, check, skip: { kind: "excluded", by: "only" } };
    if (options.skip?.some((p) => matches(id, p))) return { id, run: false, check, skip: { kind: "excluded", by: "skip" } };
    const missing = check.needs.filter((n) => !caps.has(n));
    if (missing.length > 0) return { id, run: false, check, skip: { kind: "unmet-needs", missing } };
    if (check.intrusive && !options.intrusive) return { id, run: false, check, skip: { kind: "intrusive" } };
    return { id, run: true, check };
  });
  return { level: options.level, controls, checks };
}

/** The check that assesses an evidence document kind. */
export function evidenceCheckId(kind: string): string {
  return `evidence.${kind}`;
}

/** `csc.sad.*` style prefix patterns, or exact IDs. */
function matches(id: string, pattern: string): boolean {
  return pattern.endsWith("*") ? id.startsWith(pattern.slice(0, -1)) : id === pattern;
}

/** One line explaining a skip, for the check's summary. */
export function describeSkip(skip: SkipReason): string {
  switch (skip.kind) {
    case "not-built":
      return "this check is not built yet: the assessor must judge what it would test";
    case "unmet-needs":
      return `the assessment configuration does not provide ${skip.missing.join(", ")}`;
    case "intrusive":
      return "intrusive probe (lock-out, key generation or revocation): run with --intrusive to include it";
    case "excluded":
      return `excluded by the configuration's checks.${skip.by} list`;
  }
}
