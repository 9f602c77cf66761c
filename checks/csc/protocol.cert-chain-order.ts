/**
 * csc.protocol.cert-chain-order — with `certificates: "chain"` credentials/info returns the
 * entire chain "with the end entity certificate at the beginning of the array" (v1.0.4.0 §11.5
 * cert/certificates; v2.0.0.2 §11.5, as defined in §11.4): the first is not a CA, and each next one
 * issued the one before it. Judged on the session's credentials/info exchanges: no extra call.
 */
import { defineCheck, type Text } from "../../src/check/types.ts";
import { at, notApplicable, runProbe, type Judged } from "../../src/csc/probe.ts";
import { announcedVersion, certificateRdns, concludeProtocol, cscBasis, rule, sameRdns, type CscVersion } from "../../src/csc/protocol.ts";
import { isCa, parseCertificate, type x509 } from "../../src/cert/certificate.ts";
import { decodeBase64Any } from "../../src/csc/base64.ts";
import type { Exchange } from "../../src/csc/transcript.ts";

/** Where a chain departs from "end entity first, then each issuer", or undefined (pure). */
export function chainOrderProblem(chain: readonly x509.X509Certificate[]): Text | undefined {
  if (chain.length === 0) return { ja: "証明書がない", en: "no certificate" };
  if (isCa(chain[0]!)) return { ja: "先頭がCA証明書でエンドエンティティ証明書でない", en: "the first certificate is a CA certificate, not the end entity" };
  for (let i = 1; i < chain.length; i++) {
    if (!sameRdns(certificateRdns(chain[i - 1]!.issuerName), certificateRdns(chain[i]!.subjectName))) return { ja: `${i + 1}番目の証明書が${i}番目の発行者でない`, en: `certificate ${i + 1} did not issue certificate ${i}` };
  }
  return undefined;
}

/** Judges one credentials/info body asked with certificates: "chain" (pure). */
export function judgeChainOrder(version: CscVersion, body: Record<string, unknown>, where: string, subject: string): Judged {
  const cert = (body.cert && typeof body.cert === "object" ? body.cert : {}) as Record<string, unknown>;
  const list = Array.isArray(cert.certificates) ? cert.certificates : [];
  const parsed = list.map((c) => {
    const der = decodeBase64Any(c);
    return der ? parseCertificate(der) : "not base64";
  });
  const bad = parsed.findIndex((p) => typeof p === "string");
  const problem: Text | undefined = bad >= 0 ? { ja: `${bad + 1}番目の証明書を読めない（${parsed[bad] as string}）`, en: `certificate ${bad + 1} cannot be read (${parsed[bad] as string})` } : chainOrderProblem(parsed as x509.X509Certificate[]);
  return rule(problem === undefined, {
    expected: { ja: "証明書チェーンはエンドエンティティ証明書から順に発行者へ", en: "the chain end entity first, then each issuer" },
    observed: problem === undefined ? { ja: `${list.length}件、順序どおり`, en: `${list.length} certificates in order` } : problem,
    where,
    subject,
    basis: cscBasis(version, { v1: { ja: "11.5 cert/certificates: エンドエンティティ証明書が配列の先頭", en: "11.5 cert/certificates: the end entity certificate at the beginning of the array" }, v2: { ja: "11.5 cert/certificates（11.4の定義による）", en: "11.5 cert/certificates (as defined in 11.4)" } }),
  });
}

function chainExchanges(exchanges: readonly Exchange[]): Array<{ id: string; body: Record<string, unknown> }> {
  return exchanges
    .filter((e) => e.method === "credentials/info" && e.response?.status === 200 && (e.request.body as Record<string, unknown>)?.certificates === "chain")
    .map((e) => ({ id: String((e.request.body as Record<string, unknown>).credentialID), body: (e.response!.body ?? {}) as Record<string, unknown> }));
}

export default defineCheck({
  id: "csc.protocol.cert-chain-order",
  family: "csc",
  title: { ja: "証明書チェーンはエンドエンティティ証明書から始まる", en: "The certificate chain starts with the end entity" },
  description: {
    ja: "certificates=chainのcredentials/info応答（探索時のもの）で、先頭がエンドエンティティ証明書であり、続く各証明書が直前の証明書の発行者であることを確認する（相互運用性。ガイドラインの本文外）。",
    en: "In the discovery's credentials/info replies (certificates=chain), confirms the end entity certificate comes first and each following one issued the one before (interoperability, beyond the guideline's text).",
  },
  needs: ["csc", "csc.signer"],
  intrusive: false,
  async run(ctx) {
    return runProbe(ctx, "csc.protocol.cert-chain-order", async ({ session }) => {
      const version = announcedVersion(session.info.body.specs, session.client.version);
      const replies = chainExchanges(session.transcript.exchanges);
      const where = at(session, "credentials/info", "discovery (certificates: chain)");
      if (replies.length === 0) return notApplicable("no credentials/info reply with a certificate chain to judge", where);
      return concludeProtocol(
        replies.map((r) => judgeChainOrder(version, r.body, where, r.id)),
        { pass: { ja: `${replies.length}件のチェーンは順序どおり`, en: `${replies.length} chains in order` }, fail: { ja: "証明書チェーンの順序が違う", en: "a certificate chain is out of order" } },
      );
    });
  },
});
