/**
 * csc.protocol.cert-formats — the certificate details credentials/info returns with
 * `certInfo: true` are in the encodings the text prescribes, and say what the certificate says
 * (v1.0.4.0 §11.5, v2.0.0.2 §11.4/§11.5): validFrom / validTo GeneralizedTime "YYYYMMDDHHMMSSZ"
 * (RFC 5280), subjectDN / issuerDN UTF-8 strings "according to RFC 4514" (RDNs last-to-first,
 * "," without spaces, specials escaped), serialNumber hex-encoded (Base64 values:
 * csc.protocol.base64-values).
 * Judged on the session's credentials/info exchanges (certificates=chain, certInfo, authInfo):
 * no extra call.
 */
import { defineCheck } from "../../src/check/types.ts";
import { at, notApplicable, oneLine, runProbe, type Judged } from "../../src/csc/probe.ts";
import { announcedVersion, certificateRdns, concludeProtocol, cscBasis, isHexSerial, parseGeneralizedTime, parseRfc4514, rule, sameRdns, sameSerial, type CscVersion } from "../../src/csc/protocol.ts";
import { parseCertificate } from "../../src/cert/certificate.ts";
import { decodeBase64Any } from "../../src/csc/base64.ts";
import type { Exchange } from "../../src/csc/transcript.ts";

const v = (x: unknown) => oneLine(typeof x === "string" ? x : JSON.stringify(x) ?? "(absent)", 120);

/** Judges one credentials/info body asked with certInfo: true (pure). */
export function judgeCertFormats(version: CscVersion, body: Record<string, unknown>, where: string, subject: string): Judged[] {
  const cert = (body.cert && typeof body.cert === "object" ? body.cert : {}) as Record<string, unknown>;
  const b = (what: string) => cscBasis(version, { v1: `11.5 cert/${what}`, v2: { ja: `11.5 cert/${what}（11.4の定義による）`, en: `11.5 cert/${what} (as defined in 11.4)` } });
  const out: Judged[] = [];
  const list = Array.isArray(cert.certificates) ? cert.certificates : [];
  const der = list.length ? decodeBase64Any(list[0]) : null;
  const parsed = der ? parseCertificate(der) : undefined;
  const x = parsed && typeof parsed !== "string" ? parsed : undefined;
  for (const [field, date] of [["validFrom", x?.notBefore], ["validTo", x?.notAfter]] as const) {
    const raw = cert[field];
    const t = typeof raw === "string" ? parseGeneralizedTime(raw) : undefined;
    const matches = t !== undefined && (!date || Math.floor(date.getTime() / 1000) === Math.floor(t.getTime() / 1000));
    out.push(
      rule(matches, {
        expected: { ja: `cert/${field}はGeneralizedTime（YYYYMMDDHHMMSSZ）で証明書と一致`, en: `cert/${field} GeneralizedTime (YYYYMMDDHHMMSSZ), as in the certificate` },
        observed: matches ? v(raw) : t ? { ja: `証明書と異なる: ${v(raw)}`, en: `differs from the certificate: ${v(raw)}` } : { ja: `GeneralizedTimeでない: ${v(raw)}`, en: `not GeneralizedTime: ${v(raw)}` },
        where,
        subject,
        basis: b(field),
      }),
    );
  }
  for (const [field, name] of [["subjectDN", x?.subjectName], ["issuerDN", x?.issuerName]] as const) {
    const raw = cert[field];
    const rdns = typeof raw === "string" ? parseRfc4514(raw) : "absent";
    const same = typeof rdns !== "string" && (!name || sameRdns(rdns, certificateRdns(name)));
    out.push(
      rule(same, {
        expected: { ja: `cert/${field}はRFC 4514の文字列で証明書の名前と一致`, en: `cert/${field} an RFC 4514 string naming the certificate's ${field === "subjectDN" ? "subject" : "issuer"}` },
        observed: same ? v(raw) : typeof rdns === "string" ? { ja: `RFC 4514でない（${rdns}）: ${v(raw)}`, en: `not RFC 4514 (${rdns}): ${v(raw)}` } : { ja: `証明書の名前と異なる（RDNの順序など）: ${v(raw)}`, en: `not the certificate's name (RDN order…): ${v(raw)}` },
        where,
        subject,
        basis: b(field),
      }),
    );
  }
  const serial = cert.serialNumber;
  const serialOk = isHexSerial(serial) && (!x || sameSerial(serial as string, x.serialNumber));
  out.push(rule(serialOk, { expected: { ja: "cert/serialNumberは16進で証明書と一致", en: "cert/serialNumber hex-encoded, as in the certificate" }, observed: v(serial), where, subject, basis: b("serialNumber") }));
  return out;
}

/** The session's credentials/info exchanges that asked for certInfo and were answered 200. */
export function certInfoExchanges(exchanges: readonly Exchange[]): Array<{ id: string; body: Record<string, unknown> }> {
  return exchanges
    .filter((e) => e.method === "credentials/info" && e.response?.status === 200 && (e.request.body as Record<string, unknown>)?.certInfo === true)
    .map((e) => ({ id: String((e.request.body as Record<string, unknown>).credentialID), body: (e.response!.body ?? {}) as Record<string, unknown> }))
    .filter((e) => typeof e.body === "object" && e.body !== null);
}

export default defineCheck({
  id: "csc.protocol.cert-formats",
  family: "csc",
  title: { ja: "証明書の詳細は規定の形式で返される", en: "Certificate details come in the prescribed encodings" },
  description: {
    ja: "certInfo付きのcredentials/info応答（探索時のもの）で、validFrom/validToがGeneralizedTime、subjectDN/issuerDNがRFC 4514の文字列、serialNumberが16進であり、証明書の内容と一致することを確認する（相互運用性。ガイドラインの本文外）。",
    en: "In the discovery's credentials/info replies (certInfo asked), confirms validFrom/validTo GeneralizedTime, subjectDN/issuerDN RFC 4514 strings, and serialNumber hex, each matching the certificate (interoperability, beyond the guideline's text).",
  },
  needs: ["csc", "csc.signer"],
  intrusive: false,
  async run(ctx) {
    return runProbe(ctx, "csc.protocol.cert-formats", async ({ session }) => {
      const version = announcedVersion(session.info.body.specs, session.client.version);
      const replies = certInfoExchanges(session.transcript.exchanges);
      const where = at(session, "credentials/info", "discovery (certInfo: true)");
      if (replies.length === 0) return notApplicable("no credentials/info reply with certificate details to judge", where);
      return concludeProtocol(
        replies.flatMap((r) => judgeCertFormats(version, r.body, where, r.id)),
        { pass: { ja: `${replies.length}件の証明書の詳細は規定の形式`, en: `certificate details of ${replies.length} credentials in the prescribed encodings` }, fail: { ja: "証明書の詳細が規定の形式でない", en: "certificate details depart from the prescribed encodings" } },
      );
    });
  },
});
