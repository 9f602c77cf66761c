/**
 * cert.subject-matches-signer — the certificate's subject names the registered signer: the API's
 * subjectDN equals the certificate's; certificates of different signers never share a subject;
 * and the subject contains the signer's account name. When only the last is in doubt, an
 * assessor decides (manual), since the registered legal name is not known to the tool.
 */
import { withBasis, controlBasis } from "../../src/check/with-basis.ts";
import type { CheckOutcome } from "../../src/check/types.ts";
import { defineCheck } from "../../src/check/types.ts";
import { normaliseDn, parseCertificate } from "../../src/cert/certificate.ts";
import { allCredentials } from "../../src/csc/session.ts";
import { at, cannotConclude, runProbe, conclude, oneLine, type Judged } from "../../src/csc/probe.ts";
import { excludedByScope } from "../../src/csc/credential-scope.ts";

/** What a departure of this check rests on (design §3a; docs/CHECKS-oauth-cert-tls-hsm.md). */
const BASIS = controlBasis("UA-09");

export default defineCheck({
  id: "cert.subject-matches-signer",
  family: "cert",
  title: { ja: "証明書の主体者が登録された署名者を示す", en: "The subject names the registered signer" },
  description: {
    ja: "APIのsubjectDNと証明書の主体者が一致すること、異なる署名者の証明書が同じ主体者を持たないこと、主体者が署名者のアカウント名を含むことを確認する（含まない場合は評価者判断）。",
    en: "Confirms the API's subjectDN equals the certificate subject, that different signers never share a subject, and that the subject contains the signer's account name (else an assessor decides).",
  },
  needs: ["csc", "csc.signer"],
  intrusive: false,
  async run(ctx) {
    return withBasis(await (async (): Promise<CheckOutcome> => {
    return runProbe(ctx, "cert.subject-matches-signer", async ({ session }) => {
      const credentials = allCredentials(session);
      if (!credentials.length) return excludedByScope(session.excluded) ?? cannotConclude({ ja: "鍵の記述がない", en: "no credential described" }, at(session, "credentials/list", "credentials"));
      const subjects = new Map<string, Set<string>>();
      const judged: Judged[] = [];
      for (const c of credentials) {
        const where = at(session, "credentials/info", `${c.credentialID} cert subject`);
        const cert = c.certificates[0] ? parseCertificate(c.certificates[0]) : "no certificate returned";
        if (typeof cert === "string") {
          judged.push({ status: "error", observation: { expected: { ja: "証明書", en: "a certificate" }, observed: cert, where, subject: c.credentialID, ok: false } });
          continue;
        }
        const subject = normaliseDn(cert.subject);
        subjects.set(subject, new Set([...(subjects.get(subject) ?? []), c.signer]));
        const account = session.signers.find((s) => s.account.id === c.signer)!.account;
        const names = [account.username, account.id].map((n) => n.toLowerCase()).filter((n) => n.length >= 3);
        const named = names.some((n) => cert.subject.toLowerCase().includes(n));
        if (c.subjectDN && normaliseDn(c.subjectDN) !== subject) {
          judged.push({ status: "fail", observation: { expected: "the API's subjectDN equals the certificate subject", observed: `API: ${oneLine(c.subjectDN, 120)}; certificate: ${oneLine(cert.subject, 120)}`, where, subject: c.credentialID, ok: false } });
        } else {
          judged.push({
            status: named ? "pass" : "manual",
            observation: { expected: `a subject naming signer ${account.id}`, observed: `${oneLine(cert.subject, 160)}${named ? "" : " — does not contain the account name; an assessor compares it with the registration record"}`, where, subject: c.credentialID, ok: named },
          });
        }
      }
      for (const [subject, signers] of subjects) {
        if (signers.size > 1) judged.push({ status: "fail", observation: { expected: "one signer per subject", observed: `signers ${[...signers].join(", ")} share the subject ${oneLine(subject, 120)}`, where: at(session, "credentials/info", "cert subjects"), ok: false } });
      }
      return conclude(judged, { pass: "subjects name their signers", fail: "a certificate subject does not match its signer" });
    });
    })(), BASIS);
  },
});
