/**
 * The DER RSASSA-PSS-params the csc.protocol.pss-params probe sends as `signAlgoParams`
 * (RFC 8017 A.2.3; CSC v1.0.4.0 §11.9, v2.0.0.2 §11.10: "Base64-encoded DER-encoded ASN.1
 * signature parameters"): explicit hash, MGF1 over the same hash, and a salt length; the trailer
 * field is left at its DEFAULT (1), as DER requires. Pure.
 */
import { HASH } from "./algorithms.ts";

export type PssHash = "sha256" | "sha384" | "sha512";

const MGF1_OID = "1.2.840.113549.1.1.8";
const HASH_OID: Record<PssHash, string> = { sha256: HASH.sha256, sha384: HASH.sha384, sha512: HASH.sha512 };

function tlv(tag: number, body: Buffer): Buffer {
  if (body.length > 0xffff) throw new Error("DER value too long");
  const len = body.length < 0x80 ? Buffer.from([body.length]) : body.length < 0x100 ? Buffer.from([0x81, body.length]) : Buffer.from([0x82, body.length >> 8, body.length & 0xff]);
  return Buffer.concat([Buffer.from([tag]), len, body]);
}

function oid(dotted: string): Buffer {
  const [a, b, ...rest] = dotted.split(".").map(Number) as [number, number, ...number[]];
  const bytes = [a * 40 + b];
  for (const n of rest) {
    const groups: number[] = [];
    let v = n;
    do {
      groups.unshift(v & 0x7f);
      v = Math.floor(v / 128);
    } while (v > 0);
    bytes.push(...groups.map((g, i) => (i < groups.length - 1 ? g | 0x80 : g)));
  }
  return tlv(0x06, Buffer.from(bytes));
}

function integer(n: number): Buffer {
  if (!Number.isInteger(n) || n < 0 || n > 0x7fffffff) throw new Error("INTEGER out of range");
  const bytes: number[] = [];
  let v = n;
  do {
    bytes.unshift(v & 0xff);
    v = Math.floor(v / 256);
  } while (v > 0);
  if (bytes[0]! & 0x80) bytes.unshift(0);
  return tlv(0x02, Buffer.from(bytes));
}

/** AlgorithmIdentifier of a SHA-2 hash, parameters NULL (RFC 8017 A.2.3 examples, RFC 5754 §2). */
function hashAlgorithm(hash: PssHash): Buffer {
  return tlv(0x30, Buffer.concat([oid(HASH_OID[hash]), Buffer.from([0x05, 0x00])]));
}

/** DER RSASSA-PSS-params { hashAlgorithm [0], maskGenAlgorithm [1] MGF1(hash), saltLength [2] }. */
export function pssParamsDer(hash: PssHash, saltLength: number): Buffer {
  const fields = [
    tlv(0xa0, hashAlgorithm(hash)),
    tlv(0xa1, tlv(0x30, Buffer.concat([oid(MGF1_OID), hashAlgorithm(hash)]))),
    // saltLength DEFAULT 20: DER leaves a default value out.
    ...(saltLength === 20 ? [] : [tlv(0xa2, integer(saltLength))]),
  ];
  return tlv(0x30, Buffer.concat(fields));
}
