/**
 * cert.key-usage — a signer certificate's keyUsage lets its key sign (RFC 5280 §4.2.1.3:
 * digitalSignature or nonRepudiation/contentCommitment asserted, or no keyUsage extension, which
 * restricts nothing). A key usage that forbids signing fails (catalog KM-12). nonRepudiation is
 * the practice for signatures a person stands behind, but no text the assessment rests on requires
 * the bit: its absence is advisory (src/cert/bases.ts CERT_CLAUSES.nonRepudiation).
 */
import { withBasis } from "../../src/check/with-basis.ts";
import { concat } from "../../src/check/message.ts";
import type { CheckOutcome, Message } from "../../src/check/types.ts";
import { defineCheck } from "../../src/check/types.ts";
import { CERT_CLAUSES, certBasis } from "../../src/cert/bases.ts";
import { keyUsageNames } from "../../src/cert/certificate.ts";
import { leafCertificate } from "../../src/cert/leaf.ts";
import type { CredentialDescription } from "../../src/csc/credentials.ts";
import { allCredentials } from "../../src/csc/session.ts";
import { at, cannotConclude, runProbe, conclude, type Judged } from "../../src/csc/probe.ts";
import { excludedByScope } from "../../src/csc/credential-scope.ts";

const SIGNING = ["digitalSignature", "nonRepudiation"];

export function judgeKeyUsage(c: CredentialDescription, where: string): Judged {
  const leaf = leafCertificate(c, where);
  if ("error" in leaf) return { status: "error", observation: leaf.error };
  const usages = keyUsageNames(leaf.cert);
  const expected = { ja: "署名に使えるkeyUsage（digitalSignature又はnonRepudiation）、及びnonRepudiation", en: "a keyUsage that lets the key sign (digitalSignature or nonRepudiation), and nonRepudiation" };
  const listed: Message = usages === undefined ? { ja: "keyUsage拡張なし（用途の制限なし）", en: "no keyUsage extension (no restriction)" } : `keyUsage ${usages.join(", ") || "(empty)"}`;
  const observation = { expected, where, subject: c.credentialID };
  if (usages !== undefined && !usages.some((u) => SIGNING.includes(u))) {
    return { status: "fail", observation: { ...observation, observed: concat(listed, { ja: " — 署名用途（digitalSignature、nonRepudiation）がなく、鍵が署名に使えない", en: " — no signing usage (digitalSignature, nonRepudiation): the key may not sign" }), ok: false, basis: certBasis("cert.key-usage") } };
  }
  if (!usages?.includes("nonRepudiation")) {
    return { status: "fail", observation: { ...observation, observed: concat(listed, { ja: " — nonRepudiationがない", en: " — nonRepudiation missing" }), ok: false, basis: CERT_CLAUSES.nonRepudiation } };
  }
  return { status: "pass", observation: { ...observation, observed: concat(listed, usages.includes("digitalSignature") ? "" : { ja: "（digitalSignatureなし）", en: " (no digitalSignature)" }), ok: true } };
}

export default defineCheck({
  id: "cert.key-usage",
  family: "cert",
  title: { ja: "証明書のkeyUsageが署名を許し、nonRepudiationを含む", en: "keyUsage lets the key sign, with nonRepudiation" },
  description: {
    ja: "各鍵の証明書のkeyUsage拡張が署名（digitalSignature又はnonRepudiation）を許すことを確認し（許さなければ不適合）、nonRepudiation（contentCommitment）がない場合は観察事項とする（ガイドラインはこのビットを求めていない）。",
    en: "Confirms each credential certificate's keyUsage lets the key sign (digitalSignature or nonRepudiation; else a fail), and reports a missing nonRepudiation (contentCommitment) as advisory (no guideline text requires the bit).",
  },
  needs: ["csc", "csc.signer"],
  intrusive: false,
  async run(ctx) {
    return withBasis(await (async (): Promise<CheckOutcome> => {
    return runProbe(ctx, "cert.key-usage", async ({ session }) => {
      const credentials = allCredentials(session);
      if (!credentials.length) return excludedByScope(session.excluded) ?? cannotConclude({ ja: "鍵の記述がない", en: "no credential described" }, at(session, "credentials/list", "credentials"));
      const judged = credentials.map((c) => judgeKeyUsage(c, at(session, "credentials/info", `${c.credentialID} cert keyUsage`)));
      return conclude(judged, { pass: { ja: "すべての署名者証明書のkeyUsageが署名を許し、nonRepudiationを含む", en: "every signer certificate's keyUsage lets it sign, with nonRepudiation" }, fail: { ja: "署名者証明書のkeyUsageに不足がある", en: "a signer certificate's keyUsage falls short" } });
    });
    })(), certBasis("cert.key-usage"));
  },
});
