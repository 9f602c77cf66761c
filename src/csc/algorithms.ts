/**
 * Algorithm OIDs the probes use: hash algorithms (with their digest lengths) and signature
 * algorithms (with the key type they need), and choosing a `signAlgo` the credential announces.
 */

export const HASH = {
  sha256: "2.16.840.1.101.3.4.2.1",
  sha384: "2.16.840.1.101.3.4.2.2",
  sha512: "2.16.840.1.101.3.4.2.3",
  sha1: "1.3.14.3.2.26",
  md5: "1.2.840.113549.2.5",
} as const;

export const DIGEST_LENGTH: Record<string, number> = {
  [HASH.sha256]: 32,
  [HASH.sha384]: 48,
  [HASH.sha512]: 64,
  [HASH.sha1]: 20,
  [HASH.md5]: 16,
};

export const HASH_NAME: Record<string, string> = {
  [HASH.sha256]: "SHA-256",
  [HASH.sha384]: "SHA-384",
  [HASH.sha512]: "SHA-512",
  [HASH.sha1]: "SHA-1",
  [HASH.md5]: "MD5",
};

export type KeyKind = "rsa" | "ec";

/** Signature algorithm OIDs: the key type and, for PKCS#1 v1.5 / PSS, the scheme. */
export const SIGN_ALGO: Record<string, { key: KeyKind; scheme: "ecdsa" | "pkcs1" | "pss"; name: string }> = {
  "1.2.840.10045.2.1": { key: "ec", scheme: "ecdsa", name: "ecPublicKey (ECDSA)" },
  "1.2.840.10045.4.3.2": { key: "ec", scheme: "ecdsa", name: "ecdsa-with-SHA256" },
  "1.2.840.10045.4.3.3": { key: "ec", scheme: "ecdsa", name: "ecdsa-with-SHA384" },
  "1.2.840.10045.4.3.4": { key: "ec", scheme: "ecdsa", name: "ecdsa-with-SHA512" },
  "1.2.840.113549.1.1.1": { key: "rsa", scheme: "pkcs1", name: "rsaEncryption (PKCS#1 v1.5)" },
  "1.2.840.113549.1.1.11": { key: "rsa", scheme: "pkcs1", name: "sha256WithRSAEncryption" },
  "1.2.840.113549.1.1.12": { key: "rsa", scheme: "pkcs1", name: "sha384WithRSAEncryption" },
  "1.2.840.113549.1.1.13": { key: "rsa", scheme: "pkcs1", name: "sha512WithRSAEncryption" },
  "1.2.840.113549.1.1.10": { key: "rsa", scheme: "pss", name: "RSASSA-PSS" },
};

/** A signAlgo to use with a key: one the credential lists, PKCS#1 v1.5 / ECDSA first (verifiable without parameters). */
export function chooseSignAlgo(announced: string[], key: KeyKind): string | undefined {
  const usable = announced.filter((a) => SIGN_ALGO[a]?.key === key);
  return usable.find((a) => SIGN_ALGO[a]!.scheme !== "pss") ?? usable[0];
}

/** A signAlgo of the other key type (for the signalgo-matches-key probe). */
export function foreignSignAlgo(key: KeyKind): string {
  return key === "ec" ? "1.2.840.113549.1.1.11" : "1.2.840.10045.4.3.2";
}
