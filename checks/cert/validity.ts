/**
 * cert.validity — every credential certificate is valid at assessment time (RFC 5280 §4.1.2.5),
 * and what the API reports agrees with the certificate itself: validTo is by definition the
 * certificate's (CSC §11.5 cert/validTo, a SHALL-returned copy of the certificate's field), while
 * cert/status is OPTIONAL and only SHOULD be accurate (CSC v1.0.4 §11.5): a wrong status alone is
 * advisory.
 */
import { withBasis } from "../../src/check/with-basis.ts";
import { join } from "../../src/check/message.ts";
import type { Basis, CheckOutcome, Message } from "../../src/check/types.ts";
import { defineCheck } from "../../src/check/types.ts";
import { CERT_CLAUSES, certBasis } from "../../src/cert/bases.ts";
import { leafCertificate } from "../../src/cert/leaf.ts";
import type { CredentialDescription } from "../../src/csc/credentials.ts";
import { allCredentials } from "../../src/csc/session.ts";
import { at, cannotConclude, runProbe, conclude, type Judged } from "../../src/csc/probe.ts";
import { excludedByScope } from "../../src/csc/credential-scope.ts";

/** A GeneralizedTime (`YYYYMMDDHHMMSSZ`) or ISO date, in ms (NaN when unreadable). */
function parseTime(s?: string): number {
  if (!s) return NaN;
  return Date.parse(s.length === 15 && /Z$/.test(s) ? `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}T${s.slice(8, 10)}:${s.slice(10, 12)}:${s.slice(12, 14)}Z` : s);
}

/** Judges one credential (pure, `now` given). The observation names the strongest clause among its problems. */
export function judgeValidity(c: CredentialDescription, now: Date, where: string): Judged {
  const leaf = leafCertificate(c, where);
  if ("error" in leaf) return { status: "error", observation: leaf.error };
  const { cert } = leaf;
  const problems: Array<{ text: Message; basis: Basis }> = [];
  const period = certBasis("cert.validity");
  const early = cert.notBefore > now;
  const expired = cert.notAfter < now;
  const from = cert.notBefore.toISOString();
  const to = cert.notAfter.toISOString();
  if (early) problems.push({ text: { ja: `${from}より前は有効でない`, en: `not valid before ${from}` }, basis: period });
  if (expired) problems.push({ text: { ja: `${to}に有効期限切れ`, en: `expired on ${to}` }, basis: period });
  if (c.certStatus === "valid" && (expired || early)) problems.push({ text: { ja: `APIはcert/status "valid"と返す`, en: `the API reports cert/status "valid"` }, basis: CERT_CLAUSES.certStatus });
  if (c.certStatus === "expired" && !expired) problems.push({ text: { ja: `${to}まで有効な証明書に対しAPIはcert/status "expired"と返す`, en: `the API reports cert/status "expired" for a certificate valid until ${to}` }, basis: CERT_CLAUSES.certStatus });
  const validTo = parseTime(c.validTo);
  if (c.validTo && !Number.isNaN(validTo) && Math.abs(validTo - cert.notAfter.getTime()) > 1000) problems.push({ text: { ja: `APIのvalidTo ${c.validTo}と証明書の${to}が異なる`, en: `the API reports validTo ${c.validTo}, the certificate says ${to}` }, basis: CERT_CLAUSES.certFields });
  const ok = problems.length === 0;
  const binding = problems.find((p) => p.basis.strength !== "should" && p.basis.strength !== "may");
  return {
    status: ok ? "pass" : "fail",
    observation: {
      expected: { ja: "評価時点で有効であり、APIの状態・日付が証明書と一致すること", en: "valid now, and the API's status and dates agree with the certificate" },
      observed: ok ? { ja: `有効期間 ${from} – ${to}、cert/status ${c.certStatus ?? "（返されない）"}`, en: `valid ${from} – ${to}, cert/status ${c.certStatus ?? "(not reported)"}` } : join(problems.map((p) => p.text)),
      where,
      subject: c.credentialID,
      ok,
      ...(ok ? {} : { basis: (binding ?? problems[0]!).basis }),
    },
  };
}

export default defineCheck({
  id: "cert.validity",
  family: "cert",
  title: { ja: "証明書が評価時点で有効であり、APIの状態表示と一致する", en: "The certificate is valid now and the API's status agrees" },
  description: {
    ja: "各鍵の証明書が評価時点で有効期間内であること、APIが返すvalidToが証明書の内容と一致することを確認する。cert/statusは任意項目であり正確であるべき（SHOULD）とされるため、不一致は観察事項とする。",
    en: "Confirms each credential certificate is within its validity period now and that validTo from the API agrees with it; cert/status is optional and SHOULD be accurate, so a wrong status is advisory.",
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
      return conclude(judged, { pass: { ja: `${credentials.length}件の証明書が評価時点で有効`, en: `${credentials.length} certificate(s) valid now` }, fail: { ja: "評価時点で有効でない証明書、又はAPIの表示が証明書と異なるものがある", en: "a certificate is not valid now or the API misreports it" } });
    });
    })(), certBasis("cert.validity"));
  },
});
