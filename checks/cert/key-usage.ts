/**
 * cert.key-usage — signer certificates carry keyUsage nonRepudiation (contentCommitment), the bit
 * that marks a key for signatures a person stands behind; digitalSignature is reported alongside.
 */
import { withBasis, controlBasis } from "../../src/check/with-basis.ts";
import type { CheckOutcome } from "../../src/check/types.ts";
import { defineCheck } from "../../src/check/types.ts";
import { keyUsageNames, parseCertificate } from "../../src/cert/certificate.ts";
import type { CredentialDescription } from "../../src/csc/credentials.ts";
import { allCredentials } from "../../src/csc/session.ts";
import { at, cannotConclude, runProbe, conclude, type Judged } from "../../src/csc/probe.ts";
import { excludedByScope } from "../../src/csc/credential-scope.ts";

export function judgeKeyUsage(c: CredentialDescription, where: string): Judged {
  const cert = c.certificates[0] ? parseCertificate(c.certificates[0]) : "no certificate returned";
  if (typeof cert === "string") return { status: "error", observation: { expected: { ja: "証明書", en: "a certificate" }, observed: cert, where, subject: c.credentialID, ok: false } };
  const usages = keyUsageNames(cert);
  const ok = usages?.includes("nonRepudiation") === true;
  const observed = usages === undefined ? "no keyUsage extension" : `keyUsage ${usages.join(", ") || "(empty)"}${ok ? "" : " — nonRepudiation missing"}${usages.includes("digitalSignature") ? "" : " (no digitalSignature)"}`;
  return { status: ok ? "pass" : "fail", observation: { expected: "keyUsage with nonRepudiation (and digitalSignature)", observed, where, subject: c.credentialID, ok } };
}

/** What a departure of this check rests on (design §3a; docs/CHECKS-oauth-cert-tls-hsm.md). */
const BASIS = controlBasis("KM-12");

export default defineCheck({
  id: "cert.key-usage",
  family: "cert",
  title: { ja: "証明書のkeyUsageにnonRepudiationがある", en: "keyUsage has nonRepudiation (and digitalSignature)" },
  description: {
    ja: "各鍵の証明書のkeyUsage拡張にnonRepudiation（contentCommitment）が含まれることを確認し、digitalSignatureの有無も記録する。",
    en: "Confirms each credential certificate's keyUsage includes nonRepudiation (contentCommitment), and records digitalSignature.",
  },
  needs: ["csc", "csc.signer"],
  intrusive: false,
  async run(ctx) {
    return withBasis(await (async (): Promise<CheckOutcome> => {
    return runProbe(ctx, "cert.key-usage", async ({ session }) => {
      const credentials = allCredentials(session);
      if (!credentials.length) return excludedByScope(session.excluded) ?? cannotConclude({ ja: "鍵の記述がない", en: "no credential described" }, at(session, "credentials/list", "credentials"));
      const judged = credentials.map((c) => judgeKeyUsage(c, at(session, "credentials/info", `${c.credentialID} cert keyUsage`)));
      return conclude(judged, { pass: "every signer certificate has nonRepudiation", fail: "a signer certificate lacks keyUsage nonRepudiation" });
    });
    })(), BASIS);
  },
});
