/**
 * tls.reachable — the configured CSC endpoint answers over TLS, with a certificate the assessor
 * trusts (target.csc.tlsCa, else the system store). Unreachable → error (nothing concluded);
 * reachable but untrusted (CSC v1.0.4 §7.3: the channel's integrity and confidentiality SHALL be
 * guaranteed), or not TLS at all (CSC v2.0.0.2 §7.3: all API communication SHALL use TLS) → fail.
 */
import { withBasis } from "../../src/check/with-basis.ts";
import type { CheckOutcome } from "../../src/check/types.ts";
import { defineCheck } from "../../src/check/types.ts";
import { endpointOf, tlsHandshake } from "../../src/net/tls-handshake.ts";
import { TLS_REQUIRED, tlsBasis } from "../../src/net/tls-bases.ts";
import { describeError } from "../../src/util/errors.ts";
import { oneLine } from "../../src/csc/probe.ts";

export default defineCheck({
  id: "tls.reachable",
  family: "tls",
  title: { ja: "CSC APIエンドポイントにTLSで到達できる", en: "The CSC API endpoint answers over TLS" },
  description: {
    ja: "設定されたCSC APIのベースURLにTLSハンドシェイクを行い、信頼するCAに連鎖する証明書で応答することを確認する。到達できない場合は判定不能(error)とする。",
    en: "Performs a TLS handshake with the configured CSC base URL and confirms it answers with a certificate that chains to the trusted CA. An unreachable endpoint is an error (nothing can be concluded).",
  },
  needs: ["csc"],
  intrusive: false,
  timeoutMs: 15_000,
  async run(ctx) {
    return withBasis(await (async (): Promise<CheckOutcome> => {
    const baseUrl = ctx.target.csc!.baseUrl;
    const { host, port, https } = endpointOf(baseUrl);
    const where = `${baseUrl} (TLS handshake)`;
    if (!https) {
      return {
        status: "fail",
        summary: { ja: "エンドポイントがTLSなし（http://）で設定されている", en: "the endpoint is configured without TLS (http://)" },
        observations: [{ expected: { ja: "https://で始まるベースURL", en: "an https:// base URL" }, observed: baseUrl, where: "target.csc.baseUrl", subject: baseUrl, ok: false, basis: TLS_REQUIRED }],
      };
    }
    let hs;
    try {
      hs = await tlsHandshake({ host, port, ca: ctx.target.csc!.tlsCa, timeoutMs: 10_000, signal: ctx.signal });
    } catch (error) {
      const reason = oneLine(describeError(error));
      return {
        status: "error",
        summary: { ja: `対象に到達できない: ${host}:${port}: ${reason}`, en: `target unreachable: ${host}:${port}: ${reason}` },
        observations: [{ expected: { ja: "TLSハンドシェイクの成立", en: "a TLS handshake" }, observed: reason, where, subject: baseUrl, ok: false }],
      };
    }
    const negotiated = `${hs.protocol ?? "?"} ${hs.cipher ?? "?"}`;
    const subject = oneLine(hs.peer?.subject ?? "", 160);
    const issuer = oneLine(hs.peer?.issuer ?? "?", 160);
    const observed = hs.peer
      ? { ja: `${negotiated}、証明書 ${subject}（発行者 ${issuer}）`, en: `${negotiated}; certificate ${subject} issued by ${issuer}` }
      : { ja: `${negotiated}、証明書なし`, en: `${negotiated}; certificate (none)` };
    if (!hs.authorized) {
      const why = oneLine(hs.authorizationError ?? "unknown", 160);
      return {
        status: "fail",
        summary: { ja: `TLS証明書が信頼できない: ${why}`, en: `TLS certificate not trusted: ${why}` },
        observations: [
          { expected: { ja: "信頼するCAに連鎖しホストに有効な証明書", en: "a certificate chaining to the trusted CA and valid for the host" }, observed: { ja: `${observed.ja}、検証エラー ${why}`, en: `${observed.en}; ${why}` }, where, subject: baseUrl, ok: false },
        ],
        facts: { handshake: hs },
      };
    }
    return {
      status: "pass",
      summary: { ja: `${hs.protocol}で信頼できる証明書により応答する`, en: `answers over ${hs.protocol} with a trusted certificate` },
      observations: [{ expected: { ja: "信頼できる証明書によるTLSハンドシェイク", en: "a TLS handshake with a trusted certificate" }, observed, where, subject: baseUrl, ok: true }],
      facts: { handshake: hs },
    };
    })(), tlsBasis("tls.reachable"));
  },
});
