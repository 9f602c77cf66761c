/**
 * A small CSC client written from the specification texts only (CSC API v1.0.4.0 and v2.0.0.2),
 * independent of the toolkit's src/csc/ client: it sends exactly the inputs a method table
 * defines for the version spoken, and brings its own RFC 6238 TOTP, GeneralizedTime and RFC 4514
 * parsers and an RSASSA-PSS-params DER encoder (RFC 8017 A.2.3). Tests only.
 */
import { createHmac } from "node:crypto";
import { request } from "node:https";

export type Version = "v1" | "v2";

export interface Reply {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  text: string;
}

export class StrictClient {
  constructor(
    readonly base: string,
    readonly version: Version,
    private readonly ca: string,
  ) {}

  /** POST {base}/{method} with a JSON body (v1 §7.1, v2 §7.1). */
  post(method: string, body: unknown, auth?: string): Promise<Reply> {
    const payload = Buffer.from(JSON.stringify(body ?? {}));
    const url = new URL(`${this.base}/${method}`);
    return new Promise((resolve, reject) => {
      const req = request(
        url,
        { method: "POST", ca: this.ca, headers: { "content-type": "application/json", "content-length": payload.length, ...(auth ? { authorization: auth } : {}) } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => {
            const text = Buffer.concat(chunks).toString("utf8");
            let parsed: unknown = undefined;
            try {
              parsed = text ? JSON.parse(text) : undefined;
            } catch {
              parsed = undefined;
            }
            resolve({ status: res.statusCode ?? 0, body: parsed, text });
          });
        },
      );
      req.on("error", reject);
      req.end(payload);
    });
  }

  /** auth/login with HTTP Basic (§11.2): the bearer for later calls. */
  async login(user: string, password: string): Promise<string> {
    const r = await this.post("auth/login", {}, `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`);
    if (r.status !== 200 || typeof r.body?.access_token !== "string") throw new Error(`login ${user}: ${r.status} ${r.text}`);
    return `Bearer ${r.body.access_token}`;
  }

  /**
   * credentials/authorize in the version's own inputs: v1 §11.6 `hash`, `PIN`, `OTP` (no hash
   * algorithm); v2 §11.6 `hashes`, `hashAlgorithmOID`, `authData`.
   */
  authorize(bearer: string, a: { credentialID: string; numSignatures: number; hashes?: string[]; hashAlgorithmOID?: string; pin: string; otp?: string }): Promise<Reply> {
    const body: Record<string, unknown> = { credentialID: a.credentialID, numSignatures: a.numSignatures };
    if (this.version === "v1") {
      if (a.hashes) body.hash = a.hashes;
      body.PIN = a.pin;
      if (a.otp !== undefined) body.OTP = a.otp;
    } else {
      if (a.hashes) {
        body.hashes = a.hashes;
        body.hashAlgorithmOID = a.hashAlgorithmOID;
      }
      body.authData = [{ id: "PIN", value: a.pin }, ...(a.otp !== undefined ? [{ id: "OTP", value: a.otp }] : [])];
    }
    return this.post("credentials/authorize", body, bearer);
  }

  /** signatures/signHash: v1 §11.9 `hash`/`hashAlgo`, v2 §11.10 `hashes`/`hashAlgorithmOID`; omitted when undefined. */
  signHash(bearer: string, s: { credentialID: string; SAD: string; hashes: string[]; hashAlgorithmOID?: string; signAlgo: string; signAlgoParams?: string }): Promise<Reply> {
    const body: Record<string, unknown> = { credentialID: s.credentialID, SAD: s.SAD, signAlgo: s.signAlgo };
    body[this.version === "v1" ? "hash" : "hashes"] = s.hashes;
    if (s.hashAlgorithmOID !== undefined) body[this.version === "v1" ? "hashAlgo" : "hashAlgorithmOID"] = s.hashAlgorithmOID;
    if (s.signAlgoParams !== undefined) body.signAlgoParams = s.signAlgoParams;
    return this.post("signatures/signHash", body, bearer);
  }
}

// --- RFC 6238 TOTP (RFC 4226 HOTP with T = floor(unix / 30)), RFC 4648 base32 ---------------

export function base32(text: string): Buffer {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = "";
  for (const ch of text.replace(/=+$/, "").toUpperCase()) {
    const v = alphabet.indexOf(ch);
    if (v < 0) throw new Error(`not base32: ${ch}`);
    bits += v.toString(2).padStart(5, "0");
  }
  const bytes: number[] = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) bytes.push(parseInt(bits.slice(i, i + 8), 2));
  return Buffer.from(bytes);
}

/** HOTP(K, T) with HMAC-SHA-1, dynamic truncation, 6 digits (RFC 4226 §5.3, RFC 6238 §4). */
export function totp(secretBase32: string, unixSeconds: number, stepSeconds = 30): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(unixSeconds / stepSeconds)));
  const hs = createHmac("sha1", base32(secretBase32)).update(counter).digest();
  const offset = hs[19]! & 0xf;
  const bin = ((hs[offset]! & 0x7f) << 24) | (hs[offset + 1]! << 16) | (hs[offset + 2]! << 8) | hs[offset + 3]!;
  return String(bin % 1_000_000).padStart(6, "0");
}

// --- GeneralizedTime (RFC 5280 §4.1.2.5.2 as CSC shows it: YYYYMMDDHHMMSSZ) ------------------

export function parseGeneralizedTime(s: unknown): Date {
  if (typeof s !== "string") throw new Error("GeneralizedTime: not a string");
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(s);
  if (!m) throw new Error(`not GeneralizedTime YYYYMMDDHHMMSSZ: ${s}`);
  const [y, mo, d, h, mi, se] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, se));
  if (date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d || h > 23 || mi > 59 || se > 59) throw new Error(`GeneralizedTime out of range: ${s}`);
  return date;
}

// --- RFC 4514 distinguished names ------------------------------------------------------------

export type Rdn = Array<{ type: string; value: string }>;

/**
 * Parses an RFC 4514 §3 string: distinguishedName = [ RDN *( "," RDN ) ], RDN = ATV *( "+" ATV ),
 * ATV = attributeType "=" attributeValue; attributeType a descr (ALPHA *(ALPHA/DIGIT/"-")) or a
 * numericoid; values with §2.4 escapes (\special, \hexpair) or "#" hexstring. No spaces are
 * allowed around the separators (they would belong to the value or the type).
 * Returns the RDNs in string order (the reverse of the certificate's RDNSequence).
 */
export function parseRfc4514(s: unknown): Rdn[] {
  if (typeof s !== "string") throw new Error("DN: not a string");
  const rdns: Rdn[] = [];
  let i = 0;
  if (s === "") return rdns;
  let rdn: Rdn = [];
  for (;;) {
    const typeMatch = /^([A-Za-z][A-Za-z0-9-]*|[0-9]+(?:\.[0-9]+)+)=/.exec(s.slice(i));
    if (!typeMatch) throw new Error(`RFC 4514: attribute type expected at ${i} in "${s}"`);
    i += typeMatch[0].length;
    let value = "";
    if (s[i] === "#") {
      const hex = /^#((?:[0-9A-Fa-f]{2})+)/.exec(s.slice(i));
      if (!hex) throw new Error(`RFC 4514: bad hexstring at ${i}`);
      value = hex[0];
      i += hex[0].length;
    } else {
      const bytes: number[] = [];
      while (i < s.length && s[i] !== "," && s[i] !== "+") {
        const c = s[i]!;
        if (c === "\\") {
          const next = s.slice(i + 1, i + 3);
          if (/^[0-9A-Fa-f]{2}$/.test(next)) {
            bytes.push(parseInt(next, 16));
            i += 3;
          } else if (/^[ "#+,;<=>\\]/.test(s[i + 1] ?? "")) {
            bytes.push(s.charCodeAt(i + 1));
            i += 2;
          } else throw new Error(`RFC 4514: bad escape at ${i}`);
          continue;
        }
        if (c === '"' || c === ";" || c === "<" || c === ">" || c === "\0") throw new Error(`RFC 4514: unescaped ${JSON.stringify(c)} at ${i}`);
        bytes.push(...Buffer.from(c, "utf8"));
        i += 1;
      }
      value = Buffer.from(bytes).toString("utf8");
      const raw = s.slice(0, i);
      if (value.startsWith(" ") && !/=\\ /.test(raw)) throw new Error(`RFC 4514: unescaped leading space in value at ${i}`);
      if (value.endsWith(" ") && !raw.endsWith("\\ ")) throw new Error(`RFC 4514: unescaped trailing space in value at ${i}`);
    }
    rdn.push({ type: typeMatch[1]!, value });
    if (i >= s.length) break;
    if (s[i] === "+") {
      i += 1;
      continue;
    }
    rdns.push(rdn);
    rdn = [];
    i += 1; // ","
  }
  rdns.push(rdn);
  return rdns;
}

// --- RSASSA-PSS-params (RFC 8017 A.2.3) ------------------------------------------------------

const HASH_OID_DER: Record<string, string> = {
  sha256: "0609608648016503040201",
  sha384: "0609608648016503040202",
  sha512: "0609608648016503040203",
};

function tlv(tag: number, content: Buffer): Buffer {
  if (content.length > 127) throw new Error("long DER not needed here");
  return Buffer.concat([Buffer.from([tag, content.length]), content]);
}

/** DER RSASSA-PSS-params with explicit hash, MGF1(hash) and salt length (trailerField default). */
export function pssParams(hash: "sha256" | "sha384" | "sha512", saltLength: number): Buffer {
  const hashAlg = tlv(0x30, Buffer.concat([Buffer.from(HASH_OID_DER[hash]!, "hex"), Buffer.from("0500", "hex")]));
  const mgf1 = tlv(0x30, Buffer.concat([Buffer.from("06092a864886f70d010108", "hex"), hashAlg]));
  const salt = saltLength < 128 ? Buffer.from([saltLength]) : Buffer.from([0, saltLength]);
  return tlv(0x30, Buffer.concat([tlv(0xa0, hashAlg), tlv(0xa1, mgf1), tlv(0xa2, tlv(0x02, salt))]));
}
