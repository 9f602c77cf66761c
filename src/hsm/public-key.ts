/**
 * Public keys as the HSM describes them (RSA modulus and exponent; EC parameters and point),
 * turned into a canonical SubjectPublicKeyInfo so that they compare byte for byte with the key in
 * a certificate. Pure functions; nothing here touches a private value.
 */
import { createPublicKey, X509Certificate } from "node:crypto";

/** Named curves by the DER of their OID (the usual content of CKA_EC_PARAMS). */
const CURVES: Record<string, { name: string; jwk: string; bits: number }> = {
  "06082a8648ce3d030107": { name: "P-256", jwk: "P-256", bits: 256 },
  "06052b81040022": { name: "P-384", jwk: "P-384", bits: 384 },
  "06052b81040023": { name: "P-521", jwk: "P-521", bits: 521 },
  "06052b8104000a": { name: "secp256k1", jwk: "secp256k1", bits: 256 },
  "06052b81040021": { name: "P-224", jwk: "P-224", bits: 224 },
  "06082a8648ce3d030101": { name: "P-192", jwk: "P-192", bits: 192 },
  "06092b2403030208010107": { name: "brainpoolP256r1", jwk: "brainpoolP256r1", bits: 256 },
  "06092b240303020801010b": { name: "brainpoolP384r1", jwk: "brainpoolP384r1", bits: 384 },
  "06092b240303020801010d": { name: "brainpoolP512r1", jwk: "brainpoolP512r1", bits: 512 },
  // Edwards curves (CKK_EC_EDWARDS): sized here; their SPKI is not rebuilt (no JWK crv for ecSpki).
  "06032b6570": { name: "Ed25519", jwk: "", bits: 256 },
  "06032b6571": { name: "Ed448", jwk: "", bits: 456 },
};

/** The curve named by CKA_EC_PARAMS, or undefined for explicit parameters and unknown OIDs. */
export function curveOf(ecParams: Buffer): { name: string; bits: number } | undefined {
  const c = CURVES[ecParams.toString("hex")];
  return c && { name: c.name, bits: c.bits };
}

/**
 * CKA_EC_POINT is an OCTET STRING holding the point (`04 41 04‖X‖Y`) on most tokens, but some
 * return the raw point: accept both.
 */
export function unwrapEcPoint(ecPoint: Buffer): Buffer {
  if (ecPoint[0] === 0x04 && ecPoint.length >= 2) {
    const [len, header] = derLength(ecPoint, 1);
    if (len !== undefined && header + len === ecPoint.length && ecPoint[header] === 0x04) return ecPoint.subarray(header);
  }
  return ecPoint;
}

function derLength(b: Buffer, at: number): [number | undefined, number] {
  const first = b[at];
  if (first === undefined) return [undefined, at];
  if (first < 0x80) return [first, at + 1];
  const n = first & 0x7f;
  if (n === 0 || n > 3 || at + 1 + n > b.length) return [undefined, at];
  let len = 0;
  for (let i = 0; i < n; i++) len = len * 256 + b[at + 1 + i]!;
  return [len, at + 1 + n];
}

const b64url = (b: Buffer) => b.toString("base64url");

/** SPKI (DER) of an RSA key from CKA_MODULUS and CKA_PUBLIC_EXPONENT. */
export function rsaSpki(modulus: Buffer, publicExponent: Buffer): Buffer {
  return createPublicKey({ key: { kty: "RSA", n: b64url(stripZeros(modulus)), e: b64url(stripZeros(publicExponent)) }, format: "jwk" }).export({ type: "spki", format: "der" });
}

/** SPKI (DER) of an EC key from CKA_EC_PARAMS and CKA_EC_POINT (uncompressed points only). */
export function ecSpki(ecParams: Buffer, ecPoint: Buffer): Buffer | undefined {
  const curve = CURVES[ecParams.toString("hex")];
  const point = unwrapEcPoint(ecPoint);
  if (!curve || !curve.jwk || point[0] !== 0x04) return undefined;
  const half = (point.length - 1) / 2;
  try {
    return createPublicKey({ key: { kty: "EC", crv: curve.jwk, x: b64url(point.subarray(1, 1 + half)), y: b64url(point.subarray(1 + half)) }, format: "jwk" }).export({ type: "spki", format: "der" });
  } catch {
    return undefined;
  }
}

/** The SPKI (DER) of a certificate, re-encoded by the same code as the HSM's keys. */
export function certificateSpki(certificateDer: Buffer): Buffer {
  return new X509Certificate(certificateDer).publicKey.export({ type: "spki", format: "der" });
}

function stripZeros(b: Buffer): Buffer {
  let i = 0;
  while (i < b.length - 1 && b[i] === 0) i++;
  return b.subarray(i);
}
