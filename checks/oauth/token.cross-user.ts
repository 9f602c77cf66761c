/**
 * oauth.token.cross-user — a credential token works for its user only. The token of one user's credential must be refused with another user's credential.
 * (Judged from the shared OAuth session: src/oauth/session.ts, src/oauth/flows.ts.)
 */
import { defineCheck } from "../../src/check/types.ts";
import { withOAuth, verdict, refusalVerdict } from "../../src/oauth/judge.ts";
import { OAUTH_BASES, parameterBasis } from "../../src/oauth/bases.ts";
import { bindingProbe } from "../../src/oauth/flows.ts";

export default defineCheck({
  id: "oauth.token.cross-user",
  family: "oauth",
  title: { ja: "クレデンシャルトークンは対象の利用者でのみ使用できる", en: "A credential token works for its user only" },
  description: {
    ja: "ある利用者のトークンは、別の利用者の資格情報では拒否されなければならない。",
    en: "The token of one user's credential must be refused with another user's credential.",
  },
  needs: ["csc"],
  intrusive: false,
  timeoutMs: 90_000,
  async run(ctx) {
    return withOAuth(ctx, "OAuth 2.0 (oauth.token.cross-user)", async (s) => {
      const p = await bindingProbe(ctx, s);
      if (p.problem) return { status: "error", summary: { ja: `判定できない：${p.problem}`, en: `could not conclude: ${p.problem}` }, observations: [{ expected: { ja: "クレデンシャルトークン", en: "a credential token" }, observed: p.problem, where: "oauth2/token" }] };
      if (!p.otherUser) return { status: "not-applicable", summary: { ja: "OAuthアカウントが一つだけ設定されている", en: "only one OAuth account is configured" }, observations: [{ expected: { ja: "2つのOAuthアカウント", en: "two OAuth accounts" }, observed: { ja: "1つ", en: "one" }, where: "target.csc.oauth2.signers" }] };
      return refusalVerdict(p.otherUser, { expected: { ja: "拒否", en: "refused" }, where: `signatures/signHash (${p.credential.signer}'s token with ${p.otherUser.credentialID})`, subject: p.credential.credentialID }, { pass: { ja: "クレデンシャルトークンは対象の利用者に結び付いている", en: "a credential token is bound to its user" }, fail: { ja: "クレデンシャルトークンで別の利用者の資格情報の署名ができる", en: "a credential token signs with another user's credential" } }, OAUTH_BASES.userBinding);
    });
  },
});
