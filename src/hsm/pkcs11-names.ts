/**
 * Names for PKCS#11 numbers (CKR_…, CKM_…, CKK_…, CKA_…), taken from pkcs11js's own constants so
 * that every finding prints `CKR_ATTRIBUTE_SENSITIVE`, never a bare 0x11.
 */
import pkcs11 from "pkcs11js";

type Prefix = "CKR_" | "CKM_" | "CKK_" | "CKA_" | "CKO_";

/** Current names where PKCS#11 v2.40 keeps an older alias with the same value. */
const PREFERRED = new Set(["CKK_EC", "CKM_EC_KEY_PAIR_GEN"]);

const tables = new Map<Prefix, Map<number, string>>();

function table(prefix: Prefix): Map<number, string> {
  let t = tables.get(prefix);
  if (!t) {
    t = new Map();
    for (const [name, value] of Object.entries(pkcs11 as unknown as Record<string, unknown>)) {
      // Several names can share a value (aliases such as CKM_ECDSA_KEY_PAIR_GEN/CKM_EC_KEY_PAIR_GEN): keep the first.
      if (name.startsWith(prefix) && typeof value === "number" && (!t.has(value) || PREFERRED.has(name))) t.set(value, name);
    }
    tables.set(prefix, t);
  }
  return t;
}

function hex(n: number): string {
  return `0x${n.toString(16).toUpperCase().padStart(8, "0")}`;
}

/** `CKR_PIN_INCORRECT` for 0xA0; unknown (vendor) values print in hex. */
export const returnValueName = (n: number): string => table("CKR_").get(n) ?? `CKR_${hex(n)}`;
/** `CKM_SHA256_RSA_PKCS` for 0x40. */
export const mechanismName = (n: number): string => table("CKM_").get(n) ?? `CKM_${hex(n)}`;
/** `CKK_EC` for 3. */
export const keyTypeName = (n: number): string => table("CKK_").get(n) ?? `CKK_${hex(n)}`;
/** `CKO_PRIVATE_KEY` for 3. */
export const objectClassName = (n: number): string => table("CKO_").get(n) ?? `CKO_${hex(n)}`;
