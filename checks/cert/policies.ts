/**
 * cert.policies — signer certificates name the certificate policy the assessment expects. Nothing
 * in the guideline requires a certificatePolicies extension, so this fails only against a policy
 * the assessment names: parameter cert.requiredPolicies, or the OIDs the provider's service-policy
 * evidence document declares (`policyOids`) — one of them must appear. With none named, the
 * policies seen are recorded and the check passes, saying why (RFC 5280 §4.2.1.4 makes the
 * extension optional).
 */
import { defineCheck, type Basis } from "../../src/check/types.ts";
import { loadEvidence, type EvidenceDocument } from "../../src/evidence/documents.ts";
import { basis, parameterClause } from "../../src/check/basis.ts";
import { policyOids } from "../../src/cert/certificate.ts";
import { leafCertificate } from "../../src/cert/leaf.ts";
import type { CredentialDescription } from "../../src/csc/credentials.ts";
import { allCredentials } from "../../src/csc/session.ts";
import { at, cannotConclude, runProbe, conclude, type Judged } from "../../src/csc/probe.ts";
import { excludedByScope } from "../../src/csc/credential-scope.ts";

const ANY_POLICY = "2.5.29.32.0";

const NAMED = basis("ASSESSMENT", parameterClause("cert.requiredPolicies"), "shall");

/** A policy the assessment names, and which text names it. */
export interface NamedPolicy {
  oid: string;
  basis: Basis;
  /** Where it is named, for the expectation (`cert.requiredPolicies`, `service-policy.yaml policyOids`). */
  by: string;
}

/** The policies the assessment names: the parameter's, then each service-policy document's `policyOids` (pure). */
export function namedPolicies(parameter: unknown, docs: ReadonlyArray<Pick<EvidenceDocument, "name" | "kind" | "value">>): NamedPolicy[] {
  const fromParameter = (Array.isArray(parameter) ? parameter : []).filter((x): x is string => typeof x === "string").map((oid) => ({ oid, basis: NAMED, by: "cert.requiredPolicies" }));
  const fromEvidence = docs
    .filter((d) => d.kind === "service-policy" && Array.isArray(d.value.policyOids))
    .flatMap((d) =>
      (d.value.policyOids as unknown[])
        .filter((x): x is string => typeof x === "string")
        .map((oid) => ({ oid, basis: basis("ASSESSMENT", { ja: `証跡 service-policy policyOids（${d.name}）: 事業者が宣言するポリシー`, en: `evidence service-policy policyOids (${d.name}): the policy the provider declares` }, "shall"), by: `${d.name} policyOids` })),
    );
  return [...fromParameter, ...fromEvidence];
}

/** Judges one certificate against the policies the assessment names (none named: recorded, not judged). */
export function judgePolicies(c: CredentialDescription, where: string, named: readonly (string | NamedPolicy)[] = []): Judged {
  const required = named.map((n) => (typeof n === "string" ? { oid: n, basis: NAMED, by: "cert.requiredPolicies" } : n));
  const leaf = leafCertificate(c, where);
  if ("error" in leaf) return { status: "error", observation: leaf.error };
  const { cert } = leaf;
  const oids = policyOids(cert);
  const seen = oids.length
    ? { ja: `ポリシー ${oids.join(", ")}${oids.every((o) => o === ANY_POLICY) ? "（anyPolicyのみ）" : ""}`, en: `policies ${oids.join(", ")}${oids.every((o) => o === ANY_POLICY) ? " (anyPolicy only)" : ""}` }
    : { ja: "certificatePolicies拡張なし", en: "no certificatePolicies extension" };
  if (required.length === 0) return { status: "pass", observation: { expected: { ja: "評価で指定された証明書ポリシーなし（記録のみ）", en: "no policy named by the assessment (recorded only)" }, observed: seen, where, subject: c.credentialID, ok: true } };
  const ok = oids.some((o) => required.some((r) => r.oid === o));
  const list = required.map((r) => r.oid).join(", ");
  const by = [...new Set(required.map((r) => r.by))].join(", ");
  return {
    status: ok ? "pass" : "fail",
    observation: { expected: { ja: `${list}のいずれか（${by}）`, en: `one of ${list} (${by})` }, observed: seen, where, subject: c.credentialID, ok, ...(ok ? {} : { basis: required[0]!.basis }) },
  };
}

/** The service-policy documents of the evidence folder (an unreadable folder is evidence.*'s finding). */
function servicePolicies(dir: string | undefined): EvidenceDocument[] {
  if (!dir) return [];
  try {
    return loadEvidence(dir).filter((d) => d.kind === "service-policy");
  } catch {
    return [];
  }
}

export default defineCheck({
  id: "cert.policies",
  family: "cert",
  title: { ja: "評価で指定した証明書ポリシーが記載されている", en: "Signer certificates name the policy the assessment expects" },
  description: {
    ja: "パラメータcert.requiredPolicies又はサービスポリシーの証拠書類（policyOids）で指定されたポリシーOIDのいずれかが各署名者証明書のcertificatePolicies拡張にあることを確認する。指定がない場合は記載内容を記録するのみとする（拡張がないことは不適合ではない）。",
    en: "Confirms each signer certificate's certificatePolicies extension names one of the policy OIDs the assessment names (the cert.requiredPolicies parameter, or policyOids of the service-policy evidence document). With none named, the policies are recorded only (a certificate without the extension is not a nonconformity).",
  },
  parameters: ["cert.requiredPolicies"],
  needs: ["csc", "csc.signer"],
  intrusive: false,
  async run(ctx) {
    return runProbe(ctx, "cert.policies", async ({ session }) => {
      const credentials = allCredentials(session);
      if (!credentials.length) return excludedByScope(session.excluded) ?? cannotConclude({ ja: "鍵の記述がない", en: "no credential described" }, at(session, "credentials/list", "credentials"));
      const required = namedPolicies(ctx.parameters["cert.requiredPolicies"], servicePolicies(ctx.target.evidenceDir));
      const judged = credentials.map((c) => judgePolicies(c, at(session, "credentials/info", `${c.credentialID} certificatePolicies`), required));
      return conclude(
        judged,
        required.length
          ? { pass: { ja: "すべての署名者証明書が評価で指定された証明書ポリシーを記載している", en: "every signer certificate names a policy the assessment expects" }, fail: { ja: "評価で指定された証明書ポリシーを記載しない署名者証明書がある", en: "a signer certificate does not name the policy the assessment expects" } }
          : { pass: { ja: "評価で指定された証明書ポリシーがない（cert.requiredPolicies、サービスポリシーのpolicyOidsとも無指定）: 証明書のポリシーを記録するのみ", en: "no policy named by the assessment (neither cert.requiredPolicies nor a service-policy's policyOids): the certificates' policies are recorded only" }, fail: { ja: "", en: "" } },
      );
    });
  },
});
