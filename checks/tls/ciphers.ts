/**
 * tls.ciphers — no weak cipher suite is accepted: for each weak family the client offers only that
 * family, and the server must refuse. NULL encryption, RC4 and export-grade suites MUST NOT be
 * negotiated (RFC 9325 §4.1), nor anonymous ones (RFC 5246 A.5): accepting one fails. 3DES
 * (112-bit) SHOULD NOT be (RFC 9325 §4.1): accepting it is advisory. Families this client's OpenSSL
 * cannot offer are reported, not guessed. CBC suites with SHA-1 MACs are noted, not judged.
 */
import { withBasis } from "../../src/check/with-basis.ts";
import type { CheckOutcome } from "../../src/check/types.ts";
import { defineCheck, type CheckStatus, type Observation, type Basis } from "../../src/check/types.ts";
import { endpointOf, tlsHandshake, type HandshakeResult } from "../../src/net/tls-handshake.ts";
import { BINDING_STRENGTHS } from "../../src/check/types.ts";
import { CIPHER_FAMILIES, TLS_REQUIRED, tlsBasis } from "../../src/net/tls-bases.ts";
import { describeError } from "../../src/util/errors.ts";
import { oneLine } from "../../src/csc/probe.ts";

const NOTED = { family: "CBC with SHA-1 MAC", ja: "CBCモードとSHA-1 MAC", ciphers: "ECDHE-ECDSA-AES128-SHA:ECDHE-RSA-AES128-SHA:ECDHE-ECDSA-AES256-SHA:ECDHE-RSA-AES256-SHA:AES128-SHA:AES256-SHA" };
const LOCAL = /NO_CIPHER_MATCH|no cipher match|no protocols available/i;

/** A family offered alone, and what came of it. */
export interface Offer {
  family: string;
  ja: string;
  /** Why accepting it is a departure; none for a family only noted. */
  basis?: Basis;
}

/**
 * Judges one offer (pure): accepted → fail on a binding basis, advisory (a `fail` on a `should`
 * basis, which the collector reports as advisory) otherwise, pass when only noted; refused → pass;
 * not offerable from this client → no status (nothing said about the server).
 */
export function judgeOffer(offer: Offer, result: { accepted: HandshakeResult } | { refused: string }, where: string): { status?: CheckStatus; observation: Observation } {
  const expected = { ja: `${offer.ja}の拒否`, en: `${offer.family} refused` };
  if ("accepted" in result) {
    const got = `${result.accepted.protocol} ${result.accepted.cipher}`;
    if (!offer.basis) return { status: "pass", observation: { expected, observed: { ja: `受理: ${got}（記録のみ: AEADスイートが望ましい）`, en: `accepted: ${got} (noted: prefer AEAD suites)` }, where, ok: true } };
    const binding = BINDING_STRENGTHS.has(offer.basis.strength);
    return { status: "fail", observation: { expected, observed: binding ? { ja: `受理: ${got}`, en: `accepted: ${got}` } : { ja: `受理: ${got}（使用すべきでない: 観察事項）`, en: `accepted: ${got} (SHOULD NOT: advisory)` }, where, ok: false, basis: offer.basis } };
  }
  const reason = oneLine(result.refused);
  if (LOCAL.test(reason)) return { observation: { expected, observed: { ja: `試験できない: このクライアントのOpenSSLは${offer.ja}を提示できない`, en: `not testable: this client's OpenSSL cannot offer ${offer.family}` }, where, ok: true } };
  return { status: "pass", observation: { expected, observed: { ja: `拒否: ${reason}`, en: `refused: ${reason}` }, where, ok: true } };
}

/** The check's status and summary from the judged offers (pure). */
export function summarise(judged: ReadonlyArray<{ status?: CheckStatus; observation: Observation }>): Pick<CheckOutcome, "status" | "summary"> {
  const statuses = judged.flatMap((j) => (j.status ? [j.status] : []));
  const gone = judged.filter((j) => j.status === "fail");
  const binding = gone.find((j) => !j.observation.basis || BINDING_STRENGTHS.has(j.observation.basis.strength));
  if (binding) {
    const o = binding.observation.observed as { ja: string; en: string };
    return { status: "fail", summary: { ja: `脆弱な暗号スイートが受け付けられる: ${o.ja}`, en: `a weak cipher suite is accepted: ${o.en}` } };
  }
  if (gone.length) {
    const o = gone[0]!.observation.observed as { ja: string; en: string };
    return { status: "fail", summary: { ja: `使用すべきでない暗号スイートが受け付けられる（観察事項）: ${o.ja}`, en: `a cipher suite that SHOULD NOT be negotiated is accepted (advisory): ${o.en}` } };
  }
  if (statuses.length) return { status: "pass", summary: { ja: "脆弱な暗号スイートの系統はいずれも受け付けられない", en: "no weak cipher family accepted" } };
  return { status: "error", summary: { ja: "このクライアントから脆弱な系統を提示できなかった", en: "no weak family could be offered from this client" } };
}

export default defineCheck({
  id: "tls.ciphers",
  family: "tls",
  title: { ja: "脆弱な暗号スイートを受け付けない", en: "No weak cipher suite is accepted" },
  description: {
    ja: "NULL、匿名、EXPORT、RC4、3DESの各系統のみを提示したTLS 1.2以下のハンドシェイクが拒否されることを確認する（3DESの受理は観察事項、CBC-SHA1は記録のみ）。",
    en: "Offers only one weak family at a time (NULL, anonymous, EXPORT, RC4, 3DES) in TLS ≤ 1.2 handshakes and expects refusals (3DES accepted is advisory; CBC-SHA1 is noted).",
  },
  needs: ["csc"],
  intrusive: false,
  timeoutMs: 45_000,
  async run(ctx) {
    return withBasis(await (async (): Promise<CheckOutcome> => {
    const { host, port, https } = endpointOf(ctx.target.csc!.baseUrl);
    if (!https) return { status: "fail", summary: { ja: "エンドポイントがTLSなしで設定されている", en: "the endpoint is configured without TLS" }, observations: [{ expected: { ja: "https://で始まるベースURL", en: "an https:// base URL" }, observed: ctx.target.csc!.baseUrl, where: "target.csc.baseUrl", ok: false, basis: TLS_REQUIRED }] };
    const observations: Observation[] = [];
    // A baseline handshake first: a refusal only means something from a server that does answer.
    try {
      const base = await tlsHandshake({ host, port, timeoutMs: 8000, signal: ctx.signal });
      observations.push({ expected: { ja: "既定設定でのハンドシェイクの成立", en: "a handshake with default settings" }, observed: `${base.protocol} ${base.cipher}`, where: `${host}:${port} (TLS handshake)`, ok: true });
    } catch (error) {
      const reason = oneLine(describeError(error));
      return { status: "error", summary: { ja: `対象に到達できない: ${reason}`, en: `target unreachable: ${reason}` }, observations: [{ expected: { ja: "TLSハンドシェイクの成立", en: "a TLS handshake" }, observed: reason, where: `${host}:${port}`, ok: false }] };
    }
    const judged: Array<{ status?: CheckStatus; observation: Observation }> = [];
    const offers: Array<Offer & { ciphers: string }> = [...CIPHER_FAMILIES, NOTED];
    for (const w of offers) {
      const where = `${host}:${port} (TLS ≤ 1.2 offering only ${w.family})`;
      const offer: Offer = { family: w.family, ja: w.ja, ...(w.basis ? { basis: w.basis } : {}) };
      try {
        const hs = await tlsHandshake({ host, port, minVersion: "TLSv1", maxVersion: "TLSv1.2", ciphers: w.ciphers, timeoutMs: 8000, signal: ctx.signal });
        judged.push(judgeOffer(offer, { accepted: hs }, where));
      } catch (error) {
        judged.push(judgeOffer(offer, { refused: describeError(error) }, where));
      }
    }
    observations.push(...judged.map((j) => j.observation));
    return { ...summarise(judged), observations };
    })(), tlsBasis("tls.ciphers"));
  },
});
