/**
 * Redaction of secrets from everything the CSC probes keep: transcripts, observations, summaries.
 * Two layers, because either alone can miss: by field name (PIN, OTP, password, SAD, tokens,
 * Authorization headers, `authData` values) and by value (every secret the assessment holds or
 * has seen: signer passwords, PINs, TOTP seeds, OTP codes sent, SADs and tokens received —
 * wherever a hostile or careless server echoes them).
 */

export const REDACTED = "[redacted]";

/** Field names whose values are always secret (compared case-insensitively). */
const SECRET_FIELDS = new Set([
  "pin",
  "otp",
  "password",
  "sad",
  "access_token",
  "refresh_token",
  "id_token",
  "token",
  "authorization",
  "client_secret",
  "code",
  "code_verifier",
  "totpsecret",
]);

/** The secrets known to one assessment. Values shorter than 4 characters are too common to scrub. */
export class SecretRegistry {
  readonly #values = new Map<string, string>();

  /** Remembers a secret value with what it is (`PIN`, `OTP`, `SAD`, `access token`…). */
  add(value: string | undefined, kind = "secret"): void {
    if (!value || value.length < 4 || this.#values.has(value)) return;
    this.#values.set(value, kind);
  }

  /** Every value known, longest first (so a secret that contains another is scrubbed whole). */
  values(): string[] {
    return [...this.#values.keys()].sort((a, b) => b.length - a.length);
  }

  /** What kind of secret a text contains, if any. */
  containsSecret(text: string): string | undefined {
    for (const [v, kind] of this.#values) if (text.includes(v)) return kind;
    return undefined;
  }

  /** The text with every known secret replaced. */
  scrub(text: string): string {
    let out = text;
    for (const v of this.values()) if (out.includes(v)) out = out.split(v).join(REDACTED);
    return out;
  }
}

/** A deep copy with secret fields replaced (and `authData[].value` of v2 authorize). */
export function redactFields(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactFields);
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (SECRET_FIELDS.has(k.toLowerCase()) && v !== null && v !== undefined) out[k] = REDACTED;
      else if (k === "authData" && Array.isArray(v)) out[k] = v.map((item) => (item && typeof item === "object" ? { ...(item as object), value: REDACTED } : REDACTED));
      else out[k] = redactFields(v);
    }
    return out;
  }
  return value;
}

/** Both layers over any JSON-able value. */
export function redactDeep(value: unknown, secrets: SecretRegistry): unknown {
  const fields = redactFields(value);
  return JSON.parse(secrets.scrub(JSON.stringify(fields ?? null))) as unknown;
}
