/**
 * oauth.token.single-use — a credential token is single-use. After signing the authorised hashes, the same token must be refused.
 * (Judged from the shared OAuth session: src/oauth/session.ts, src/oauth/flows.ts.)
 */
import { defineCheck } from "../../src/check/types.ts";
import { withOAuth, described, refusalVerdict } from "../../src/oauth/judge.ts";
import { OAUTH_BASES } from "../../src/oauth/bases.ts";
import { bindingProbe } from "../../src/oauth/flows.ts";

export default defineCheck({
  id: "oauth.token.single-use",
  family: "oauth",
  title: { ja: "クレデンシャルトークンは一度だけ使用できる", en: "A credential token is single-use" },
  description: {
    ja: "認可されたハッシュ値に署名した後、同じトークンは拒否されなければならない。",
    en: "After signing the authorised hashes, the same token must be refused.",
  },
  needs: ["csc"],
  intrusive: false,
  timeoutMs: 90_000,
  async run(ctx) {
    return withOAuth(ctx, "OAuth 2.0 (oauth.token.single-use)", async (s) => {
      const p = await bindingProbe(ctx, s);
      if (!p.authorised || p.authorised.status !== 200) return { status: "error", summary: { ja: `判定できない：認可した署名が成功しなかった（${described(p.authorised)}${p.problem ? `; ${p.problem}` : ""}）`, en: `could not conclude: the authorised signing did not succeed (${described(p.authorised)}${p.problem ? `; ${p.problem}` : ""})` }, observations: [{ expected: { ja: "認可したハッシュ値への署名", en: "the authorised hashes signed" }, observed: described(p.authorised), where: "signatures/signHash (credential token)" }] };
      return refusalVerdict(p.again, { expected: { ja: "numSignatures到達後の拒否", en: "refused after numSignatures" }, where: "signatures/signHash (credential token, used again)", subject: p.credential.credentialID }, { pass: { ja: "クレデンシャルトークンは署名により消費される", en: "a credential token is consumed by its signatures" }, fail: { ja: "クレデンシャルトークンがnumSignatures後も署名できる", en: "a credential token keeps signing after numSignatures" } }, OAUTH_BASES.singleUse);
    });
  },
});
