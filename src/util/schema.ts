/**
 * JSON Schema validation (ajv + ajv-formats) with problems located in the source file.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";
import { readFileSync } from "node:fs";
import type { LoadedYaml } from "./yaml-file.ts";
import type { Problem } from "./errors.ts";

// ajv-formats is CommonJS; under NodeNext its default export arrives wrapped.
const addFormats = (addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule;

/** A fresh Ajv with formats, all errors, and the strictness official schemas tolerate. */
export function createAjv(options: { strict?: boolean } = {}): Ajv {
  const ajv = new Ajv({ allErrors: true, strict: options.strict ?? false, allowUnionTypes: true });
  (addFormats as unknown as (a: Ajv) => void)(ajv);
  return ajv;
}

const cache = new Map<string, ValidateFunction>();

/** Compiles (once) the JSON Schema stored at `schemaFile`. */
export function compileSchemaFile(schemaFile: string): ValidateFunction {
  let fn = cache.get(schemaFile);
  if (!fn) {
    const schema = JSON.parse(readFileSync(schemaFile, "utf8")) as object;
    fn = createAjv().compile(schema);
    cache.set(schemaFile, fn);
  }
  return fn;
}

/** Turns ajv errors into located problems, keeping the most specific one per location. */
export function schemaProblems(errors: ErrorObject[] | null | undefined, source: LoadedYaml | { file: string }): Problem[] {
  if (!errors) return [];
  const seen = new Set<string>();
  const problems: Problem[] = [];
  // oneOf/anyOf/if wrappers restate what their branches already said; keep the leaves.
  const leaves = errors.filter((e) => !["oneOf", "anyOf", "if", "allOf"].includes(e.keyword));
  for (const e of leaves.length > 0 ? leaves : errors) {
    const where = e.instancePath || "/";
    const message = describeAjvError(e);
    const key = `${where} ${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    // Point at the offending key itself where there is one.
    const extra = e.keyword === "additionalProperties" ? `/${(e.params as { additionalProperty: string }).additionalProperty}` : "";
    const pos = "positionOf" in source ? source.positionOf(e.instancePath + extra) : undefined;
    problems.push({ file: source.file, line: pos?.line, column: pos?.column, message: `${where}: ${message}` });
  }
  return problems;
}

function describeAjvError(e: ErrorObject): string {
  switch (e.keyword) {
    case "additionalProperties":
      return `unknown property "${(e.params as { additionalProperty: string }).additionalProperty}"`;
    case "required":
      return `missing required property "${(e.params as { missingProperty: string }).missingProperty}"`;
    case "enum":
      return `${e.message} (${((e.params as { allowedValues: unknown[] }).allowedValues ?? []).join(", ")})`;
    default:
      return e.message ?? e.keyword;
  }
}
