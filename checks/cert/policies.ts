/**
 * cert.policies — signer certificates name the certificate policy the assessment expects. Nothing
 * in the guideline requires a certificatePolicies extension, so this fails only against a policy
 * the assessment names (parameter cert.requiredPolicies: one of them must appear); with none
 * named, the policies seen are recorded and the check passes (RFC 5280 §4.2.1.4 makes the
 * extension optional).
 */
import { defineCheck } from "../../src/check/types.ts";
import { basis } from "../../src/check/basis.ts";
import { parseCertificate, policyOids } from "../../src/cert/certificate.ts";
import type { CredentialDescription } from "../../src/csc/credentials.ts";
import { allCredentials } from "../../src/csc/session.ts";
import { at, cannotConclude, runProbe, conclude, type Judged } from "../../src/csc/probe.ts";

const ANY_POLICY = "2.5.29.32.0";

const NAMED = basis("catalog", "parameter cert.requiredPolicies", "shall");

/** Judges one certificate against the policies the assessment names (none named: recorded, not judged). */
export function judgePolicies(c: CredentialDescription, where: string, required: readonly string[] = []): Judged {
  const cert = c.certificates[0] ? parseCertificate(c.certificates[0]) : "no certificate returned";
  if (typeof cert === "string") return { status: "error", observation: { expected: "a certificate", observed: cert, where, subject: c.credentialID } };
  const oids = policyOids(cert);
  const seen = oids.length ? `policies ${oids.join(", ")}${oids.every((o) => o === ANY_POLICY) ? " (anyPolicy only)" : ""}` : "no certificatePolicies extension";
  if (required.length === 0) return { status: "pass", observation: { expected: { ja: "評価で指定された証明書ポリシーなし（記録のみ）", en: "no policy named by the assessment (recorded only)" }, observed: seen, where, subject: c.credentialID, ok: true } };
  const ok = oids.some((o) => required.includes(o));
  return { status: ok ? "pass" : "fail", observation: { expected: `one of ${required.join(", ")} (cert.requiredPolicies)`, observed: seen, where, subject: c.credentialID, ok, ...(ok ? {} : { basis: NAMED }) } };
}

export default defineCheck({
  id: "cert.policies",
  family: "cert",
  title: { ja: "評価で指定した証明書ポリシーが記載されている", en: "Signer certificates name the policy the assessment expects" },
  description: {
    ja: "パラメータcert.requiredPoliciesで指定されたポリシーOIDのいずれかが各署名者証明書のcertificatePolicies拡張にあることを確認する。指定がない場合は記載内容を記録するのみとする（拡張がないことは不適合ではない）。",
    en: "Confirms each signer certificate's certificatePolicies extension names one of the policy OIDs in the cert.requiredPolicies parameter. With none named, the policies are recorded only (a certificate without the extension is not a nonconformity).",
  },
  parameters: ["cert.requiredPolicies"],
  needs: ["csc", "csc.signer"],
  intrusive: false,
  async run(ctx) {
    return runProbe(ctx, "cert.policies", async ({ session }) => {
      const credentials = allCredentials(session);
      if (!credentials.length) return cannotConclude("no credential described", at(session, "credentials/list", "credentials"));
      const required = Array.isArray(ctx.parameters["cert.requiredPolicies"]) ? (ctx.parameters["cert.requiredPolicies"] as unknown[]).filter((x): x is string => typeof x === "string") : [];
      const judged = credentials.map((c) => judgePolicies(c, at(session, "credentials/info", `${c.credentialID} certificatePolicies`), required));
      return conclude(judged, required.length ? { pass: "every signer certificate names a policy the assessment expects", fail: "a signer certificate does not name the policy the assessment expects" } : { pass: "no policy named by the assessment: the certificates' policies are recorded", fail: "" });
    });
  },
});
