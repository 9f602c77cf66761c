/**
 * cert.subject-matches-signer — the certificate's subject names the registered signer: the API's
 * subjectDN equals the certificate's (CSC §11.5 cert/subjectDN is the certificate's own field);
 * certificates of different signers never share a subject;
 * and the subject contains the signer's account name. When only the last is in doubt, an
 * assessor decides (manual), since the registered legal name is not known to the tool.
 */
import { withBasis } from "../../src/check/with-basis.ts";
import type { CheckOutcome } from "../../src/check/types.ts";
import { defineCheck } from "../../src/check/types.ts";
import { CERT_CLAUSES, certBasis } from "../../src/cert/bases.ts";
import { normaliseDn } from "../../src/cert/certificate.ts";
import { leafCertificate } from "../../src/cert/leaf.ts";
import { allCredentials } from "../../src/csc/session.ts";
import { at, cannotConclude, runProbe, conclude, oneLine, type Judged } from "../../src/csc/probe.ts";
import { excludedByScope } from "../../src/csc/credential-scope.ts";

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
        const leaf = leafCertificate(c, where);
        if ("error" in leaf) {
          judged.push({ status: "error", observation: leaf.error });
          continue;
        }
        const { cert } = leaf;
        const subject = normaliseDn(cert.subject);
        subjects.set(subject, new Set([...(subjects.get(subject) ?? []), c.signer]));
        const account = session.signers.find((s) => s.account.id === c.signer)!.account;
        const names = [account.username, account.id].map((n) => n.toLowerCase()).filter((n) => n.length >= 3);
        const named = names.some((n) => cert.subject.toLowerCase().includes(n));
        if (c.subjectDN && normaliseDn(c.subjectDN) !== subject) {
          judged.push({ status: "fail", observation: { expected: { ja: "APIのsubjectDNが証明書の主体者と一致すること", en: "the API's subjectDN equals the certificate subject" }, observed: { ja: `API: ${oneLine(c.subjectDN, 120)}、証明書: ${oneLine(cert.subject, 120)}`, en: `API: ${oneLine(c.subjectDN, 120)}; certificate: ${oneLine(cert.subject, 120)}` }, where, subject: c.credentialID, ok: false, basis: CERT_CLAUSES.certFields } });
        } else {
          judged.push({
            status: named ? "pass" : "manual",
            observation: {
              expected: { ja: `署名者${account.id}を示す主体者`, en: `a subject naming signer ${account.id}` },
              observed: named ? oneLine(cert.subject, 160) : { ja: `${oneLine(cert.subject, 160)} — アカウント名を含まない。評価者が登録記録と照合する`, en: `${oneLine(cert.subject, 160)} — does not contain the account name; an assessor compares it with the registration record` },
              where,
              subject: c.credentialID,
              ok: named,
            },
          });
        }
      }
      for (const [subject, signers] of subjects) {
        if (signers.size > 1) judged.push({ status: "fail", observation: { expected: { ja: "一つの主体者に一人の署名者", en: "one signer per subject" }, observed: { ja: `署名者${[...signers].join("、")}が主体者${oneLine(subject, 120)}を共有する`, en: `signers ${[...signers].join(", ")} share the subject ${oneLine(subject, 120)}` }, where: at(session, "credentials/info", "cert subjects"), ok: false } });
      }
      return conclude(judged, { pass: { ja: "証明書の主体者がそれぞれの署名者を示す", en: "subjects name their signers" }, fail: { ja: "証明書の主体者が署名者と一致しない", en: "a certificate subject does not match its signer" } });
    });
    })(), certBasis("cert.subject-matches-signer"));
  },
});
