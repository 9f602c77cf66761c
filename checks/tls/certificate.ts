/**
 * tls.certificate — the server certificate is valid now, issued for the host in the base URL, and
 * chains to the configured tlsCa. The certificate is the peer's: its fields are reported as data.
 */
import { withBasis, controlBasis } from "../../src/check/with-basis.ts";
import type { CheckOutcome } from "../../src/check/types.ts";
import { defineCheck, type Observation } from "../../src/check/types.ts";
import { endpointOf, tlsHandshake } from "../../src/net/tls-handshake.ts";
import { describeError } from "../../src/util/errors.ts";
import { oneLine } from "../../src/csc/probe.ts";

/** What a departure of this check rests on (design §3a; docs/CHECKS-oauth-cert-tls-hsm.md). */
const BASIS = controlBasis("SM-03");

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
    if (!https) return { status: "fail", summary: "the endpoint is configured without TLS", observations: [{ expected: "https://", observed: ctx.target.csc!.baseUrl, where: "target.csc.baseUrl", ok: false }] };
    let hs;
    try {
      hs = await tlsHandshake({ host, port, ca: ctx.target.csc!.tlsCa, timeoutMs: 8000, signal: ctx.signal });
    } catch (error) {
      const reason = oneLine(describeError(error));
      return { status: "error", summary: `target unreachable: ${reason}`, observations: [{ expected: "a TLS handshake", observed: reason, where, ok: false }] };
    }
    const peer = hs.peer;
    if (!peer) return { status: "fail", summary: "the server presented no certificate", observations: [{ expected: "a server certificate", observed: "none", where, ok: false }] };
    const now = Date.now();
    const from = Date.parse(peer.validFrom);
    const to = Date.parse(peer.validTo);
    const timely = from <= now && now <= to;
    const observations: Observation[] = [
      { expected: "valid now", observed: `valid ${peer.validFrom} – ${peer.validTo}${timely ? "" : " — not valid now"}`, where, ok: timely },
      {
        expected: `issued for ${host} and chaining to tlsCa`,
        observed: hs.authorized ? `trusted; subject ${oneLine(peer.subject, 120)}, SAN ${oneLine(peer.subjectAltName ?? "none", 120)}` : `not trusted: ${oneLine(hs.authorizationError ?? "unknown", 160)} (subject ${oneLine(peer.subject, 120)})`,
        where,
        ok: hs.authorized,
      },
    ];
    const ok = timely && hs.authorized;
    return { status: ok ? "pass" : "fail", summary: ok ? `trusted certificate for ${host}, valid until ${peer.validTo}` : `server certificate problem: ${observations.find((o) => !o.ok)!.observed}`, observations };
    })(), BASIS);
  },
});
