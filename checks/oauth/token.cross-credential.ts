/**
 * oauth.token.cross-credential — a credential token works for its credential only. The token of one credential must be refused with another credential of the same user.
 * (Judged from the shared OAuth session: src/oauth/session.ts, src/oauth/flows.ts.)
 */
import { defineCheck } from "../../src/check/types.ts";
import { withOAuth, verdict, refusalVerdict } from "../../src/oauth/judge.ts";
import { OAUTH_BASES, parameterBasis } from "../../src/oauth/bases.ts";
import { bindingProbe } from "../../src/oauth/flows.ts";

export default defineCheck({
  id: "oauth.token.cross-credential",
  family: "oauth",
  title: { ja: "クレデンシャルトークンは対象の資格情報でのみ使用できる", en: "A credential token works for its credential only" },
  description: {
    ja: "ある資格情報のトークンは、同じ利用者の別の資格情報では拒否されなければならない。",
    en: "The token of one credential must be refused with another credential of the same user.",
  },
  needs: ["csc"],
  intrusive: false,
  timeoutMs: 90_000,
  async run(ctx) {
    return withOAuth(ctx, "OAuth 2.0 (oauth.token.cross-credential)", async (s) => {
      const p = await bindingProbe(ctx, s);
      if (p.problem) return { status: "error", summary: { ja: `判定できない：${p.problem}`, en: `could not conclude: ${p.problem}` }, observations: [{ expected: { ja: "クレデンシャルトークン", en: "a credential token" }, observed: p.problem, where: "oauth2/token" }] };
      if (!p.otherCredential) return { status: "not-applicable", summary: { ja: "OAuthアカウントのoauth2code資格情報が一つだけである", en: "the OAuth account has a single oauth2code credential" }, observations: [{ expected: { ja: "同一利用者の2つのクレデンシャル", en: "two credentials of one user" }, observed: `${s.credentials.filter((x) => x.signer === p.credential.signer).length} credential(s)`, where: "credentials/list" }] };
      return refusalVerdict(p.otherCredential, { expected: { ja: "拒否", en: "refused" }, where: `signatures/signHash (${p.credential.credentialID}'s token with ${p.otherCredential.credentialID})`, subject: p.credential.credentialID }, { pass: { ja: "クレデンシャルトークンは対象の資格情報に結び付いている", en: "a credential token is bound to its credential" }, fail: { ja: "クレデンシャルトークンで別の資格情報の署名ができる", en: "a credential token signs with another credential" } }, OAUTH_BASES.credentialBinding);
    });
  },
});
