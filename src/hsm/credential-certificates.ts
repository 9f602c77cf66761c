/**
 * The CSC credentials' certificates, as the hsm.key.matches-certificate check receives them from
 * the csc family through `ctx.shared("csc:credential-certificates", …)`.
 *
 * Contract: the csc family provides `src/csc/credential-certificates.ts` exporting
 * `collectCredentialCertificates(ctx): Promise<CredentialCertificates[]>` (credentials/list +
 * credentials/info with certificates=chain). Whichever check asks first computes it, so the order
 * in which checks run does not matter. Until that module exists, the value is `unavailable`.
 */
import type { CheckContext } from "../check/types.ts";
import { describeError } from "../util/errors.ts";

/** One credential and its certificate chain (base64 DER, end-entity first, as CSC `cert/certificates`). */
export interface CredentialCertificates {
  credentialID: string;
  /** The test signer whose credential it is (signer id from the config), when known. */
  signer?: string;
  certificates: string[];
}

export const CREDENTIAL_CERTIFICATES_KEY = "csc:credential-certificates";

export type CredentialCertificatesResult = { credentials: CredentialCertificates[] } | { unavailable: string };

/** The credentials' certificates, or why there are none. */
export async function credentialCertificates(ctx: CheckContext): Promise<CredentialCertificatesResult> {
  if (!ctx.target.csc) return { unavailable: "the assessment names no CSC API (target.csc)" };
  try {
    const credentials = await ctx.shared(CREDENTIAL_CERTIFICATES_KEY, collectFromCscFamily(ctx));
    return credentials ? { credentials } : { unavailable: "the csc family does not provide credential certificates yet (src/csc/credential-certificates.ts)" };
  } catch (error) {
    return { unavailable: `fetching the CSC credential certificates failed: ${describeError(error)}` };
  }
}

function collectFromCscFamily(ctx: CheckContext): () => Promise<CredentialCertificates[] | undefined> {
  return async () => {
    // A path in a variable: the module is optional, and the typechecker must not require it.
    const path = "../csc/credential-certificates.ts";
    let mod: { collectCredentialCertificates?: (c: CheckContext) => Promise<CredentialCertificates[]> };
    try {
      mod = (await import(path)) as typeof mod;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ERR_MODULE_NOT_FOUND") return undefined;
      throw error;
    }
    return mod.collectCredentialCertificates ? mod.collectCredentialCertificates(ctx) : undefined;
  };
}
