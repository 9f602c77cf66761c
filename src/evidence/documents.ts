/**
 * Evidence documents: the YAML or JSON files an assessor collects into the evidence folder, each
 * declaring its `kind` (evidence-schemas/<kind>.schema.json), `collected`, optional `expires`, and
 * attachments with SHA-256 digests. Documents come from the provider: every one is schema-checked
 * (problems located as file:line:column) and every attachment's digest recomputed.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import type { ValidateFunction } from "ajv";
import { createAjv, schemaProblems } from "../util/schema.ts";
import { parseYaml, type LoadedYaml } from "../util/yaml-file.ts";
import { InputError, describeError, type Problem } from "../util/errors.ts";
import { assetPath } from "../util/package-root.ts";
import { decodeUtf8, readInputBytes, sha256File } from "../util/input-file.ts";

export const SCHEMAS_DIR = assetPath("evidence-schemas") + "/";
export const EVIDENCE_KINDS: Record<string, [string, string]> = JSON.parse(readFileSync(assetPath("src", "evidence", "kinds.json"), "utf8")) as Record<string, [string, string]>;

export interface EvidenceDocument {
  /** Absolute path. */
  file: string;
  /** Path relative to the evidence folder (for reports). */
  name: string;
  kind: string;
  sha256: string;
  value: Record<string, unknown>;
  source: LoadedYaml;
  /** Schema violations and attachment problems (file:line). */
  problems: Problem[];
}

let validators: Map<string, ValidateFunction> | undefined;

function validatorFor(kind: string): ValidateFunction | undefined {
  if (!validators) {
    const ajv = createAjv();
    ajv.addSchema(JSON.parse(readFileSync(join(SCHEMAS_DIR, "evidence-common.schema.json"), "utf8")) as object);
    validators = new Map(Object.keys(EVIDENCE_KINDS).map((k) => [k, ajv.compile(JSON.parse(readFileSync(join(SCHEMAS_DIR, `${k}.schema.json`), "utf8")) as object)]));
  }
  return validators.get(kind);
}

/** Every .yaml/.yml/.json file under `dir`, sorted. */
function evidenceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (name.startsWith(".")) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...evidenceFiles(path));
    else if (/\.(ya?ml|json)$/i.test(name)) out.push(path);
  }
  return out;
}

/** Loads and checks every document. A missing folder is bad input; a bad document is a finding. */
export function loadEvidence(dir: string): EvidenceDocument[] {
  const root = resolve(dir);
  if (!existsSync(root) || !statSync(root).isDirectory()) throw new InputError([{ file: root, message: "evidence folder not found" }]);
  return evidenceFiles(root).map((file) => loadDocument(root, file));
}

function loadDocument(root: string, file: string): EvidenceDocument {
  const name = relative(root, file).split("\\").join("/");
  let bytes: Buffer = Buffer.alloc(0);
  let source: LoadedYaml;
  try {
    bytes = readInputBytes(file);
    source = parseYaml(file, decodeUtf8(file, bytes));
  } catch (error) {
    const problems = error instanceof InputError ? error.problems : [{ file, message: describeError(error) }];
    return { file, name, kind: "unknown", sha256: bytes.length > 0 ? sha256Of(bytes) : (sha256File(file) ?? sha256Of(bytes)), value: {}, source: { file, text: "", value: null, positionOf: () => ({ line: 1, column: 1 }) }, problems };
  }
  const sha256 = sha256Of(bytes);
  const value = (source.value && typeof source.value === "object" ? source.value : {}) as Record<string, unknown>;
  const kind = typeof value.kind === "string" ? value.kind : "unknown";
  const validate = validatorFor(kind);
  const problems: Problem[] = [];
  if (!validate) {
    problems.push({ file, ...source.positionOf("/kind"), message: `unknown evidence kind "${kind}" (known: ${Object.keys(EVIDENCE_KINDS).join(", ")})` });
  } else if (!validate(value)) {
    problems.push(...schemaProblems(validate.errors, source));
  }
  const attachments = Array.isArray(value.attachments) ? (value.attachments as Array<{ file?: unknown; sha256?: unknown }>) : [];
  attachments.forEach((a, i) => {
    if (typeof a.file !== "string" || typeof a.sha256 !== "string") return;
    const path = resolve(dirname(file), a.file);
    if (!path.startsWith(root)) return void problems.push({ file, ...source.positionOf(`/attachments/${i}`), message: `attachment ${a.file} lies outside the evidence folder` });
    if (!existsSync(path)) return void problems.push({ file, ...source.positionOf(`/attachments/${i}`), message: `attachment ${a.file} is missing` });
    const digest = createHash("sha256").update(readFileSync(path)).digest("hex");
    if (digest !== a.sha256) problems.push({ file, ...source.positionOf(`/attachments/${i}/sha256`), message: `attachment ${a.file}: sha256 ${digest.slice(0, 16)}… does not match the recorded ${a.sha256.slice(0, 16)}…` });
  });
  return { file, name, kind, sha256, value, source, problems };
}

function sha256Of(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}
