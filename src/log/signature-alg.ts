/**
 * Signature algorithms of checkpoints (and of JWS manifests), by the names logs actually carry:
 * the JOSE names (RFC 7518 §3.1, RFC 8037), the X.509 algorithm OIDs, and the project's own label
 * `ecdsa-p256-sha256`. One table drives name resolution, the key an algorithm needs, and
 * verification, so adding an algorithm is adding a row.
 *
 * A name fixes the key it must be used with: ES256 is ECDSA on P-256 only (RFC 7518 §3.4), so a
 * P-384 key under "ES256" is a mismatch, reported as a finding, never tried.
 */
import { constants, verify as verifySignature, type KeyObject } from "node:crypto";

export type AlgFamily = "ecdsa" | "rsa-pkcs1" | "rsa-pss" | "eddsa";

export interface SignatureAlg {
  /** The JOSE name, used in messages. */
  name: string;
  family: AlgFamily;
  /** Digest (null for EdDSA, which hashes internally). */
  hash: "sha256" | "sha384" | "sha512" | null;
  /** ECDSA: the curve (node's name) and the size of r and s in bytes. */
  curve?: { node: string; label: string; bytes: number };
}

/** The smallest RSA modulus accepted (bits). */
export const MIN_RSA_BITS = 2048;

const P256 = { node: "prime256v1", label: "P-256", bytes: 32 };
const P384 = { node: "secp384r1", label: "P-384", bytes: 48 };
const P521 = { node: "secp521r1", label: "P-521", bytes: 66 };

const ALGS: readonly (SignatureAlg & { aliases: readonly string[] })[] = [
  { name: "ES256", family: "ecdsa", hash: "sha256", curve: P256, aliases: ["ecdsa-p256-sha256", "1.2.840.10045.4.3.2"] },
  { name: "ES384", family: "ecdsa", hash: "sha384", curve: P384, aliases: ["1.2.840.10045.4.3.3"] },
  { name: "ES512", family: "ecdsa", hash: "sha512", curve: P521, aliases: ["1.2.840.10045.4.3.4"] },
  { name: "RS256", family: "rsa-pkcs1", hash: "sha256", aliases: ["1.2.840.113549.1.1.11"] },
  { name: "RS384", family: "rsa-pkcs1", hash: "sha384", aliases: ["1.2.840.113549.1.1.12"] },
  { name: "RS512", family: "rsa-pkcs1", hash: "sha512", aliases: ["1.2.840.113549.1.1.13"] },
  // The RSASSA-PSS OID alone leaves the digest to parameters a checkpoint cannot carry: read as PS256.
  { name: "PS256", family: "rsa-pss", hash: "sha256", aliases: ["1.2.840.113549.1.1.10"] },
  { name: "PS384", family: "rsa-pss", hash: "sha384", aliases: [] },
  { name: "PS512", family: "rsa-pss", hash: "sha512", aliases: [] },
  { name: "EdDSA", family: "eddsa", hash: null, aliases: ["Ed25519", "1.3.101.112"] },
];

const BY_NAME = new Map<string, SignatureAlg>(ALGS.flatMap((a) => [a.name, ...a.aliases].map((n) => [n, a] as const)));

/** Every accepted name, for messages. */
export const ACCEPTED_ALG_NAMES: readonly string[] = [...BY_NAME.keys()];

/** The algorithm `name` stands for (exact spelling, as JOSE names are case-sensitive), or undefined. */
export function resolveAlg(name: unknown): SignatureAlg | undefined {
  return typeof name === "string" ? BY_NAME.get(name) : undefined;
}

/** A key as the algorithms see it: what `keyMismatch` compares. */
export function describeKey(key: KeyObject): string {
  const type = key.asymmetricKeyType;
  const d = key.asymmetricKeyDetails;
  if (type === "ec") return `EC ${curveLabel(d?.namedCurve)}`;
  if (type === "rsa" || type === "rsa-pss") return `${type === "rsa" ? "RSA" : "RSA-PSS"} ${d?.modulusLength ?? "?"} bits`;
  if (type === "ed25519") return "Ed25519";
  return String(type);
}

function curveLabel(curve: string | undefined): string {
  return [P256, P384, P521].find((c) => c.node === curve)?.label ?? String(curve);
}

/** Whether a key can sign checkpoints at all (any accepted algorithm); undefined when it can, else why not. */
export function unusableKey(key: KeyObject): string | undefined {
  const type = key.asymmetricKeyType;
  if (type === "ec") return [P256, P384, P521].some((c) => c.node === key.asymmetricKeyDetails?.namedCurve) ? undefined : `key is ${describeKey(key)}, not P-256, P-384 or P-521`;
  if (type === "rsa" || type === "rsa-pss") {
    const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
    return bits >= MIN_RSA_BITS ? undefined : `key is ${describeKey(key)}, below the ${MIN_RSA_BITS}-bit minimum`;
  }
  if (type === "ed25519") return undefined;
  return `key type ${type} is not EC, RSA or Ed25519`;
}

/** undefined when `key` is the key `alg` is defined for, else the mismatch in words. */
export function keyMismatch(alg: SignatureAlg, key: KeyObject): string | undefined {
  const type = key.asymmetricKeyType;
  const ok =
    alg.family === "ecdsa"
      ? type === "ec" && key.asymmetricKeyDetails?.namedCurve === alg.curve!.node
      : alg.family === "eddsa"
        ? type === "ed25519"
        : alg.family === "rsa-pkcs1"
          ? type === "rsa"
          : type === "rsa" || type === "rsa-pss";
  if (ok) return unusableKey(key);
  const wants = alg.family === "ecdsa" ? `EC ${alg.curve!.label}` : alg.family === "eddsa" ? "Ed25519" : "RSA";
  return `alg ${alg.name} needs an ${wants} key, the log-signing certificate has ${describeKey(key)}`;
}

/**
 * Whether `sig` is `alg`'s signature of `message` under `key` (the caller checked keyMismatch).
 * ECDSA takes DER or raw r‖s (2 × the curve's size, as HSMs and JWS give it); PSS takes any
 * salt length (openssl signs with the longest by default, JOSE with the digest's length).
 */
export function verifyWith(alg: SignatureAlg, key: KeyObject, message: Uint8Array, sig: Uint8Array): boolean {
  try {
    switch (alg.family) {
      case "ecdsa":
        return verifySignature(alg.hash, message, { key, dsaEncoding: sig.length === 2 * alg.curve!.bytes ? "ieee-p1363" : "der" }, sig);
      case "rsa-pkcs1":
        return verifySignature(alg.hash, message, { key, padding: constants.RSA_PKCS1_PADDING }, sig);
      case "rsa-pss":
        return verifySignature(alg.hash, message, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_AUTO }, sig);
      case "eddsa":
        return verifySignature(null, message, key, sig);
    }
  } catch {
    return false; // malformed signature bytes: attacker-controlled
  }
}
