/**
 * Time-stamp tokens openssl refuses to make (it will not sign with a certificate that is not a
 * TSA's, nor leave out the ESS attribute), assembled with pkijs so that the verifier's checks of
 * those rules can be seen to fail. Everything else about them is well formed and signed.
 */
import { createHash, webcrypto, type KeyObject } from "node:crypto";
import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { CMS_OID as OID } from "../../../src/cades/cms-oids.ts";

const sha256 = (data: Uint8Array | ArrayBuffer): Buffer => createHash("sha256").update(new Uint8Array(data)).digest();

export interface HandmadeTokenOptions {
  /** Signer certificate (PEM) and its private key (EC P-256). */
  certPem: string;
  key: KeyObject;
  /** Leave out the ESS signing-certificate-v2 attribute. */
  withoutEss?: boolean;
}

/** A DER RFC 3161 token over SHA-256 of `message`, signed by `certPem`'s key, genTime now. */
export async function handmadeToken(message: Buffer, o: HandmadeTokenOptions): Promise<Buffer> {
  const certDer = Buffer.from(o.certPem.replace(/-----[A-Z ]+-----|\s/g, ""), "base64");
  const cert = pkijs.Certificate.fromBER(certDer);
  const tstInfo = new pkijs.TSTInfo({
    version: 1,
    policy: "1.2.392.200000.1",
    messageImprint: new pkijs.MessageImprint({
      hashAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256 }),
      hashedMessage: new asn1js.OctetString({ valueHex: sha256(message) }),
    }),
    serialNumber: new asn1js.Integer({ value: 7 }),
    genTime: new Date(Math.floor(Date.now() / 1000) * 1000),
  });
  const tstDer = tstInfo.toSchema().toBER();
  const attributes = [
    new pkijs.Attribute({ type: OID.contentType, values: [new asn1js.ObjectIdentifier({ value: OID.tstInfo })] }),
    new pkijs.Attribute({ type: OID.messageDigest, values: [new asn1js.OctetString({ valueHex: sha256(tstDer) })] }),
  ];
  if (!o.withoutEss) {
    const essCertIdV2 = new asn1js.Sequence({ value: [new asn1js.OctetString({ valueHex: sha256(certDer) })] });
    attributes.push(new pkijs.Attribute({ type: OID.signingCertificateV2, values: [new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [essCertIdV2] })] })] }));
  }
  const signedData = new pkijs.SignedData({
    version: 3,
    encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: OID.tstInfo, eContent: new asn1js.OctetString({ valueHex: tstDer }) }),
    signerInfos: [
      new pkijs.SignerInfo({
        version: 1,
        sid: new pkijs.IssuerAndSerialNumber({ issuer: cert.issuer, serialNumber: cert.serialNumber }),
        signedAttrs: new pkijs.SignedAndUnsignedAttributes({ type: 0, attributes }),
      }),
    ],
    certificates: [cert],
  });
  const pkcs8 = o.key.export({ format: "der", type: "pkcs8" });
  const privateKey = await webcrypto.subtle.importKey("pkcs8", pkcs8, { name: "ECDSA", namedCurve: "P-256" }, false, ["sign"]);
  await signedData.sign(privateKey as CryptoKey, 0, "SHA-256");
  const contentInfo = new pkijs.ContentInfo({ contentType: OID.signedData, content: signedData.toSchema(true) });
  return Buffer.from(contentInfo.toSchema().toBER());
}
