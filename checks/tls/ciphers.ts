/**
 * tls.ciphers — no weak cipher suite is accepted: for each weak family (NULL encryption,
 * anonymous key exchange, EXPORT, RC4, 3DES) the client offers only that family, and the server
 * must refuse. Families this client's OpenSSL cannot offer are reported, not guessed. CBC suites
 * with SHA-1 MACs are noted, not failed.
 */
import { withBasis, controlBasis } from "../../src/check/with-basis.ts";
import type { CheckOutcome } from "../../src/check/types.ts";
import { defineCheck, type CheckStatus, type Observation } from "../../src/check/types.ts";
import { endpointOf, tlsHandshake } from "../../src/net/tls-handshake.ts";
import { describeError } from "../../src/util/errors.ts";
import { oneLine } from "../../src/csc/probe.ts";

const WEAK: Array<{ family: string; ciphers: string }> = [
  { family: "NULL encryption", ciphers: "eNULL:@SECLEVEL=0" },
  { family: "anonymous key exchange", ciphers: "aNULL:!eNULL:@SECLEVEL=0" },
  { family: "EXPORT", ciphers: "EXPORT:@SECLEVEL=0" },
  { family: "RC4", ciphers: "RC4:@SECLEVEL=0" },
  { family: "3DES", ciphers: "3DES:@SECLEVEL=0" },
];
const NOTED = { family: "CBC with SHA-1 MAC", ciphers: "ECDHE-ECDSA-AES128-SHA:ECDHE-RSA-AES128-SHA:ECDHE-ECDSA-AES256-SHA:ECDHE-RSA-AES256-SHA:AES128-SHA:AES256-SHA" };
const LOCAL = /NO_CIPHER_MATCH|no cipher match|no protocols available/i;

/** What a departure of this check rests on (design §3a; docs/CHECKS-oauth-cert-tls-hsm.md). */
const BASIS = controlBasis("SM-03");

export default defineCheck({
  id: "tls.ciphers",
  family: "tls",
  title: { ja: "脆弱な暗号スイートを受け付けない", en: "No weak cipher suite is accepted" },
  description: {
    ja: "NULL、匿名、EXPORT、RC4、3DESの各系統のみを提示したTLS 1.2以下のハンドシェイクが拒否されることを確認する（CBC-SHA1は記録のみ）。",
    en: "Offers only one weak family at a time (NULL, anonymous, EXPORT, RC4, 3DES) in TLS ≤ 1.2 handshakes and expects refusals; CBC-SHA1 is noted.",
  },
  needs: ["csc"],
  intrusive: false,
  timeoutMs: 45_000,
  async run(ctx) {
    return withBasis(await (async (): Promise<CheckOutcome> => {
    const { host, port, https } = endpointOf(ctx.target.csc!.baseUrl);
    if (!https) return { status: "fail", summary: "the endpoint is configured without TLS", observations: [{ expected: "https://", observed: ctx.target.csc!.baseUrl, where: "target.csc.baseUrl", ok: false }] };
    const observations: Observation[] = [];
    const statuses: CheckStatus[] = [];
    // A baseline handshake first: a refusal only means something from a server that does answer.
    try {
      const base = await tlsHandshake({ host, port, timeoutMs: 8000, signal: ctx.signal });
      observations.push({ expected: "a handshake with default settings", observed: `${base.protocol} ${base.cipher}`, where: `${host}:${port} (TLS handshake)`, ok: true });
    } catch (error) {
      const reason = oneLine(describeError(error));
      return { status: "error", summary: `target unreachable: ${reason}`, observations: [{ expected: "a TLS handshake", observed: reason, where: `${host}:${port}`, ok: false }] };
    }
    for (const w of [...WEAK, NOTED]) {
      const where = `${host}:${port} (TLS ≤ 1.2 offering only ${w.family})`;
      const noted = w === NOTED;
      try {
        const hs = await tlsHandshake({ host, port, minVersion: "TLSv1", maxVersion: "TLSv1.2", ciphers: w.ciphers, timeoutMs: 8000, signal: ctx.signal });
        observations.push({ expected: `${w.family} refused`, observed: `accepted: ${hs.protocol} ${hs.cipher}${noted ? " (noted: prefer AEAD suites)" : ""}`, where, ok: noted });
        statuses.push(noted ? "pass" : "fail");
      } catch (error) {
        const reason = oneLine(describeError(error));
        const local = LOCAL.test(reason);
        observations.push({ expected: `${w.family} refused`, observed: local ? `not testable: this client's OpenSSL cannot offer ${w.family}` : `refused: ${reason}`, where, ok: true });
        if (!local) statuses.push("pass");
      }
    }
    const status: CheckStatus = statuses.includes("fail") ? "fail" : statuses.length > 0 ? "pass" : "error";
    const summary = status === "fail" ? `a weak cipher suite is accepted: ${observations.find((o) => o.ok === false)!.observed}` : status === "pass" ? "no weak cipher family accepted" : "no weak family could be offered from this client";
    return { status, summary, observations };
    })(), BASIS);
  },
});
