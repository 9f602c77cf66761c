/**
 * Local validation of a CMS signature an RSSP returned from signatures/signDoc (CSC v2.0.0.2
 * §11.11): CAdES baseline B (ETSI EN 319 122-1 §6.3) for signature_format "C", and the CMS of a
 * PAdES baseline B signature (ETSI EN 319 142-1 §6.3) for "P". What is checked, each as its own
 * finding so that an observation can say which rule a signature breaks:
 *
 * - structure: ContentInfo of id-signedData, exactly one SignerInfo, detached (no eContent),
 *   eContentType id-data;
 * - content-type and message-digest signed attributes; the message digest equals the digest the
 *   assessor submitted (the RSSP signs what it was authorised to sign, and nothing else);
 * - signing-certificate-v2 (RFC 5035; EN 319 122-1 §5.2.2.3): its first ESSCertIDv2 hashes the
 *   credential's certificate (and its issuerSerial, if present, names it);
 * - signing-time: present in CAdES-B-B, absent in PAdES-B-B (the PDF's /M carries the time);
 * - signer: the SignerInfo identifies the credential's certificate, which SignedData.certificates
 *   carries;
 * - signature value: verifies over the DER signed attributes with the certificate's key;
 * - chain: each certificate of the credential's chain is signed by the next one.
 *
 * Input is attacker-controlled: bounded in size, and any parse failure is a finding, not a throw.
 * pkijs/asn1js are loaded on first use (start-up of every other command stays as it was).
 */
import { createHash, X509Certificate } from "node:crypto";
import { createRequire } from "node:module";
import type * as Asn1js from "asn1js";
import type * as Pkijs from "pkijs";
import { verifyHashSignature, type SignatureScheme } from "../cert/verify-hash-signature.ts";

let asn1js: typeof Asn1js;
let pkijs: typeof Pkijs;
function load(): void {
  if (pkijs) return;
  const require = createRequire(import.meta.url);
  asn1js = require("asn1js") as typeof Asn1js;
  pkijs = require("pkijs") as typeof Pkijs;
}

export type CmsFormat = "C" | "P";
export type CmsItem = "structure" | "content-type" | "message-digest" | "signing-certificate-v2" | "signing-time" | "signer" | "signature-value" | "chain";

/** The items in the guideline's and ETSI's Japanese terms (findings' details stay technical English). */
export const CMS_ITEM_JA: Record<CmsItem, string> = {
  structure: "CMS構造（SignedData・detached）",
  "content-type": "content-type署名属性",
  "message-digest": "message-digest署名属性（送ったダイジェストとの一致）",
  "signing-certificate-v2": "signing-certificate-v2署名属性（署名者証明書の識別）",
  "signing-time": "signing-time署名属性",
  signer: "署名者の識別（sid・certificates）",
  "signature-value": "署名値（証明書の公開鍵による検証）",
  chain: "証明書チェーン",
};

export interface CmsFinding {
  item: CmsItem;
  ok: boolean;
  detail: string;
}

export interface CmsExpectation {
  format: CmsFormat;
  /** The digest the assessor sent (the message-digest the CMS must carry). */
  digest: Uint8Array;
  /** The credential's chain as credentials/info returned it, end entity first (DER). */
  chain: Uint8Array[];
}

export interface CmsVerdict {
  ok: boolean;
  findings: CmsFinding[];
}

/** Largest CMS validated (a B-B signature with a short chain is a few kB). */
export const MAX_CMS_BYTES = 1_048_576;

const OID = {
  signedData: "1.2.840.113549.1.7.2",
  data: "1.2.840.113549.1.7.1",
  contentType: "1.2.840.113549.1.9.3",
  messageDigest: "1.2.840.113549.1.9.4",
  signingTime: "1.2.840.113549.1.9.5",
  signingCertificateV2: "1.2.840.113549.1.9.16.2.47",
  signingCertificate: "1.2.840.113549.1.9.16.2.12",
  sha256: "2.16.840.1.101.3.4.2.1",
};
const NODE_HASH: Record<string, string> = { "1.3.14.3.2.26": "sha1", "2.16.840.1.101.3.4.2.1": "sha256", "2.16.840.1.101.3.4.2.2": "sha384", "2.16.840.1.101.3.4.2.3": "sha512" };
const SCHEME: Record<string, SignatureScheme> = {
  "1.2.840.10045.2.1": "ecdsa",
  "1.2.840.10045.4.3.2": "ecdsa",
  "1.2.840.10045.4.3.3": "ecdsa",
  "1.2.840.10045.4.3.4": "ecdsa",
  "1.2.840.113549.1.1.1": "pkcs1",
  "1.2.840.113549.1.1.11": "pkcs1",
  "1.2.840.113549.1.1.12": "pkcs1",
  "1.2.840.113549.1.1.13": "pkcs1",
  "1.2.840.113549.1.1.10": "pss",
};

const hexOf = (b: ArrayBuffer | Uint8Array) => Buffer.from(b instanceof Uint8Array ? b : new Uint8Array(b)).toString("hex");

/** Validates one returned CMS against what was sent and the credential; never throws. */
export function validateCms(cms: Uint8Array, e: CmsExpectation): CmsVerdict {
  const findings: CmsFinding[] = [];
  const add = (item: CmsItem, ok: boolean, detail: string) => findings.push({ item, ok, detail });
  const done = (): CmsVerdict => ({ ok: findings.every((f) => f.ok), findings });
  if (cms.length === 0 || cms.length > MAX_CMS_BYTES) {
    add("structure", false, `the signature object is ${cms.length} bytes (expected 1 … ${MAX_CMS_BYTES})`);
    return done();
  }
  load();
  let signed: Pkijs.SignedData;
  try {
    const info = pkijs.ContentInfo.fromBER(new Uint8Array(cms));
    if (info.contentType !== OID.signedData) {
      add("structure", false, `ContentInfo contentType is ${info.contentType}, not id-signedData`);
      return done();
    }
    signed = new pkijs.SignedData({ schema: info.content });
  } catch (error) {
    add("structure", false, `not a CMS ContentInfo/SignedData (${oneLine(error)})`);
    return done();
  }
  const signers = signed.signerInfos;
  const eContent = signed.encapContentInfo.eContent;
  const structureProblems = [
    signers.length !== 1 ? `${signers.length} SignerInfos (expected 1)` : "",
    eContent ? "the content is attached (a detached signature was asked for)" : "",
    signed.encapContentInfo.eContentType !== OID.data ? `eContentType ${signed.encapContentInfo.eContentType} (expected id-data)` : "",
  ].filter(Boolean);
  add("structure", structureProblems.length === 0, structureProblems.join("; ") || "SignedData, one SignerInfo, detached, id-data");
  const si = signers[0];
  if (!si) return done();
  const attrs = si.signedAttrs?.attributes ?? [];
  if (!si.signedAttrs || attrs.length === 0) {
    add("content-type", false, "no signed attributes");
    return done();
  }
  const one = (type: string) => attrs.filter((a) => a.type === type);

  // content-type
  const ct = one(OID.contentType);
  const ctValue = ct[0]?.values[0];
  const ctOid = ctValue instanceof asn1js.ObjectIdentifier ? ctValue.valueBlock.toString() : undefined;
  add("content-type", ct.length === 1 && ctOid === OID.data, ct.length !== 1 ? `${ct.length} content-type attributes (expected 1)` : `content-type ${ctOid ?? "(not an OID)"}`);

  // message-digest = the submitted digest
  const md = one(OID.messageDigest);
  const mdValue = md[0]?.values[0];
  const mdBytes = mdValue instanceof asn1js.OctetString ? new Uint8Array(mdValue.valueBlock.valueHexView) : undefined;
  const digestAlgo = si.digestAlgorithm.algorithmId;
  if (md.length !== 1 || !mdBytes) add("message-digest", false, md.length !== 1 ? `${md.length} message-digest attributes (expected 1)` : "message-digest is not an OCTET STRING");
  else if (!Buffer.from(mdBytes).equals(Buffer.from(e.digest))) add("message-digest", false, `message-digest ${hexOf(mdBytes).slice(0, 16)}… differs from the submitted digest ${hexOf(e.digest).slice(0, 16)}…`);
  else add("message-digest", true, `message-digest equals the submitted digest (${NODE_HASH[digestAlgo] ?? digestAlgo})`);

  // signing-certificate-v2 names the credential's certificate
  const eeDer = e.chain[0];
  const sc2 = one(OID.signingCertificateV2);
  if (!eeDer) add("signing-certificate-v2", false, "the credential has no certificate to compare with");
  else if (sc2.length !== 1) add("signing-certificate-v2", false, `${sc2.length} signing-certificate-v2 attributes (expected 1)${one(OID.signingCertificate).length ? "; a v1 signing-certificate (SHA-1) instead" : ""}`);
  else add("signing-certificate-v2", ...essNames(sc2[0]!.values[0], eeDer));

  // signing-time: CAdES-B-B shall have it, PAdES-B-B shall not
  const st = one(OID.signingTime);
  if (e.format === "C") add("signing-time", st.length === 1, st.length === 1 ? "signing-time present (CAdES-B-B)" : `${st.length} signing-time attributes (CAdES-B-B: exactly 1)`);
  else add("signing-time", st.length === 0, st.length === 0 ? "no signing-time (PAdES-B-B: the time is in /M)" : "signing-time present (PAdES-B-B: shall not be)");

  // signer: sid names the credential's certificate, which SignedData.certificates carries
  let ee: X509Certificate | undefined;
  try {
    ee = eeDer ? new X509Certificate(Buffer.from(eeDer)) : undefined;
  } catch {
    ee = undefined;
  }
  const carried = (signed.certificates ?? []).some((c) => c instanceof pkijs.Certificate && eeDer && Buffer.from(c.toSchema().toBER()).equals(Buffer.from(eeDer)));
  const sidOk = ee ? sidNames(si.sid, ee) : false;
  add("signer", sidOk && carried, !ee ? "the credential's certificate is unreadable" : !sidOk ? "the SignerInfo's sid does not identify the credential's certificate" : !carried ? "SignedData.certificates lacks the credential's certificate" : "sid and SignedData.certificates name the credential's certificate");

  // signature value over the DER SET OF signed attributes
  const algo = si.signatureAlgorithm.algorithmId;
  const scheme = SCHEME[algo];
  const hash = NODE_HASH[digestAlgo];
  if (!ee) add("signature-value", false, "no certificate key to verify with");
  else if (!scheme || !hash) add("signature-value", false, `unsupported signatureAlgorithm ${algo} / digestAlgorithm ${digestAlgo}`);
  else {
    const encoded = Buffer.from(si.signedAttrs.encodedValue.byteLength ? new Uint8Array(si.signedAttrs.encodedValue) : new Uint8Array(si.signedAttrs.toSchema().toBER()));
    encoded[0] = 0x31; // RFC 5652 §5.4: the signature covers the SET OF, not the [0] IMPLICIT field
    const attrsDigest = createHash(hash).update(encoded).digest();
    const spki = new Uint8Array(ee.publicKey.export({ type: "spki", format: "der" }));
    const r = verifyHashSignature(spki, scheme, attrsDigest, new Uint8Array(si.signature.valueBlock.valueHexView));
    add("signature-value", r.valid, r.valid ? `the signature over the signed attributes verifies (${r.detail})` : `the signature over the signed attributes does not verify with the certificate's key (${r.detail})`);
  }

  // chain: each certificate signed by the next
  add("chain", ...chainOk(e.chain));
  return done();
}

/** Whether the ESS signing-certificate-v2 value names this certificate (first ESSCertIDv2). */
function essNames(value: Asn1js.AsnType | undefined, der: Uint8Array): [boolean, string] {
  try {
    if (!(value instanceof asn1js.Sequence)) return [false, "signing-certificate-v2 is not a SEQUENCE"];
    const certs = value.valueBlock.value[0];
    if (!(certs instanceof asn1js.Sequence)) return [false, "signing-certificate-v2 has no certs"];
    const first = certs.valueBlock.value[0];
    if (!(first instanceof asn1js.Sequence)) return [false, "signing-certificate-v2 has no ESSCertIDv2"];
    const parts = first.valueBlock.value;
    let i = 0;
    let hashOid = OID.sha256; // DEFAULT id-sha256 (RFC 5035 §4)
    if (parts[0] instanceof asn1js.Sequence) {
      const id = parts[0].valueBlock.value[0];
      if (id instanceof asn1js.ObjectIdentifier) hashOid = id.valueBlock.toString();
      i = 1;
    }
    const certHash = parts[i];
    if (!(certHash instanceof asn1js.OctetString)) return [false, "ESSCertIDv2 has no certHash"];
    const hash = NODE_HASH[hashOid];
    if (!hash) return [false, `ESSCertIDv2 hash algorithm ${hashOid} unknown`];
    const expected = createHash(hash).update(der).digest();
    const got = Buffer.from(certHash.valueBlock.valueHexView);
    if (!got.equals(expected)) return [false, `ESSCertIDv2 certHash ${got.toString("hex").slice(0, 16)}… is not the ${hash} of the credential's certificate (${expected.toString("hex").slice(0, 16)}…)`];
    const issuerSerial = parts[i + 1];
    if (issuerSerial instanceof asn1js.Sequence) {
      const serial = issuerSerial.valueBlock.value[1];
      const ee = new X509Certificate(Buffer.from(der));
      if (!(serial instanceof asn1js.Integer) || BigInt(`0x${Buffer.from(serial.valueBlock.valueHexView).toString("hex") || "0"}`) !== BigInt(`0x${ee.serialNumber}`)) {
        return [false, "ESSCertIDv2 issuerSerial names another serial number than the credential's certificate"];
      }
    }
    return [true, `ESSCertIDv2 (${hash}) names the credential's certificate`];
  } catch (error) {
    return [false, `signing-certificate-v2 unreadable (${oneLine(error)})`];
  }
}

/** Whether a SignerIdentifier names the certificate (issuerAndSerialNumber or subjectKeyIdentifier). */
function sidNames(sid: unknown, ee: X509Certificate): boolean {
  if (sid instanceof pkijs.IssuerAndSerialNumber) {
    const issuerDer = Buffer.from(sid.issuer.toSchema().toBER());
    const eeIssuer = pkijs.Certificate.fromBER(ee.raw).issuer;
    const serial = BigInt(`0x${Buffer.from(sid.serialNumber.valueBlock.valueHexView).toString("hex") || "0"}`);
    return issuerDer.equals(Buffer.from(eeIssuer.toSchema().toBER())) && serial === BigInt(`0x${ee.serialNumber}`);
  }
  // subjectKeyIdentifier [0] IMPLICIT OCTET STRING: compared with the certificate's SKI extension.
  if (sid instanceof asn1js.Primitive) {
    const ext = pkijs.Certificate.fromBER(ee.raw).extensions?.find((x) => x.extnID === "2.5.29.14");
    const keyId = ext?.parsedValue instanceof asn1js.OctetString ? Buffer.from(ext.parsedValue.valueBlock.valueHexView) : undefined;
    return !!keyId && keyId.equals(Buffer.from(sid.valueBlock.valueHexView));
  }
  return false;
}

/** Each certificate of the chain verifies under the next one's key. */
function chainOk(chain: Uint8Array[]): [boolean, string] {
  try {
    const certs = chain.map((d) => new X509Certificate(Buffer.from(d)));
    if (certs.length < 2) return [false, `the credential's chain has ${certs.length} certificate(s): no issuer to verify the signer's certificate with`];
    for (let i = 0; i + 1 < certs.length; i++) {
      if (!certs[i]!.verify(certs[i + 1]!.publicKey)) return [false, `certificate ${i + 1} of the credential's chain is not signed by certificate ${i + 2}`];
    }
    return [true, `the signer's certificate chains through ${certs.length - 1} issuer(s) of the credential's chain`];
  } catch (error) {
    return [false, `the credential's chain is unreadable (${oneLine(error)})`];
  }
}

function oneLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).replace(/\s+/g, " ").slice(0, 120);
}
