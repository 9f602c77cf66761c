/**
 * Finds secrets in a log record: fields named like a PIN, OTP, password, SAD or token holding a
 * value, bearer tokens and JWTs anywhere in a string, and the literal values of the test
 * accounts' secrets when the assessment knows them. Findings name the kind of secret and where it
 * is, never the value: a finding must not become a second leak.
 */

/** What kind of secret was found (safe to print). */
export type SecretKind = "pin" | "otp" | "password" | "sad" | "token" | "secret" | "known-value";

export interface SecretFinding {
  kind: SecretKind;
  /** The JSON path of the field (`detail.PIN`), or for a known value which account secret it is. */
  where: string;
}

/** A secret value the assessment knows (a test account's PIN, password, TOTP seed). */
export interface KnownSecret {
  /** Safe label, e.g. `alice.pin`. */
  label: string;
  value: string;
}

const KEY_KINDS: Array<[RegExp, SecretKind]> = [
  [/^(pin|pincode|user_?pin)$/i, "pin"],
  [/^(otp|totp|hotp|otp_?code|totp_?secret)$/i, "otp"],
  [/^(password|passwd|pwd|passphrase)$/i, "password"],
  [/^(sad)$/i, "sad"],
  [/^(access_?token|refresh_?token|id_?token|token|bearer|authorization)$/i, "token"],
  [/^(secret|client_?secret|api_?key)$/i, "secret"],
];

/** Values that say "there was something here, removed": not a leak. */
const REDACTED = /^(\*+|x+|-+|redacted|\[redacted\]|<redacted>|\*\*\*redacted\*\*\*|masked|hidden|null|none|)$/i;
const BEARER = /\bBearer\s+[A-Za-z0-9\-._~+/]{16,}=*/;
const JWT = /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/;

function keyKind(key: string): SecretKind | undefined {
  return KEY_KINDS.find(([re]) => re.test(key))?.[1];
}

/** Every secret found in `record` (a parsed log line; attacker-controlled, any shape). */
export function findSecrets(record: unknown, known: readonly KnownSecret[] = []): SecretFinding[] {
  const found: SecretFinding[] = [];
  const visit = (value: unknown, path: string, depth: number): void => {
    if (depth > 32 || found.length >= 16) return;
    if (typeof value === "string") {
      if (BEARER.test(value) || JWT.test(value)) found.push({ kind: "token", where: path });
      for (const k of known) {
        // Short secrets (4-digit PINs) match only a whole value, long ones anywhere in a string.
        if (k.value.length >= 8 ? value.includes(k.value) : value === k.value) found.push({ kind: "known-value", where: `${path} (${k.label})` });
      }
      return;
    }
    if (typeof value === "number" && known.some((k) => k.value === String(value))) {
      const k = known.find((x) => x.value === String(value))!;
      found.push({ kind: "known-value", where: `${path} (${k.label})` });
      return;
    }
    if (Array.isArray(value)) {
      value.forEach((v, i) => visit(v, `${path}[${i}]`, depth + 1));
      return;
    }
    if (typeof value === "object" && value !== null) {
      for (const [key, v] of Object.entries(value)) {
        const child = path ? `${path}.${safeKey(key)}` : safeKey(key);
        const kind = keyKind(key);
        if (kind && (typeof v === "number" || (typeof v === "string" && !REDACTED.test(v.trim())))) found.push({ kind, where: child });
        visit(v, child, depth + 1);
      }
    }
  };
  visit(record, "", 0);
  return found;
}

/** Field names are attacker-controlled: keep them short and printable. */
function safeKey(key: string): string {
  const clean = key.replace(/[^\w.-]/g, "?");
  return clean.length > 40 ? `${clean.slice(0, 40)}…` : clean;
}
