/**
 * Signature mechanisms too weak for qualified or advanced signatures, by the key type that can
 * use them, and which of them a given signing key can actually use on the token: the token must
 * offer the mechanism for signing (CKF_SIGN), and the key's CKA_ALLOWED_MECHANISMS, when set,
 * must not exclude it. (This trusts the token to enforce CKA_ALLOWED_MECHANISMS.)
 */
import pkcs11 from "pkcs11js";
import { mechanismName } from "./pkcs11-names.ts";
import type { SurveyedMechanism, SurveyedPrivateKey } from "./survey-types.ts";

interface WeakMechanism {
  type: number;
  keyType: string;
  why: string;
}

const MD = "MD2/MD5 collisions are practical";
const SHA1 = "SHA-1 collisions are practical (SHAttered, 2017)";

/** Weak signature mechanisms. Undefined constants (older pkcs11js) are skipped. */
export const WEAK_SIGNATURE_MECHANISMS: readonly WeakMechanism[] = (
  [
    [pkcs11.CKM_MD2_RSA_PKCS, "RSA", MD],
    [pkcs11.CKM_MD5_RSA_PKCS, "RSA", MD],
    [pkcs11.CKM_SHA1_RSA_PKCS, "RSA", SHA1],
    [pkcs11.CKM_SHA1_RSA_PKCS_PSS, "RSA", SHA1],
    [pkcs11.CKM_SHA1_RSA_X9_31, "RSA", SHA1],
    [pkcs11.CKM_RIPEMD128_RSA_PKCS, "RSA", "RIPEMD-128 is a 128-bit hash"],
    [pkcs11.CKM_RSA_X_509, "RSA", "raw RSA without padding: signatures can be forged from others (multiplicative)"],
    [pkcs11.CKM_RSA_9796, "RSA", "ISO/IEC 9796 padding is broken (Coron–Naccache–Stern)"],
    [pkcs11.CKM_DSA_SHA1, "DSA", SHA1],
    [pkcs11.CKM_ECDSA_SHA1, "EC", SHA1],
  ] as Array<[number | undefined, string, string]>
)
  .filter((m): m is [number, string, string] => typeof m[0] === "number")
  .map(([type, keyType, why]) => ({ type, keyType, why }));

/** The weak mechanisms `key` can sign with on a token offering `mechanisms`. */
export function usableWeakMechanisms(key: SurveyedPrivateKey, mechanisms: readonly SurveyedMechanism[]): Array<{ name: string; why: string }> {
  const offered = new Set(mechanisms.filter((m) => m.sign).map((m) => m.type));
  return WEAK_SIGNATURE_MECHANISMS.filter((w) => w.keyType === key.type && offered.has(w.type) && (key.allowedMechanisms === undefined || key.allowedMechanisms.includes(w.type))).map((w) => ({
    name: mechanismName(w.type),
    why: w.why,
  }));
}
