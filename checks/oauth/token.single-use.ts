/**
 * oauth.token.single-use — a credential token is single-use. After signing the authorised hashes, the same token must be refused.
 * (Judged from the shared OAuth session: src/oauth/session.ts, src/oauth/flows.ts.)
 */
import { defineCheck } from "../../src/check/types.ts";
import { withOAuth, verdict, described, refused } from "../../src/oauth/judge.ts";
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
    if (!p.authorised || p.authorised.status !== 200) return { status: "error", summary: `could not conclude: the authorised signing did not succeed (${described(p.authorised)}${p.problem ? `; ${p.problem}` : ""})`, observations: [{ expected: "the authorised hashes signed", observed: described(p.authorised), where: "signatures/signHash (credential token)" }] };
    return verdict(refused(p.again), { expected: "refused after numSignatures", observed: described(p.again), where: "signatures/signHash (credential token, used again)", subject: p.credential.credentialID }, { pass: "a credential token is consumed by its signatures", fail: "a credential token keeps signing after numSignatures" });
    });
  },
});
