/**
 * Builds real SoftHSM2 tokens for the hsm.* tests, in a private SOFTHSM2_CONF and token folder
 * under a temporary directory (the system token folder is root-owned and shared):
 *
 *   token "conformant": keys an RSSP should have — generated on the token, sensitive,
 *     non-extractable, sign-only, private, CKA_ALWAYS_AUTHENTICATE, restricted by
 *     CKA_ALLOWED_MECHANISMS to strong mechanisms, each with its certificate; plus a protected AES
 *     backup/wrapping key.
 *   token "no-wrapping-key": one conformant EC key and nothing else.
 *   token "flawed": one key per flaw, each otherwise conformant, so each flaw fails its own check:
 *     extractable, not sensitive, imported (C_CreateObject → LOCAL=false), created extractable
 *     then "fixed", decrypt allowed, RSA-1024, CKA_PRIVATE=false (imported: SoftHSM makes every key it
 *     generates private); an extractable, non-sensitive
 *     wrapping key; and a certificate whose key is not the key with its CKA_ID.
 *
 * The helper also extracts key material itself (the flawed wrapping key's value; the extractable
 * key by wrapping it under that key and unwrapping on the host), so that tests can prove that no output of
 * the tool ever contains them.
 */
import "reflect-metadata";
import { spawnSync } from "node:child_process";
import { createDecipheriv, createPrivateKey, createPublicKey, generateKeyPairSync, webcrypto, type JsonWebKey } from "node:crypto";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as graphene from "graphene-pk11";
import pkcs11 from "pkcs11js";
import * as x509 from "@peculiar/x509";
import { tempDir } from "../../helpers/temp.ts";

export const SOFTHSM_MODULE = "/usr/lib/softhsm/libsofthsm2.so";
const P256_OID_DER = Buffer.from("06082a8648ce3d030107", "hex");

export interface TestHsm {
  dir: string;
  /** `{ SOFTHSM2_CONF }`: give it as `target.hsm.environment` or to a child process. */
  environment: Record<string, string>;
  module: string;
  pin: string;
  tokens: { conformant: string; flawed: string; noWrappingKey: string };
  /** Private values this helper pulled out of the flawed keys (never printed). */
  extracted: Array<{ label: string; value: Buffer }>;
  cleanup(): void;
}

/** Every flaw on the "flawed" token, by key label. */
export const FLAWED_KEYS = {
  extractable: "flaw-extractable",
  notSensitive: "flaw-not-sensitive",
  imported: "flaw-imported",
  fixedLater: "flaw-fixed-later",
  decrypt: "flaw-decrypt",
  rsa1024: "flaw-rsa1024",
  notPrivate: "flaw-not-private",
  noAlwaysAuthenticate: "flaw-no-always-auth",
  wrappingKey: "flaw-wrapping-key",
  /** The key whose CKA_ID a certificate for another key carries. */
  certMismatch: "flaw-not-sensitive",
} as const;

const SO_PIN = "87654321";
const USER_PIN = "246810";

/** Builds both tokens. Takes a few seconds (one RSA-2048 pair per RSA key). */
export async function buildTestHsm(): Promise<TestHsm> {
  x509.cryptoProvider.set(webcrypto as unknown as Crypto);
  const dir = tempDir("rssp-audit-hsm");
  const tokenDir = join(dir, "tokens");
  mkdirSync(tokenDir);
  const conf = join(dir, "softhsm2.conf");
  writeFileSync(conf, `directories.tokendir = ${tokenDir}\nobjectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n`);
  const environment = { SOFTHSM2_CONF: conf };
  const tokens = { conformant: "conformant", flawed: "flawed", noWrappingKey: "no-wrapping-key" };
  for (const label of Object.values(tokens)) initToken(label, environment);

  const previous = process.env.SOFTHSM2_CONF;
  process.env.SOFTHSM2_CONF = conf;
  const mod = graphene.Module.load(SOFTHSM_MODULE);
  mod.initialize();
  const extracted: TestHsm["extracted"] = [];
  try {
    const ca = await makeHostCa();
    await withSession(mod, tokens.conformant, async (s) => {
      const ec = generateEc(s, "signer-ec", "01", {});
      await storeCertificate(s, ca, "signer-ec", "01", publicSpki(ec.publicKey));
      const rsa = generateRsa(s, "signer-rsa", "02", 2048, {});
      await storeCertificate(s, ca, "signer-rsa", "02", publicSpki(rsa.publicKey));
      generateAes(s, "backup-wrap", "10", { sensitive: true, extractable: false });
    });
    // A conformant key alone: no wrapping key (the export probe must bring a session key), no certificate.
    await withSession(mod, tokens.noWrappingKey, async (s) => {
      generateEc(s, "lone-signer", "41", {});
    });
    await withSession(mod, tokens.flawed, async (s) => {
      const extractable = generateEc(s, FLAWED_KEYS.extractable, "21", { extractable: true });
      generateEc(s, FLAWED_KEYS.notSensitive, "22", { sensitive: false });
      importEc(s, FLAWED_KEYS.imported, "23");
      const fixed = generateEc(s, FLAWED_KEYS.fixedLater, "24", { extractable: true, sensitive: false });
      fixed.privateKey.setAttribute({ sensitive: true, extractable: false });
      generateRsa(s, FLAWED_KEYS.decrypt, "25", 2048, { decrypt: true, unwrap: true });
      generateRsa(s, FLAWED_KEYS.rsa1024, "26", 1024, {});
      // SoftHSM forces CKA_PRIVATE=true on keys it generates: only an imported key can be public.
      importEc(s, FLAWED_KEYS.notPrivate, "27", { private: false, alwaysAuth: false }); // ALWAYS_AUTHENTICATE needs a private object
      generateEc(s, FLAWED_KEYS.noAlwaysAuthenticate, "28", { alwaysAuth: false });
      const wrapKey = generateAes(s, FLAWED_KEYS.wrappingKey, "30", { sensitive: false, extractable: true });
      // A certificate with key 22's CKA_ID that certifies some other key.
      const other = generateKeyPairSync("ec", { namedCurve: "P-256" }).publicKey.export({ type: "spki", format: "der" });
      await storeCertificate(s, ca, "cert-for-another-key", "22", other);

      // CKA_VALUE is readable only when a key is neither sensitive nor unextractable: the AES key is.
      extracted.push({ label: FLAWED_KEYS.wrappingKey, value: Buffer.from(wrapKey.getAttribute({ value: null }).value as Buffer) });
      extracted.push({ label: FLAWED_KEYS.extractable, value: extractByWrapping(s, wrapKey, extractable.privateKey) });
    });
  } finally {
    mod.finalize();
    if (previous === undefined) delete process.env.SOFTHSM2_CONF;
    else process.env.SOFTHSM2_CONF = previous;
  }
  return {
    dir,
    environment,
    module: SOFTHSM_MODULE,
    pin: USER_PIN,
    tokens,
    extracted,
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

function initToken(label: string, environment: Record<string, string>): void {
  const r = spawnSync("softhsm2-util", ["--init-token", "--free", "--label", label, "--so-pin", SO_PIN, "--pin", USER_PIN], {
    env: { ...process.env, ...environment },
    encoding: "utf8",
  });
  if (r.status !== 0) throw new Error(`softhsm2-util --init-token ${label} failed: ${r.stderr || r.stdout}`);
}

async function withSession(mod: graphene.Module, label: string, work: (s: graphene.Session) => Promise<void>): Promise<void> {
  const slots = mod.getSlots(true);
  let slot: graphene.Slot | undefined;
  for (let i = 0; i < slots.length; i++) if (slots.items(i).getToken().label.trimEnd() === label) slot = slots.items(i);
  if (!slot) throw new Error(`token ${label} not found`);
  const s = slot.open(graphene.SessionFlag.RW_SESSION | graphene.SessionFlag.SERIAL_SESSION);
  s.login(USER_PIN);
  try {
    await work(s);
  } finally {
    s.logout();
    s.close();
  }
}

/** A conformant signing key's private template; `flaw` overrides one property. */
function privateTemplate(label: string, idHex: string, allowed: number[], flaw: graphene.ITemplate): graphene.ITemplate {
  return {
    token: true,
    private: true,
    label,
    id: Buffer.from(idHex, "hex"),
    sensitive: true,
    extractable: false,
    sign: true,
    decrypt: false,
    unwrap: false,
    derive: false,
    alwaysAuth: true,
    // Flawed keys keep the token's full mechanism list so that weak mechanisms show up for RSA.
    ...(Object.keys(flaw).length === 0 ? { allowedMechanisms: ulongArray(allowed) } : {}),
    ...flaw,
  };
}

function ulongArray(values: number[]): Buffer {
  const b = Buffer.alloc(values.length * 8);
  values.forEach((v, i) => b.writeBigUInt64LE(BigInt(v), i * 8));
  return b;
}

function generateEc(s: graphene.Session, label: string, idHex: string, flaw: graphene.ITemplate): graphene.IKeyPair {
  return s.generateKeyPair(
    graphene.KeyGenMechanism.EC,
    { token: true, private: false, label, id: Buffer.from(idHex, "hex"), paramsEC: P256_OID_DER, verify: true },
    privateTemplate(label, idHex, [pkcs11.CKM_ECDSA], flaw),
  );
}

function generateRsa(s: graphene.Session, label: string, idHex: string, bits: number, flaw: graphene.ITemplate): graphene.IKeyPair {
  return s.generateKeyPair(
    graphene.KeyGenMechanism.RSA,
    { token: true, private: false, label, id: Buffer.from(idHex, "hex"), modulusBits: bits, publicExponent: Buffer.from([1, 0, 1]), verify: true },
    privateTemplate(label, idHex, [pkcs11.CKM_SHA256_RSA_PKCS_PSS, pkcs11.CKM_SHA384_RSA_PKCS_PSS, pkcs11.CKM_SHA256_RSA_PKCS], flaw),
  );
}

function generateAes(s: graphene.Session, label: string, idHex: string, protection: { sensitive: boolean; extractable: boolean }): graphene.SecretKey {
  return s.generateKey(graphene.KeyGenMechanism.AES, {
    class: graphene.ObjectClass.SECRET_KEY,
    keyType: graphene.KeyType.AES,
    token: true,
    private: true,
    label,
    id: Buffer.from(idHex, "hex"),
    valueLen: 32,
    wrap: true,
    unwrap: true,
    encrypt: false,
    decrypt: false,
    ...protection,
  });
}

/** A key generated on the host and loaded with C_CreateObject: the token marks it CKA_LOCAL=false. */
function importEc(s: graphene.Session, label: string, idHex: string, flaw: graphene.ITemplate = {}): void {
  const { privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const jwk = privateKey.export({ format: "jwk" });
  const point = Buffer.concat([Buffer.from([4]), Buffer.from(jwk.x!, "base64url"), Buffer.from(jwk.y!, "base64url")]);
  const id = Buffer.from(idHex, "hex");
  s.create({ ...privateTemplate(label, idHex, [pkcs11.CKM_ECDSA], {}), ...flaw, class: graphene.ObjectClass.PRIVATE_KEY, keyType: graphene.KeyType.EC, paramsEC: P256_OID_DER, value: Buffer.from(jwk.d!, "base64url") });
  s.create({ class: graphene.ObjectClass.PUBLIC_KEY, keyType: graphene.KeyType.EC, token: true, private: false, label, id, paramsEC: P256_OID_DER, pointEC: Buffer.concat([Buffer.from([4, point.length]), point]), verify: true });
}

/** The SPKI of a key pair generated on the token, from its public key object. */
function publicSpki(publicKey: graphene.PublicKey): Buffer {
  const isRsa = publicKey.getAttribute({ keyType: null }).keyType === graphene.KeyType.RSA;
  const a = publicKey.getAttribute(isRsa ? { keyType: null, modulus: null, publicExponent: null } : { keyType: null, pointEC: null });
  return isRsa
    ? createPublicKeyDer({ kty: "RSA", n: (a.modulus as Buffer).toString("base64url"), e: (a.publicExponent as Buffer).toString("base64url") })
    : createPublicKeyDer({ kty: "EC", crv: "P-256", x: (a.pointEC as Buffer).subarray(3, 35).toString("base64url"), y: (a.pointEC as Buffer).subarray(35).toString("base64url") });
}

function createPublicKeyDer(jwk: JsonWebKey): Buffer {
  return createPublicKey({ key: jwk, format: "jwk" }).export({ type: "spki", format: "der" });
}

interface HostCa {
  keys: CryptoKeyPair;
  name: string;
}

async function makeHostCa(): Promise<HostCa> {
  const alg = { name: "ECDSA", namedCurve: "P-256" };
  const keys = (await webcrypto.subtle.generateKey(alg, false, ["sign", "verify"])) as CryptoKeyPair;
  return { keys, name: "CN=rssp-audit test CA" };
}

/** Certifies `spki` under the host CA and stores the certificate on the token with CKA_ID `idHex`. */
async function storeCertificate(s: graphene.Session, ca: HostCa, label: string, idHex: string, spki: Buffer): Promise<void> {
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: idHex.padStart(4, "1"),
    subject: `CN=${label}`,
    issuer: ca.name,
    notBefore: new Date(Date.now() - 60_000),
    notAfter: new Date(Date.now() + 365 * 86_400_000),
    publicKey: new x509.PublicKey(new Uint8Array(spki)),
    signingKey: ca.keys.privateKey,
    signingAlgorithm: { name: "ECDSA", hash: "SHA-256" },
  });
  s.create({
    class: graphene.ObjectClass.CERTIFICATE,
    certType: graphene.CertificateType.X_509,
    token: true,
    private: false,
    label,
    id: Buffer.from(idHex, "hex"),
    subject: Buffer.from(cert.subjectName.toArrayBuffer()),
    value: Buffer.from(cert.rawData),
  });
}

/** Wraps `key` under the flawed, readable AES key and unwraps on the host: the private scalar. */
function extractByWrapping(s: graphene.Session, wrapKey: graphene.SecretKey, key: graphene.PrivateKey): Buffer {
  const wrapped = s.wrapKey({ name: "AES_KEY_WRAP_PAD", params: null }, wrapKey, key);
  const kek = wrapKey.getAttribute({ value: null }).value as Buffer;
  const decipher = createDecipheriv("id-aes256-wrap-pad", kek, Buffer.from("a65959a6", "hex"));
  const pkcs8 = Buffer.concat([decipher.update(wrapped), decipher.final()]);
  const jwk = createPrivateKey({ key: pkcs8, format: "der", type: "pkcs8" }).export({ format: "jwk" });
  return Buffer.from(jwk.d!, "base64url");
}
