/**
 * Parsing signer certificates (DER from the CSC API — attacker-controlled) with @peculiar/x509,
 * and the facts the cert.* checks compare: the public key (SPKI bytes, type, size), names,
 * validity, keyUsage, policies.
 */
import "reflect-metadata";
import { createHash, createPublicKey, webcrypto } from "node:crypto";
import * as x509 from "@peculiar/x509";

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

export { x509 };

/** The public key as the checks compare it. */
export interface PublicKeyFacts {
  kind: "rsa" | "ec" | "other";
  /** RSA modulus bits or EC field bits. */
  bits: number;
  /** EC named curve (Node's name, e.g. prime256v1), if any. */
  curve?: string;
  /** SHA-256 of the DER SubjectPublicKeyInfo, hex: equal keys have equal fingerprints. */
  spkiSha256: string;
  spki: Uint8Array;
}

/** A parsed certificate, or a one-line reason. */
export function parseCertificate(der: Uint8Array): x509.X509Certificate | string {
  try {
    return new x509.X509Certificate(Buffer.from(der));
  } catch (error) {
    return `not a DER X.509 certificate (${error instanceof Error ? error.message.split("\n")[0] : String(error)})`;
  }
}

const CURVE_BITS: Record<string, number> = { prime256v1: 256, secp384r1: 384, secp521r1: 521, secp256k1: 256 };

/** Facts about a certificate's public key (via node:crypto, which also validates it). */
export function publicKeyFacts(cert: x509.X509Certificate): PublicKeyFacts | string {
  const spki = new Uint8Array(cert.publicKey.rawData);
  try {
    const key = createPublicKey({ key: Buffer.from(spki), format: "der", type: "spki" });
    const d = key.asymmetricKeyDetails ?? {};
    const spkiSha256 = createHash("sha256").update(spki).digest("hex");
    if (key.asymmetricKeyType === "rsa" || key.asymmetricKeyType === "rsa-pss") return { kind: "rsa", bits: d.modulusLength ?? 0, spkiSha256, spki };
    if (key.asymmetricKeyType === "ec") return { kind: "ec", bits: CURVE_BITS[d.namedCurve ?? ""] ?? 0, curve: d.namedCurve, spkiSha256, spki };
    return { kind: "other", bits: 0, spkiSha256, spki };
  } catch (error) {
    return `the certificate's public key cannot be read (${error instanceof Error ? error.message.split("\n")[0] : String(error)})`;
  }
}

/** keyUsage bits by name. */
export function keyUsageNames(cert: x509.X509Certificate): string[] | undefined {
  const ext = cert.getExtension(x509.KeyUsagesExtension);
  if (!ext) return undefined;
  const names: Array<[number, string]> = [
    [x509.KeyUsageFlags.digitalSignature, "digitalSignature"],
    [x509.KeyUsageFlags.nonRepudiation, "nonRepudiation"],
    [x509.KeyUsageFlags.keyEncipherment, "keyEncipherment"],
    [x509.KeyUsageFlags.dataEncipherment, "dataEncipherment"],
    [x509.KeyUsageFlags.keyAgreement, "keyAgreement"],
    [x509.KeyUsageFlags.keyCertSign, "keyCertSign"],
    [x509.KeyUsageFlags.cRLSign, "cRLSign"],
  ];
  return names.filter(([flag]) => (ext.usages & flag) !== 0).map(([, n]) => n);
}

/** Certificate policy OIDs (empty when the extension is absent). */
export function policyOids(cert: x509.X509Certificate): string[] {
  const ext = cert.getExtension(x509.CertificatePolicyExtension);
  return ext ? [...ext.policies] : [];
}

/** Whether the certificate is a CA (basicConstraints cA). */
export function isCa(cert: x509.X509Certificate): boolean {
  return cert.getExtension(x509.BasicConstraintsExtension)?.ca === true;
}

/** Certificates of a PEM bundle (trust anchors); unparsable blocks are skipped. */
export function certificatesFromPem(pem: string): x509.X509Certificate[] {
  const out: x509.X509Certificate[] = [];
  for (const block of pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? []) {
    try {
      out.push(new x509.X509Certificate(block));
    } catch {
      /* not a certificate: ignored */
    }
  }
  return out;
}

/** PEM text of DER bytes. */
export function toPem(der: Uint8Array): string {
  const b64 = Buffer.from(der).toString("base64").replace(/(.{64})/g, "$1\n").replace(/\n$/, "");
  return `-----BEGIN CERTIFICATE-----\n${b64}\n-----END CERTIFICATE-----\n`;
}

/** A DN normalised for comparison: RDNs split, trimmed, keys upper-cased, sorted. */
export function normaliseDn(dn: string): string {
  return dn
    .split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/)
    .map((rdn) => {
      const eq = rdn.indexOf("=");
      return eq < 0 ? rdn.trim() : `${rdn.slice(0, eq).trim().toUpperCase()}=${rdn.slice(eq + 1).trim()}`;
    })
    .sort()
    .join(",");
}
