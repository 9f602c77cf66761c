/**
 * What the csc.protocol.* checks share: the per-version reading of the CSC texts (which source and
 * clause a rule comes from), the parsers of the encodings CSC prescribes (GeneralizedTime,
 * RFC 4514 DNs), and the rule that a protocol deviation is reported as `advisory`: conformance to
 * the CSC API is an interoperability matter beyond the guideline's text, so a departure from a CSC
 * SHALL is named with its basis but does not fail a guideline control. Pure.
 */
import "reflect-metadata";
import * as x509 from "@peculiar/x509";
import * as asn1js from "asn1js";
import type { Basis, CheckOutcome, Message, Text } from "../check/types.ts";
import { basis } from "../check/basis.ts";
import { conclude, type Judged } from "./probe.ts";

export type CscVersion = "v1" | "v2";

/** The version a service announces (`specs` 2.x → v2), else the field names the client speaks. */
export function announcedVersion(specs: unknown, fallback: CscVersion): CscVersion {
  if (typeof specs === "string") return specs.startsWith("2.") ? "v2" : specs.startsWith("1.") ? "v1" : fallback;
  return fallback;
}

/** A CSC clause of the version served: v1.0.4.0 or v2.0.0.2 (catalog source IDs). */
export function cscBasis(version: CscVersion, clauses: { v1: Message; v2: Message }, strength: Basis["strength"] = "shall"): Basis {
  return version === "v1" ? basis("CSC-API-1.0.4", clauses.v1, strength) : basis("CSC-API-2.0", clauses.v2, strength);
}

/** conclude(), with a protocol departure reported as advisory (see the module comment); bilingual summaries. */
export function concludeProtocol(judged: Judged[], summaries: { pass: Text; fail: Text }): CheckOutcome {
  const outcome = conclude(judged, { pass: summaries.pass.en, fail: summaries.fail.en });
  if (outcome.status === "pass") return { ...outcome, summary: summaries.pass };
  if (outcome.status !== "fail") return outcome;
  const first = judged.find((j) => j.status === "fail")!.observation.observed;
  const detail = typeof first === "string" ? { ja: first, en: first } : first;
  return { ...outcome, status: "advisory", summary: { ja: `${summaries.fail.ja}: ${detail.ja}`, en: `${summaries.fail.en}: ${detail.en}` } };
}

/** GeneralizedTime as CSC shows it, `YYYYMMDDHHMMSSZ` (v1 §11.5, v2 §11.4); undefined if not. */
export function parseGeneralizedTime(s: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(s);
  if (!m) return undefined;
  const [y, mo, d, h, mi, se] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, se));
  return date.getUTCMonth() === mo - 1 && date.getUTCDate() === d && h < 24 && mi < 60 && se < 60 ? date : undefined;
}

/**
 * Attribute type names to OIDs: RFC 4514 §3's table (CN, L, ST, O, OU, C, STREET, DC, UID) and the
 * names @peculiar/x509 and common providers print for other types (E, G, SN, T, SERIALNUMBER…),
 * so that a name is compared by OID whichever spelling was used.
 */
const TYPE_OIDS: Record<string, string> = {
  CN: "2.5.4.3",
  C: "2.5.4.6",
  L: "2.5.4.7",
  ST: "2.5.4.8",
  STREET: "2.5.4.9",
  O: "2.5.4.10",
  OU: "2.5.4.11",
  DC: "0.9.2342.19200300.100.1.25",
  UID: "0.9.2342.19200300.100.1.1",
  E: "1.2.840.113549.1.9.1",
  EMAILADDRESS: "1.2.840.113549.1.9.1",
  G: "2.5.4.42",
  GIVENNAME: "2.5.4.42",
  I: "2.5.4.43",
  INITIALS: "2.5.4.43",
  SN: "2.5.4.4",
  SURNAME: "2.5.4.4",
  T: "2.5.4.12",
  TITLE: "2.5.4.12",
  SERIALNUMBER: "2.5.4.5",
  ORGANIZATIONIDENTIFIER: "2.5.4.97",
};

/** An RDN as sorted "oid=value" strings, comparable across spellings. */
type Rdn = string[];

const MAX_ATTRIBUTES = 64;

/**
 * An RFC 4514 string as RDNs in string order, or the reason it is not one. §3 grammar: "," and
 * "+" with no spaces around them; in a value `"` `+` `,` `;` `<` `>` `\` escaped, a leading space
 * or "#" and a trailing space escaped (§2.4); escapes are `\` + a special or two hex digits (UTF-8
 * bytes). A value that starts with an unescaped "#" is a BER hexstring (§2.4): decoded, so that it
 * compares with the certificate's value (berHexValue).
 * The empty string is the empty name. Bounded: at most 64 attribute values.
 */
export function parseRfc4514(s: string): Rdn[] | string {
  if (s === "") return [];
  const rdns: Rdn[] = [];
  let rdn: Rdn = [];
  let i = 0;
  let count = 0;
  for (;;) {
    if (++count > MAX_ATTRIBUTES) return `more than ${MAX_ATTRIBUTES} attribute values`;
    const type = /^([A-Za-z][A-Za-z0-9-]*|[0-9]+(?:\.[0-9]+)+)=/.exec(s.slice(i));
    if (!type) return `no attribute type at offset ${i}`;
    i += type[0].length;
    if (s[i] === " ") return `unescaped leading space at offset ${i}`;
    if (s[i] === "#") {
      const hex = /^#([0-9A-Fa-f]*)(?=[,+]|$)/.exec(s.slice(i));
      if (!hex || hex[1]!.length === 0 || hex[1]!.length % 2) return `bad BER hexstring at offset ${i}`;
      const value = berHexValue(hex[1]!);
      if (value === undefined) return `BER hexstring at offset ${i} is not one DER value`;
      rdn.push(`${TYPE_OIDS[type[1]!.toUpperCase()] ?? type[1]}=${value}`);
      i += hex[0].length;
      if (i >= s.length) break;
      if (s[i] === ",") (rdns.push(rdn.sort()), (rdn = []));
      i += 1;
      if (i >= s.length) return "a separator at the end";
      continue;
    }
    const bytes: number[] = [];
    let lastEscaped = false;
    while (i < s.length && s[i] !== "," && s[i] !== "+") {
      const c = s[i]!;
      if (c === "\\") {
        const hex = s.slice(i + 1, i + 3);
        if (/^[0-9A-Fa-f]{2}$/.test(hex)) (bytes.push(parseInt(hex, 16)), (i += 3));
        else if (/^[ "#+,;<=>\\]$/.test(s[i + 1] ?? "")) (bytes.push(s.charCodeAt(i + 1)), (i += 2));
        else return `bad escape at offset ${i}`;
        lastEscaped = true;
        continue;
      }
      if ('";<>'.includes(c)) return `unescaped ${c} at offset ${i}`;
      bytes.push(...Buffer.from(c, "utf8"));
      lastEscaped = false;
      i += 1;
    }
    if (bytes.length > 0 && bytes.at(-1) === 0x20 && !lastEscaped) return `unescaped trailing space before offset ${i}`;
    const value = Buffer.from(bytes).toString("utf8");
    rdn.push(`${TYPE_OIDS[type[1]!.toUpperCase()] ?? type[1]}=${value}`);
    if (i >= s.length) break;
    if (s[i] === ",") (rdns.push(rdn.sort()), (rdn = []));
    i += 1;
    if (i >= s.length) return "a separator at the end";
  }
  rdns.push(rdn.sort());
  return rdns;
}

/**
 * The value a BER hexstring (RFC 4514 §2.4, "#" and the hex of the BER encoding of the
 * AttributeValue) stands for: the text of a directory string type, as the certificate's name
 * shows it; another type stays "#" + lowercase hex (how @peculiar/x509 prints such a value).
 * Undefined when the bytes are not one complete BER value.
 */
export function berHexValue(hex: string): string | undefined {
  const bytes = Buffer.from(hex, "hex");
  const parsed = asn1js.fromBER(new Uint8Array(bytes).buffer);
  if (parsed.offset === -1 || parsed.offset !== bytes.length) return undefined;
  const r = parsed.result;
  const text =
    r instanceof asn1js.Utf8String || r instanceof asn1js.PrintableString || r instanceof asn1js.IA5String || r instanceof asn1js.BmpString ||
    r instanceof asn1js.UniversalString || r instanceof asn1js.TeletexString || r instanceof asn1js.NumericString || r instanceof asn1js.VisibleString
      ? r.getValue()
      : undefined;
  return text ?? `#${hex.toLowerCase()}`;
}

/** The RDNs of a certificate name in RFC 4514 string order (the reverse of the RDNSequence). */
export function certificateRdns(name: x509.Name): Rdn[] {
  return name
    .toJSON()
    .slice()
    .reverse()
    .map((rdn) => Object.entries(rdn).flatMap(([type, values]) => values.map((v) => `${TYPE_OIDS[type.toUpperCase()] ?? type}=${v}`)).sort());
}

export function sameRdns(a: Rdn[], b: Rdn[]): boolean {
  return a.length === b.length && a.every((r, i) => r.length === b[i]!.length && r.every((v, j) => v === b[i]![j]));
}

/** One judged observation of a protocol rule: a departure carries its basis, a pass none. */
export function rule(ok: boolean, o: { expected: Message; observed: Message; where: string; basis: Basis; subject?: string }): Judged {
  return {
    status: ok ? "pass" : "fail",
    observation: { expected: o.expected, observed: o.observed, where: o.where, ok, ...(o.subject ? { subject: o.subject } : {}), ...(ok ? {} : { basis: o.basis }) },
  };
}

/** Base64 as RFC 4648 §4 defines it (the alphabet with "+" and "/", padded): what CSC names "Base64". */
export function isBase64(s: unknown): boolean {
  return typeof s === "string" && s.length > 0 && s.length % 4 === 0 && /^[A-Za-z0-9+/]+={0,2}$/.test(s);
}

/** A certificate serial number as CSC shows it: hex-encoded (v1 §11.5, v2 §11.4). */
export function isHexSerial(s: unknown): boolean {
  return typeof s === "string" && /^[0-9A-Fa-f]+$/.test(s) && s.length <= 128;
}

/** The same serial number, ignoring case and leading zero octets. */
export function sameSerial(a: string, b: string): boolean {
  const n = (x: string) => x.toLowerCase().replace(/^(00)+(?=..)/, "");
  return n(a) === n(b);
}

/** The text's names of the methods of each version (v1.0.4.0 §11, v2.0.0.2 Table 4), OAuth endpoints aside. */
export const SPEC_METHODS: Record<CscVersion, readonly string[]> = {
  v1: ["info", "auth/login", "auth/revoke", "credentials/list", "credentials/info", "credentials/authorize", "credentials/extendTransaction", "credentials/sendOTP", "signatures/signHash", "signatures/timestamp"],
  v2: ["info", "auth/login", "auth/revoke", "credentials/list", "credentials/info", "credentials/authorize", "credentials/authorizeCheck", "credentials/getChallenge", "credentials/extendTransaction", "credentials/sendOTP", "signatures/signHash", "signatures/signDoc", "signatures/timestamp"],
};

/**
 * Methods the probe may call to see how an unimplemented one is answered: ones whose empty request
 * can change nothing (no token revoked, no OTP sent, nothing signed or stamped without input),
 * most harmless first.
 */
export const HARMLESS_METHODS: readonly string[] = ["signatures/timestamp", "credentials/authorizeCheck", "credentials/getChallenge", "signatures/signDoc", "credentials/extendTransaction"];

/** A method of the announced version that info.methods does not list and that is harmless to call, if any. */
export function unlistedMethod(version: CscVersion, listed: readonly unknown[]): string | undefined {
  return HARMLESS_METHODS.find((m) => SPEC_METHODS[version].includes(m) && !listed.includes(m));
}
