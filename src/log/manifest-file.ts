/**
 * Reading one manifest of the signed-manifest layout: strict UTF-8 JSON, then the format's JSON
 * Schema (evidence-schemas/log-manifest.schema.json, validated with ajv). A manifest comes from
 * the provider and may be anything: what is wrong with it is one line with the line (and column)
 * where it is, never its content echoed and never a crash.
 */
import type { ValidateFunction } from "ajv";
import { assetPath } from "../util/package-root.ts";
import { compileSchemaFile, schemaProblems } from "../util/schema.ts";

export const MANIFEST_FORMAT = "rssp-log-manifest/v1";
export const MANIFEST_SCHEMA_FILE = assetPath("evidence-schemas", "log-manifest.schema.json");

export interface ManifestEntry {
  file: string;
  sha256: string;
  records: number;
  first: string | null;
  last: string | null;
}

/** A manifest's fields the verifier reads. */
export interface ManifestFields {
  seq: number;
  time: string;
  prev: string;
  files: ManifestEntry[];
}

/** Why bytes are not a manifest: a one-line reason and, where known, the line and column (1-based). */
export interface ManifestProblem {
  message: string;
  line?: number;
  column?: number;
}

let validator: ValidateFunction | undefined;

/** The manifest's fields, or why it is not one. */
export async function parseManifest(bytes: Buffer): Promise<ManifestFields | ManifestProblem> {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return { message: "not valid UTF-8" };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { message: "not valid JSON", ...positionOfJsonError(text, error) };
  }
  validator ??= compileSchemaFile(MANIFEST_SCHEMA_FILE);
  if (!validator(value)) return located(text, validator);
  const m = value as { seq: number; time: string; prev: string; files: Array<Omit<ManifestEntry, "first" | "last"> & { first?: string | null; last?: string | null }> };
  return { seq: m.seq, time: m.time, prev: m.prev, files: m.files.map((e) => ({ file: e.file, sha256: e.sha256, records: e.records, first: e.first ?? null, last: e.last ?? null })) };
}

/** The first schema violation, at its place in the text (the JSON parsed again with positions: only on this error path). */
async function located(text: string, validate: ValidateFunction): Promise<ManifestProblem> {
  let source: Parameters<typeof schemaProblems>[1] = { file: "" };
  try {
    const { parseYaml } = await import("../util/yaml-file.ts"); // JSON is YAML: its positions, by JSON pointer
    source = parseYaml("", text);
  } catch {
    // positions are a help; without them the reason still stands
  }
  const problems = schemaProblems(validate.errors, source);
  const first = problems[0]!;
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : "";
  return { message: `does not follow ${MANIFEST_FORMAT} (evidence-schemas/log-manifest.schema.json): ${first.message}${more}`, line: first.line, column: first.column };
}

/** JSON.parse says where it stopped as a character position (Node 20: "at position N"). */
function positionOfJsonError(text: string, error: unknown): { line?: number; column?: number } {
  const m = /position (\d+)/.exec(error instanceof Error ? error.message : "");
  if (!m) return {};
  const before = text.slice(0, Number(m[1]));
  return { line: before.split("\n").length, column: before.length - before.lastIndexOf("\n") };
}
