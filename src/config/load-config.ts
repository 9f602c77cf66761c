/**
 * Loads assessment.yaml (design §4): schema-validated with file:line problems, relative paths
 * resolved against the config file, secrets resolved from env:/file: into memory only.
 */
import { dirname, resolve } from "node:path";
import { existsSync, readFileSync } from "node:fs";
import { InputError, describeError, type Problem } from "../util/errors.ts";
import { loadYamlFile } from "../util/yaml-file.ts";
import { compileSchemaFile, schemaProblems } from "../util/schema.ts";
import { resolveSecret } from "./secrets.ts";
import type { Secret, SignerAccount, Target } from "../check/types.ts";
import type { LoginRecipe, RecipeStep } from "../oauth/login-driver.ts";
import type { FORMAL_FIELDS, Level, Report } from "../report/types.ts";
import { assetPath } from "../util/package-root.ts";
import { readInputText } from "../util/input-file.ts";
import { parseKeptHead } from "../log/format.ts";
import { DEFAULT_COMMAND_TIMEOUT_SECONDS, DEFAULT_PROMPT_TIMEOUT_SECONDS, type ApprovalConfig, type OtpSourceConfig } from "../csc/otp-source.ts";

export const ASSESSMENT_SCHEMA = assetPath("evidence-schemas", "assessment.schema.json");

/** assessment.yaml as written (after schema validation). */
export interface RawAssessmentConfig {
  assessment?: {
    id?: string;
    kind?: "new" | "annual" | "change" | "self-check";
    assessor?: string;
  } & Pick<Report["assessment"], (typeof FORMAL_FIELDS)[number]>;
  target: {
    name: string;
    csc?: {
      baseUrl: string;
      tlsCa?: string;
      timeoutMs?: number;
      rateLimitPerSecond?: number;
      maxResponseBytes?: number;
      signers?: Array<{ id: string; username: string; password?: string; pin?: string; totpSecret?: string; otp?: RawOtpSource; approval?: RawApproval }>;
      oauth2?: {
        clientId: string;
        clientSecret: string;
        redirectUri: string;
        recipe: string;
        signers: Array<{ id: string; username: string; password: string; totpSecret?: string; otp?: RawOtpSource }>;
      };
    };
    hsm?: { module: string; token: string; pin: string; environment?: Record<string, string> };
    logs?: Array<{ file: string; layout?: "chained" | "timestamped-files" | "signed-manifest"; tokenName?: string; cert?: string; expectHead?: string | null; tsaTrustAnchors?: string[] }>;
    trustAnchors?: string[];
  };
  level: Level;
  evidence?: string;
  waivers?: string;
  attestations?: string;
  parameters?: Record<string, unknown>;
  /** A catalog profile name (controls/profiles/<name>.yaml). */
  profile?: string;
  scope?: { excludedCredentials?: Array<{ id: string; reason: string; instrument?: boolean }> };
  checks?: { concurrency?: number; timeoutMs?: number; only?: string[]; skip?: string[] };
  outputs?: { dir?: string; formats?: string[]; lang?: "ja" | "en"; tsa?: { url: string; username?: string; password?: string; timeoutSeconds?: number } };
}

/** `otp:` of a signer: `prompt`, `{ prompt: true, timeoutSeconds }` or `{ command, timeoutSeconds }`. */
type RawOtpSource = "prompt" | { prompt: true; timeoutSeconds?: number } | { command: string; timeoutSeconds?: number };
type RawApproval = "prompt" | { prompt: true; timeoutSeconds?: number } | { command: string; timeoutSeconds?: number };

function otpSource(raw: RawOtpSource | undefined): OtpSourceConfig | undefined {
  if (raw === undefined) return undefined;
  if (raw === "prompt") return { kind: "prompt", timeoutSeconds: DEFAULT_PROMPT_TIMEOUT_SECONDS };
  if ("command" in raw) return { kind: "command", command: raw.command, timeoutSeconds: raw.timeoutSeconds ?? DEFAULT_COMMAND_TIMEOUT_SECONDS };
  return { kind: "prompt", timeoutSeconds: raw.timeoutSeconds ?? DEFAULT_PROMPT_TIMEOUT_SECONDS };
}

function approvalSource(raw: RawApproval | undefined): ApprovalConfig | undefined {
  if (raw === undefined) return undefined;
  if (raw !== "prompt" && "command" in raw) return { kind: "command", command: raw.command, timeoutSeconds: raw.timeoutSeconds ?? DEFAULT_COMMAND_TIMEOUT_SECONDS };
  return { kind: "prompt", timeoutSeconds: raw === "prompt" ? DEFAULT_PROMPT_TIMEOUT_SECONDS : (raw.timeoutSeconds ?? DEFAULT_PROMPT_TIMEOUT_SECONDS) };
}

/** The configuration with everything resolved. */
export interface AssessmentConfig {
  file: string;
  dir: string;
  raw: RawAssessmentConfig;
  target: Target;
  /** CSC client settings that are not part of the check-facing Target. */
  csc: { timeoutMs: number; rateLimitPerSecond: number; maxResponseBytes: number };
  level: Level;
  evidenceDir?: string;
  waiversFile?: string;
  attestationsFile?: string;
  /** outputs.tsa: the TSA that time-stamps the signed PDF (PAdES B-T); the password stays a Secret. */
  tsa?: TsaConfig;
}

export interface TsaConfig {
  url: string;
  username?: string;
  password?: Secret;
  timeoutMs: number;
}

/** How long a TSA may take unless outputs.tsa.timeoutSeconds says otherwise. */
const DEFAULT_TSA_TIMEOUT_SECONDS = 15;

export function loadAssessmentConfig(file: string): AssessmentConfig {
  const path = resolve(file);
  const y = loadYamlFile(path);
  const validate = compileSchemaFile(ASSESSMENT_SCHEMA);
  if (!validate(y.value)) throw new InputError(schemaProblems(validate.errors, y));
  const raw = y.value as RawAssessmentConfig;
  const dir = dirname(path);
  const problems: Problem[] = [];
  const attempt = <T>(fn: () => T): T | undefined => {
    try {
      return fn();
    } catch (error) {
      if (error instanceof InputError) problems.push(...error.problems.map((p) => ({ ...p, file: p.file ?? path })));
      else throw error;
      return undefined;
    }
  };
  const readPem = (ref: string, where: string): string | undefined =>
    attempt(() => {
      const p = resolve(dir, ref.startsWith("file:") ? ref.slice(5) : ref);
      try {
        return readInputText(p);
      } catch (error) {
        throw new InputError(`${where}: cannot read ${p}: ${error instanceof InputError ? error.problems[0]!.message : describeError(error)}`);
      }
    });
  const secret = (ref: string | undefined, where: string) => (ref ? attempt(() => resolveSecret(ref, dir, where)) : undefined);

  const t = raw.target;
  const signers: SignerAccount[] = (t.csc?.signers ?? []).map((s, i) => ({
    id: s.id,
    username: s.username,
    password: secret(s.password, `target.csc.signers[${i}].password`),
    pin: secret(s.pin, `target.csc.signers[${i}].pin`),
    totpSecret: secret(s.totpSecret, `target.csc.signers[${i}].totpSecret`),
    ...(s.otp !== undefined ? { otp: otpSource(s.otp)! } : {}),
    ...(s.approval !== undefined ? { approval: approvalSource(s.approval)! } : {}),
  }));
  const target: Target = {
    name: t.name,
    csc: t.csc
      ? {
          baseUrl: t.csc.baseUrl.replace(/\/+$/, ""),
          tlsCa: t.csc.tlsCa ? readPem(t.csc.tlsCa, "target.csc.tlsCa") : undefined,
          signers,
          client: cscClientSettings(t.csc),
          ...(t.csc.oauth2
            ? {
                oauth2: {
                  clientId: t.csc.oauth2.clientId,
                  clientSecret: secret(t.csc.oauth2.clientSecret, "target.csc.oauth2.clientSecret")!,
                  redirectUri: t.csc.oauth2.redirectUri,
                  recipe: attempt(() => loadRecipe(resolve(dir, t.csc!.oauth2!.recipe))) ?? { steps: [] },
                  signers: t.csc.oauth2.signers.map((s, i) => ({
                    id: s.id,
                    username: s.username,
                    password: secret(s.password, `target.csc.oauth2.signers[${i}].password`),
                    totpSecret: secret(s.totpSecret, `target.csc.oauth2.signers[${i}].totpSecret`),
                    ...(s.otp !== undefined ? { otp: otpSource(s.otp)! } : {}),
                  })),
                },
              }
            : {}),
        }
      : undefined,
    hsm: t.hsm
      ? {
          module: t.hsm.module,
          token: t.hsm.token,
          pin: secret(t.hsm.pin, "target.hsm.pin")!,
          environment: resolveEnvironmentPaths(t.hsm.environment, dir),
        }
      : undefined,
    logs: (t.logs ?? []).map((l, i) => {
      const logFile = resolve(dir, l.file);
      if (!existsSync(logFile)) problems.push({ file: path, message: `target.logs[${i}].file: ${logFile} does not exist` });
      const expectHead = l.expectHead ? parseKeptHead(l.expectHead) : undefined;
      return {
        file: logFile,
        ...(l.layout ? { layout: l.layout } : {}),
        ...(l.tokenName ? { tokenName: l.tokenName } : {}),
        cert: l.cert ? readPem(l.cert, `target.logs[${i}].cert`) : undefined,
        expectHead,
        tsaTrustAnchors: l.tsaTrustAnchors?.map((a, j) => readPem(a, `target.logs[${i}].tsaTrustAnchors[${j}]`) ?? ""),
      };
    }),
    trustAnchors: (t.trustAnchors ?? []).map((a, i) => readPem(a, `target.trustAnchors[${i}]`) ?? ""),
    evidenceDir: raw.evidence ? resolve(dir, raw.evidence) : undefined,
    ...(raw.scope?.excludedCredentials?.length ? { excludedCredentials: raw.scope.excludedCredentials.map((e) => ({ id: e.id, reason: e.reason, ...(e.instrument ? { instrument: true } : {}) })) } : {}),
  };
  if (target.evidenceDir && !existsSync(target.evidenceDir)) problems.push({ file: path, ...y.positionOf("/evidence"), message: `evidence: folder ${target.evidenceDir} does not exist` });
  for (const [field, value] of [["waivers", raw.waivers], ["attestations", raw.attestations]] as const) {
    if (value && !existsSync(resolve(dir, value))) problems.push({ file: path, ...y.positionOf(`/${field}`), message: `${field}: file ${resolve(dir, value)} does not exist` });
  }
  const rawTsa = raw.outputs?.tsa;
  const tsa: TsaConfig | undefined = rawTsa
    ? {
        url: rawTsa.url,
        ...(rawTsa.username ? { username: rawTsa.username, password: secret(rawTsa.password, "outputs.tsa.password") } : {}),
        timeoutMs: (rawTsa.timeoutSeconds ?? DEFAULT_TSA_TIMEOUT_SECONDS) * 1000,
      }
    : undefined;
  if (problems.length > 0) throw new InputError(problems);
  return {
    ...(tsa ? { tsa } : {}),
    file: path,
    dir,
    raw,
    target,
    csc: cscClientSettings(t.csc),
    level: raw.level,
    evidenceDir: target.evidenceDir,
    waiversFile: raw.waivers ? resolve(dir, raw.waivers) : undefined,
    attestationsFile: raw.attestations ? resolve(dir, raw.attestations) : undefined,
  };
}

/** CSC client limits with their defaults (also handed to the checks as target.csc.client). */
function cscClientSettings(csc: RawAssessmentConfig["target"]["csc"]): { timeoutMs: number; rateLimitPerSecond: number; maxResponseBytes: number } {
  return {
    timeoutMs: csc?.timeoutMs ?? 10_000,
    rateLimitPerSecond: csc?.rateLimitPerSecond ?? 20,
    maxResponseBytes: csc?.maxResponseBytes ?? 1_048_576,
  };
}

/** A login recipe: `steps`, each one of fill/click/waitFor/read (checked here: it drives a browser). */
function loadRecipe(file: string): LoginRecipe {
  const y = loadYamlFile(file);
  const steps = (y.value as { steps?: unknown } | null)?.steps;
  const valid = (x: unknown): x is RecipeStep => {
    const o = x as Record<string, unknown>;
    if (!o || typeof o !== "object") return false;
    if (typeof o.fill === "string") return ["username", "password", "pin", "otp"].includes(o.with as string);
    return typeof o.click === "string" || typeof o.waitFor === "string" || (typeof o.read === "string" && typeof o.as === "string");
  };
  if (!Array.isArray(steps) || steps.length === 0) throw new InputError([{ file, message: "a recipe needs a non-empty steps list" }]);
  const bad = steps.findIndex((x) => !valid(x));
  if (bad >= 0) throw new InputError([{ file, ...y.positionOf(`/steps/${bad}`), message: `step ${bad + 1}: expected fill (with username|password|pin|otp), click, waitFor or read (with as)` }]);
  return { steps: steps as RecipeStep[] };
}

/** Values that look like relative paths (SOFTHSM2_CONF=softhsm2.conf) resolve against the config file. */
function resolveEnvironmentPaths(env: Record<string, string> | undefined, dir: string): Record<string, string> | undefined {
  if (!env) return undefined;
  return Object.fromEntries(
    Object.entries(env).map(([k, v]) => [k, /^\.{1,2}\//.test(v) || (/\.(conf|cfg|ini)$/.test(v) && !v.startsWith("/")) ? resolve(dir, v) : v]),
  );
}
