/**
 * Verifies a signature made over a precomputed hash — what signHash returns — against a public
 * key. node:crypto always hashes its input, so: RSA PKCS#1 v1.5 and PSS are checked by opening
 * the signature with the public key (RFC 8017 §8.2.2, §9.1.2); ECDSA by the verification equation
 * itself (FIPS 186-4 §6.4.2) on P-256/P-384/P-521. ECDSA signatures are accepted in DER and in
 * raw r‖s form. Signatures and keys come from the target: malformed input means "does not verify".
 */
import { constants, createHash, createPublicKey, publicDecrypt, type KeyObject } from "node:crypto";
import type { Text } from "../check/types.ts";
import { text as t } from "../check/message.ts";

export type SignatureScheme = "ecdsa" | "pkcs1" | "pss";

/** DigestInfo DER prefixes by digest length (SHA-1, SHA-256, SHA-384, SHA-512). */
const DIGEST_INFO: Record<number, string> = {
  20: "3021300906052b0e03021a05000414",
  32: "3031300d060960864801650304020105000420",
  48: "3041300d060960864801650304020205000430",
  64: "3051300d060960864801650304020305000440",
};
const HASH_BY_LENGTH: Record<number, string> = { 20: "sha1", 32: "sha256", 48: "sha384", 64: "sha512" };

export interface VerifyResult {
  valid: boolean;
  /** The scheme and encoding found (e.g. "ECDSA (der)"), or why it failed, in both languages. */
  detail: Text;
}

export function verifyHashSignature(spkiDer: Uint8Array, scheme: SignatureScheme, digest: Uint8Array, signature: Uint8Array): VerifyResult {
  let key: KeyObject;
  try {
    key = createPublicKey({ key: Buffer.from(spkiDer), format: "der", type: "spki" });
  } catch {
    return { valid: false, detail: t("公開鍵が読めない", "unreadable public key") };
  }
  if (scheme === "ecdsa") return verifyEcdsa(key, digest, signature);
  return verifyRsa(key, scheme, digest, signature);
}

function verifyRsa(key: KeyObject, scheme: "pkcs1" | "pss", digest: Uint8Array, signature: Uint8Array): VerifyResult {
  if (key.asymmetricKeyType !== "rsa") return { valid: false, detail: t("RSA鍵ではない", "not an RSA key") };
  const k = key.asymmetricKeyDetails?.modulusLength ?? 0;
  if (signature.length !== Math.ceil(k / 8)) return { valid: false, detail: t(`署名値の長さ${signature.length} ≠ 法の長さ${Math.ceil(k / 8)}`, `signature length ${signature.length} ≠ modulus length ${Math.ceil(k / 8)}`) };
  let em: Buffer;
  try {
    em = publicDecrypt({ key, padding: scheme === "pkcs1" ? constants.RSA_PKCS1_PADDING : constants.RSA_NO_PADDING }, Buffer.from(signature));
  } catch {
    return { valid: false, detail: t("公開鍵で署名値を復号できない", "the signature does not open with the public key") };
  }
  if (scheme === "pkcs1") {
    const prefix = DIGEST_INFO[digest.length];
    const expected = Buffer.concat([Buffer.from(prefix ?? "", "hex"), Buffer.from(digest)]);
    // Providers signing with the bare rsaEncryption OID may omit the DigestInfo: accept the bare hash too.
    const valid = em.equals(expected) || em.equals(Buffer.from(digest));
    return { valid, detail: valid ? t("PKCS#1 v1.5", "PKCS#1 v1.5") : t("PKCS#1 v1.5の内容が送ったハッシュ値と一致しない", "PKCS#1 v1.5 payload differs from the submitted hash") };
  }
  return verifyPss(em, digest, k);
}

/** EMSA-PSS-VERIFY with MGF1 over the hash matching the digest length; any salt length. */
function verifyPss(emFull: Buffer, digest: Uint8Array, modBits: number): VerifyResult {
  const hash = HASH_BY_LENGTH[digest.length];
  if (!hash) return { valid: false, detail: t("PSSに対して不明なダイジェスト長", "unknown digest length for PSS") };
  const emBits = modBits - 1;
  const emLen = Math.ceil(emBits / 8);
  const em = emFull.subarray(emFull.length - emLen);
  const hLen = digest.length;
  if (em[em.length - 1] !== 0xbc || emLen < hLen + 2) return { valid: false, detail: t("PSSのトレーラがない", "PSS trailer missing") };
  const maskedDb = em.subarray(0, emLen - hLen - 1);
  const h = em.subarray(emLen - hLen - 1, emLen - 1);
  const mask = mgf1(hash, h, maskedDb.length);
  const db = Buffer.from(maskedDb.map((b, i) => b ^ mask[i]!));
  db[0]! &= 0xff >> (8 * emLen - emBits);
  const one = db.indexOf(1);
  if (one < 0 || db.subarray(0, one).some((b) => b !== 0)) return { valid: false, detail: t("PSSのパディングが不正", "PSS padding malformed") };
  const salt = db.subarray(one + 1);
  const hPrime = createHash(hash).update(Buffer.alloc(8)).update(digest).update(salt).digest();
  const valid = hPrime.equals(h);
  return { valid, detail: valid ? t("RSASSA-PSS", "RSASSA-PSS") : t("RSASSA-PSSのハッシュ値が送ったハッシュ値と一致しない", "RSASSA-PSS hash differs from the submitted hash") };
}

function mgf1(hash: string, seed: Buffer, length: number): Buffer {
  const out: Buffer[] = [];
  for (let counter = 0; out.length * seed.length < length; counter++) {
    const c = Buffer.alloc(4);
    c.writeUInt32BE(counter);
    out.push(createHash(hash).update(seed).update(c).digest());
  }
  return Buffer.concat(out).subarray(0, length);
}

// ---- ECDSA over prime curves, in BigInt (verification only: no secrets, timing irrelevant) ----

interface Curve {
  p: bigint;
  a: bigint;
  n: bigint;
  bytes: number;
}
const CURVES: Record<string, Curve> = {
  prime256v1: {
    p: 0xffffffff00000001000000000000000000000000ffffffffffffffffffffffffn,
    a: 0xffffffff00000001000000000000000000000000fffffffffffffffffffffffcn,
    n: 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n,
    bytes: 32,
  },
  secp384r1: {
    p: 0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000ffffffffn,
    a: 0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000fffffffcn,
    n: 0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973n,
    bytes: 48,
  },
  secp521r1: {
    p: (1n << 521n) - 1n,
    a: (1n << 521n) - 4n,
    n: 0x01fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409n,
    bytes: 66,
  },
};
/** Generator points (x, y). */
const G: Record<string, [bigint, bigint]> = {
  prime256v1: [0x6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296n, 0x4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5n],
  secp384r1: [
    0xaa87ca22be8b05378eb1c71ef320ad746e1d3b628ba79b9859f741e082542a385502f25dbf55296c3a545e3872760ab7n,
    0x3617de4a96262c6f5d9e98bf9292dc29f8f41dbd289a147ce9da3113b5f0b8c00a60b1ce1d7e819d7a431d7c90ea0e5fn,
  ],
  secp521r1: [
    0x00c6858e06b70404e9cd9e3ecb662395b4429c648139053fb521f828af606b4d3dbaa14b5e77efe75928fe1dc127a2ffa8de3348b3c1856a429bf97e7e31c2e5bd66n,
    0x011839296a789a3bc0045c8a5fb42c7d1bd998f54449579b446817afbd17273e662c97ee72995ef42640c550b9013fad0761353c7086a272c24088be94769fd16650n,
  ],
};

type Point = [bigint, bigint] | null;
const mod = (a: bigint, m: bigint) => ((a % m) + m) % m;
function inv(a: bigint, m: bigint): bigint {
  let [r0, r1, s0, s1] = [mod(a, m), m, 1n, 0n];
  while (r1 !== 0n) {
    const q = r0 / r1;
    [r0, r1] = [r1, r0 - q * r1];
    [s0, s1] = [s1, s0 - q * s1];
  }
  return mod(s0, m);
}
function add(c: Curve, P: Point, Q: Point): Point {
  if (!P) return Q;
  if (!Q) return P;
  if (P[0] === Q[0] && mod(P[1] + Q[1], c.p) === 0n) return null;
  const l = P[0] === Q[0] && P[1] === Q[1] ? mod((3n * P[0] * P[0] + c.a) * inv(2n * P[1], c.p), c.p) : mod((Q[1] - P[1]) * inv(Q[0] - P[0], c.p), c.p);
  const x = mod(l * l - P[0] - Q[0], c.p);
  return [x, mod(l * (P[0] - x) - P[1], c.p)];
}
function mul(c: Curve, k: bigint, P: Point): Point {
  let R: Point = null;
  let A = P;
  for (let e = k; e > 0n; e >>= 1n) {
    if (e & 1n) R = add(c, R, A);
    A = add(c, A, A);
  }
  return R;
}
const toBig = (b: Uint8Array) => (b.length ? BigInt(`0x${Buffer.from(b).toString("hex")}`) : 0n);

/** (r, s) from DER or raw r‖s. */
function parseEcdsaSignature(sig: Uint8Array, bytes: number): { r: bigint; s: bigint; encoding: string } | undefined {
  if (sig[0] === 0x30) {
    try {
      let i = 2;
      let len = sig[1]!;
      if (len & 0x80) {
        const n = len & 0x7f;
        len = 0;
        for (let j = 0; j < n; j++) len = (len << 8) | sig[i++]!;
      }
      if (i + len !== sig.length) throw new Error("length");
      const readInt = () => {
        if (sig[i++] !== 0x02) throw new Error("int");
        const l = sig[i++]!;
        const v = sig.subarray(i, i + l);
        i += l;
        return toBig(v);
      };
      const r = readInt();
      const s = readInt();
      if (i === sig.length) return { r, s, encoding: "DER" };
    } catch {
      /* not DER: try raw */
    }
  }
  if (sig.length === 2 * bytes) return { r: toBig(sig.subarray(0, bytes)), s: toBig(sig.subarray(bytes)), encoding: "raw r‖s" };
  return undefined;
}

function verifyEcdsa(key: KeyObject, digest: Uint8Array, signature: Uint8Array): VerifyResult {
  const curveName = key.asymmetricKeyDetails?.namedCurve ?? "";
  const c = CURVES[curveName];
  const g = G[curveName];
  if (key.asymmetricKeyType !== "ec" || !c || !g) return { valid: false, detail: t(`対応していないEC鍵（${curveName || key.asymmetricKeyType}）`, `unsupported EC key (${curveName || key.asymmetricKeyType})`) };
  const jwk = key.export({ format: "jwk" });
  const Q: Point = [toBig(Buffer.from(jwk.x!, "base64url")), toBig(Buffer.from(jwk.y!, "base64url"))];
  const parsed = parseEcdsaSignature(signature, c.bytes);
  if (!parsed) return { valid: false, detail: t("DER形式でもr‖s形式でもないECDSA署名値", "neither a DER nor a raw r‖s ECDSA signature") };
  const { r, s } = parsed;
  if (r <= 0n || r >= c.n || s <= 0n || s >= c.n) return { valid: false, detail: t("rまたはsが範囲外", "r or s out of range") };
  // e = leftmost bits of the digest (FIPS 186-4 §6.4).
  const nBits = c.n.toString(2).length;
  let e = toBig(digest);
  const dBits = digest.length * 8;
  if (dBits > nBits) e >>= BigInt(dBits - nBits);
  const w = inv(s, c.n);
  const X = add(c, mul(c, mod(e * w, c.n), g), mul(c, mod(r * w, c.n), Q));
  const valid = X !== null && mod(X[0], c.n) === r;
  return { valid, detail: valid ? t(`ECDSA（${parsed.encoding}）`, `ECDSA (${parsed.encoding})`) : t(`ECDSA（${parsed.encoding}）の署名値が送ったハッシュ値に対して検証できない`, `ECDSA (${parsed.encoding}) does not verify over the submitted hash`) };
}
