/**
 * cert.policies — signer certificates carry a certificatePolicies extension naming at least one
 * specific policy OID (anyPolicy alone does not say under which rules the certificate was issued).
 */
import { defineCheck } from "../../src/check/types.ts";
import { parseCertificate, policyOids } from "../../src/cert/certificate.ts";
import type { CredentialDescription } from "../../src/csc/credentials.ts";
import { allCredentials } from "../../src/csc/session.ts";
import { at, cannotConclude, runProbe, conclude, type Judged } from "../../src/csc/probe.ts";

const ANY_POLICY = "2.5.29.32.0";

export function judgePolicies(c: CredentialDescription, where: string): Judged {
  const cert = c.certificates[0] ? parseCertificate(c.certificates[0]) : "no certificate returned";
  if (typeof cert === "string") return { status: "error", observation: { expected: "a certificate", observed: cert, where, subject: c.credentialID, ok: false } };
  const oids = policyOids(cert);
  const specific = oids.filter((o) => o !== ANY_POLICY);
  const ok = specific.length > 0;
  return { status: ok ? "pass" : "fail", observation: { expected: "certificatePolicies with a specific policy OID", observed: oids.length ? `policies ${oids.join(", ")}${ok ? "" : " (anyPolicy only)"}` : "no certificatePolicies extension", where, subject: c.credentialID, ok } };
}

export default defineCheck({
  id: "cert.policies",
  family: "cert",
  title: { ja: "証明書ポリシーOIDが記載されている", en: "Certificate policy OIDs are present" },
  description: {
    ja: "各鍵の証明書にcertificatePolicies拡張があり、anyPolicy以外の具体的なポリシーOIDを含むことを確認する。",
    en: "Confirms each credential certificate has a certificatePolicies extension with a specific policy OID (not anyPolicy alone).",
  },
  needs: ["csc", "csc.signer"],
  intrusive: false,
  async run(ctx) {
    return runProbe(ctx, "cert.policies", async ({ session }) => {
      const credentials = allCredentials(session);
      if (!credentials.length) return cannotConclude("no credential described", at(session, "credentials/list", "credentials"));
      const judged = credentials.map((c) => judgePolicies(c, at(session, "credentials/info", `${c.credentialID} certificatePolicies`)));
      return conclude(judged, { pass: "every signer certificate names its policy", fail: "a signer certificate names no policy" });
    });
  },
});
