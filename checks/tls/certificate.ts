/**
 * tls.certificate — the server certificate is valid now, issued for the host in the base URL, and
 * chains to the configured tlsCa: a client can verify whom it talks to, which the channel's
 * integrity and confidentiality rest on (CSC v1.0.4 §7.3 SHALL; v2.0.0.2 §7.3 clients SHOULD verify
 * server certificates). The certificate is the peer's: its fields are reported as data.
 */
import { withBasis } from "../../src/check/with-basis.ts";
import type { CheckOutcome } from "../../src/check/types.ts";
import { defineCheck, type Observation } from "../../src/check/types.ts";
import { endpointOf, tlsHandshake } from "../../src/net/tls-handshake.ts";
import { TLS_REQUIRED, tlsBasis } from "../../src/net/tls-bases.ts";
import { describeError } from "../../src/util/errors.ts";
import { oneLine } from "../../src/csc/probe.ts";
import { concat } from "../../src/check/message.ts";

export default defineCheck({
  id: "tls.certificate",
  family: "tls",
  title: { ja: "サーバ証明書が有効でホスト名に一致し信頼できる", en: "The server certificate is valid, for the host, and trusted" },
  description: {
    ja: "TLSサーバ証明書が現在有効期間内であり、ベースURLのホストに対して発行され、設定されたtlsCaに連鎖することを確認する。",
    en: "Confirms the TLS server certificate is within its validity period, issued for the base URL's host, and chains to the configured tlsCa.",
  },
  needs: ["csc"],
  intrusive: false,
  timeoutMs: 15_000,
  async run(ctx) {
    return withBasis(await (async (): Promise<CheckOutcome> => {
    const { host, port, https } = endpointOf(ctx.target.csc!.baseUrl);
    const where = `${host}:${port} (server certificate)`;
    if (!https) return { status: "fail", summary: { ja: "エンドポイントがTLSなしで設定されている", en: "the endpoint is configured without TLS" }, observations: [{ expected: { ja: "https://で始まるベースURL", en: "an https:// base URL" }, observed: ctx.target.csc!.baseUrl, where: "target.csc.baseUrl", ok: false, basis: TLS_REQUIRED }] };
    let hs;
    try {
      hs = await tlsHandshake({ host, port, ca: ctx.target.csc!.tlsCa, timeoutMs: 8000, signal: ctx.signal });
    } catch (error) {
      const reason = oneLine(describeError(error));
      return { status: "error", summary: { ja: `対象に到達できない: ${reason}`, en: `target unreachable: ${reason}` }, observations: [{ expected: { ja: "TLSハンドシェイクの成立", en: "a TLS handshake" }, observed: reason, where, ok: false }] };
    }
    const peer = hs.peer;
    if (!peer) return { status: "fail", summary: { ja: "サーバが証明書を提示しなかった", en: "the server presented no certificate" }, observations: [{ expected: { ja: "サーバ証明書", en: "a server certificate" }, observed: { ja: "なし", en: "none" }, where, ok: false }] };
    const now = Date.now();
    const from = Date.parse(peer.validFrom);
    const to = Date.parse(peer.validTo);
    const timely = from <= now && now <= to;
    const subject = oneLine(peer.subject, 120);
    const san = oneLine(peer.subjectAltName ?? "none", 120);
    const why = oneLine(hs.authorizationError ?? "unknown", 160);
    const observations: Observation[] = [
      {
        expected: { ja: "現在有効", en: "valid now" },
        observed: timely ? { ja: `有効期間 ${peer.validFrom} – ${peer.validTo}`, en: `valid ${peer.validFrom} – ${peer.validTo}` } : { ja: `有効期間 ${peer.validFrom} – ${peer.validTo}: 現在は有効でない`, en: `valid ${peer.validFrom} – ${peer.validTo} — not valid now` },
        where,
        ok: timely,
      },
      {
        expected: { ja: `${host}に対して発行されtlsCaに連鎖する`, en: `issued for ${host} and chaining to tlsCa` },
        observed: hs.authorized ? { ja: `信頼できる。主体者 ${subject}、SAN ${san}`, en: `trusted; subject ${subject}, SAN ${san}` } : { ja: `信頼できない: ${why}（主体者 ${subject}）`, en: `not trusted: ${why} (subject ${subject})` },
        where,
        ok: hs.authorized,
      },
    ];
    const ok = timely && hs.authorized;
    return {
      status: ok ? "pass" : "fail",
      summary: ok ? { ja: `${host}の信頼できる証明書（${peer.validTo}まで有効）`, en: `trusted certificate for ${host}, valid until ${peer.validTo}` } : concat({ ja: "サーバ証明書の問題: ", en: "server certificate problem: " }, observations.find((o) => !o.ok)!.observed),
      observations,
    };
    })(), tlsBasis("tls.certificate"));
  },
});
