/**
 * tls.protocol — TLS 1.2 is supported and nothing older than the tls.minVersion parameter is
 * accepted: a handshake at the floor or later succeeds (else the probe cannot conclude), a handshake
 * limited to TLS 1.2 succeeds (CSC v1.0.4 §7.3: TLS 1.2 SHALL be supported "until TLS 1.3 is widely
 * adopted" — a TLS 1.3-only server fails; skipped only when the assessment itself sets the floor to
 * TLS 1.3), and handshakes capped below the floor are refused. The default floor, TLS 1.2, follows RFC 8996 (TLS 1.0 and 1.1 MUST NOT be used); CSC
 * v1.0.4 §7.3 lets TLS 1.1 be used (MAY), so an assessment following CSC alone sets TLSv1.1. Each
 * accepted old version names the text it breaks: RFC 8996 §2 or §3 under the catalog default, the
 * assessment's own parameter when it set one. The client lowers its own security level for the
 * old-version attempts so that a refusal is the server's, not ours.
 */
import type { SecureVersion } from "node:tls";
import { defineCheck, type CheckStatus, type Observation } from "../../src/check/types.ts";
import { endpointOf, tlsHandshake } from "../../src/net/tls-handshake.ts";
import { TLS12_SUPPORTED, TLS_REQUIRED, versionBasis } from "../../src/net/tls-bases.ts";
import { describeError } from "../../src/util/errors.ts";
import { oneLine } from "../../src/csc/probe.ts";

/** Local refusals: the client could not even offer the version. */
const LOCAL = /ERR_SSL_NO_PROTOCOLS_AVAILABLE|no protocols available|NO_CIPHER_MATCH/i;

const ORDER: SecureVersion[] = ["TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"];

export default defineCheck({
  id: "tls.protocol",
  family: "tls",
  title: { ja: "TLS 1.2に対応し、下限（tls.minVersion）より古いTLSを受け付けない", en: "TLS 1.2 is supported and no TLS version older than the floor (tls.minVersion) is accepted" },
  description: {
    ja: "下限以上のハンドシェイク及びTLS 1.2に限定したハンドシェイクが成功すること（CSC v1.0.4 §7.3: TLS 1.2に対応しなければならない）、パラメータtls.minVersion（既定TLS 1.2、RFC 8996。CSCはTLS 1.1の使用を許容する）より古い版に限定したハンドシェイクが拒否されることを確認する。",
    en: "Confirms a handshake at the floor or later and one limited to TLS 1.2 succeed (CSC v1.0.4 §7.3: TLS 1.2 SHALL be supported), and that handshakes limited to versions older than the tls.minVersion parameter (default TLS 1.2, RFC 8996; CSC lets TLS 1.1 be used) are refused.",
  },
  parameters: ["tls.minVersion"],
  needs: ["csc"],
  intrusive: false,
  timeoutMs: 30_000,
  async run(ctx) {
    const { host, port, https } = endpointOf(ctx.target.csc!.baseUrl);
    const where = (v: string) => `${host}:${port} (TLS handshake, ${v})`;
    if (!https) return { status: "fail", summary: { ja: "エンドポイントがTLSなしで設定されている", en: "the endpoint is configured without TLS" }, observations: [{ expected: { ja: "https://で始まるベースURL", en: "an https:// base URL" }, observed: ctx.target.csc!.baseUrl, where: "target.csc.baseUrl", ok: false, basis: TLS_REQUIRED }] };
    const floor = String(ctx.parameters["tls.minVersion"] ?? "TLSv1.2") as SecureVersion;
    if (!ORDER.includes(floor)) {
      return { status: "error", summary: { ja: `tls.minVersion: 未知の版 ${floor}（既知: ${ORDER.join(", ")}）`, en: `tls.minVersion: unknown version ${floor} (known: ${ORDER.join(", ")})` }, observations: [{ expected: { ja: `${ORDER.join(" | ")}のいずれか`, en: `one of ${ORDER.join(" | ")}` }, observed: floor, where: "parameters.tls.minVersion" }] };
    }
    const setByAssessment = ctx.parametersSet?.has("tls.minVersion") ?? false;
    const observations: Observation[] = [];
    const statuses: CheckStatus[] = [];
    const modernExpected = { ja: `${floor}以上でのハンドシェイクの成立`, en: `a ${floor}+ handshake` };
    try {
      const modern = await tlsHandshake({ host, port, minVersion: floor, timeoutMs: 8000, signal: ctx.signal });
      observations.push({ expected: modernExpected, observed: `${modern.protocol} ${modern.cipher}`, where: where(`${floor}+`), ok: true });
      statuses.push("pass");
    } catch (error) {
      const reason = oneLine(describeError(error));
      return { status: "error", summary: { ja: `${floor}以上でハンドシェイクできない: ${reason}`, en: `no ${floor}+ handshake: ${reason}` }, observations: [{ expected: modernExpected, observed: reason, where: where(`${floor}+`) }] };
    }
    let tls12Missing: { ja: string; en: string } | undefined;
    if (ORDER.indexOf(floor) <= ORDER.indexOf("TLSv1.2")) {
      const expected = { ja: "TLS 1.2に限定したハンドシェイクの成立", en: "a handshake limited to TLS 1.2" };
      try {
        const v12 = await tlsHandshake({ host, port, minVersion: "TLSv1.2", maxVersion: "TLSv1.2", timeoutMs: 8000, signal: ctx.signal });
        observations.push({ expected, observed: `${v12.protocol} ${v12.cipher}`, where: where("TLSv1.2"), ok: true });
        statuses.push("pass");
      } catch (error) {
        const reason = oneLine(describeError(error));
        const local = LOCAL.test(reason);
        tls12Missing = local ? undefined : { ja: `TLS 1.2で接続できない（${reason}）`, en: `TLS 1.2 is not supported (${reason})` };
        observations.push({ expected, observed: tls12Missing ?? { ja: `このクライアントでは試験できない: ${reason}`, en: `not testable with this client: ${reason}` }, where: where("TLSv1.2"), ...(local ? {} : { ok: false, basis: TLS12_SUPPORTED }) });
        statuses.push(local ? "error" : "fail");
      }
    }
    for (const version of ORDER.slice(0, ORDER.indexOf(floor))) {
      const expected = { ja: `${version}の拒否`, en: `${version} refused` };
      try {
        const old = await tlsHandshake({ host, port, minVersion: version, maxVersion: version, ciphers: "DEFAULT:@SECLEVEL=0", timeoutMs: 8000, signal: ctx.signal });
        const got = `${old.protocol} ${old.cipher}`;
        observations.push({ expected, observed: { ja: `${version}を受理（${got}）`, en: `${version} accepted (${got})` }, where: where(version), ok: false, basis: versionBasis(version, setByAssessment) });
        statuses.push("fail");
      } catch (error) {
        const reason = oneLine(describeError(error));
        const local = LOCAL.test(reason);
        observations.push({ expected, observed: local ? { ja: `このクライアントでは試験できない: ${reason}`, en: `not testable with this client: ${reason}` } : { ja: `拒否: ${reason}`, en: `refused: ${reason}` }, where: where(version), ...(local ? {} : { ok: true }) });
        statuses.push(local ? "error" : "pass");
      }
    }
    const status: CheckStatus = statuses.includes("fail") ? "fail" : statuses.includes("error") ? "error" : "pass";
    const older = ORDER.slice(0, ORDER.indexOf(floor)).join(", ") || "none";
    const accepted = observations.find((o) => o.ok === false && o.basis !== TLS12_SUPPORTED)?.observed as { ja: string; en: string } | undefined;
    const summary =
      status === "pass"
        ? { ja: `TLS 1.2に対応し、下限${floor}より古い版（${older === "none" ? "なし" : older}）は拒否される`, en: `TLS 1.2 is supported and versions older than ${floor} (${older}) are refused` }
        : status === "fail"
          ? accepted
            ? { ja: `下限${floor}より古いTLSが受け付けられる：${accepted.ja}`, en: `a TLS version older than ${floor} is accepted: ${accepted.en}` }
            : { ja: `TLS 1.2に対応していない（CSC v1.0.4 §7.3）：${tls12Missing!.ja}`, en: `TLS 1.2 is not supported (CSC v1.0.4 §7.3): ${tls12Missing!.en}` }
          : { ja: "このクライアントからTLS 1.2又は古い版を提示できない", en: "could not offer TLS 1.2 or the older versions from this client" };
    return { status, summary, observations };
  },
});
