/**
 * `credentials/info` replies of v1 and v2, normalised into one description. Every field is
 * declared by the provider (attacker-controlled, and self-declared: SCAL "2" proves nothing);
 * the probes use them to choose what to try, never as a verdict.
 */
import { decodeBase64Any } from "./base64.ts";
import type { CscReply } from "./client.ts";

export interface CredentialDescription {
  credentialID: string;
  /** The configured signer (id) whose session listed it. */
  signer: string;
  keyStatus?: string;
  /** `key/algo`: signature algorithm OIDs. */
  keyAlgos: string[];
  keyLen?: number;
  curve?: string;
  certStatus?: string;
  /** End entity first, as returned (bytes, whatever base64 alphabet was used). */
  certificates: Uint8Array[];
  subjectDN?: string;
  issuerDN?: string;
  serialNumber?: string;
  validFrom?: string;
  validTo?: string;
  /** The declared SCAL, verbatim. */
  scal?: string;
  authMode?: string;
  /** Which factors the provider says it asks for. */
  asksPin: boolean;
  asksOtp: boolean;
  /** v2: the `id` of the auth object that takes the PIN / the OTP (provider-defined, CSC v2 §8.3); v1 has fixed fields. */
  pinId?: string;
  otpId?: string;
  multisign: number;
}

const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

/** The description, or a one-line reason the reply cannot be used. */
export function describeCredential(signer: string, credentialID: string, reply: CscReply): CredentialDescription | string {
  if (!reply.ok) return `credentials/info for ${credentialID} refused: HTTP ${reply.status}`;
  const b = reply.body;
  const key = (b.key && typeof b.key === "object" ? b.key : {}) as Record<string, unknown>;
  const cert = (b.cert && typeof b.cert === "object" ? b.cert : {}) as Record<string, unknown>;
  const certificates: Uint8Array[] = [];
  if (Array.isArray(cert.certificates)) {
    for (const c of cert.certificates) {
      const bytes = decodeBase64Any(c);
      if (!bytes) return `credentials/info for ${credentialID}: cert/certificates holds a value that is not base64`;
      certificates.push(bytes);
    }
  }
  // v2: auth.objects [{type, id}] and auth.mode; v1: PIN.presence, OTP.presence, authMode.
  const auth = (b.auth && typeof b.auth === "object" ? b.auth : undefined) as Record<string, unknown> | undefined;
  let asksPin = false;
  let asksOtp = false;
  let pinId: string | undefined;
  let otpId: string | undefined;
  if (auth && Array.isArray(auth.objects)) {
    for (const o of auth.objects as Array<Record<string, unknown>>) {
      const id = `${str(o?.id) ?? ""} ${str(o?.type) ?? ""} ${str(o?.generator) ?? ""}`.toUpperCase();
      if (/OTP|TOTP/.test(id)) {
        asksOtp = true;
        otpId ??= str(o?.id);
      } else if (/PIN|PASSWORD/.test(id)) {
        asksPin = true;
        pinId ??= str(o?.id);
      }
    }
  }
  const presence = (v: unknown) => v && typeof v === "object" && ["true", "optional"].includes(String((v as Record<string, unknown>).presence));
  if (presence(b.PIN)) asksPin = true;
  if (presence(b.OTP)) asksOtp = true;
  const multisign = typeof b.multisign === "number" && Number.isInteger(b.multisign) ? b.multisign : b.multisign === true ? 2 : 1;
  return {
    credentialID,
    signer,
    keyStatus: str(key.status),
    keyAlgos: Array.isArray(key.algo) ? key.algo.filter((a): a is string => typeof a === "string") : [],
    keyLen: typeof key.len === "number" ? key.len : undefined,
    curve: str(key.curve),
    certStatus: str(cert.status),
    certificates,
    subjectDN: str(cert.subjectDN),
    issuerDN: str(cert.issuerDN),
    serialNumber: str(cert.serialNumber),
    validFrom: str(cert.validFrom),
    validTo: str(cert.validTo),
    scal: b.SCAL === undefined ? undefined : String(b.SCAL),
    authMode: str(auth?.mode) ?? str(b.authMode),
    asksPin,
    asksOtp,
    ...(pinId ? { pinId } : {}),
    ...(otpId ? { otpId } : {}),
    multisign,
  };
}

/** Whether a credential must be treated as multi-factor: it asks for an OTP or claims SCAL 2. */
export function claimsTwoFactors(c: CredentialDescription): boolean {
  return c.asksOtp || c.scal === "2";
}
