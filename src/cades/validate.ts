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
import type { Text } from "../check/types.ts";
import { text as t } from "../check/message.ts";
import { CMS_OID as OID, DIGEST_NODE_NAME } from "./cms-oids.ts";

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

/** The items in the guideline's and ETSI's Japanese terms. */
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
  /** What was found, in both languages (OIDs, hex prefixes and attribute names as they are). */
  detail: Text;
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
  const add = (item: CmsItem, ok: boolean, detail: Text) => findings.push({ item, ok, detail });
  const done = (): CmsVerdict => ({ ok: findings.every((f) => f.ok), findings });
  if (cms.length === 0 || cms.length > MAX_CMS_BYTES) {
    add("structure", false, t(`署名オブジェクトが${cms.length}バイト（想定は1〜${MAX_CMS_BYTES}バイト）`, `the signature object is ${cms.length} bytes (expected 1 … ${MAX_CMS_BYTES})`));
    return done();
  }
  load();
  let signed: Pkijs.SignedData;
  try {
    const info = pkijs.ContentInfo.fromBER(new Uint8Array(cms));
    if (info.contentType !== OID.signedData) {
      add("structure", false, t(`ContentInfoのcontentTypeが${info.contentType}（id-signedDataではない）`, `ContentInfo contentType is ${info.contentType}, not id-signedData`));
      return done();
    }
    signed = new pkijs.SignedData({ schema: info.content });
  } catch (error) {
    add("structure", false, t(`CMSのContentInfo/SignedDataとして解析できない（${oneLine(error)}）`, `not a CMS ContentInfo/SignedData (${oneLine(error)})`));
    return done();
  }
  const signers = signed.signerInfos;
  const eContent = signed.encapContentInfo.eContent;
  const structureProblems = [
    signers.length !== 1 ? t(`SignerInfoが${signers.length}個（想定は1個）`, `${signers.length} SignerInfos (expected 1)`) : undefined,
    eContent ? t("署名対象データが内包されている（分離署名を要求した）", "the content is attached (a detached signature was asked for)") : undefined,
    signed.encapContentInfo.eContentType !== OID.data ? t(`eContentTypeが${signed.encapContentInfo.eContentType}（想定はid-data）`, `eContentType ${signed.encapContentInfo.eContentType} (expected id-data)`) : undefined,
  ].filter((x): x is Text => x !== undefined);
  add(
    "structure",
    structureProblems.length === 0,
    structureProblems.length ? t(structureProblems.map((x) => x.ja).join("；"), structureProblems.map((x) => x.en).join("; ")) : t("SignedData、SignerInfo 1個、分離署名、id-data", "SignedData, one SignerInfo, detached, id-data"),
  );
  const si = signers[0];
  if (!si) return done();
  const attrs = si.signedAttrs?.attributes ?? [];
  if (!si.signedAttrs || attrs.length === 0) {
    add("content-type", false, t("署名属性がない", "no signed attributes"));
    return done();
  }
  const one = (type: string) => attrs.filter((a) => a.type === type);

  // content-type
  const ct = one(OID.contentType);
  const ctValue = ct[0]?.values[0];
  const ctOid = ctValue instanceof asn1js.ObjectIdentifier ? ctValue.valueBlock.toString() : undefined;
  add("content-type", ct.length === 1 && ctOid === OID.data, ct.length !== 1 ? t(`content-type署名属性が${ct.length}個（想定は1個）`, `${ct.length} content-type attributes (expected 1)`) : t(`content-typeが${ctOid ?? "（OIDではない）"}`, `content-type ${ctOid ?? "(not an OID)"}`));

  // message-digest = the submitted digest
  const md = one(OID.messageDigest);
  const mdValue = md[0]?.values[0];
  const mdBytes = mdValue instanceof asn1js.OctetString ? new Uint8Array(mdValue.valueBlock.valueHexView) : undefined;
  const digestAlgo = si.digestAlgorithm.algorithmId;
  if (md.length !== 1 || !mdBytes) add("message-digest", false, md.length !== 1 ? t(`message-digest署名属性が${md.length}個（想定は1個）`, `${md.length} message-digest attributes (expected 1)`) : t("message-digestがOCTET STRINGではない", "message-digest is not an OCTET STRING"));
  else if (!Buffer.from(mdBytes).equals(Buffer.from(e.digest))) add("message-digest", false, t(`message-digest ${hexOf(mdBytes).slice(0, 16)}…が送ったダイジェスト ${hexOf(e.digest).slice(0, 16)}…と一致しない`, `message-digest ${hexOf(mdBytes).slice(0, 16)}… differs from the submitted digest ${hexOf(e.digest).slice(0, 16)}…`));
  else add("message-digest", true, t(`message-digestが送ったダイジェストと一致（${DIGEST_NODE_NAME[digestAlgo] ?? digestAlgo}）`, `message-digest equals the submitted digest (${DIGEST_NODE_NAME[digestAlgo] ?? digestAlgo})`));

  // signing-certificate-v2 names the credential's certificate
  const eeDer = e.chain[0];
  const sc2 = one(OID.signingCertificateV2);
  if (!eeDer) add("signing-certificate-v2", false, t("照合すべきクレデンシャルの証明書がない", "the credential has no certificate to compare with"));
  else if (sc2.length !== 1) {
    const v1 = one(OID.signingCertificate).length > 0;
    add("signing-certificate-v2", false, t(`signing-certificate-v2署名属性が${sc2.length}個（想定は1個）${v1 ? "；代わりにv1のsigning-certificate（SHA-1）がある" : ""}`, `${sc2.length} signing-certificate-v2 attributes (expected 1)${v1 ? "; a v1 signing-certificate (SHA-1) instead" : ""}`));
  }
  else add("signing-certificate-v2", ...essNames(sc2[0]!.values[0], eeDer));

  // signing-time: CAdES-B-B shall have it, PAdES-B-B shall not
  const st = one(OID.signingTime);
  if (e.format === "C") add("signing-time", st.length === 1, st.length === 1 ? t("signing-time署名属性がある（CAdES-B-B）", "signing-time present (CAdES-B-B)") : t(`signing-time署名属性が${st.length}個（CAdES-B-B: ちょうど1個でなければならない）`, `${st.length} signing-time attributes (CAdES-B-B: exactly 1)`));
  else add("signing-time", st.length === 0, st.length === 0 ? t("signing-time署名属性がない（PAdES-B-B: 時刻は/Mにある）", "no signing-time (PAdES-B-B: the time is in /M)") : t("signing-time署名属性がある（PAdES-B-B: 存在してはならない）", "signing-time present (PAdES-B-B: shall not be)"));

  // signer: sid names the credential's certificate, which SignedData.certificates carries
  let ee: X509Certificate | undefined;
  try {
    ee = eeDer ? new X509Certificate(Buffer.from(eeDer)) : undefined;
  } catch {
    ee = undefined;
  }
  const carried = (signed.certificates ?? []).some((c) => c instanceof pkijs.Certificate && eeDer && Buffer.from(c.toSchema().toBER()).equals(Buffer.from(eeDer)));
  const sidOk = ee ? sidNames(si.sid, ee) : false;
  add(
    "signer",
    sidOk && carried,
    !ee
      ? t("クレデンシャルの証明書が読めない", "the credential's certificate is unreadable")
      : !sidOk
        ? t("SignerInfoのsidがクレデンシャルの証明書（署名者証明書）を識別しない", "the SignerInfo's sid does not identify the credential's certificate")
        : !carried
          ? t("SignedData.certificatesにクレデンシャルの証明書（署名者証明書）がない", "SignedData.certificates lacks the credential's certificate")
          : t("sidとSignedData.certificatesがクレデンシャルの証明書（署名者証明書）を示す", "sid and SignedData.certificates name the credential's certificate"),
  );

  // signature value over the DER SET OF signed attributes
  const algo = si.signatureAlgorithm.algorithmId;
  const scheme = SCHEME[algo];
  const hash = DIGEST_NODE_NAME[digestAlgo];
  if (!ee) add("signature-value", false, t("検証に使う証明書の公開鍵がない", "no certificate key to verify with"));
  else if (!scheme || !hash) add("signature-value", false, t(`対応していないsignatureAlgorithm ${algo} / digestAlgorithm ${digestAlgo}`, `unsupported signatureAlgorithm ${algo} / digestAlgorithm ${digestAlgo}`));
  else {
    const encoded = Buffer.from(si.signedAttrs.encodedValue.byteLength ? new Uint8Array(si.signedAttrs.encodedValue) : new Uint8Array(si.signedAttrs.toSchema().toBER()));
    encoded[0] = 0x31; // RFC 5652 §5.4: the signature covers the SET OF, not the [0] IMPLICIT field
    const attrsDigest = createHash(hash).update(encoded).digest();
    const spki = new Uint8Array(ee.publicKey.export({ type: "spki", format: "der" }));
    const r = verifyHashSignature(spki, scheme, attrsDigest, new Uint8Array(si.signature.valueBlock.valueHexView));
    add(
      "signature-value",
      r.valid,
      r.valid
        ? t(`署名属性に対する署名値を証明書の公開鍵で検証できた（${r.detail.ja}）`, `the signature over the signed attributes verifies (${r.detail.en})`)
        : t(`署名属性に対する署名値を証明書の公開鍵で検証できない（${r.detail.ja}）`, `the signature over the signed attributes does not verify with the certificate's key (${r.detail.en})`),
    );
  }

  // chain: each certificate signed by the next
  add("chain", ...chainOk(e.chain));
  return done();
}

/** Whether the ESS signing-certificate-v2 value names this certificate (first ESSCertIDv2). */
function essNames(value: Asn1js.AsnType | undefined, der: Uint8Array): [boolean, Text] {
  try {
    if (!(value instanceof asn1js.Sequence)) return [false, t("signing-certificate-v2がSEQUENCEではない", "signing-certificate-v2 is not a SEQUENCE")];
    const certs = value.valueBlock.value[0];
    if (!(certs instanceof asn1js.Sequence)) return [false, t("signing-certificate-v2にcertsがない", "signing-certificate-v2 has no certs")];
    const first = certs.valueBlock.value[0];
    if (!(first instanceof asn1js.Sequence)) return [false, t("signing-certificate-v2にESSCertIDv2がない", "signing-certificate-v2 has no ESSCertIDv2")];
    const parts = first.valueBlock.value;
    let i = 0;
    let hashOid: string = OID.sha256; // DEFAULT id-sha256 (RFC 5035 §4)
    if (parts[0] instanceof asn1js.Sequence) {
      const id = parts[0].valueBlock.value[0];
      if (id instanceof asn1js.ObjectIdentifier) hashOid = id.valueBlock.toString();
      i = 1;
    }
    const certHash = parts[i];
    if (!(certHash instanceof asn1js.OctetString)) return [false, t("ESSCertIDv2にcertHashがない", "ESSCertIDv2 has no certHash")];
    const hash = DIGEST_NODE_NAME[hashOid];
    if (!hash) return [false, t(`ESSCertIDv2のハッシュアルゴリズム${hashOid}が不明`, `ESSCertIDv2 hash algorithm ${hashOid} unknown`)];
    const expected = createHash(hash).update(der).digest();
    const got = Buffer.from(certHash.valueBlock.valueHexView);
    if (!got.equals(expected)) {
      const [gotHex, expectedHex] = [got.toString("hex").slice(0, 16), expected.toString("hex").slice(0, 16)];
      return [false, t(`ESSCertIDv2のcertHash ${gotHex}…がクレデンシャルの証明書（署名者証明書）の${hash}ハッシュ値（${expectedHex}…）と一致しない`, `ESSCertIDv2 certHash ${gotHex}… is not the ${hash} of the credential's certificate (${expectedHex}…)`)];
    }
    const issuerSerial = parts[i + 1];
    if (issuerSerial instanceof asn1js.Sequence) {
      const serial = issuerSerial.valueBlock.value[1];
      const ee = new X509Certificate(Buffer.from(der));
      if (!(serial instanceof asn1js.Integer) || BigInt(`0x${Buffer.from(serial.valueBlock.valueHexView).toString("hex") || "0"}`) !== BigInt(`0x${ee.serialNumber}`)) {
        return [false, t("ESSCertIDv2のissuerSerialがクレデンシャルの証明書（署名者証明書）と異なるシリアル番号を示す", "ESSCertIDv2 issuerSerial names another serial number than the credential's certificate")];
      }
    }
    return [true, t(`ESSCertIDv2（${hash}）がクレデンシャルの証明書（署名者証明書）を示す`, `ESSCertIDv2 (${hash}) names the credential's certificate`)];
  } catch (error) {
    return [false, t(`signing-certificate-v2が読めない（${oneLine(error)}）`, `signing-certificate-v2 unreadable (${oneLine(error)})`)];
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
function chainOk(chain: Uint8Array[]): [boolean, Text] {
  try {
    const certs = chain.map((d) => new X509Certificate(Buffer.from(d)));
    if (certs.length < 2) return [false, t(`クレデンシャルの証明書チェーンが${certs.length}枚：署名者証明書を検証する発行者証明書がない`, `the credential's chain has ${certs.length} certificate(s): no issuer to verify the signer's certificate with`)];
    for (let i = 0; i + 1 < certs.length; i++) {
      if (!certs[i]!.verify(certs[i + 1]!.publicKey)) return [false, t(`クレデンシャルの証明書チェーンの${i + 1}枚目が${i + 2}枚目の証明書で署名されていない`, `certificate ${i + 1} of the credential's chain is not signed by certificate ${i + 2}`)];
    }
    return [true, t(`署名者証明書がクレデンシャルの証明書チェーンの発行者証明書${certs.length - 1}枚で検証できた`, `the signer's certificate chains through ${certs.length - 1} issuer(s) of the credential's chain`)];
  } catch (error) {
    return [false, t(`クレデンシャルの証明書チェーンが読めない（${oneLine(error)}）`, `the credential's chain is unreadable (${oneLine(error)})`)];
  }
}

function oneLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).replace(/\s+/g, " ").slice(0, 120);
}
