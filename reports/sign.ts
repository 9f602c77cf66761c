/**
 * Signed reports: a detached CMS SignedData (RFC 5652, via pkijs) over the exact bytes of
 * report.json, written beside it as `report.json.p7s` (DER). Verification recomputes the digest
 * of the bytes on disk, checks the signature over the signed attributes, and — given trust
 * anchors — builds the signer's chain to one of them. One changed byte fails verification.
 *
 * Pure functions over bytes and PEM text; the CLI does the file I/O. The private key stays in
 * memory and is never printed; errors name the file, not the key material.
 */
import { createPrivateKey, createPublicKey, webcrypto, type KeyObject } from "node:crypto";
import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { InputError, describeError } from "../src/util/errors.ts";
import { CMS_OID as OID } from "../src/cades/cms-oids.ts";

pkijs.setEngine("node-webcrypto", new pkijs.CryptoEngine({ name: "node-webcrypto", crypto: webcrypto as unknown as Crypto }));

/** The file a report's signature is written to. */
export function signatureFileFor(reportFile: string): string {
  return `${reportFile}.p7s`;
}

export const toArrayBuffer = (bytes: Uint8Array): ArrayBuffer => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;

/** Every CERTIFICATE block of a PEM text, parsed. */
export function parseCertificates(pem: string, label = "certificate"): pkijs.Certificate[] {
  const blocks = [...pem.matchAll(/-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g)].map((m) => Buffer.from(m[1]!.replace(/\s+/g, ""), "base64"));
  if (blocks.length === 0) throw new InputError(`${label}: no PEM CERTIFICATE block found`);
  return blocks.map((der) => {
    try {
      return pkijs.Certificate.fromBER(toArrayBuffer(der));
    } catch (error) {
      throw new InputError(`${label}: not an X.509 certificate (${describeError(error)})`);
    }
  });
}

function loadPrivateKey(pem: string): KeyObject {
  try {
    return createPrivateKey({ key: pem, format: "pem" });
  } catch (error) {
    throw new InputError(`--key: not a usable private key (PEM, unencrypted PKCS#8, PKCS#1 or SEC1): ${describeError(error).replace(/\s+/g, " ")}`);
  }
}

const CURVES: Record<string, string> = { prime256v1: "P-256", secp384r1: "P-384", secp521r1: "P-521" };

/** The WebCrypto algorithm for a key (RSA PKCS#1 v1.5 or ECDSA on a NIST curve), SHA-256. */
function signingAlgorithm(key: KeyObject): RsaHashedImportParams | EcKeyImportParams {
  if (key.asymmetricKeyType === "rsa") return { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" };
  if (key.asymmetricKeyType === "ec") {
    const curve = CURVES[key.asymmetricKeyDetails?.namedCurve ?? ""];
    if (curve) return { name: "ECDSA", namedCurve: curve };
  }
  throw new InputError(`--key: unsupported key type ${key.asymmetricKeyType ?? "unknown"} (use RSA or ECDSA P-256/P-384/P-521)`);
}

/** Options of a detached CMS signature beyond its content. */
export interface DetachedSignatureOptions {
  /** A CMS signing-time attribute (report.json.p7s has one; PAdES baseline signatures must not). */
  signingTime?: Date;
  /** More signed attributes (e.g. ESS signing-certificate-v2 for PAdES), built from the signer certificate. */
  extraAttributes?: (signer: pkijs.Certificate) => Promise<pkijs.Attribute[]> | pkijs.Attribute[];
}

/**
 * A detached ContentInfo(SignedData) over `content`: SHA-256, contentType and messageDigest
 * signed attributes (plus what `options` adds) and the certificates from `certPem` (signer
 * first, then any chain). The key must match the first certificate.
 */
export async function signDetached(content: Uint8Array, keyPem: string, certPem: string, options: DetachedSignatureOptions = {}): Promise<Uint8Array> {
  const certificates = parseCertificates(certPem, "--cert");
  const signer = certificates[0]!;
  const key = loadPrivateKey(keyPem);
  const keySpki = createPublicKey(key).export({ type: "spki", format: "der" });
  const certSpki = Buffer.from(signer.subjectPublicKeyInfo.toSchema().toBER(false));
  if (!keySpki.equals(certSpki)) throw new InputError("--key does not match the public key of the first certificate in --cert");

  const algorithm = signingAlgorithm(key);
  const pkcs8 = key.export({ type: "pkcs8", format: "der" });
  const privateKey = await webcrypto.subtle.importKey("pkcs8", pkcs8, algorithm, false, ["sign"]);
  const digest = await webcrypto.subtle.digest("SHA-256", content);

  const attributes = [
    new pkijs.Attribute({ type: OID.contentType, values: [new asn1js.ObjectIdentifier({ value: OID.data })] }),
    new pkijs.Attribute({ type: OID.messageDigest, values: [new asn1js.OctetString({ valueHex: digest })] }),
    ...(options.signingTime ? [new pkijs.Attribute({ type: OID.signingTime, values: [new asn1js.UTCTime({ valueDate: options.signingTime })] })] : []),
    ...((await options.extraAttributes?.(signer)) ?? []),
  ];
  const signedData = new pkijs.SignedData({
    version: 1,
    encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: OID.data }),
    signerInfos: [
      new pkijs.SignerInfo({
        version: 1,
        sid: new pkijs.IssuerAndSerialNumber({ issuer: signer.issuer, serialNumber: signer.serialNumber }),
        signedAttrs: new pkijs.SignedAndUnsignedAttributes({ type: 0, attributes }),
      }),
    ],
    certificates,
  });
  await signedData.sign(privateKey as CryptoKey, 0, "SHA-256", toArrayBuffer(content));
  const contentInfo = new pkijs.ContentInfo({ contentType: OID.signedData, content: signedData.toSchema(true) });
  return new Uint8Array(contentInfo.toSchema().toBER(false));
}

/**
 * Signs `content` (the exact bytes of report.json) and returns the DER of a detached
 * ContentInfo(SignedData) with contentType, messageDigest and signingTime signed attributes and
 * the certificates from `certPem` (signer first, then any chain).
 */
export function signReportBytes(content: Uint8Array, keyPem: string, certPem: string, signingTime = new Date()): Promise<Uint8Array> {
  return signDetached(content, keyPem, certPem, { signingTime });
}

export interface SignatureVerification {
  /** Signature valid over these exact bytes (and, when anchors were given, the chain too). */
  ok: boolean;
  /** The signature itself is valid over the bytes. */
  signatureValid: boolean;
  /** Whether the signer's chain was checked (only with trust anchors). */
  chainChecked: boolean;
  chainValid: boolean;
  /** Signer certificate subject, e.g. `CN=…, O=…` (from the signature file: untrusted text). */
  signer?: string;
  signingTime?: string;
  /** One line: why verification failed. */
  reason?: string;
}

/** `CN=…, O=…` from a pkijs name, for messages. */
export function nameToString(name: pkijs.RelativeDistinguishedNames): string {
  const short: Record<string, string> = { "2.5.4.3": "CN", "2.5.4.10": "O", "2.5.4.11": "OU", "2.5.4.6": "C" };
  return name.typesAndValues.map((tv) => `${short[tv.type] ?? tv.type}=${String(tv.value.valueBlock.value)}`).join(", ");
}

/** Parses a .p7s (DER, or PEM "CMS"/"PKCS7") into SignedData; anything else is an input error. */
export function parseSignature(p7s: Uint8Array): pkijs.SignedData {
  let der = p7s;
  const text = Buffer.from(p7s).toString("latin1");
  const pem = text.match(/-----BEGIN (?:CMS|PKCS7)-----([\s\S]*?)-----END (?:CMS|PKCS7)-----/);
  if (pem) der = Buffer.from(pem[1]!.replace(/\s+/g, ""), "base64");
  try {
    const info = pkijs.ContentInfo.fromBER(toArrayBuffer(der));
    if (info.contentType !== OID.signedData) throw new Error(`content type ${info.contentType} is not SignedData`);
    return new pkijs.SignedData({ schema: info.content });
  } catch (error) {
    throw new InputError(`not a CMS SignedData signature: ${describeError(error)}`);
  }
}

/** Verifies a detached signature over `content`; with `trustAnchorsPem`, also the signer's chain. */
export async function verifyReportBytes(content: Uint8Array, p7s: Uint8Array, trustAnchorsPem?: string, at = new Date()): Promise<SignatureVerification> {
  const signedData = parseSignature(p7s);
  const anchors = trustAnchorsPem ? parseCertificates(trustAnchorsPem, "--trust-anchor") : [];
  if (signedData.signerInfos.length !== 1) return { ok: false, signatureValid: false, chainChecked: false, chainValid: false, reason: `expected one signer, found ${signedData.signerInfos.length}` };
  const signingTimeAttr = signedData.signerInfos[0]!.signedAttrs?.attributes.find((a) => a.type === OID.signingTime);
  const signingTime = (signingTimeAttr?.values[0] as asn1js.UTCTime | undefined)?.toDate?.().toISOString();

  const run = async (checkChain: boolean) => {
    try {
      const result = await signedData.verify({ signer: 0, data: toArrayBuffer(content), extendedMode: true, checkChain, trustedCerts: anchors, checkDate: at });
      return { ok: result.signatureVerified === true, signer: result.signerCertificate ? nameToString(result.signerCertificate.subject) : undefined, message: result.message };
    } catch (error) {
      const e = error as { message?: string; signerCertificate?: pkijs.Certificate };
      return { ok: false, signer: e.signerCertificate ? nameToString(e.signerCertificate.subject) : undefined, message: e.message ?? describeError(error) };
    }
  };
  const signature = await run(false);
  if (!signature.ok) {
    return { ok: false, signatureValid: false, chainChecked: false, chainValid: false, signer: signature.signer, signingTime, reason: `signature does not match the report's bytes (${signature.message || "verification failed"})` };
  }
  if (!anchors.length) return { ok: true, signatureValid: true, chainChecked: false, chainValid: false, signer: signature.signer, signingTime };
  const chain = await run(true);
  return {
    ok: chain.ok,
    signatureValid: true,
    chainChecked: true,
    chainValid: chain.ok,
    signer: signature.signer,
    signingTime,
    ...(chain.ok ? {} : { reason: `the signer's certificate does not chain to the trust anchor (${chain.message || "no valid path"})` }),
  };
}
