/**
 * csc.protocol.credential-info-params — credentials/info follows its input parameters
 * (v1.0.4.0 §11.5; v2.0.0.2 §11.5, defined in §11.4): `certInfo` and `authInfo` default to false
 * ("if the parameter is omitted then the information will not be returned": no cert/subjectDN,
 * issuerDN, serialNumber, validFrom, validTo; no PIN/OTP groups on v1, no auth/objects on v2);
 * `certificates` defaults to "single" (only the end entity), "none" returns no certificate
 * (SHALL NOT), and any other value is 400 "Invalid parameter certificates". Three read-only calls
 * for one described credential.
 */
import { defineCheck, type Text } from "../../src/check/types.ts";
import { allCredentials, signerOf } from "../../src/csc/session.ts";
import { at, notApplicable, oneLine, runProbe, type Judged } from "../../src/csc/probe.ts";
import { announcedVersion, concludeProtocol, cscBasis, rule, type CscVersion } from "../../src/csc/protocol.ts";
import { describeReply, type CscReply } from "../../src/csc/client.ts";
import { excludedByScope } from "../../src/csc/credential-scope.ts";

const CERT_DETAILS = ["subjectDN", "issuerDN", "serialNumber", "validFrom", "validTo"];

/** What a reply asked with no flags carries that only certInfo / authInfo ask for (pure). */
export function unaskedDetails(version: CscVersion, body: Record<string, unknown>): { cert: string[]; auth: string[] } {
  const cert = (body.cert && typeof body.cert === "object" ? body.cert : {}) as Record<string, unknown>;
  const auth = (body.auth && typeof body.auth === "object" ? body.auth : {}) as Record<string, unknown>;
  const authFields = version === "v1" ? ["PIN", "OTP"].filter((k) => body[k] !== undefined) : ["objects", "expression"].filter((k) => auth[k] !== undefined).map((k) => `auth/${k}`);
  return { cert: CERT_DETAILS.filter((k) => cert[k] !== undefined).map((k) => `cert/${k}`), auth: authFields };
}

function certificatesOf(r: CscReply): number | undefined {
  const cert = r.body.cert as Record<string, unknown> | undefined;
  return cert && Array.isArray(cert.certificates) ? cert.certificates.length : undefined;
}

export interface InfoProbes {
  plain: CscReply;
  none: CscReply;
  bogus: CscReply;
}

/** Judges the three calls (pure). */
export function judgeInfoParams(version: CscVersion, p: InfoProbes, where: string, subject: string): Judged[] {
  const b = (what: Text) => cscBasis(version, { v1: { ja: `11.5 ${what.ja}`, en: `11.5 ${what.en}` }, v2: { ja: `11.5 ${what.ja}（11.4の定義による）`, en: `11.5 ${what.en} (as defined in 11.4)` } });
  const out: Judged[] = [];
  if (!p.plain.ok) return [{ status: "error", observation: { expected: { ja: "credentials/infoの応答", en: "credentials/info answered" }, observed: oneLine(describeReply(p.plain)), where, subject, ok: false } }];
  const extra = unaskedDetails(version, p.plain.body);
  out.push(rule(extra.cert.length === 0, { expected: { ja: "certInfoなしでは証明書の詳細を返さない（既定false）", en: "no certificate details without certInfo (default false)" }, observed: extra.cert.length ? { ja: `返された: ${extra.cert.join("、")}`, en: `returned: ${extra.cert.join(", ")}` } : { ja: "返さない", en: "none returned" }, where, subject, basis: b({ ja: "certInfo: 既定はfalseで、その情報は返されない", en: "certInfo: default false, the information is not returned" }) }));
  out.push(rule(extra.auth.length === 0, { expected: { ja: "authInfoなしでは認可方式の詳細を返さない（既定false）", en: "no authorization details without authInfo (default false)" }, observed: extra.auth.length ? { ja: `返された: ${extra.auth.join("、")}`, en: `returned: ${extra.auth.join(", ")}` } : { ja: "返さない", en: "none returned" }, where, subject, basis: b({ ja: "authInfo: 既定はfalseで、その情報は返されない", en: "authInfo: default false, the information is not returned" }) }));
  const single = certificatesOf(p.plain);
  out.push(rule(single === 1, { expected: { ja: "certificatesの既定（single）ではエンドエンティティ証明書1件", en: "certificates by default (single): the end entity alone" }, observed: single === undefined ? { ja: "証明書がない", en: "no certificates" } : { ja: `${single}件`, en: `${single} certificate(s)` }, where, subject, basis: b({ ja: "certificates single: エンドエンティティ証明書のみを返さなければならない", en: "certificates single: only the end entity certificate SHALL be returned" }) }));
  const none = p.none.ok ? certificatesOf(p.none) : undefined;
  out.push(rule(p.none.ok && none === undefined, { expected: { ja: "certificates: noneでは証明書を返さない", en: "certificates: none returns no certificate" }, observed: !p.none.ok ? oneLine(describeReply(p.none)) : none === undefined ? { ja: "返さない", en: "none returned" } : { ja: `${none}件返した`, en: `${none} returned` }, where, subject, basis: b({ ja: "certificates none: 証明書を返してはならない", en: "certificates none: no certificate SHALL be returned" }) }));
  out.push(rule(p.bogus.status === 400, { expected: { ja: "certificates: \"bogus\"は400「Invalid parameter certificates」", en: "certificates: \"bogus\" answered 400 Invalid parameter certificates" }, observed: oneLine(describeReply(p.bogus)), where, subject, basis: b({ ja: "certificatesパラメータが不正 → 400 invalid_request", en: "Invalid certificates parameter → 400 invalid_request" }) }));
  return out;
}

export default defineCheck({
  id: "csc.protocol.credential-info-params",
  family: "csc",
  title: { ja: "credentials/infoは入力パラメータに従う", en: "credentials/info follows its input parameters" },
  description: {
    ja: "1件の認証情報について、certInfo・authInfoを付けない要求で詳細が返らないこと、certificatesの既定（single）とnoneが守られること、不正な値（bogus）が400で拒否されることを、読み取りだけの3回の呼出しで確認する（相互運用性。ガイドラインの本文外）。",
    en: "For one credential, three read-only calls confirm that no details come without certInfo / authInfo, that certificates' default (single) and none are honoured, and that an invalid value (bogus) is refused with 400 (interoperability, beyond the guideline's text).",
  },
  needs: ["csc", "csc.signer"],
  intrusive: false,
  async run(ctx) {
    return runProbe(ctx, "csc.protocol.credential-info-params", async ({ session, t }) => {
      const c = allCredentials(session)[0];
      const where = at(session, "credentials/info", "input parameters");
      if (!c) return excludedByScope(session.excluded) ?? notApplicable("no credential was described", where);
      const bearer = signerOf(session, c).token!;
      const ask = (step: string, body: Record<string, unknown>) => session.client.call(t, step, "credentials/info", { credentialID: c.credentialID, ...body }, { auth: { bearer }, signal: ctx.signal });
      const plain = await ask("describe without certInfo, authInfo, certificates (defaults)", {});
      const none = await ask("describe with certificates: none", { certificates: "none" });
      const bogus = await ask('describe with certificates: "bogus"', { certificates: "bogus" });
      const version = announcedVersion(session.info.body.specs, session.client.version);
      return concludeProtocol(judgeInfoParams(version, { plain, none, bogus }, where, c.credentialID), {
        pass: { ja: "credentials/infoは入力パラメータに従う", en: "credentials/info follows certInfo, authInfo and certificates" },
        fail: { ja: "credentials/infoが入力パラメータに従わない", en: "credentials/info departs from its input parameters" },
      });
    });
  },
});
