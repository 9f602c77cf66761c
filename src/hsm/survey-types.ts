/**
 * What one visit to the token found, as plain data: every check judges this snapshot, so the
 * token is opened once per assessment and the checks are pure functions. The snapshot holds no
 * key material — only public attributes, flags, and the outcome (not the bytes) of export attempts.
 */
import type { BooleanAttribute } from "./attributes.ts";
import type { Message } from "../check/types.ts";

/** A boolean attribute as read: its value, or the CKR_… the token refused it with. */
export type Flag = boolean | { refused: string };

/** Which object a finding is about: enough for a reader to find it again. */
export interface ObjectIdentity {
  label: string;
  /** CKA_ID in lowercase hex ("" when absent). */
  idHex: string;
  /** RFC 7512 URI, e.g. `pkcs11:token=t;object=alice;id=%01`. */
  uri: string;
}

/** Key type and size as the findings print them: `RSA 2048`, `EC P-256`. */
export interface KeyShape {
  /** `RSA`, `EC`, `EC_EDWARDS`, `AES`, … (CKK_ name without the prefix). */
  type: string;
  /** Modulus bits, curve order bits or secret length in bits; undefined when unreadable. */
  bits?: number;
  /** Named curve, for EC keys. */
  curve?: string;
}

/** The result of one attempt to get a private key out of the device. */
export type ExportAttempt =
  /** The token refused, with the return value a conformant token gives. */
  | { outcome: "refused"; how: string; code: string }
  /** The token handed out material (zeroised at once, length kept as proof). */
  | { outcome: "exported"; how: string; bytes: number }
  /** The attempt could not be made or answered with an unrelated error: proves nothing. */
  | { outcome: "inconclusive"; how: string; reason: Message };

/** A private key on the token. */
export interface SurveyedPrivateKey extends ObjectIdentity, KeyShape {
  flags: Record<BooleanAttribute, Flag>;
  /** CKA_ALLOWED_MECHANISMS; undefined when the token does not restrict (or does not report) them. */
  allowedMechanisms?: number[];
  /** SPKI (DER, base64) of the matching public key, when it could be rebuilt. */
  spki?: string;
  /** Where the public key came from, or why it could not be rebuilt. */
  spkiSource: string;
  /** Present for signing keys (CKA_SIGN=true): reading the secret value, and wrapping. */
  exportAttempts?: { read: ExportAttempt; wrap: ExportAttempt };
}

/** A secret key on the token (candidate wrapping/backup key). */
export interface SurveyedSecretKey extends ObjectIdentity, KeyShape {
  flags: Record<BooleanAttribute, Flag>;
}

/** An X.509 certificate object on the token. */
export interface SurveyedCertificate extends ObjectIdentity {
  subject: string;
  /** SPKI (DER, base64) of the certified key; undefined when the DER did not parse. */
  spki?: string;
  problem?: string;
}

export interface SurveyedMechanism {
  type: number;
  name: string;
  /** CKF_SIGN is set. */
  sign: boolean;
  /** CKF_WRAP is set. */
  wrap?: boolean;
}

/** CK_TOKEN_INFO and the module's CK_INFO: compared with the HSM certification evidence. */
export interface TokenFacts {
  label: string;
  manufacturer: string;
  model: string;
  serialNumber: string;
  firmwareVersion: string;
  hardwareVersion: string;
  /** CKF_… flags of the token that matter to the assessment. */
  flags: { loginRequired: boolean; userPinInitialized: boolean; tokenInitialized: boolean; rng: boolean; writeProtected: boolean };
  slotDescription: string;
  library: { path: string; manufacturer: string; description: string; version: string; cryptokiVersion: string };
}

/** The key used to attempt C_WrapKey on each signing key. */
export type WrapProbeKey =
  | { kind: "token"; identity: ObjectIdentity; mechanism: string }
  /** No token key could wrap: a temporary AES key was generated as a session object (never stored). */
  | { kind: "session"; mechanism: string }
  | { kind: "none"; reason: Message };

/** Random bytes from C_GenerateRandom, or why none were obtained. */
export type RandomSample = { bytes: Uint8Array } | { unavailable: string };

export interface TokenSurvey {
  token: TokenFacts;
  uri: string;
  privateKeys: SurveyedPrivateKey[];
  secretKeys: SurveyedSecretKey[];
  certificates: SurveyedCertificate[];
  mechanisms: SurveyedMechanism[];
  wrapProbeKey: WrapProbeKey;
  random: RandomSample;
}

/** A signing key in the guideline's sense: a private key the token lets sign. */
export function isSigningKey(key: SurveyedPrivateKey): boolean {
  return key.flags.CKA_SIGN === true;
}

/** `label (id 01a2, EC P-256)`: how a finding names a key. */
export function describeKey(key: ObjectIdentity & KeyShape): string {
  const size = key.curve ?? (key.bits !== undefined ? String(key.bits) : "size unknown");
  return `${key.label || "(no label)"} (id ${key.idHex || "none"}, ${key.type} ${size})`;
}

/** `true`, `false` or `unreadable (CKR_…)`. */
export function showFlag(flag: Flag): string {
  return typeof flag === "boolean" ? String(flag) : `unreadable (${flag.refused})`;
}
