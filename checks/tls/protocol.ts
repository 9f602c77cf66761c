/**
 * tls.protocol — TLS 1.2 or later only: handshakes capped at TLS 1.0 and TLS 1.1 are refused,
 * and a TLS 1.2+ handshake succeeds (else the probe cannot conclude). The client lowers its own
 * security level for the old-version attempts so that a refusal is the server's, not ours.
 */
import type { SecureVersion } from "node:tls";
import { defineCheck, type CheckStatus, type Observation } from "../../src/check/types.ts";
import { endpointOf, tlsHandshake } from "../../src/net/tls-handshake.ts";
import { describeError } from "../../src/util/errors.ts";
import { oneLine } from "../../src/csc/probe.ts";

/** Local refusals: the client could not even offer the version. */
const LOCAL = /ERR_SSL_NO_PROTOCOLS_AVAILABLE|no protocols available|NO_CIPHER_MATCH/i;

export default defineCheck({
  id: "tls.protocol",
  family: "tls",
  title: { ja: "TLS 1.2以上のみを受け付ける", en: "Only TLS 1.2 or later is accepted" },
  description: {
    ja: "TLS 1.0及びTLS 1.1に限定したハンドシェイクが拒否され、TLS 1.2以上のハンドシェイクが成功することを確認する。",
    en: "Confirms handshakes limited to TLS 1.0 and TLS 1.1 are refused and a TLS 1.2+ handshake succeeds.",
  },
  needs: ["csc"],
  intrusive: false,
  timeoutMs: 30_000,
  async run(ctx) {
    const { host, port, https } = endpointOf(ctx.target.csc!.baseUrl);
    const where = (v: string) => `${host}:${port} (TLS handshake, ${v})`;
    if (!https) return { status: "fail", summary: "the endpoint is configured without TLS", observations: [{ expected: "https://", observed: ctx.target.csc!.baseUrl, where: "target.csc.baseUrl", ok: false }] };
    const observations: Observation[] = [];
    const statuses: CheckStatus[] = [];
    try {
      const modern = await tlsHandshake({ host, port, minVersion: "TLSv1.2", timeoutMs: 8000, signal: ctx.signal });
      observations.push({ expected: "a TLS 1.2+ handshake", observed: `${modern.protocol} ${modern.cipher}`, where: where("TLS 1.2+"), ok: true });
      statuses.push("pass");
    } catch (error) {
      const reason = oneLine(describeError(error));
      return { status: "error", summary: `no TLS 1.2+ handshake: ${reason}`, observations: [{ expected: "a TLS 1.2+ handshake", observed: reason, where: where("TLS 1.2+"), ok: false }] };
    }
    for (const version of ["TLSv1", "TLSv1.1"] as SecureVersion[]) {
      try {
        const old = await tlsHandshake({ host, port, minVersion: version, maxVersion: version, ciphers: "DEFAULT:@SECLEVEL=0", timeoutMs: 8000, signal: ctx.signal });
        observations.push({ expected: `${version} refused`, observed: `${version} accepted (${old.protocol} ${old.cipher})`, where: where(version), ok: false });
        statuses.push("fail");
      } catch (error) {
        const reason = oneLine(describeError(error));
        const local = LOCAL.test(reason);
        observations.push({ expected: `${version} refused`, observed: local ? `not testable with this client: ${reason}` : `refused: ${reason}`, where: where(version), ok: !local });
        statuses.push(local ? "error" : "pass");
      }
    }
    const status: CheckStatus = statuses.includes("fail") ? "fail" : statuses.includes("error") ? "error" : "pass";
    const summary = status === "pass" ? "TLS 1.0 and 1.1 are refused" : status === "fail" ? `an obsolete TLS version is accepted: ${observations.find((o) => o.ok === false)!.observed}` : "could not offer the obsolete versions from this client";
    return { status, summary, observations };
  },
});
