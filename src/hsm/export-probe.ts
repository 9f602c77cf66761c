/**
 * Trying, for real, to get a signing key out of the device — the only code that may ever hold key
 * material, and only for as long as it takes to zeroise it:
 *   1. read the secret attribute (CKA_VALUE for EC, CKA_PRIVATE_EXPONENT for RSA): a conformant
 *      token answers CKR_ATTRIBUTE_SENSITIVE;
 *   2. C_WrapKey under an AES wrapping key, with every AES wrap mechanism the token offers
 *      (CKF_WRAP): a conformant token answers CKR_KEY_UNEXTRACTABLE to each — a token that
 *      enforces the key's protection for one mechanism only must not pass.
 * Whatever comes back is overwritten with zeros before anything else happens; only its length
 * is kept, as proof. Nothing is written or printed.
 *
 * The wrapping key is a token key able to wrap (CKA_WRAP=true, AES) when there is one; otherwise
 * a temporary AES key generated as a SESSION object (CKA_TOKEN=false): it never reaches the
 * token's storage and disappears when the session closes, so the probe changes nothing.
 */
import pkcs11 from "pkcs11js";
import * as graphene from "graphene-pk11";
import type { OpenToken } from "./token-session.ts";
import { describePkcs11Failure, pkcs11ReturnValue } from "./pkcs11-error.ts";
import type { ExportAttempt, SurveyedMechanism, SurveyedSecretKey, WrapProbeKey } from "./survey-types.ts";
import { mechanismName as nameOf } from "./pkcs11-names.ts";

/** AES-keyed wrap mechanisms, in the order tried (the IV of the CBC modes is zero: nothing is kept). */
const AES_WRAPS: ReadonlyArray<{ type: number | undefined; parameter?: Buffer }> = [
  { type: pkcs11.CKM_AES_KEY_WRAP_PAD },
  { type: pkcs11.CKM_AES_KEY_WRAP },
  { type: pkcs11.CKM_AES_CBC_PAD, parameter: Buffer.alloc(16) },
  { type: pkcs11.CKM_AES_CBC, parameter: Buffer.alloc(16) },
  { type: pkcs11.CKM_AES_ECB },
];
/** Return values by which a mechanism does not apply to this key (not a refusal, not an export). */
const NOT_APPLICABLE = new Set(["CKR_MECHANISM_INVALID", "CKR_MECHANISM_PARAM_INVALID", "CKR_KEY_SIZE_RANGE", "CKR_DATA_LEN_RANGE", "CKR_KEY_TYPE_INCONSISTENT", "CKR_WRAPPED_KEY_LEN_RANGE", "CKR_FUNCTION_NOT_SUPPORTED"]);

/** Return values by which a token refuses to reveal a secret attribute. */
const READ_REFUSALS = new Set(["CKR_ATTRIBUTE_SENSITIVE"]);
/** Return values by which a token refuses to wrap a key because of the key's own protection. */
const WRAP_REFUSALS = new Set(["CKR_KEY_UNEXTRACTABLE", "CKR_KEY_NOT_WRAPPABLE"]);

/** The attribute holding the secret of a private key of this type. */
function secretAttributeOf(keyType: string): { name: string; type: number } {
  return keyType === "RSA" ? { name: "CKA_PRIVATE_EXPONENT", type: pkcs11.CKA_PRIVATE_EXPONENT } : { name: "CKA_VALUE", type: pkcs11.CKA_VALUE };
}

/** Overwrites key material in place, at once. */
function zeroise(b: Buffer | undefined): number {
  if (!b) return 0;
  const n = b.length;
  b.fill(0);
  return n;
}

/** Attempt 1: read the secret attribute. */
export function tryReadSecret(open: OpenToken, key: Buffer, keyType: string): ExportAttempt {
  const attribute = secretAttributeOf(keyType);
  const how = `C_GetAttributeValue(${attribute.name})`;
  try {
    const [got] = open.lib.C_GetAttributeValue(open.session.handle, key, [{ type: attribute.type }]);
    const bytes = zeroise(Buffer.isBuffer(got?.value) ? got.value : undefined);
    return { outcome: "exported", how, bytes };
  } catch (error) {
    const code = pkcs11ReturnValue(error);
    if (code && READ_REFUSALS.has(code)) return { outcome: "refused", how, code };
    return { outcome: "inconclusive", how, reason: describePkcs11Failure(error) };
  }
}

/** A wrapping key ready for attempt 2, and how to dispose of it. */
export interface WrapProbe {
  description: WrapProbeKey;
  wrap(key: Buffer): ExportAttempt;
  dispose(): void;
}

/** Picks a token AES key with CKA_WRAP=true, else generates a temporary session AES key. */
export function prepareWrapProbe(open: OpenToken, secretKeys: Array<SurveyedSecretKey & { handle: Buffer }>, mechanisms: readonly SurveyedMechanism[] = []): WrapProbe {
  const offered = new Set(mechanisms.filter((m) => m.wrap).map((m) => m.type));
  const usable = AES_WRAPS.filter((m): m is { type: number; parameter?: Buffer } => typeof m.type === "number" && offered.has(m.type));
  // A token that lists no wrap mechanism is still tried with the usual one.
  const tried = usable.length ? usable : [{ type: pkcs11.CKM_AES_KEY_WRAP_PAD }];
  const mechanismName = tried.map((m) => nameOf(m.type)).join(", ");
  const wrapOnce = (wrappingKey: Buffer, key: Buffer, m: { type: number; parameter?: Buffer }): ExportAttempt | { outcome: "not-applicable" } => {
    const how = `C_WrapKey(${nameOf(m.type)})`;
    try {
      const output = Buffer.alloc(16384);
      const wrapped = open.lib.C_WrapKey(open.session.handle, { mechanism: m.type, ...(m.parameter ? { parameter: m.parameter } : {}) }, wrappingKey, key, output);
      const bytes = zeroise(wrapped);
      zeroise(output);
      return { outcome: "exported", how, bytes };
    } catch (error) {
      const code = pkcs11ReturnValue(error);
      if (code && WRAP_REFUSALS.has(code)) return { outcome: "refused", how, code };
      if (code && NOT_APPLICABLE.has(code)) return { outcome: "not-applicable" };
      return { outcome: "inconclusive", how, reason: describePkcs11Failure(error) };
    }
  };
  /** Every mechanism: one export is an export; refused only if each applicable mechanism refused. */
  const wrapWith = (wrappingKey: Buffer) => (key: Buffer): ExportAttempt => {
    const results = tried.map((m) => wrapOnce(wrappingKey, key, m));
    const exported = results.find((r): r is Extract<ExportAttempt, { outcome: "exported" }> => r.outcome === "exported");
    if (exported) return exported;
    const inconclusive = results.find((r): r is Extract<ExportAttempt, { outcome: "inconclusive" }> => r.outcome === "inconclusive");
    if (inconclusive) return inconclusive;
    const refusals = results.filter((r): r is Extract<ExportAttempt, { outcome: "refused" }> => r.outcome === "refused");
    if (refusals.length === 0) return { outcome: "inconclusive", how: `C_WrapKey(${mechanismName})`, reason: { ja: "提供されているラップ機構のいずれもこの鍵に適用できない", en: "no offered wrap mechanism applies to this key" } };
    return { outcome: "refused", how: `C_WrapKey(${refusals.map((r) => r.how.slice("C_WrapKey(".length, -1)).join(", ")})`, code: [...new Set(refusals.map((r) => r.code))].join(", ") };
  };
  const tokenKey = secretKeys.find((k) => k.type === "AES" && k.flags.CKA_WRAP === true);
  if (tokenKey) {
    const { handle, ...rest } = tokenKey;
    return { description: { kind: "token", identity: { label: rest.label, idHex: rest.idHex, uri: rest.uri }, mechanism: mechanismName }, wrap: wrapWith(handle), dispose: () => {} };
  }
  let sessionKey: graphene.SecretKey;
  try {
    sessionKey = open.session.generateKey(graphene.KeyGenMechanism.AES, {
      class: graphene.ObjectClass.SECRET_KEY,
      keyType: graphene.KeyType.AES,
      valueLen: 32,
      token: false,
      private: true,
      sensitive: true,
      extractable: false,
      wrap: true,
      unwrap: false,
      encrypt: false,
      decrypt: false,
      label: "rssp-audit temporary wrap probe",
    });
  } catch (error) {
    const failure = describePkcs11Failure(error);
    const reason = { ja: `トークン上にラップできる鍵がなく、一時的なセッション用ラップ鍵も生成できなかった（${failure}）`, en: `no token key can wrap and a temporary session wrapping key could not be generated (${failure})` };
    return {
      description: { kind: "none", reason },
      wrap: () => ({ outcome: "inconclusive", how: "C_WrapKey", reason }),
      dispose: () => {},
    };
  }
  return {
    description: { kind: "session", mechanism: mechanismName },
    wrap: wrapWith(sessionKey.handle),
    dispose: () => {
      try {
        sessionKey.destroy();
      } catch {
        // A session object: closing the session destroys it anyway.
      }
    },
  };
}
