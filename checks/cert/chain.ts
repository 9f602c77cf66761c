/**
 * cert.chain — every credential's certificate chains, through the CA certificates the provider
 * sent, to one of the assessor's trust anchors (target.trustAnchors), each issuer a CA whose
 * signature verifies.
 */
import { withBasis } from "../../src/check/with-basis.ts";
import { certBasis } from "../../src/cert/bases.ts";
import type { CheckOutcome } from "../../src/check/types.ts";
import { defineCheck } from "../../src/check/types.ts";
import { buildChain } from "../../src/cert/chain.ts";
import { certificatesFromPem, parseCertificate, type x509 } from "../../src/cert/certificate.ts";
import { allCredentials } from "../../src/csc/session.ts";
import { at, cannotConclude, runProbe, conclude, type Judged } from "../../src/csc/probe.ts";
import { excludedByScope } from "../../src/csc/credential-scope.ts";

export default defineCheck({
  id: "cert.chain",
  family: "cert",
  title: { ja: "署名者証明書が信頼アンカーまで連鎖する", en: "The signer certificate chains to the trust anchors" },
  description: {
    ja: "各鍵の証明書について、提供された中間CA証明書を用いて評価者の信頼アンカーまで署名検証しながら証明書パスを構築できることを確認する。",
    en: "Builds each credential certificate's path, verifying every signature, through the CA certificates sent to one of the assessor's trust anchors.",
  },
  needs: ["csc", "csc.signer", "trustAnchors"],
  intrusive: false,
  async run(ctx) {
    return withBasis(await (async (): Promise<CheckOutcome> => {
    return runProbe(ctx, "cert.chain", async ({ session }) => {
      const anchors = ctx.target.trustAnchors.flatMap(certificatesFromPem);
      if (!anchors.length) return cannotConclude({ ja: "信頼アンカーの証明書を読み取れない", en: "no trust anchor certificate could be read" }, "target.trustAnchors");
      const credentials = allCredentials(session);
      if (!credentials.length) return excludedByScope(session.excluded) ?? cannotConclude({ ja: "鍵の記述がない", en: "no credential described" }, at(session, "credentials/list", "credentials"));
      const now = new Date();
      const judged: Judged[] = [];
      for (const c of credentials) {
        const where = at(session, "credentials/info", `${c.credentialID} cert/certificates`);
        const parsed = c.certificates.map(parseCertificate);
        const leaf = parsed[0];
        if (!leaf || typeof leaf === "string") {
          judged.push({ status: "fail", observation: { expected: { ja: "証明書", en: "a certificate" }, observed: leaf ? { ja: `証明書を読み取れない: ${leaf}`, en: leaf } : { ja: "証明書が返されない", en: "no certificate returned" }, where, subject: c.credentialID, ok: false } });
          continue;
        }
        const intermediates = parsed.slice(1).filter((p): p is x509.X509Certificate => typeof p !== "string");
        const r = await buildChain(leaf, intermediates, anchors, now);
        judged.push({
          status: r.ok ? "pass" : "fail",
          observation: { expected: { ja: "設定された信頼アンカーまでの証明書パス", en: "a path to a configured trust anchor" }, observed: r.ok ? { ja: `パス: ${r.path.join(" → ")}`, en: `path: ${r.path.join(" → ")}` } : { ja: `パスを構築できない: ${r.problem}`, en: `no path: ${r.problem}` }, where, subject: c.credentialID, ok: r.ok },
        });
      }
      return conclude(judged, { pass: { ja: `${credentials.length}件の証明書が信頼アンカーまで連鎖する`, en: `${credentials.length} certificate(s) chain to the trust anchors` }, fail: { ja: "信頼アンカーまで連鎖しない証明書がある", en: "a certificate does not chain to the trust anchors" } });
    });
    })(), certBasis("cert.chain"));
  },
});
