/**
 * tls.protocol — nothing older than the tls.minVersion parameter (default TLS 1.2, RFC 8996; CSC
 * allows TLS 1.1): handshakes capped below the floor are refused, and a handshake at the floor or
 * later succeeds (else the probe cannot conclude). The client lowers its own
 * security level for the old-version attempts so that a refusal is the server's, not ours.
 */
import type { SecureVersion } from "node:tls";
import { defineCheck, type CheckStatus, type Observation } from "../../src/check/types.ts";
import { endpointOf, tlsHandshake } from "../../src/net/tls-handshake.ts";
import { describeError } from "../../src/util/errors.ts";
import { oneLine } from "../../src/csc/probe.ts";
import { basis } from "../../src/check/basis.ts";

/** Local refusals: the client could not even offer the version. */
const LOCAL = /ERR_SSL_NO_PROTOCOLS_AVAILABLE|no protocols available|NO_CIPHER_MATCH/i;

const ORDER: SecureVersion[] = ["TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"];
const BASIS = basis("catalog", "parameter tls.minVersion (RFC 8996 §2–3; CSC v2 §7: TLS 1.1 MAY)", "shall");

export default defineCheck({
  id: "tls.protocol",
  family: "tls",
  title: { ja: "下限（tls.minVersion）より古いTLSを受け付けない", en: "No TLS version older than the floor (tls.minVersion) is accepted" },
  description: {
    ja: "パラメータtls.minVersion（既定TLS 1.2、RFC 8996。CSCはTLS 1.1の使用を許容する）より古い版に限定したハンドシェイクが拒否され、下限以上のハンドシェイクが成功することを確認する。",
    en: "Confirms handshakes limited to versions older than the tls.minVersion parameter (default TLS 1.2, RFC 8996; CSC lets TLS 1.1 be used) are refused and a handshake at the floor or later succeeds.",
  },
  parameters: ["tls.minVersion"],
  needs: ["csc"],
  intrusive: false,
  timeoutMs: 30_000,
  async run(ctx) {
    const { host, port, https } = endpointOf(ctx.target.csc!.baseUrl);
    const where = (v: string) => `${host}:${port} (TLS handshake, ${v})`;
    if (!https) return { status: "fail", summary: { ja: "エンドポイントがTLSなしで設定されている", en: "the endpoint is configured without TLS" }, observations: [{ expected: "https://", observed: ctx.target.csc!.baseUrl, where: "target.csc.baseUrl", ok: false, basis: BASIS }] };
    const floor = String(ctx.parameters["tls.minVersion"] ?? "TLSv1.2") as SecureVersion;
    if (!ORDER.includes(floor)) return { status: "error", summary: `tls.minVersion: unknown version ${floor} (known: ${ORDER.join(", ")})`, observations: [{ expected: ORDER.join(" | "), observed: floor, where: "parameters.tls.minVersion" }] };
    const observations: Observation[] = [];
    const statuses: CheckStatus[] = [];
    try {
      const modern = await tlsHandshake({ host, port, minVersion: floor, timeoutMs: 8000, signal: ctx.signal });
      observations.push({ expected: `a ${floor}+ handshake`, observed: `${modern.protocol} ${modern.cipher}`, where: where(`${floor}+`), ok: true });
      statuses.push("pass");
    } catch (error) {
      const reason = oneLine(describeError(error));
      return { status: "error", summary: `no ${floor}+ handshake: ${reason}`, observations: [{ expected: `a ${floor}+ handshake`, observed: reason, where: where(`${floor}+`) }] };
    }
    for (const version of ORDER.slice(0, ORDER.indexOf(floor))) {
      try {
        const old = await tlsHandshake({ host, port, minVersion: version, maxVersion: version, ciphers: "DEFAULT:@SECLEVEL=0", timeoutMs: 8000, signal: ctx.signal });
        observations.push({ expected: `${version} refused`, observed: `${version} accepted (${old.protocol} ${old.cipher})`, where: where(version), ok: false, basis: BASIS });
        statuses.push("fail");
      } catch (error) {
        const reason = oneLine(describeError(error));
        const local = LOCAL.test(reason);
        observations.push({ expected: `${version} refused`, observed: local ? `not testable with this client: ${reason}` : `refused: ${reason}`, where: where(version), ...(local ? {} : { ok: true }) });
        statuses.push(local ? "error" : "pass");
      }
    }
    const status: CheckStatus = statuses.includes("fail") ? "fail" : statuses.includes("error") ? "error" : "pass";
    const older = ORDER.slice(0, ORDER.indexOf(floor)).join(", ") || "none";
    const summary =
      status === "pass"
        ? { ja: `下限${floor}より古い版（${older}）は拒否される`, en: `versions older than ${floor} (${older}) are refused` }
        : status === "fail"
          ? { ja: `下限${floor}より古いTLSが受け付けられる：${observations.find((o) => o.ok === false)!.observed as string}`, en: `a TLS version older than ${floor} is accepted: ${observations.find((o) => o.ok === false)!.observed as string}` }
          : { ja: "このクライアントから古い版を提示できない", en: "could not offer the older versions from this client" };
    return { status, summary, observations };
  },
});
