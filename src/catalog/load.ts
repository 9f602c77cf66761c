/**
 * Loads controls/*.yaml: schema-validates every file (problems located as file:line:column),
 * then assembles the catalog. Cross-references are checked separately (validate.ts), because
 * they depend on which checks exist.
 */
import { createHash } from "node:crypto";
import { readdirSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { InputError, type Problem } from "../util/errors.ts";
import { loadYamlFile, type LoadedYaml } from "../util/yaml-file.ts";
import { compileSchemaFile, schemaProblems } from "../util/schema.ts";
import type { Catalog, Control, DomainInfo, ParameterDefinition, Profile, Threat } from "./types.ts";
import type { Text } from "../check/types.ts";
import type { Domain, Level } from "../report/types.ts";

/** The catalog shipped with the toolkit. */
export const DEFAULT_CATALOG_DIR = fileURLToPath(new URL("../../controls/", import.meta.url));

const META_FILE = "catalog.yaml";
/** Named readings of the catalog, one file each. */
export const PROFILES_DIR = "profiles";

/** controls/profiles/*.yaml, schema-validated; the file name must be the profile's ID. */
function loadProfiles(root: string, problems: Problem[]): LoadedYaml[] {
  const dir = join(root, PROFILES_DIR);
  let names: string[] = [];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith(".yaml")).sort();
  } catch {
    return [];
  }
  const schema = compileSchemaFile(join(DEFAULT_CATALOG_DIR, "profile.schema.json"));
  const out: LoadedYaml[] = [];
  for (const name of names) {
    try {
      const y = loadYamlFile(join(dir, name));
      if (!schema(y.value)) problems.push(...schemaProblems(schema.errors, y));
      else if ((y.value as { profile: string }).profile !== name.replace(/\.yaml$/, "")) problems.push({ file: y.file, line: 1, message: `profile: must be the file's name (${name.replace(/\.yaml$/, "")})` });
      else out.push(y);
    } catch (error) {
      if (error instanceof InputError) problems.push(...error.problems);
      else throw error;
    }
  }
  return out;
}

interface RawControl extends Omit<Control, "domain" | "threats" | "intrusive" | "parameters" | "notApplicableWhen" | "profiles" | "assess" | "source"> {
  threats?: string[];
  profiles?: string[];
  notApplicableWhen?: string[];
  intrusive?: boolean;
  parameters?: string[];
  assess: { method: Control["assess"]["method"]; checks?: string[]; evidence?: string[]; procedure?: Text };
}

interface RawDomainFile {
  domain?: Domain;
  title: Text;
  description?: Text;
  controls?: RawControl[];
  threats?: Array<Omit<Threat, "source" | "guidelineThreats"> & { guidelineThreats?: string[] }>;
}

interface RawMeta {
  version: string;
  title: Text;
  sources?: Record<string, string>;
  notApplicableReasons?: Record<string, Text>;
  parameters: Record<string, ParameterDefinition>;
}

/** Loads and schema-validates a catalog folder. Throws InputError listing every problem. */
export function loadCatalog(dir: string = DEFAULT_CATALOG_DIR): Catalog {
  const root = resolve(dir);
  let names: string[];
  try {
    names = readdirSync(root).filter((n) => n.endsWith(".yaml") || n.endsWith(".yml")).sort();
  } catch {
    throw new InputError([{ file: root, message: "catalog folder not found or unreadable" }]);
  }
  if (!names.includes(META_FILE)) {
    throw new InputError([{ file: join(root, META_FILE), message: "missing catalog metadata file" }]);
  }
  const problems: Problem[] = [];
  const loaded: LoadedYaml[] = [];
  for (const name of names) {
    try {
      loaded.push(loadYamlFile(join(root, name)));
    } catch (error) {
      if (error instanceof InputError) problems.push(...error.problems);
      else throw error;
    }
  }
  const metaSchema = compileSchemaFile(join(DEFAULT_CATALOG_DIR, "catalog-meta.schema.json"));
  const fileSchema = compileSchemaFile(join(DEFAULT_CATALOG_DIR, "control-file.schema.json"));
  let meta: RawMeta | undefined;
  const domains: DomainInfo[] = [];
  const controls: Control[] = [];
  const threats: Threat[] = [];
  for (const y of loaded) {
    if (basename(y.file) === META_FILE) {
      if (!metaSchema(y.value)) problems.push(...schemaProblems(metaSchema.errors, y));
      else meta = y.value as RawMeta;
      continue;
    }
    if (!fileSchema(y.value)) {
      problems.push(...schemaProblems(fileSchema.errors, y));
      continue;
    }
    const raw = y.value as RawDomainFile;
    if (raw.domain) {
      domains.push({ id: raw.domain, title: raw.title, description: raw.description, file: y.file });
      raw.controls?.forEach((c, i) => controls.push(toControl(c, raw.domain!, y, i)));
    }
    raw.threats?.forEach((t, i) =>
      threats.push({ ...t, guidelineThreats: t.guidelineThreats ?? [], source: { file: y.file, line: y.positionOf(`/threats/${i}`).line } }),
    );
  }
  const profileFiles = loadProfiles(root, problems);
  if (problems.length > 0 || !meta) throw new InputError(problems);
  const hash = createHash("sha256");
  for (const y of loaded) hash.update(basename(y.file)).update("\0").update(y.text).update("\0");
  for (const y of profileFiles) hash.update(`${PROFILES_DIR}/${basename(y.file)}`).update("\0").update(y.text).update("\0");
  const profiles: Record<string, Profile> = {};
  for (const y of profileFiles) {
    const raw = y.value as { profile: string; title: Text; description: Text; levels?: Profile["levels"]; parameters?: Record<string, unknown> };
    const levels = Object.fromEntries(Object.entries(raw.levels ?? {}).map(([id, v]) => [id, { levels: [...v.levels].sort() as Level[], basis: v.basis }]));
    profiles[raw.profile] = { id: raw.profile, title: raw.title, description: raw.description, levels, parameters: raw.parameters ?? {}, source: { file: y.file, line: 1 } };
  }
  return {
    version: meta.version,
    title: meta.title,
    sha256: hash.digest("hex"),
    dir: root,
    sources: meta.sources ?? {},
    notApplicableReasons: meta.notApplicableReasons ?? {},
    parameters: meta.parameters,
    profiles,
    domains: domains.sort((a, b) => a.id.localeCompare(b.id)),
    controls: controls.sort((a, b) => a.id.localeCompare(b.id)),
    threats: threats.sort((a, b) => a.id.localeCompare(b.id)),
  };
}

function toControl(c: RawControl, domain: Domain, y: LoadedYaml, index: number): Control {
  return {
    ...c,
    domain,
    levels: [...c.levels].sort() as Level[],
    threats: c.threats ?? [],
    intrusive: c.intrusive ?? false,
    parameters: c.parameters ?? [],
    notApplicableWhen: c.notApplicableWhen ?? [],
    profiles: c.profiles ?? [],
    assess: { method: c.assess.method, checks: c.assess.checks ?? [], evidence: c.assess.evidence ?? [], procedure: c.assess.procedure },
    source: { file: y.file, line: y.positionOf(`/controls/${index}`).line },
  };
}

/** Default values of the catalog's parameters, overridden by an assessment's own. */
export function resolveParameters(catalog: Catalog, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, def] of Object.entries(catalog.parameters).sort(([a], [b]) => a.localeCompare(b))) out[name] = def.default;
  for (const [name, value] of Object.entries(overrides)) out[name] = value;
  return out;
}

/**
 * The catalog as one profile reads it (pure): its level readings replace the default's for the
 * controls it names (the basis records the profile), and profile-only controls come into force
 * only under a profile that they list. Without a profile: the default reading, which follows the
 * guideline where it speaks. An unknown profile is bad input.
 */
export function applyProfile(catalog: Catalog, name?: string): Catalog {
  if (name === undefined) return { ...catalog, controls: catalog.controls.filter((c) => c.profiles.length === 0) };
  const profile = catalog.profiles[name];
  if (!profile) {
    const known = Object.keys(catalog.profiles).sort();
    throw new InputError(`unknown catalog profile ${name} (known: ${known.join(", ") || "none"})`);
  }
  const controls = catalog.controls
    .filter((c) => c.profiles.length === 0 || c.profiles.includes(name))
    .map((c) => {
      const reading = profile.levels[c.id];
      return reading ? { ...c, levels: reading.levels, levelBasis: { ...reading.basis, profile: name } } : c;
    });
  const parameters = Object.fromEntries(
    Object.entries(catalog.parameters).map(([k, def]) => [k, k in profile.parameters ? { ...def, default: profile.parameters[k] } : def]),
  );
  return { ...catalog, controls, parameters, profile: name };
}
