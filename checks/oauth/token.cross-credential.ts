/**
 * oauth.token.cross-credential — a credential token works for its credential only. The token of one credential must be refused with another credential of the same user.
 * (Judged from the shared OAuth session: src/oauth/session.ts, src/oauth/flows.ts.)
 */
import { defineCheck } from "../../src/check/types.ts";
import { withOAuth, verdict, described, refused } from "../../src/oauth/judge.ts";
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
    if (!p.otherCredential) return { status: "not-applicable", summary: "the OAuth account has a single oauth2code credential", observations: [{ expected: "two credentials of one user", observed: `${s.credentials.filter((x) => x.signer === p.credential.signer).length} credential(s)`, where: "credentials/list" }] };
    return verdict(refused(p.otherCredential), { expected: "refused", observed: described(p.otherCredential), where: `signatures/signHash (${p.credential.credentialID}'s token with ${p.otherCredential.credentialID})`, subject: p.credential.credentialID }, { pass: "a credential token is bound to its credential", fail: "a credential token signs with another credential" });
    });
  },
});
