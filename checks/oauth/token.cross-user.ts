/**
 * oauth.token.cross-user — a credential token works for its user only. The token of one user's credential must be refused with another user's credential.
 * (Judged from the shared OAuth session: src/oauth/session.ts, src/oauth/flows.ts.)
 */
import { defineCheck } from "../../src/check/types.ts";
import { withOAuth, verdict, described, refused } from "../../src/oauth/judge.ts";
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
    if (!p.otherUser) return { status: "not-applicable", summary: "only one OAuth account is configured", observations: [{ expected: "two OAuth accounts", observed: "one", where: "target.csc.oauth2.signers" }] };
    return verdict(refused(p.otherUser), { expected: "refused", observed: described(p.otherUser), where: `signatures/signHash (${p.credential.signer}'s token with ${p.otherUser.credentialID})`, subject: p.credential.credentialID }, { pass: "a credential token is bound to its user", fail: "a credential token signs with another user's credential" });
    });
  },
});
