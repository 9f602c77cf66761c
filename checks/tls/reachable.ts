/**
 * tls.reachable — the configured CSC endpoint answers over TLS, with a certificate the assessor
 * trusts (target.csc.tlsCa, else the system store). Unreachable → error (nothing concluded);
 * reachable but untrusted, or not TLS at all → fail.
 */
import { withBasis, controlBasis } from "../../src/check/with-basis.ts";
import type { CheckOutcome } from "../../src/check/types.ts";
import { defineCheck } from "../../src/check/types.ts";
import { endpointOf, tlsHandshake } from "../../src/net/tls-handshake.ts";
import { describeError } from "../../src/util/errors.ts";

/** What a departure of this check rests on (design §3a; docs/CHECKS-oauth-cert-tls-hsm.md). */
const BASIS = controlBasis("UA-04");

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
        summary: "the endpoint is configured without TLS (http://)",
        observations: [{ expected: "an https:// base URL", observed: baseUrl, where: "target.csc.baseUrl", subject: baseUrl, ok: false }],
      };
    }
    let hs;
    try {
      hs = await tlsHandshake({ host, port, ca: ctx.target.csc!.tlsCa, timeoutMs: 10_000, signal: ctx.signal });
    } catch (error) {
      return {
        status: "error",
        summary: `target unreachable: ${host}:${port}: ${describeError(error)}`,
        observations: [{ expected: "a TLS handshake", observed: describeError(error), where, subject: baseUrl, ok: false }],
      };
    }
    const observed = `${hs.protocol ?? "?"} ${hs.cipher ?? "?"}; certificate ${hs.peer?.subject ?? "(none)"} issued by ${hs.peer?.issuer ?? "?"}`;
    if (!hs.authorized) {
      return {
        status: "fail",
        summary: `TLS certificate not trusted: ${hs.authorizationError ?? "unknown reason"}`,
        observations: [
          { expected: "a certificate chaining to the trusted CA and valid for the host", observed: `${observed}; ${hs.authorizationError ?? ""}`, where, subject: baseUrl, ok: false },
        ],
        facts: { handshake: hs },
      };
    }
    return {
      status: "pass",
      summary: `answers over ${hs.protocol} with a trusted certificate`,
      observations: [{ expected: "a TLS handshake with a trusted certificate", observed, where, subject: baseUrl, ok: true }],
      facts: { handshake: hs },
    };
    })(), BASIS);
  },
});
