/**
 * The credentials' certificates, for the cert.* checks and the hsm family (key
 * `csc:credential-certificates`): credentials/list and credentials/info (certificates=chain) of
 * every configured signer, from the shared session. Contract with src/hsm/credential-certificates.ts:
 * `certificates` is base64 DER, end entity first; `certificatePem`/`chainPem` are the same in PEM.
 */
import type { CheckContext } from "../check/types.ts";
import { allCredentials, cscSession } from "./session.ts";
import { encodeBase64 } from "./base64.ts";
import { toPem } from "../cert/certificate.ts";

export const CREDENTIAL_CERTIFICATES_KEY = "csc:credential-certificates";

export interface CredentialCertificate {
  credentialID: string;
  signer: string;
  /** Base64 DER, end entity first. */
  certificates: string[];
  certificatePem: string;
  /** The CA certificates sent after the end entity. */
  chainPem: string[];
}

/** Computes the list (callers that share it go through `credentialCertificatesShared`). */
export async function collectCredentialCertificates(ctx: CheckContext): Promise<CredentialCertificate[]> {
  const session = await cscSession(ctx);
  return allCredentials(session)
    .filter((c) => c.certificates.length > 0)
    .map((c) => ({
      credentialID: c.credentialID,
      signer: c.signer,
      certificates: c.certificates.map(encodeBase64),
      certificatePem: toPem(c.certificates[0]!),
      chainPem: c.certificates.slice(1).map(toPem),
    }));
}

export function credentialCertificatesShared(ctx: CheckContext): Promise<CredentialCertificate[]> {
  return ctx.shared(CREDENTIAL_CERTIFICATES_KEY, () => collectCredentialCertificates(ctx));
}
