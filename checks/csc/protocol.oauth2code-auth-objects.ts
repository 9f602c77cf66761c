/**
 * csc.protocol.oauth2code-auth-objects — a credential authorized through OAuth 2.0
 * (`oauth2code`) describes no PIN / OTP: v1.0.4.0 §11.5 PIN/presence, OTP/presence "SHALL be
 * present only when authMode is explicit"; v2.0.0.2 §11.5 (as defined in §11.4) auth/objects and
 * auth/expression "only if auth/mode is explicit". Judged on the OAuth session's credentials/info
 * exchanges of the configured OAuth accounts: no extra call.
 */
import { defineCheck } from "../../src/check/types.ts";
import { at, notApplicable, runProbe, type Judged } from "../../src/csc/probe.ts";
import { announcedVersion, concludeProtocol, cscBasis, rule, type CscVersion } from "../../src/csc/protocol.ts";
import { oauthSession } from "../../src/oauth/session.ts";

/** Judges one credentials/info body (pure): undefined when it is not an oauth2code credential. */
export function judgeOauth2codeAuth(version: CscVersion, body: Record<string, unknown>, where: string, subject: string): Judged | undefined {
  const auth = (body.auth && typeof body.auth === "object" ? body.auth : {}) as Record<string, unknown>;
  const mode = auth.mode ?? body.authMode;
  if (mode !== "oauth2code") return undefined;
  const present = version === "v1" ? ["PIN", "OTP"].filter((k) => body[k] !== undefined) : ["objects", "expression"].filter((k) => auth[k] !== undefined).map((k) => `auth/${k}`);
  return rule(present.length === 0, {
    expected: { ja: "oauth2codeの認証情報はPIN/OTPの記述を持たない（explicitのみ）", en: "an oauth2code credential describes no PIN / OTP (explicit only)" },
    observed: present.length ? { ja: `記述がある: ${present.join(", ")}`, en: `describes ${present.join(", ")}` } : { ja: "記述なし", en: "none" },
    where,
    subject,
    basis: cscBasis(version, { v1: { ja: "11.5 PIN/presence, OTP/presence はauthModeがexplicitのときに限り存在しなければならない", en: "11.5 PIN/presence, OTP/presence SHALL be present only when authMode is explicit" }, v2: { ja: "11.5 auth/objectsはauth/modeがexplicitの場合のみ（11.4の定義による）", en: "11.5 auth/objects only if auth/mode is explicit (as defined in 11.4)" } }),
  });
}

export default defineCheck({
  id: "csc.protocol.oauth2code-auth-objects",
  family: "csc",
  title: { ja: "oauth2codeの認証情報はPIN/OTPを記述しない", en: "oauth2code credentials describe no PIN / OTP" },
  description: {
    ja: "OAuthアカウントの認証情報のうちauth/modeがoauth2codeのものについて、credentials/info応答（OAuthセッションのもの）がPIN/OTPの記述（v1のPIN/OTP、v2のauth/objects）を持たないことを確認する（相互運用性。ガイドラインの本文外）。",
    en: "For the OAuth accounts' credentials in oauth2code mode, confirms from the OAuth session's credentials/info replies that they describe no PIN / OTP (v1 PIN/OTP, v2 auth/objects) (interoperability, beyond the guideline's text).",
  },
  needs: ["csc"],
  intrusive: false,
  async run(ctx) {
    return runProbe(ctx, "csc.protocol.oauth2code-auth-objects", async ({ session, t }) => {
      const where = at(session, "credentials/info", "OAuth accounts");
      const o = await oauthSession(ctx);
      if ("status" in o) return notApplicable(o.reason, where);
      const version = announcedVersion(session.info.body.specs, session.client.version);
      const described = o.transcript.exchanges.filter((e) => e.method === "credentials/info" && e.response?.status === 200 && e.response.body && typeof e.response.body === "object");
      // Only these exchanges become evidence: the OAuth session's transcript grows with sign-in
      // pages whose secrets this check's registry does not know.
      for (const { seq: _seq, ...e } of described) t.record({ ...e, step: `${e.step} (from the OAuth session)` });
      const judged = described
        .map((e) => judgeOauth2codeAuth(version, e.response!.body as Record<string, unknown>, where, String((e.request.body as Record<string, unknown>).credentialID)))
        .filter((j): j is Judged => j !== undefined);
      if (judged.length === 0) return notApplicable("no oauth2code credential was described", where);
      return concludeProtocol(judged, {
        pass: { ja: `oauth2codeの認証情報${judged.length}件はPIN/OTPを記述しない`, en: `${judged.length} oauth2code credentials describe no PIN / OTP` },
        fail: { ja: "oauth2codeの認証情報がPIN/OTPを記述する", en: "an oauth2code credential describes PIN / OTP" },
      });
    });
  },
});
