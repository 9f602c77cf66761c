/** The control catalog as the engine sees it, after loading and schema validation. */
import type { Text } from "../check/types.ts";
import type { Domain, Level, LevelBasis, Method, Severity } from "../report/types.ts";

export type Basis = "verified" | "cited" | "unverified" | "seed";

export interface Ref {
  source: string;
  clause?: string;
  basis: Basis;
  note?: string;
}

export interface Control {
  id: string;
  domain: Domain;
  title: Text;
  statement: Text;
  levels: Level[];
  /** Where `levels` come from (absent only in custom catalogs). `profile` is set when a profile changed them. */
  levelBasis?: LevelBasis;
  /** Profile-only control: in force only under these catalog profiles; empty: under every profile. */
  profiles: string[];
  severity: Severity;
  phase: "registration" | "signing" | "suspension" | "operation";
  threats: string[];
  intrusive: boolean;
  parameters: string[];
  /** Catalog reasons (notApplicableReasons) that may make it not-applicable; empty: never. */
  notApplicableWhen: string[];
  assess: {
    method: Method;
    checks: string[];
    evidence: string[];
    procedure?: Text;
  };
  refs: Ref[];
  effective?: string;
  retired?: string;
  /** Where it is defined, for error messages. */
  source: { file: string; line: number };
}

export interface Threat {
  id: string;
  title: Text;
  statement?: Text;
  phase: "registration" | "signing" | "insider" | "suspension";
  guidelineThreats: string[];
  mitigatedBy: string[];
  refs: Ref[];
  source: { file: string; line: number };
}

export interface DomainInfo {
  id: Domain;
  title: Text;
  description?: Text;
  file: string;
}

/** A named reading of the catalog (controls/profiles/<id>.yaml) an assessment selects. */
export interface Profile {
  id: string;
  title: Text;
  description: Text;
  /** Controls whose levels this reading replaces, with the basis of the new levels. */
  levels: Record<string, { levels: Level[]; basis: LevelBasis }>;
  /** Parameter defaults of this reading. */
  parameters: Record<string, unknown>;
  source: { file: string; line: number };
}

export interface ParameterDefinition {
  default: unknown;
  description: string;
  sources?: string[];
}

export interface Catalog {
  version: string;
  title: Text;
  /** SHA-256 over the catalog's files (sorted by name, each as name NUL bytes NUL). */
  sha256: string;
  dir: string;
  sources: Record<string, string>;
  /** Absent features that may make a control not-applicable, by ID. */
  notApplicableReasons: Record<string, Text>;
  parameters: Record<string, ParameterDefinition>;
  /** Named readings (controls/profiles/*.yaml), by ID. */
  profiles: Record<string, Profile>;
  /** The profile applied (applyProfile), if any. */
  profile?: string;
  domains: DomainInfo[];
  /** Sorted by ID. */
  controls: Control[];
  /** Sorted by ID. */
  threats: Threat[];
}
