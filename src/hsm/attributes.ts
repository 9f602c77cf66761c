/**
 * Reading object attributes in batches. One C_GetAttributeValue call reads a whole template; when
 * the token refuses any attribute in it (sensitive, not defined for the object) pkcs11js throws
 * for the whole call, so the batch falls back to one call per attribute to learn which one was
 * refused and why. A refusal is a reading too (`CKR_ATTRIBUTE_TYPE_INVALID` is a fact about the
 * object), never a silent `false`.
 *
 * Only public and boolean attributes go through here. Secret values (CKA_VALUE, the private
 * exponent) are read by the export probe alone, which zeroises whatever it gets.
 */
import pkcs11 from "pkcs11js";
import type { OpenToken } from "./token-session.ts";
import { describePkcs11Failure } from "./pkcs11-error.ts";

/** A boolean attribute a check may judge, by its PKCS#11 name. */
export const BOOLEAN_ATTRIBUTES = {
  CKA_TOKEN: pkcs11.CKA_TOKEN,
  CKA_PRIVATE: pkcs11.CKA_PRIVATE,
  CKA_LOCAL: pkcs11.CKA_LOCAL,
  CKA_SENSITIVE: pkcs11.CKA_SENSITIVE,
  CKA_EXTRACTABLE: pkcs11.CKA_EXTRACTABLE,
  CKA_ALWAYS_SENSITIVE: pkcs11.CKA_ALWAYS_SENSITIVE,
  CKA_NEVER_EXTRACTABLE: pkcs11.CKA_NEVER_EXTRACTABLE,
  CKA_SIGN: pkcs11.CKA_SIGN,
  CKA_SIGN_RECOVER: pkcs11.CKA_SIGN_RECOVER,
  CKA_DECRYPT: pkcs11.CKA_DECRYPT,
  CKA_UNWRAP: pkcs11.CKA_UNWRAP,
  CKA_DERIVE: pkcs11.CKA_DERIVE,
  CKA_ENCRYPT: pkcs11.CKA_ENCRYPT,
  CKA_WRAP: pkcs11.CKA_WRAP,
  CKA_WRAP_WITH_TRUSTED: pkcs11.CKA_WRAP_WITH_TRUSTED,
  CKA_TRUSTED: pkcs11.CKA_TRUSTED,
  CKA_ALWAYS_AUTHENTICATE: pkcs11.CKA_ALWAYS_AUTHENTICATE,
  CKA_MODIFIABLE: pkcs11.CKA_MODIFIABLE,
} as const;

export type BooleanAttribute = keyof typeof BOOLEAN_ATTRIBUTES;

/** Attributes whose bytes are public (identity, public key, certificate). */
export const PUBLIC_ATTRIBUTES = {
  CKA_CLASS: pkcs11.CKA_CLASS,
  CKA_KEY_TYPE: pkcs11.CKA_KEY_TYPE,
  CKA_LABEL: pkcs11.CKA_LABEL,
  CKA_ID: pkcs11.CKA_ID,
  CKA_MODULUS: pkcs11.CKA_MODULUS,
  CKA_PUBLIC_EXPONENT: pkcs11.CKA_PUBLIC_EXPONENT,
  CKA_EC_PARAMS: pkcs11.CKA_EC_PARAMS,
  CKA_EC_POINT: pkcs11.CKA_EC_POINT,
  CKA_VALUE_LEN: pkcs11.CKA_VALUE_LEN,
  CKA_ALLOWED_MECHANISMS: pkcs11.CKA_ALLOWED_MECHANISMS,
  CKA_CERTIFICATE_TYPE: pkcs11.CKA_CERTIFICATE_TYPE,
} as const;

export type PublicAttribute = keyof typeof PUBLIC_ATTRIBUTES;

/** What the token answered for one attribute: its bytes, or the CKR_… it refused with. */
export type Reading = { value: Buffer } | { refused: string };

/** Readings by attribute name; the names are those asked for. */
export type Readings<N extends string> = Record<N, Reading>;

/** Reads `names` from one object: one call when the token answers all, else one call per attribute. */
export function readAttributes<N extends BooleanAttribute | PublicAttribute>(open: OpenToken, object: Buffer, names: readonly N[]): Readings<N> {
  const typeOf = (n: N) => ({ ...BOOLEAN_ATTRIBUTES, ...PUBLIC_ATTRIBUTES })[n];
  const result = {} as Readings<N>;
  try {
    const values = open.lib.C_GetAttributeValue(open.session.handle, object, names.map((n) => ({ type: typeOf(n) })));
    names.forEach((n, i) => (result[n] = { value: asBuffer(values[i]?.value) }));
    return result;
  } catch {
    for (const n of names) {
      try {
        const [one] = open.lib.C_GetAttributeValue(open.session.handle, object, [{ type: typeOf(n) }]);
        result[n] = { value: asBuffer(one?.value) };
      } catch (error) {
        result[n] = { refused: describePkcs11Failure(error) };
      }
    }
    return result;
  }
}

function asBuffer(value: unknown): Buffer {
  return Buffer.isBuffer(value) ? value : Buffer.alloc(0);
}

/** CK_BBOOL: one byte, non-zero is true. */
export function readBoolean(r: Reading): boolean | { refused: string } {
  return "value" in r ? r.value.length > 0 && r.value[0] !== 0 : r;
}

/** CK_ULONG in host byte order (pkcs11js returns the native representation). */
export function readUlong(r: Reading): number | undefined {
  if (!("value" in r)) return undefined;
  const b = r.value;
  if (b.length === 8) return Number(b.readBigUInt64LE(0));
  if (b.length === 4) return b.readUInt32LE(0);
  return undefined;
}

/** An array of CK_ULONG (CKA_ALLOWED_MECHANISMS). */
export function readUlongArray(r: Reading): number[] | undefined {
  if (!("value" in r)) return undefined;
  const b = r.value;
  const out: number[] = [];
  for (let i = 0; i + 8 <= b.length; i += 8) out.push(Number(b.readBigUInt64LE(i)));
  return out;
}

/** CKA_LABEL is UTF-8 by the standard. */
export function readText(r: Reading): string | undefined {
  return "value" in r ? r.value.toString("utf8") : undefined;
}

export function readHex(r: Reading): string | undefined {
  return "value" in r ? r.value.toString("hex") : undefined;
}
