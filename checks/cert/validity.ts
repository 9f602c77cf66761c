/**
 * cert.validity — every credential certificate is valid at assessment time, and what the API
 * reports (cert/status, validFrom, validTo) agrees with the certificate itself.
 */
import { withBasis } from "../../src/check/with-basis.ts";
import { basis } from "../../src/check/basis.ts";
import type { CheckOutcome } from "../../src/check/types.ts";
import { defineCheck } from "../../src/check/types.ts";
import { parseCertificate } from "../../src/cert/certificate.ts";
import type { CredentialDescription } from "../../src/csc/credentials.ts";
import { allCredentials } from "../../src/csc/session.ts";
import { at, cannotConclude, runProbe, conclude, type Judged } from "../../src/csc/probe.ts";
import { excludedByScope } from "../../src/csc/credential-scope.ts";

/** Judges one credential (pure, `now` given). */
export function judgeValidity(c: CredentialDescription, now: Date, where: string): Judged {
  const cert = c.certificates[0] ? parseCertificate(c.certificates[0]) : "no certificate returned";
  if (typeof cert === "string") return { status: "error", observation: { expected: { ja: "証明書", en: "a certificate" }, observed: cert, where, subject: c.credentialID, ok: false } };
  const problems: string[] = [];
  if (cert.notBefore > now) problems.push(`not valid before ${cert.notBefore.toISOString()}`);
  if (cert.notAfter < now) problems.push(`expired on ${cert.notAfter.toISOString()}`);
  const expired = cert.notAfter < now;
  if (c.certStatus && c.certStatus === "valid" && (expired || cert.notBefore > now)) problems.push(`the API reports cert/status "valid"`);
  if (c.certStatus && c.certStatus === "expired" && !expired) problems.push(`the API reports cert/status "expired" for a certificate valid until ${cert.notAfter.toISOString()}`);
  const parse = (s?: string) => (s ? Date.parse(s.length === 15 && /Z$/.test(s) ? `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}T${s.slice(8, 10)}:${s.slice(10, 12)}:${s.slice(12, 14)}Z` : s) : NaN);
  const to = parse(c.validTo);
  if (c.validTo && !Number.isNaN(to) && Math.abs(to - cert.notAfter.getTime()) > 1000) problems.push(`the API reports validTo ${c.validTo}, the certificate says ${cert.notAfter.toISOString()}`);
  const ok = problems.length === 0;
  return {
    status: ok ? "pass" : "fail",
    observation: {
      expected: "valid now, and the API's status and dates agree with the certificate",
      observed: ok ? `valid ${cert.notBefore.toISOString()} – ${cert.notAfter.toISOString()}, cert/status ${c.certStatus ?? "(not reported)"}` : problems.join("; "),
      where,
      subject: c.credentialID,
      ok,
    },
  };
}

/** What a departure of this check rests on (design §3a; docs/CHECKS-oauth-cert-tls-hsm.md). */
const BASIS = basis("RFC-5280", "4.1.2.5 validity (catalog PT-11)", "shall");

export default defineCheck({
  id: "cert.validity",
  family: "cert",
  title: { ja: "証明書が評価時点で有効であり、APIの状態表示と一致する", en: "The certificate is valid now and the API's status agrees" },
  description: {
    ja: "各鍵の証明書が評価時点で有効期間内であること、APIが返すcert/status・validFrom・validToが証明書の内容と一致することを確認する。",
    en: "Confirms each credential certificate is within its validity period now, and that cert/status, validFrom and validTo from the API agree with it.",
  },
  needs: ["csc", "csc.signer"],
  intrusive: false,
  async run(ctx) {
    return withBasis(await (async (): Promise<CheckOutcome> => {
    return runProbe(ctx, "cert.validity", async ({ session }) => {
      const credentials = allCredentials(session);
      if (!credentials.length) return excludedByScope(session.excluded) ?? cannotConclude({ ja: "鍵の記述がない", en: "no credential described" }, at(session, "credentials/list", "credentials"));
      const now = new Date();
      const judged = credentials.map((c) => judgeValidity(c, now, at(session, "credentials/info", `${c.credentialID} cert`)));
      return conclude(judged, { pass: `${credentials.length} certificate(s) valid now`, fail: "a certificate is not valid now or the API misreports it" });
    });
    })(), BASIS);
  },
});
