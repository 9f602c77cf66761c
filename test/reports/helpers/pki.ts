/**
 * Test PKI for signed reports: a root CA (the trust anchor), a report-signing certificate it
 * issues (EC P-256, and one RSA), and a signer from a rogue CA that does not chain to the anchor.
 * Keys are PKCS#8 PEM, as `report sign --key` takes them.
 */
import "reflect-metadata";
import * as x509 from "@peculiar/x509";
import { webcrypto } from "node:crypto";

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

const EC = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" } as const;
const RSA = { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256", publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 } as const;

export interface Issued {
  certPem: string;
  keyPem: string;
}

export interface ReportPki {
  rootPem: string;
  signer: Issued;
  rsaSigner: Issued;
  rogueSigner: Issued;
}

async function pkcs8Pem(key: CryptoKey): Promise<string> {
  const der = Buffer.from(await webcrypto.subtle.exportKey("pkcs8", key));
  return `-----BEGIN PRIVATE KEY-----\n${der.toString("base64").replace(/(.{64})/g, "$1\n")}\n-----END PRIVATE KEY-----\n`;
}

async function ca(name: string) {
  const keys = (await webcrypto.subtle.generateKey(EC, true, ["sign", "verify"])) as CryptoKeyPair;
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: "01",
    name: `CN=${name}`,
    notBefore: new Date("2020-01-01T00:00:00Z"),
    notAfter: new Date("2045-01-01T00:00:00Z"),
    keys,
    signingAlgorithm: EC,
    extensions: [new x509.BasicConstraintsExtension(true, undefined, true), new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true)],
  });
  return { cert, keys };
}

async function issue(issuer: Awaited<ReturnType<typeof ca>>, name: string, serial: string, algorithm: typeof EC | typeof RSA = EC): Promise<Issued> {
  const keys = (await webcrypto.subtle.generateKey(algorithm, true, ["sign", "verify"])) as CryptoKeyPair;
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serial,
    subject: `CN=${name}, O=Test Investigative Body`,
    issuer: issuer.cert.subject,
    notBefore: new Date("2020-01-01T00:00:00Z"),
    notAfter: new Date("2040-01-01T00:00:00Z"),
    publicKey: keys.publicKey,
    signingKey: issuer.keys.privateKey,
    signingAlgorithm: EC,
    extensions: [new x509.BasicConstraintsExtension(false, undefined, true), new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation, true)],
  });
  return { certPem: cert.toString("pem"), keyPem: await pkcs8Pem(keys.privateKey) };
}

export async function makeReportPki(): Promise<ReportPki> {
  const root = await ca("Test Report Root CA");
  const rogue = await ca("Rogue CA");
  return {
    rootPem: root.cert.toString("pem"),
    signer: await issue(root, "Report Signer", "20"),
    rsaSigner: await issue(root, "RSA Report Signer", "21", RSA),
    rogueSigner: await issue(rogue, "Report Signer", "22"),
  };
}
