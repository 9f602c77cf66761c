/**
 * The end-entity certificate of a credential, for the cert.* checks: the first of cert/certificates
 * parsed, or — when none came back or it cannot be read — the `error` judgement that says so (a
 * missing certificate cannot be judged, so it is not held against the provider as a fail). Pure.
 */
import type { Message, Observation } from "../check/types.ts";
import { parseCertificate, x509 } from "./certificate.ts";

const NONE: Message = { ja: "証明書が返されない", en: "no certificate returned" };

/** The certificate, or the observation of why there is none (its status is `error`). */
export function leafCertificate(c: { certificates: readonly Uint8Array[]; credentialID: string }, where: string): { cert: x509.X509Certificate } | { error: Observation } {
  const parsed = c.certificates[0] ? parseCertificate(c.certificates[0]) : NONE;
  if (parsed instanceof x509.X509Certificate) return { cert: parsed };
  const observed: Message = typeof parsed === "string" ? { ja: `証明書を読み取れない: ${parsed}`, en: parsed } : parsed;
  return { error: { expected: { ja: "証明書", en: "a certificate" }, observed, where, subject: c.credentialID, ok: false } };
}
