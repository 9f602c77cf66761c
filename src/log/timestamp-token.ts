/**
 * RFC 3161 time-stamp tokens on checkpoints (`detail.tst`): proof from a time-stamping
 * authority (TSA) that the checkpoint's signature input, and so the whole chain before it,
 * existed at the token's `genTime`. Verified synchronously (checkpoints are few) with pkijs for
 * the structure and node:crypto for the signature.
 *
 * Everything in the token is attacker-controlled: the checks below never trust a field before it
 * is bound by the signature, and messages never echo token content beyond OIDs and names of
 * certificates that were parsed.
 *
 * What makes a token valid here (RFC 3161 §2.4.2, RFC 5652 §5.4, RFC 5035):
 *  1. DER ContentInfo → SignedData whose encapsulated content is a TSTInfo;
 *  2. the imprint is SHA-256 of the checkpoint's signature input (design §7);
 *  3. exactly one SignerInfo, with signed attributes: content type TSTInfo, message digest of the
 *     TSTInfo, and an ESS signing-certificate(-v2) attribute naming the signer's certificate;
 *  4. the signature over the signed attributes verifies with that certificate's key;
 *  5. the certificate is a TSA certificate: extended key usage timeStamping only, critical;
 *  6. it chains to a TSA trust anchor and every certificate of the path is valid at genTime.
 */
import { createHash, verify as verifySignature, X509Certificate } from "node:crypto";
import { createRequire } from "node:module";
import type * as Asn1js from "asn1js";
import type * as Pkijs from "pkijs";
import { describeError } from "../util/errors.ts";
import { buildPath, oneLine, pathInvalidAt } from "./signing-cert.ts";
import { CMS_OID as OID } from "../cades/cms-oids.ts";

/*
 * pkijs and asn1js are loaded on the first token, not with this module: most logs carry no
 * token, and loading them is a large share of `log verify`'s start-up (measured ~100 ms of
 * ~170 ms for the log modules). require() of these ES modules is synchronous (Node ≥ 20.19) and
 * gives the same module instances as `import` elsewhere, so instanceof checks still hold.
 */
let asn1js: typeof Asn1js;
let pkijs: typeof Pkijs;
function load(): void {
  if (pkijs) return;
  const require = createRequire(import.meta.url);
  asn1js = require("asn1js") as typeof Asn1js;
  pkijs = require("pkijs") as typeof Pkijs;
}

export type TokenProblemCode = "tst.invalid" | "tst.imprint-mismatch" | "tst.untrusted";

/** What a token proves, or why it proves nothing. */
export type TokenVerdict =
  | {
      ok: true;
      /** When the TSA saw the imprint. */
      genTime: Date;
      /** Subject of the TSA certificate. */
      tsa: string;
      /**
       * `chained`: the TSA chains to an anchor and was valid at genTime. `unchecked`: signature and
       * imprint verified, the TSA not (no anchor, or only fallback anchors it does not chain to).
       */
      trust: "chained" | "unchecked";
    }
  | { ok: false; code: TokenProblemCode; message: string };

/** Digest algorithms accepted for the token's own digests (SHA-1 only inside ESS v1, as RFC 2634 fixes it). */
const DIGESTS: Readonly<Record<string, string>> = {
  [OID.sha256]: "sha256",
  "2.16.840.1.101.3.4.2.2": "sha384",
  "2.16.840.1.101.3.4.2.3": "sha512",
};

/** Signature algorithms: the digest they fix, or null for "the SignerInfo's digestAlgorithm". */
const SIGNATURES: Readonly<Record<string, string | null>> = {
  "1.2.840.10045.4.3.2": "sha256", // ecdsa-with-SHA256
  "1.2.840.10045.4.3.3": "sha384",
  "1.2.840.10045.4.3.4": "sha512",
  "1.2.840.113549.1.1.11": "sha256", // sha256WithRSAEncryption
  "1.2.840.113549.1.1.12": "sha384",
  "1.2.840.113549.1.1.13": "sha512",
  "1.2.840.10045.2.1": null, // id-ecPublicKey, as some signers write it
  "1.2.840.113549.1.1.1": null, // rsaEncryption (PKCS #1 v1.5)
};

class TokenFailure extends Error {
  constructor(
    readonly code: TokenProblemCode,
    message: string,
  ) {
    super(message);
  }
}

const fail = (code: TokenProblemCode, message: string): never => {
  throw new TokenFailure(code, message);
};

/** The TSA trust anchors, and whether they were named for TSAs or are a fallback (the log's own). */
export interface TsaTrust {
  anchors: readonly X509Certificate[];
  /**
   * True: a TSA that does not chain to `anchors` is `tst.untrusted`. False (fallback anchors): it
   * is only `unchecked`, since the assessor never said which TSA to trust.
   */
  explicit: boolean;
}

/**
 * What the token must time-stamp: a checkpoint's signature input (`message`, SHA-256 only, as the
 * format fixes it), or a file whose digest `digestOf` gives in the algorithm the token names
 * (SHA-256/384/512; undefined when it cannot). `what` names the data in messages.
 */
export type ImprintTarget = { message: Uint8Array } | { digestOf: (hash: string) => Buffer | undefined; what: string };

/** Verifies `token` (DER) as an RFC 3161 token over `target`, from a TSA `trust` accepts. */
export function verifyTimestampToken(token: Uint8Array, target: Uint8Array | ImprintTarget, trust: TsaTrust): TokenVerdict {
  load();
  try {
    const { signedData, tstInfoDer } = parseToken(token);
    const tstInfo = parse("TSTInfo", () => pkijs.TSTInfo.fromBER(tstInfoDer));
    checkImprint(tstInfo, target instanceof Uint8Array ? { message: target } : target);
    const signerInfo = onlySignerInfo(signedData);
    checkSignedAttributes(signerInfo, tstInfoDer);
    const { cert, others } = signerCertificate(signedData, signerInfo);
    checkEssBinding(signerInfo, cert);
    checkSignature(signerInfo, cert);
    checkTsaUsage(cert.pkijs);
    const checked = checkPath(cert.node, others, trust, tstInfo.genTime);
    return { ok: true, genTime: tstInfo.genTime, tsa: oneLine(cert.node.subject), trust: checked };
  } catch (error) {
    if (error instanceof TokenFailure) return { ok: false, code: error.code, message: error.message };
    return { ok: false, code: "tst.invalid", message: `not a usable RFC 3161 token: ${describeError(error)}` };
  }
}

/** Runs a pkijs parse; its exceptions become one `tst.invalid` line naming the structure. */
function parse<T>(what: string, run: () => T): T {
  try {
    return run();
  } catch (error) {
    return fail("tst.invalid", `${what} cannot be parsed: ${describeError(error)}`);
  }
}

function parseToken(token: Uint8Array): { signedData: Pkijs.SignedData; tstInfoDer: ArrayBuffer } {
  const asn1 = asn1js.fromBER(token);
  if (asn1.offset === -1 || asn1.offset !== token.byteLength) fail("tst.invalid", "not a DER-encoded token (ContentInfo)");
  const contentInfo = parse("ContentInfo", () => new pkijs.ContentInfo({ schema: asn1.result }));
  if (contentInfo.contentType !== OID.signedData) fail("tst.invalid", `content type ${contentInfo.contentType} is not SignedData`);
  const signedData = parse("SignedData", () => new pkijs.SignedData({ schema: contentInfo.content }));
  const encap = signedData.encapContentInfo;
  if (encap.eContentType !== OID.tstInfo || !encap.eContent) fail("tst.invalid", "the signed content is not a TSTInfo");
  return { signedData, tstInfoDer: encap.eContent!.getValue() };
}

function checkImprint(tstInfo: Pkijs.TSTInfo, target: ImprintTarget): void {
  const imprint = tstInfo.messageImprint;
  const oid = imprint.hashAlgorithm.algorithmId;
  const got = Buffer.from(imprint.hashedMessage.valueBlock.valueHexView);
  if ("message" in target) {
    if (oid !== OID.sha256) fail("tst.imprint-mismatch", `the imprint uses algorithm ${oid}; the format requires SHA-256 of the checkpoint's signature input`);
    if (!createHash("sha256").update(target.message).digest().equals(got)) {
      fail("tst.imprint-mismatch", "the token time-stamps other data, not this checkpoint's signature input (copied from another checkpoint, or the checkpoint was changed)");
    }
    return;
  }
  const hash = DIGESTS[oid];
  const expected = hash ? target.digestOf(hash) : undefined;
  if (!expected) return fail("tst.invalid", `the imprint uses algorithm ${oid}, not SHA-256, SHA-384 or SHA-512`);
  if (!expected.equals(got)) fail("tst.imprint-mismatch", `the token time-stamps other data than ${target.what} as it is now (${hash} differs)`);
}

/**
 * The digest algorithm (node's name) of a token's imprint, read before the data is hashed so a
 * file is read once; undefined when the token cannot be read (verifyTimestampToken says why).
 */
export function imprintHashOf(token: Uint8Array): string | undefined {
  load();
  try {
    const { tstInfoDer } = parseToken(token);
    return DIGESTS[pkijs.TSTInfo.fromBER(tstInfoDer).messageImprint.hashAlgorithm.algorithmId];
  } catch {
    return undefined;
  }
}

/**
 * The token inside a `.tsr` file: `openssl ts -reply` writes a TimeStampResp (RFC 3161 §2.4.2,
 * `SEQUENCE { PKIStatusInfo, TimeStampToken }`), `-token_out` the bare token; both are accepted.
 * A response whose status is not granted (0) or grantedWithMods (1) holds no usable token.
 */
export function tokenFromTsr(der: Uint8Array): { token: Uint8Array } | { error: string } {
  load();
  const asn1 = asn1js.fromBER(der);
  if (asn1.offset === -1 || asn1.offset !== der.byteLength || !(asn1.result instanceof asn1js.Sequence)) return { error: "not a DER time-stamp response or token" };
  const [first, second] = asn1.result.valueBlock.value;
  if (first instanceof asn1js.ObjectIdentifier) return { token: der }; // a ContentInfo: the bare token
  if (!(first instanceof asn1js.Sequence)) return { error: "not a time-stamp response (no PKIStatusInfo)" };
  const status = first.valueBlock.value[0];
  const code = status instanceof asn1js.Integer ? status.valueBlock.valueDec : -1;
  if (code !== 0 && code !== 1) return { error: `the TSA did not grant the time-stamp (PKIStatus ${code})` };
  if (!second) return { error: "the time-stamp response holds no token" };
  return { token: new Uint8Array(second.toBER()) };
}

function onlySignerInfo(signedData: Pkijs.SignedData): Pkijs.SignerInfo {
  if (signedData.signerInfos.length !== 1) fail("tst.invalid", `${signedData.signerInfos.length} signers; a token has exactly one`);
  const signerInfo = signedData.signerInfos[0]!;
  if (!signerInfo.signedAttrs) fail("tst.invalid", "no signed attributes (RFC 3161 requires the ESS signing-certificate attribute)");
  return signerInfo;
}

function attribute(signerInfo: Pkijs.SignerInfo, oid: string): unknown {
  const found = signerInfo.signedAttrs!.attributes.filter((a) => a.type === oid);
  if (found.length > 1 || (found.length === 1 && found[0]!.values.length !== 1)) fail("tst.invalid", `signed attribute ${oid} must occur once with one value`);
  return found[0]?.values[0];
}

function digestName(oid: string): string {
  return DIGESTS[oid] ?? fail("tst.invalid", `digest algorithm ${oid} not accepted (SHA-256, SHA-384 or SHA-512)`);
}

function checkSignedAttributes(signerInfo: Pkijs.SignerInfo, tstInfoDer: ArrayBuffer): void {
  const type = attribute(signerInfo, OID.contentType);
  if (!(type instanceof asn1js.ObjectIdentifier) || type.valueBlock.toString() !== OID.tstInfo) fail("tst.invalid", "the content-type attribute is missing or not TSTInfo");
  const digest = attribute(signerInfo, OID.messageDigest);
  if (!(digest instanceof asn1js.OctetString)) return fail("tst.invalid", "the message-digest attribute is missing");
  const actual = createHash(digestName(signerInfo.digestAlgorithm.algorithmId)).update(new Uint8Array(tstInfoDer)).digest();
  if (!actual.equals(Buffer.from(digest.valueBlock.valueHexView))) fail("tst.invalid", "the message-digest attribute does not match the TSTInfo (the token was altered)");
}

interface SignerCert {
  pkijs: Pkijs.Certificate;
  node: X509Certificate;
  der: Buffer;
}

function toNode(cert: Pkijs.Certificate): { node: X509Certificate; der: Buffer } {
  const der = Buffer.from(cert.toSchema().toBER());
  return { node: new X509Certificate(der), der };
}

/** The certificate the SignerInfo names (by issuer and serial, or key identifier), from the token. */
function signerCertificate(signedData: Pkijs.SignedData, signerInfo: Pkijs.SignerInfo): { cert: SignerCert; others: X509Certificate[] } {
  const certs = (signedData.certificates ?? []).filter((c): c is Pkijs.Certificate => c instanceof pkijs.Certificate);
  const sid: unknown = signerInfo.sid;
  const named = certs.find((c) => {
    if (sid instanceof pkijs.IssuerAndSerialNumber) return c.serialNumber.isEqual(sid.serialNumber) && c.issuer.isEqual(sid.issuer);
    const ski = c.extensions?.find((e) => e.extnID === OID.subjectKeyIdentifier)?.parsedValue;
    const wanted = (sid as Asn1js.BaseBlock<Asn1js.ValueBlock & { valueHexView?: Uint8Array }>).valueBlock?.valueHexView;
    return ski instanceof asn1js.OctetString && wanted !== undefined && Buffer.from(ski.valueBlock.valueHexView).equals(Buffer.from(wanted));
  });
  if (!named) return fail("tst.invalid", "the token does not include the TSA's certificate (tokens must be requested with certReq)");
  const cert = { pkijs: named, ...toNode(named) };
  const others = certs.filter((c) => c !== named).map((c) => toNode(c).node);
  return { cert, others };
}

/** ESS signing-certificate(-v2): binds the signature to this certificate, not just to its key. */
function checkEssBinding(signerInfo: Pkijs.SignerInfo, cert: SignerCert): void {
  const v2 = attribute(signerInfo, OID.signingCertificateV2);
  const v1 = attribute(signerInfo, OID.signingCertificate);
  const value = v2 ?? v1;
  if (!(value instanceof asn1js.Sequence)) return fail("tst.invalid", "no ESS signing-certificate attribute (RFC 3161 §2.4.1 requires it)");
  const certIds = value.valueBlock.value[0];
  const first = certIds instanceof asn1js.Sequence ? certIds.valueBlock.value[0] : undefined;
  if (!(first instanceof asn1js.Sequence)) return fail("tst.invalid", "the ESS signing-certificate attribute names no certificate");
  let algorithm = v2 ? "sha256" : "sha1"; // ESSCertIDv2's hashAlgorithm defaults to SHA-256
  let hashAt = 0;
  const head = first.valueBlock.value[0];
  if (v2 && head instanceof asn1js.Sequence) {
    algorithm = digestName(new pkijs.AlgorithmIdentifier({ schema: head }).algorithmId);
    hashAt = 1;
  }
  const hash = first.valueBlock.value[hashAt];
  if (!(hash instanceof asn1js.OctetString)) return fail("tst.invalid", "the ESS signing-certificate attribute has no certificate hash");
  if (!createHash(algorithm).update(cert.der).digest().equals(Buffer.from(hash.valueBlock.valueHexView))) {
    fail("tst.invalid", `the ESS signing-certificate attribute names another certificate than ${oneLine(cert.node.subject)}`);
  }
}

function checkSignature(signerInfo: Pkijs.SignerInfo, cert: SignerCert): void {
  const algorithm = signerInfo.signatureAlgorithm.algorithmId;
  if (!(algorithm in SIGNATURES)) fail("tst.invalid", `signature algorithm ${algorithm} not supported (ECDSA or RSA PKCS #1 v1.5 with SHA-2)`);
  const digest = SIGNATURES[algorithm] ?? digestName(signerInfo.digestAlgorithm.algorithmId);
  const signed = new Uint8Array(signerInfo.signedAttrs!.encodedValue); // re-tagged as SET OF by pkijs, as RFC 5652 §5.4 signs it
  let good = false;
  try {
    good = verifySignature(digest, signed, cert.node.publicKey, Buffer.from(signerInfo.signature.valueBlock.valueHexView));
  } catch {
    good = false; // malformed signature bytes
  }
  if (!good) fail("tst.invalid", `the token's signature does not verify with ${oneLine(cert.node.subject)} (the token was altered or forged)`);
}

/** RFC 3161 §2.3: the TSA certificate has extended key usage timeStamping only, marked critical. */
function checkTsaUsage(cert: Pkijs.Certificate): void {
  const eku = cert.extensions?.find((e) => e.extnID === OID.extKeyUsage);
  const purposes = (eku?.parsedValue as Pkijs.ExtKeyUsage | undefined)?.keyPurposes ?? [];
  if (!eku || !eku.critical || purposes.length !== 1 || purposes[0] !== OID.timeStamping) {
    fail("tst.invalid", "the signer is not a TSA certificate (RFC 3161 §2.3: extended key usage timeStamping only, critical)");
  }
}

/** Whether the TSA chains to an anchor and was valid at genTime (throws when it must and does not). */
function checkPath(leaf: X509Certificate, intermediates: X509Certificate[], trust: TsaTrust, genTime: Date): "chained" | "unchecked" {
  if (trust.anchors.length === 0) return "unchecked";
  const path = buildPath(leaf, intermediates, [...trust.anchors]);
  if (typeof path === "string") return trust.explicit ? fail("tst.untrusted", `TSA certificate ${oneLine(leaf.subject)} ${path}`) : "unchecked";
  const why = pathInvalidAt(path, genTime.getTime());
  if (why) fail("tst.untrusted", `TSA certificate path not valid at the token's time ${genTime.toISOString()}: ${why}`);
  return "chained";
}
