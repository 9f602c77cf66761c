/**
 * Cross-reference validation of a loaded catalog against the checks and evidence schemas that
 * exist. Schema problems are caught by load.ts; this finds what a schema cannot see.
 *
 * A check ID in a family that has no built check yet is *planned* (a note, not an error): the
 * catalog may run ahead of the code. Once a family has checks, an unknown ID in it is an error.
 * The same holds for evidence kinds until the first evidence schema exists.
 */
import { existsSync, readdirSync } from "node:fs";
import { resolve } from "node:path";
import { DEFAULT_CATALOG_DIR } from "./load.ts";
import type { Problem } from "../util/errors.ts";
import type { CheckIndex, Registry } from "../check/registry.ts";
import type { Check, CheckFamily } from "../check/types.ts";
import type { Catalog } from "./types.ts";
import { assetPath } from "../util/package-root.ts";

export const EVIDENCE_SCHEMAS_DIR = assetPath("evidence-schemas") + "/";

/** Schemas in evidence-schemas/ that are not evidence document kinds. */
const NON_KIND_SCHEMAS = new Set(["assessment", "report", "audit-log", "log-manifest", "waivers", "attestations", "evidence-common"]);

export interface CatalogValidation {
  errors: Problem[];
  /** Checks or evidence kinds named by the catalog that are not built yet. */
  planned: Array<{ kind: "check" | "evidence"; id: string; controls: string[] }>;
  counts: { controls: number; threats: number; checksBuilt: number; checksNamed: number };
}

/** Evidence document kinds that have a schema in evidence-schemas/. */
export function evidenceKinds(dir: string = EVIDENCE_SCHEMAS_DIR): Set<string> {
  if (!existsSync(dir)) return new Set();
  return new Set(
    readdirSync(dir)
      .filter((n) => n.endsWith(".schema.json"))
      .map((n) => n.replace(/\.schema\.json$/, ""))
      .filter((k) => !NON_KIND_SCHEMAS.has(k)),
  );
}

/**
 * `requireAllChecksUsed`: a built check no control names is an error for the shipped catalog (it
 * would be dead code); a custom catalog may deliberately use a subset.
 */
export function validateCatalog(
  catalog: Catalog,
  registry: CheckIndex,
  kinds: Set<string> = evidenceKinds(),
  requireAllChecksUsed = catalog.dir === resolve(DEFAULT_CATALOG_DIR),
): CatalogValidation {
  const errors: Problem[] = [];
  const at = (s: { file: string; line: number }, message: string): Problem => ({ file: s.file, line: s.line, message });

  const seen = new Map<string, { file: string; line: number }>();
  for (const item of [...catalog.controls, ...catalog.threats]) {
    const first = seen.get(item.id);
    if (first) errors.push(at(item.source, `duplicate ID ${item.id} (first defined at ${first.file}:${first.line})`));
    else seen.set(item.id, item.source);
  }
  const controlIds = new Set(catalog.controls.map((c) => c.id));
  const threatIds = new Set(catalog.threats.map((t) => t.id));

  const namedChecks = new Map<string, string[]>();
  const namedKinds = new Map<string, string[]>();
  for (const c of catalog.controls) {
    for (const level of c.levels) {
      if (![1, 2, 3].includes(level)) errors.push(at(c.source, `${c.id}: level ${level} is outside 1–3`));
    }
    for (const t of c.threats) if (!threatIds.has(t)) errors.push(at(c.source, `${c.id}: unknown threat ${t}`));
    for (const p of c.parameters) if (!(p in catalog.parameters)) errors.push(at(c.source, `${c.id}: unknown parameter ${p}`));
    for (const p of c.profiles) if (!(p in catalog.profiles)) errors.push(at(c.source, `${c.id}: profiles names ${p}, which has no file in controls/profiles/`));
    if (requireAllChecksUsed && !c.levelBasis) errors.push(at(c.source, `${c.id}: levelBasis missing (where its levels come from: guideline, derived or external)`));
    for (const r of c.notApplicableWhen) if (!(r in catalog.notApplicableReasons)) errors.push(at(c.source, `${c.id}: notApplicableWhen names ${r}, which catalog.yaml notApplicableReasons does not define`));
    for (const id of c.assess.checks) namedChecks.set(id, [...(namedChecks.get(id) ?? []), c.id]);
    for (const k of c.assess.evidence) {
      namedKinds.set(k, [...(namedKinds.get(k) ?? []), c.id]);
      // An evidence kind is assessed by the check evidence.<kind>: naming the kind names the check.
      namedChecks.set(`evidence.${k}`, [...(namedChecks.get(`evidence.${k}`) ?? []), c.id]);
    }
    if (c.levelBasis?.source && Object.keys(catalog.sources).length > 0 && !(c.levelBasis.source in catalog.sources)) errors.push(at(c.source, `${c.id}: levelBasis source ${c.levelBasis.source} is not listed in catalog.yaml sources`));
    for (const r of c.refs) {
      if (Object.keys(catalog.sources).length > 0 && !(r.source in catalog.sources)) {
        errors.push(at(c.source, `${c.id}: reference source ${r.source} is not listed in catalog.yaml sources`));
      }
    }
  }
  for (const profile of Object.values(catalog.profiles)) {
    for (const [id, reading] of Object.entries(profile.levels)) {
      if (!controlIds.has(id)) errors.push(at(profile.source, `profile ${profile.id}: levels names unknown control ${id}`));
      for (const level of reading.levels) if (![1, 2, 3].includes(level)) errors.push(at(profile.source, `profile ${profile.id}: ${id} level ${level} is outside 1–3`));
      if (reading.basis.source && Object.keys(catalog.sources).length > 0 && !(reading.basis.source in catalog.sources)) errors.push(at(profile.source, `profile ${profile.id}: ${id} basis source ${reading.basis.source} is not listed in catalog.yaml sources`));
    }
    for (const p of Object.keys(profile.parameters)) if (!(p in catalog.parameters)) errors.push(at(profile.source, `profile ${profile.id}: unknown parameter ${p}`));
  }
  for (const t of catalog.threats) {
    for (const m of t.mitigatedBy) if (!controlIds.has(m)) errors.push(at(t.source, `${t.id}: mitigatedBy names unknown control ${m}`));
  }

  const planned: CatalogValidation["planned"] = [];
  for (const [id, controls] of [...namedChecks].sort(([a], [b]) => a.localeCompare(b))) {
    if (registry.byId.has(id)) continue;
    const family = id.split(".")[0] as CheckFamily;
    // evidence.<kind> for a kind without a schema is reported once, as a planned evidence kind.
    if (family === "evidence" && !kinds.has(id.slice("evidence.".length))) continue;
    if (registry.builtFamilies.has(family)) {
      const c = catalog.controls.find((x) => x.id === controls[0])!;
      errors.push(at(c.source, `${controls.join(", ")}: unknown check ${id} (family "${family}" has no such check)`));
    } else planned.push({ kind: "check", id, controls });
  }
  for (const check of requireAllChecksUsed ? registry.checks : []) {
    if (!namedChecks.has(check.id)) errors.push({ file: `checks/${check.family}`, message: `check ${check.id} is not named by any control` });
  }
  // Which parameters a check reads is known only once its module is loaded (a full Registry, as
  // `catalog validate`, assess and evaluate use); the file-name index of `catalog list` cannot say.
  if (isLoaded(registry)) errors.push(...parameterProblems(catalog, registry, requireAllChecksUsed));
  for (const [kind, controls] of [...namedKinds].sort(([a], [b]) => a.localeCompare(b))) {
    if (kinds.has(kind)) continue;
    if (kinds.size > 0) {
      const c = catalog.controls.find((x) => x.id === controls[0])!;
      errors.push(at(c.source, `${controls.join(", ")}: evidence kind ${kind} has no schema in evidence-schemas/`));
    } else planned.push({ kind: "evidence", id: kind, controls });
  }
  return {
    errors,
    planned,
    counts: {
      controls: catalog.controls.length,
      threats: catalog.threats.length,
      checksBuilt: registry.checks.length,
      checksNamed: namedChecks.size,
    },
  };
}

/**
 * Every parameter is live: some built check declares it reads it (`parameters` in defineCheck;
 * evidence checks declare their rules'), every declared name is a catalog parameter, and a
 * parameter a control lists is read by one of that control's own checks. An inert parameter —
 * one whose setting changes nothing — is an error, not a note.
 */
function isLoaded(index: CheckIndex): index is Registry {
  return index.checks.every((c) => typeof (c as Partial<Check>).run === "function");
}

export function parameterProblems(catalog: Catalog, registry: Registry, shipped = true): Problem[] {
  const errors: Problem[] = [];
  const readers = new Map<string, string[]>();
  for (const check of registry.checks) {
    for (const p of check.parameters ?? []) {
      readers.set(p, [...(readers.get(p) ?? []), check.id]);
      // A custom catalog may leave out parameters of checks it does not use: the code's defaults apply.
      if (shipped && !(p in catalog.parameters)) errors.push({ file: `checks/${check.family}`, message: `check ${check.id} declares parameter ${p}, which controls/catalog.yaml does not define` });
    }
  }
  for (const name of Object.keys(catalog.parameters).sort()) {
    if (!readers.has(name)) errors.push({ file: `${catalog.dir}/catalog.yaml`, message: `parameter ${name} is read by no check or evidence rule (setting it would change nothing): remove it or declare the check that reads it` });
  }
  for (const c of catalog.controls) {
    const own = new Set([...c.assess.checks, ...c.assess.evidence.map((k) => `evidence.${k}`)]);
    for (const p of c.parameters) {
      if (!(p in catalog.parameters)) continue;
      if (!(readers.get(p) ?? []).some((id) => own.has(id))) {
        errors.push({ file: c.source.file, line: c.source.line, message: `${c.id}: lists parameter ${p}, but none of its checks reads it (read by ${(readers.get(p) ?? ["nothing"]).join(", ")})` });
      }
    }
  }
  return errors;
}
