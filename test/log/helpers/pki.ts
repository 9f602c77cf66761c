/**
 * Test PKI for audit-log tests and the benchmark: a root CA (the trust anchor), a log-signing
 * certificate it issues (EC P-256), and a rogue CA with its own "log-signing" certificate that
 * does not chain to the anchor (an attacker re-signing a rewritten log).
 */
import "reflect-metadata";
import * as x509 from "@peculiar/x509";
import { webcrypto, createPrivateKey, type KeyObject } from "node:crypto";

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

const EC = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" } as const;
const DAY = 86_400_000;

export interface Issued {
  certPem: string;
  key: KeyObject;
}

export interface TestPki {
  rootPem: string;
  /** Valid from 2020 to 2040. */
  logSigner: Issued;
  /** Valid only during 2025: expired for checkpoints dated later. */
  expiredSigner: Issued;
  /** Issued by a CA that is not the trust anchor. */
  rogueSigner: Issued;
}

async function keys(): Promise<CryptoKeyPair> {
  return (await webcrypto.subtle.generateKey(EC, true, ["sign", "verify"])) as CryptoKeyPair;
}

async function toKeyObject(key: CryptoKey): Promise<KeyObject> {
  const der = Buffer.from(await webcrypto.subtle.exportKey("pkcs8", key));
  return createPrivateKey({ key: der, format: "der", type: "pkcs8" });
}

export interface Ca {
  cert: x509.X509Certificate;
  keys: CryptoKeyPair;
}

/** A self-signed root CA (EC P-256), valid 2019–2045. */
export async function ca(name: string): Promise<Ca> {
  const k = await keys();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: "01",
    name: `CN=${name}`,
    notBefore: new Date("2019-01-01T00:00:00Z"),
    notAfter: new Date("2045-01-01T00:00:00Z"),
    keys: k,
    signingAlgorithm: EC,
    extensions: [new x509.BasicConstraintsExtension(true, undefined, true), new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true)],
  });
  return { cert, keys: k };
}

/** An end-entity certificate (EC P-256, digitalSignature) issued by `issuer`, with `extra` extensions. */
export async function issue(issuer: Ca, name: string, from: string, to: string, serial: string, extra: x509.Extension[] = []): Promise<Issued> {
  const k = await keys();
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serial,
    subject: `CN=${name}`,
    issuer: issuer.cert.subject,
    notBefore: new Date(from),
    notAfter: new Date(to),
    publicKey: k.publicKey,
    signingKey: issuer.keys.privateKey,
    signingAlgorithm: EC,
    extensions: [new x509.BasicConstraintsExtension(false, undefined, true), new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true), ...extra],
  });
  return { certPem: cert.toString("pem"), key: await toKeyObject(k.privateKey) };
}

/** Makes a fresh test PKI (about 50 ms). */
export async function makeTestPki(): Promise<TestPki> {
  const root = await ca("Test Log Root CA");
  const rogue = await ca("Rogue CA");
  return {
    rootPem: root.cert.toString("pem"),
    logSigner: await issue(root, "Test Log Signer", "2020-01-01T00:00:00Z", "2040-01-01T00:00:00Z", "10"),
    expiredSigner: await issue(root, "Expired Log Signer", "2025-01-01T00:00:00Z", "2025-12-31T00:00:00Z", "11"),
    rogueSigner: await issue(rogue, "Test Log Signer", "2020-01-01T00:00:00Z", "2040-01-01T00:00:00Z", "12"),
  };
}

export { DAY };
