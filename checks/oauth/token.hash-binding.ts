/**
 * oauth.token.hash-binding — a credential token signs only its hashes. A credential token issued for two hashes must refuse a third.
 * (Judged from the shared OAuth session: src/oauth/session.ts, src/oauth/flows.ts.)
 */
import { defineCheck } from "../../src/check/types.ts";
import { withOAuth, verdict, refusalVerdict } from "../../src/oauth/judge.ts";
import { OAUTH_BASES, parameterBasis } from "../../src/oauth/bases.ts";
import { endpoints } from "../../src/oauth/session.ts";
import { bindingProbe } from "../../src/oauth/flows.ts";

export default defineCheck({
  id: "oauth.token.hash-binding",
  family: "oauth",
  title: { ja: "クレデンシャルトークンは認可されたハッシュ値にのみ署名する", en: "A credential token signs only its hashes" },
  description: {
    ja: "2つのハッシュ値に対して発行されたクレデンシャルトークンは、別のハッシュ値への署名を拒否しなければならない。",
    en: "A credential token issued for two hashes must refuse a third.",
  },
  needs: ["csc"],
  intrusive: false,
  timeoutMs: 90_000,
  async run(ctx) {
    return withOAuth(ctx, "OAuth 2.0 (oauth.token.hash-binding)", async (s) => {
      const p = await bindingProbe(ctx, s);
      if (!p.otherHash) return { status: "error", summary: { ja: `判定できない：${p.problem}`, en: `could not conclude: ${p.problem}` }, observations: [{ expected: { ja: "クレデンシャルトークン", en: "a credential token" }, observed: p.problem ?? { ja: "なし", en: "none" }, where: endpoints(s).token }] };
      return refusalVerdict(p.otherHash, { expected: { ja: "拒否", en: "refused" }, where: "signatures/signHash (credential token, unauthorised hash)", subject: p.credential.credentialID }, { pass: { ja: "クレデンシャルトークンは認可されたハッシュ値に結び付いている", en: "a credential token is bound to its hashes" }, fail: { ja: "クレデンシャルトークンで認可されていないハッシュ値に署名できる", en: "a credential token signs hashes it was not issued for" } }, OAUTH_BASES.hashBinding);
    });
  },
});
