/**
 * One visit to the token: open it, read everything the hsm.* checks judge, try to export each
 * signing key, draw random bytes, and finalise. The result is plain data (survey-types.ts) with
 * no key material in it; the checks are pure functions of it.
 */
import pkcs11 from "pkcs11js";
import type { OpenToken, HsmAccess, SessionOptions } from "./token-session.ts";
import { withTokenSession } from "./token-session.ts";
import { BOOLEAN_ATTRIBUTES, readAttributes, readBoolean, readHex, readText, readUlong, readUlongArray, type BooleanAttribute, type Readings } from "./attributes.ts";
import { keyTypeName, mechanismName } from "./pkcs11-names.ts";
import { objectUri, tokenUri } from "./uri.ts";
import { certificateSpki, curveOf, ecSpki, rsaSpki } from "./public-key.ts";
import { prepareWrapProbe, tryReadSecret } from "./export-probe.ts";
import { describePkcs11Failure } from "./pkcs11-error.ts";
import type { Flag, KeyShape, ObjectIdentity, RandomSample, SurveyedCertificate, SurveyedMechanism, SurveyedPrivateKey, SurveyedSecretKey, TokenFacts, TokenSurvey } from "./survey-types.ts";
import { X509Certificate } from "node:crypto";

/** SP 800-22 asks for at least 10^6 bits per sequence; 2^20 bits is 128 KiB from C_GenerateRandom. */
export const DEFAULT_RANDOM_BITS = 1 << 20;

export interface SurveyOptions extends SessionOptions {
  /** Bits to draw from C_GenerateRandom (default 2^20; the rng check asks for two sequences' worth). */
  randomBits?: number;
}

/** Opens the token, reads what every hsm.* check needs, and always finalises the module. */
export function surveyToken(access: HsmAccess, options: SurveyOptions = {}): Promise<TokenSurvey> {
  return withTokenSession(access, async (open) => survey(open, access.module, options.randomBits ?? DEFAULT_RANDOM_BITS), options);
}

const ALL_FLAGS = Object.keys(BOOLEAN_ATTRIBUTES) as BooleanAttribute[];

async function survey(open: OpenToken, modulePath: string, randomBits: number): Promise<TokenSurvey> {
  const token = tokenFacts(open, modulePath);
  const mechanisms = listMechanisms(open);
  open.checkpoint();
  const publicKeys = findObjects(open, pkcs11.CKO_PUBLIC_KEY).map((h) => readPublicKey(open, h));
  const secretKeys = findObjects(open, pkcs11.CKO_SECRET_KEY).map((h) => ({ ...readSecretKey(open, h), handle: h }));
  const certificates = findObjects(open, pkcs11.CKO_CERTIFICATE).map((h) => readCertificate(open, h));
  open.checkpoint();
  const privateKeys: SurveyedPrivateKey[] = [];
  const probe = prepareWrapProbe(open, secretKeys, mechanisms);
  try {
    for (const handle of findObjects(open, pkcs11.CKO_PRIVATE_KEY)) {
      const key = readPrivateKey(open, handle, publicKeys);
      if (key.flags.CKA_SIGN === true) {
        open.log(`hsm: trying to export ${key.label || key.idHex} (expecting refusal)`);
        key.exportAttempts = { read: tryReadSecret(open, handle, key.type), wrap: probe.wrap(handle) };
      }
      privateKeys.push(key);
      open.checkpoint();
    }
  } finally {
    probe.dispose();
  }
  const random = await drawRandom(open, randomBits);
  const byId = <T extends ObjectIdentity>(a: T, b: T) => a.idHex.localeCompare(b.idHex) || a.label.localeCompare(b.label);
  return {
    token,
    uri: tokenUri(open.label),
    privateKeys: privateKeys.sort(byId),
    secretKeys: secretKeys.map(({ handle: _h, ...k }) => k).sort(byId),
    certificates: certificates.sort(byId),
    mechanisms,
    wrapProbeKey: probe.description,
    random,
  };
}

function findObjects(open: OpenToken, objectClass: number): Buffer[] {
  open.lib.C_FindObjectsInit(open.session.handle, [{ type: pkcs11.CKA_CLASS, value: objectClass }]);
  try {
    const handles: Buffer[] = [];
    for (let batch = open.lib.C_FindObjects(open.session.handle, 64); batch.length > 0; batch = open.lib.C_FindObjects(open.session.handle, 64)) {
      handles.push(...batch);
    }
    return handles;
  } finally {
    open.lib.C_FindObjectsFinal(open.session.handle);
  }
}

function version(v: { major: number; minor: number }): string {
  return `${v.major}.${v.minor}`;
}

function tokenFacts(open: OpenToken, modulePath: string): TokenFacts {
  const info = open.lib.C_GetTokenInfo(open.slot.handle);
  const lib = open.lib.C_GetInfo();
  const f = info.flags;
  return {
    label: info.label.trimEnd(),
    manufacturer: info.manufacturerID.trimEnd(),
    model: info.model.trimEnd(),
    serialNumber: info.serialNumber.trimEnd(),
    firmwareVersion: version(info.firmwareVersion),
    hardwareVersion: version(info.hardwareVersion),
    flags: {
      loginRequired: (f & pkcs11.CKF_LOGIN_REQUIRED) !== 0,
      userPinInitialized: (f & pkcs11.CKF_USER_PIN_INITIALIZED) !== 0,
      tokenInitialized: (f & pkcs11.CKF_TOKEN_INITIALIZED) !== 0,
      rng: (f & pkcs11.CKF_RNG) !== 0,
      writeProtected: (f & pkcs11.CKF_WRITE_PROTECTED) !== 0,
    },
    slotDescription: open.slot.slotDescription.trimEnd(),
    library: {
      path: modulePath,
      manufacturer: lib.manufacturerID.trimEnd(),
      description: lib.libraryDescription.trimEnd(),
      version: version(lib.libraryVersion),
      cryptokiVersion: version(lib.cryptokiVersion),
    },
  };
}

function listMechanisms(open: OpenToken): SurveyedMechanism[] {
  const out: SurveyedMechanism[] = [];
  for (const type of open.lib.C_GetMechanismList(open.slot.handle)) {
    let sign = false;
    let wrap = false;
    try {
      const flags = open.lib.C_GetMechanismInfo(open.slot.handle, type).flags;
      sign = (flags & pkcs11.CKF_SIGN) !== 0;
      wrap = (flags & pkcs11.CKF_WRAP) !== 0;
    } catch {
      // A mechanism without info is listed but judged as neither signing nor wrapping.
    }
    out.push({ type, name: mechanismName(type), sign, wrap });
  }
  return out.sort((a, b) => a.type - b.type);
}

function identity(open: OpenToken, r: Readings<"CKA_LABEL" | "CKA_ID">): ObjectIdentity {
  const label = readText(r.CKA_LABEL) ?? "";
  const idHex = readHex(r.CKA_ID) ?? "";
  return { label, idHex, uri: objectUri(open.label, label, idHex) };
}

function flagsOf(r: Readings<BooleanAttribute>): Record<BooleanAttribute, Flag> {
  const out = {} as Record<BooleanAttribute, Flag>;
  for (const n of ALL_FLAGS) out[n] = readBoolean(r[n]);
  return out;
}

/** CKK_RSA → RSA. */
function shortKeyType(r: Readings<"CKA_KEY_TYPE">): string {
  const t = readUlong(r.CKA_KEY_TYPE);
  return t === undefined ? "unknown" : keyTypeName(t).replace(/^CKK_/, "");
}

interface PublicKeyRecord {
  idHex: string;
  type: string;
  spki?: Buffer;
}

function readPublicKey(open: OpenToken, handle: Buffer): PublicKeyRecord {
  const r = readAttributes(open, handle, ["CKA_ID", "CKA_KEY_TYPE", "CKA_MODULUS", "CKA_PUBLIC_EXPONENT", "CKA_EC_PARAMS", "CKA_EC_POINT"]);
  const type = shortKeyType(r);
  const idHex = readHex(r.CKA_ID) ?? "";
  let spki: Buffer | undefined;
  try {
    if (type === "RSA" && "value" in r.CKA_MODULUS && "value" in r.CKA_PUBLIC_EXPONENT) spki = rsaSpki(r.CKA_MODULUS.value, r.CKA_PUBLIC_EXPONENT.value);
    if (type === "EC" && "value" in r.CKA_EC_PARAMS && "value" in r.CKA_EC_POINT) spki = ecSpki(r.CKA_EC_PARAMS.value, r.CKA_EC_POINT.value);
  } catch {
    spki = undefined;
  }
  return { idHex, type, ...(spki ? { spki } : {}) };
}

/** The attributes that give a key's size, by key type (asking only for those keeps batches whole). */
function sizeAttributes(type: string): Array<"CKA_MODULUS" | "CKA_PUBLIC_EXPONENT" | "CKA_EC_PARAMS" | "CKA_VALUE_LEN"> {
  if (type === "RSA") return ["CKA_MODULUS", "CKA_PUBLIC_EXPONENT"];
  if (type === "EC" || type === "EC_EDWARDS") return ["CKA_EC_PARAMS"];
  return ["CKA_VALUE_LEN"];
}

function shapeOf(type: string, r: Partial<Readings<"CKA_MODULUS" | "CKA_EC_PARAMS" | "CKA_VALUE_LEN">>): KeyShape {
  if (type === "RSA" && r.CKA_MODULUS && "value" in r.CKA_MODULUS) return { type, bits: bitLength(r.CKA_MODULUS.value) };
  if ((type === "EC" || type === "EC_EDWARDS") && r.CKA_EC_PARAMS && "value" in r.CKA_EC_PARAMS) {
    const curve = curveOf(r.CKA_EC_PARAMS.value);
    return curve ? { type, bits: curve.bits, curve: curve.name } : { type, curve: `params ${r.CKA_EC_PARAMS.value.toString("hex")}` };
  }
  const len = r.CKA_VALUE_LEN && readUlong(r.CKA_VALUE_LEN);
  return len !== undefined ? { type, bits: len * 8 } : { type };
}

function bitLength(b: Buffer): number {
  let i = 0;
  while (i < b.length && b[i] === 0) i++;
  if (i === b.length) return 0;
  return (b.length - i - 1) * 8 + (32 - Math.clz32(b[i]!));
}

function readPrivateKey(open: OpenToken, handle: Buffer, publicKeys: PublicKeyRecord[]): SurveyedPrivateKey {
  const r = readAttributes(open, handle, ["CKA_LABEL", "CKA_ID", "CKA_KEY_TYPE", ...ALL_FLAGS]);
  const id = identity(open, r);
  const type = shortKeyType(r);
  const size: Partial<Readings<"CKA_MODULUS" | "CKA_PUBLIC_EXPONENT" | "CKA_EC_PARAMS" | "CKA_VALUE_LEN">> = readAttributes(open, handle, sizeAttributes(type));
  const shape = shapeOf(type, size);
  const allowed = readUlongArray(readAttributes(open, handle, ["CKA_ALLOWED_MECHANISMS"]).CKA_ALLOWED_MECHANISMS);
  // The public key: from the private key itself (RSA carries its modulus), else the public object with the same CKA_ID.
  let spki: Buffer | undefined;
  let spkiSource: string;
  if (type === "RSA" && size.CKA_MODULUS && "value" in size.CKA_MODULUS && size.CKA_PUBLIC_EXPONENT && "value" in size.CKA_PUBLIC_EXPONENT) {
    spki = rsaSpki(size.CKA_MODULUS.value, size.CKA_PUBLIC_EXPONENT.value);
    spkiSource = "CKA_MODULUS and CKA_PUBLIC_EXPONENT of the private key";
  } else {
    const twin = id.idHex ? publicKeys.find((p) => p.idHex === id.idHex && p.type === shape.type && p.spki) : undefined;
    spki = twin?.spki;
    spkiSource = twin ? `the public key object with the same CKA_ID` : id.idHex ? "no public key object with the same CKA_ID" : "the key has no CKA_ID to find its public key";
  }
  return {
    ...id,
    ...shape,
    flags: flagsOf(r),
    ...(allowed && allowed.length > 0 ? { allowedMechanisms: allowed } : {}),
    ...(spki ? { spki: spki.toString("base64") } : {}),
    spkiSource,
  };
}

function readSecretKey(open: OpenToken, handle: Buffer): SurveyedSecretKey {
  const r = readAttributes(open, handle, ["CKA_LABEL", "CKA_ID", "CKA_KEY_TYPE", ...ALL_FLAGS]);
  const type = shortKeyType(r);
  return { ...identity(open, r), ...shapeOf(type, readAttributes(open, handle, sizeAttributes(type))), flags: flagsOf(r) };
}

function readCertificate(open: OpenToken, handle: Buffer): SurveyedCertificate {
  const r = readAttributes(open, handle, ["CKA_LABEL", "CKA_ID", "CKA_CERTIFICATE_TYPE"]);
  const id = identity(open, r);
  if (readUlong(r.CKA_CERTIFICATE_TYPE) !== pkcs11.CKC_X_509) return { ...id, subject: "", problem: "not an X.509 certificate" };
  try {
    // A certificate's CKA_VALUE is public; read it apart from the batch (private keys never pass here).
    const [value] = open.lib.C_GetAttributeValue(open.session.handle, handle, [{ type: pkcs11.CKA_VALUE }]);
    const der = Buffer.isBuffer(value?.value) ? value.value : Buffer.alloc(0);
    return { ...id, subject: new X509Certificate(der).subject.replace(/\n/g, ", "), spki: certificateSpki(der).toString("base64") };
  } catch (error) {
    return { ...id, subject: "", problem: `unreadable certificate: ${describePkcs11Failure(error)}` };
  }
}

async function drawRandom(open: OpenToken, bits: number): Promise<RandomSample> {
  const bytes = new Uint8Array(Math.ceil(bits / 8));
  const chunk = 64 * 1024;
  try {
    for (let at = 0; at < bytes.length; at += chunk) {
      const part = open.lib.C_GenerateRandom(open.session.handle, Buffer.alloc(Math.min(chunk, bytes.length - at)));
      bytes.set(part, at);
      // Let SIGINT and the time budget in between chunks.
      await new Promise((resolve) => setImmediate(resolve));
      open.checkpoint();
    }
    return { bytes };
  } catch (error) {
    if (error instanceof Error && error.name !== "Pkcs11Error") throw error;
    return { unavailable: `C_GenerateRandom failed: ${describePkcs11Failure(error)}` };
  }
}
