/**
 * Secrets (PINs, OTP seeds, passwords) come from the environment or a file and stay in memory.
 *   env:NAME              the variable's value
 *   file:PATH             the file's content, trimmed
 *   file:PATH#a.b         the string at a.b in a JSON file (one secrets file for many accounts)
 * The Secret object never reveals its value through toString/JSON/inspect, so a secret that
 * slips into a log line or a report prints as its source, not its value.
 */
import { resolve } from "node:path";
import { inspect } from "node:util";
import { InputError, describeError } from "../util/errors.ts";
import type { Secret } from "../check/types.ts";
import { readInputText } from "../util/input-file.ts";

class SecretValue implements Secret {
  readonly #value: string;
  readonly source: string;
  constructor(value: string, source: string) {
    this.#value = value;
    this.source = source;
  }
  reveal(): string {
    return this.#value;
  }
  toString(): string {
    return `[secret ${this.source}]`;
  }
  toJSON(): string {
    return this.toString();
  }
  [inspect.custom](): string {
    return this.toString();
  }
}

/** Makes a Secret from a value already in memory (tests, the fixture). */
export function secretFromValue(value: string, source = "memory"): Secret {
  return new SecretValue(value, source);
}

/** Resolves `env:`/`file:` references. `where` names the config field for error messages. */
export function resolveSecret(ref: string, baseDir: string, where: string): Secret {
  if (ref.startsWith("env:")) {
    const name = ref.slice(4);
    const value = process.env[name];
    if (value === undefined || value === "") throw new InputError(`${where}: environment variable ${name} is not set`);
    return new SecretValue(value, ref);
  }
  if (ref.startsWith("file:")) {
    const [pathPart, fragment] = splitFragment(ref.slice(5));
    const path = resolve(baseDir, pathPart);
    let text: string;
    try {
      text = readInputText(path, 64 * 1024);
    } catch (error) {
      throw new InputError(`${where}: cannot read secret file ${path}: ${error instanceof InputError ? error.problems[0]!.message : describeError(error)}`);
    }
    if (!fragment) return new SecretValue(text.trim(), ref);
    let value: unknown;
    try {
      value = fragment.split(".").reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], JSON.parse(text));
    } catch {
      throw new InputError(`${where}: secret file ${path} is not valid JSON`);
    }
    if (typeof value !== "string" || value === "") throw new InputError(`${where}: no string at "${fragment}" in ${path}`);
    return new SecretValue(value, ref);
  }
  throw new InputError(`${where}: secrets must be given as env:NAME or file:PATH, never inline`);
}

function splitFragment(s: string): [string, string | undefined] {
  const i = s.lastIndexOf("#");
  return i > 0 ? [s.slice(0, i), s.slice(i + 1)] : [s, undefined];
}
