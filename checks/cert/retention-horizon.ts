/**
 * cert.retention-horizon — for record keeping: each signer certificate's notAfter plus the
 * retention parameter (retention.years) gives the date until which records must be kept; the
 * latest is a fact for RK controls. Where the provider's documents (record-retention or
 * service-policy evidence) declare how long records are kept, each certificate's records must be
 * kept at least until that horizon: a declared period that ends earlier fails (parameter
 * retention.years, from JT2A-CRIT RK-b). A certificate without a well-defined expiry (notAfter
 * 9999-12-31, RFC 5280 §4.1.2.5) makes the horizon unbounded, which fails too.
 */
import { certBasis } from "../../src/cert/bases.ts";
import { leafCertificate } from "../../src/cert/leaf.ts";
import { loadEvidence } from "../../src/evidence/documents.ts";
import { defineCheck } from "../../src/check/types.ts";
import type { CredentialDescription } from "../../src/csc/credentials.ts";
import { allCredentials } from "../../src/csc/session.ts";
import { at, cannotConclude, runProbe, conclude, type Judged } from "../../src/csc/probe.ts";
import { excludedByScope } from "../../src/csc/credential-scope.ts";

/** notAfter + years (pure). */
export function horizonOf(notAfter: Date, years: number): Date {
  const d = new Date(notAfter.getTime());
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return d;
}

const RETENTION = certBasis("cert.retention-horizon");

/** What the provider declares it keeps records for, and where it says so. */
export interface DeclaredRetention {
  years: number;
  document: string;
}

export function judgeHorizon(c: CredentialDescription, years: number, where: string, declared?: DeclaredRetention): Judged & { horizon?: string } {
  const leaf = leafCertificate(c, where);
  if ("error" in leaf) return { status: "error", observation: leaf.error };
  const { cert } = leaf;
  if (cert.notAfter.getUTCFullYear() >= 9999) {
    return { status: "fail", observation: { expected: { ja: "有効期限が定まった証明書", en: "a certificate with a defined expiry" }, observed: { ja: `notAfter ${cert.notAfter.toISOString()}（有効期限が定まらない）: 記録を無期限に保存することになる`, en: `notAfter ${cert.notAfter.toISOString()} (no well-defined expiry): records would have to be kept forever` }, where, subject: c.credentialID, ok: false, basis: RETENTION } };
  }
  const horizon = horizonOf(cert.notAfter, years).toISOString();
  if (declared && declared.years < years) {
    const kept = horizonOf(cert.notAfter, declared.years).toISOString();
    return { status: "fail", horizon, observation: { expected: { ja: `${horizon}まで記録を保存（有効期限＋${years}年）`, en: `records kept until ${horizon} (notAfter + ${years} years)` }, observed: { ja: `${declared.document}の保存期間${declared.years}年では${kept}までしか保存されない`, en: `${declared.document} keeps records ${declared.years} years: only until ${kept}` }, where, subject: c.credentialID, ok: false, basis: RETENTION } };
  }
  return { status: "pass", horizon, observation: { expected: { ja: `有効期限＋${years}年`, en: `notAfter + ${years} years` }, observed: { ja: `notAfter ${cert.notAfter.toISOString()} → ${horizon}まで記録を保存`, en: `notAfter ${cert.notAfter.toISOString()} → keep records until ${horizon}` }, where, subject: c.credentialID, ok: true } };
}

/** The shortest retention the provider's record-retention / service-policy documents declare. */
function declaredRetention(dir: string | undefined): DeclaredRetention | undefined {
  if (!dir) return undefined;
  try {
    const stated = loadEvidence(dir)
      .filter((d) => d.kind === "record-retention" || d.kind === "service-policy")
      .flatMap((d) => (typeof d.value.retentionYears === "number" ? [{ years: d.value.retentionYears, document: d.name }] : []));
    return stated.sort((a, b) => a.years - b.years)[0];
  } catch {
    return undefined; // an unreadable folder is evidence.*'s finding
  }
}

export default defineCheck({
  id: "cert.retention-horizon",
  family: "cert",
  title: { ja: "記録保存期限（証明書有効期限＋保存年数）を算出する", en: "Retention horizon (notAfter + retention) computed" },
  description: {
    ja: "各署名者証明書の有効期限にretention.years年を加え、記録の保存が必要な期限を算出する（記録管理の管理策が参照）。事業者の文書（記録の保存、サービスポリシー）が宣言する保存期間ではその期限に達しない場合、及び有効期限が定まらない証明書は不適合とする。",
    en: "Adds retention.years to each signer certificate's notAfter to give the date records must be kept until (used by the record-keeping controls). Fails where the retention the provider's documents (record-retention, service-policy) declare ends before that date, and for a certificate with no defined expiry.",
  },
  needs: ["csc", "csc.signer"],
  parameters: ["retention.years"],
  intrusive: false,
  async run(ctx) {
    return runProbe(ctx, "cert.retention-horizon", async ({ session }) => {
      const credentials = allCredentials(session);
      if (!credentials.length) return excludedByScope(session.excluded) ?? cannotConclude({ ja: "鍵の記述がない", en: "no credential described" }, at(session, "credentials/list", "credentials"));
      const years = Number(ctx.parameters["retention.years"] ?? 10);
      const declared = declaredRetention(ctx.target.evidenceDir);
      const judged = credentials.map((c) => judgeHorizon(c, years, at(session, "credentials/info", `${c.credentialID} notAfter`), declared));
      const horizons = judged.map((j) => j.horizon).filter((h): h is string => Boolean(h)).sort();
      const outcome = conclude(judged, { pass: { ja: `${horizons[horizons.length - 1] ?? "?"}まで記録の保存が必要`, en: `records must be kept until ${horizons[horizons.length - 1] ?? "?"}` }, fail: { ja: "記録保存期限を満たさない、又は定まらない証明書がある", en: "a retention horizon is unbounded or not met" } });
      return { ...outcome, facts: { retentionYears: years, horizons: Object.fromEntries(credentials.map((c, i) => [c.credentialID, judged[i]!.horizon ?? null])), latestHorizon: horizons[horizons.length - 1] ?? null } };
    });
  },
});
