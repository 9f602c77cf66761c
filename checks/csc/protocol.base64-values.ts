/**
 * csc.protocol.base64-values — the values the text calls Base64 are Base64 (RFC 4648 §4: the
 * alphabet with "+" and "/", padded), not base64url or another text: cert/certificates
 * ("Base64-encoded X.509v3 certificates", v1.0.4.0 §11.5, v2.0.0.2 §11.5 as defined in §11.4) and
 * signatures/signHash `signatures` ("Base64-encoded signed hashes", v1 §11.9, v2 §11.10). Judged
 * on the session's credentials/info exchanges and the shared protocol signing scenario's accepted
 * signHash replies: no extra call.
 */
import { defineCheck } from "../../src/check/types.ts";
import { at, notApplicable, oneLine, runProbe, type Judged } from "../../src/csc/probe.ts";
import { announcedVersion, concludeProtocol, cscBasis, isBase64, rule, type CscVersion } from "../../src/csc/protocol.ts";
import { protocolSigning } from "../../src/csc/protocol-signing.ts";
import type { Exchange } from "../../src/csc/transcript.ts";

/** The values of one field that are not Base64, quoted short (pure). */
function notBase64(values: unknown[]): string[] {
  return values.filter((x) => !isBase64(x)).map((x) => oneLine(typeof x === "string" ? x : JSON.stringify(x) ?? "null", 24));
}

/** Judges the Base64 fields of the exchanges of one method (pure): one observation per reply. */
export function judgeBase64(version: CscVersion, exchanges: readonly Exchange[], where: string): Judged[] {
  const out: Judged[] = [];
  for (const e of exchanges) {
    if (!e.response || e.response.status !== 200 || !e.response.body || typeof e.response.body !== "object") continue;
    const body = e.response.body as Record<string, unknown>;
    const subject = typeof (e.request.body as Record<string, unknown>)?.credentialID === "string" ? String((e.request.body as Record<string, unknown>).credentialID) : undefined;
    if (e.method === "credentials/info") {
      const cert = (body.cert && typeof body.cert === "object" ? body.cert : {}) as Record<string, unknown>;
      if (!Array.isArray(cert.certificates)) continue;
      const bad = notBase64(cert.certificates);
      out.push(rule(bad.length === 0, { expected: { ja: "cert/certificatesはBase64（RFC 4648 §4）", en: "cert/certificates Base64 (RFC 4648 §4)" }, observed: bad.length ? { ja: `Base64でない値: ${bad.join(", ")}`, en: `not Base64: ${bad.join(", ")}` } : { ja: `${cert.certificates.length}件ともBase64`, en: `all ${cert.certificates.length} Base64` }, where: `${where} ${e.method} (${e.step})`, ...(subject ? { subject } : {}), basis: cscBasis(version, { v1: { ja: "11.5 cert/certificates: Base64符号化されたX.509v3証明書", en: "11.5 cert/certificates: Base64-encoded X.509v3 certificates" }, v2: { ja: "11.5 cert/certificates: Base64符号化されたX.509v3証明書（11.4の定義による）", en: "11.5 cert/certificates: Base64-encoded X.509v3 certificates (as defined in 11.4)" } }) }));
    } else if (e.method === "signatures/signHash" && Array.isArray(body.signatures)) {
      const bad = notBase64(body.signatures);
      out.push(rule(bad.length === 0, { expected: { ja: "signaturesはBase64（RFC 4648 §4）", en: "signatures Base64 (RFC 4648 §4)" }, observed: bad.length ? { ja: `Base64でない値: ${bad.join(", ")}`, en: `not Base64: ${bad.join(", ")}` } : { ja: `${body.signatures.length}件ともBase64`, en: `all ${body.signatures.length} Base64` }, where: `${where} ${e.method} (${e.step})`, ...(subject ? { subject } : {}), basis: cscBasis(version, { v1: { ja: "11.9 signatures: Base64符号化された署名済みハッシュ", en: "11.9 signatures: Base64-encoded signed hashes" }, v2: { ja: "11.10 signatures: Base64符号化された署名済みハッシュ", en: "11.10 signatures: Base64-encoded signed hashes" } }) }));
    }
  }
  return out;
}

export default defineCheck({
  id: "csc.protocol.base64-values",
  family: "csc",
  title: { ja: "Base64と定められた値はBase64で返される", en: "Values the text calls Base64 are Base64" },
  description: {
    ja: "探索時のcredentials/info応答の証明書と、プロトコル用署名シナリオのsignHash応答の署名値が、Base64（RFC 4648 §4。base64urlではない）であることを確認する（相互運用性。ガイドラインの本文外）。",
    en: "Confirms that the certificates of the discovery's credentials/info replies and the signatures of the protocol signing scenario's signHash replies are Base64 (RFC 4648 §4, not base64url) (interoperability, beyond the guideline's text).",
  },
  needs: ["csc", "csc.signer"],
  intrusive: false,
  async run(ctx) {
    return runProbe(ctx, "csc.protocol.base64-values", async ({ session, uses }) => {
      const version = announcedVersion(session.info.body.specs, session.client.version);
      const s = await protocolSigning(ctx);
      const signing = "unavailable" in s ? [] : (uses(s.transcript), s.transcript.exchanges);
      const judged = judgeBase64(version, [...session.transcript.exchanges, ...signing], session.client.baseUrl);
      if (judged.length === 0) return notApplicable("no reply with a Base64 value to judge", at(session, "credentials/info", "discovery"));
      return concludeProtocol(judged, {
        pass: { ja: `Base64の値${judged.length}件の応答はBase64`, en: `Base64 values in ${judged.length} replies are Base64` },
        fail: { ja: "Base64と定められた値がBase64でない", en: "a value the text calls Base64 departs from Base64" },
      });
    });
  },
});
