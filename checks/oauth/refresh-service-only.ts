/**
 * oauth.refresh-service-only — refresh tokens only for the service scope. A credential-scope token response must not carry a refresh token: a credential token is for one authorization and must not be renewable without the signer.
 * (Judged from the shared OAuth session: src/oauth/session.ts, src/oauth/flows.ts.)
 */
import { defineCheck } from "../../src/check/types.ts";
import { withOAuth, verdict } from "../../src/oauth/judge.ts";
import { OAUTH_BASES } from "../../src/oauth/bases.ts";
import { endpoints } from "../../src/oauth/session.ts";
import { bindingProbe } from "../../src/oauth/flows.ts";

export default defineCheck({
  id: "oauth.refresh-service-only",
  family: "oauth",
  title: { ja: "リフレッシュトークンはserviceスコープのみ", en: "Refresh tokens only for the service scope" },
  description: {
    ja: "credentialスコープのトークン応答はリフレッシュトークンを含んではならない（署名者なしに更新できてはならない）。",
    en: "A credential-scope token response must not carry a refresh token: a credential token is for one authorization and must not be renewable without the signer.",
  },
  needs: ["csc"],
  intrusive: false,
  timeoutMs: 90_000,
  async run(ctx) {
    return withOAuth(ctx, "OAuth 2.0 (oauth.refresh-service-only)", async (s) => {
      const p = await bindingProbe(ctx, s);
      if (!p.tokenResponse) return { status: "error", summary: { ja: `判定できない：${p.problem}`, en: `could not conclude: ${p.problem}` }, observations: [{ expected: { ja: "クレデンシャルトークンの応答", en: "a credential token response" }, observed: p.problem ?? { ja: "なし", en: "none" }, where: endpoints(s).token }] };
      const has = "refresh_token" in p.tokenResponse;
      return verdict(!has, { expected: { ja: "credentialスコープの応答にrefresh_tokenがないこと", en: "no refresh_token in a credential-scope response" }, observed: has ? { ja: "クレデンシャルトークンとともにrefresh_tokenが発行された", en: "a refresh_token was issued with the credential token" } : `fields: ${Object.keys(p.tokenResponse).join(", ")}`, where: `${endpoints(s).token} (scope=credential)`, subject: p.credential.credentialID }, { pass: { ja: "クレデンシャルトークンにリフレッシュトークンは発行されない", en: "no refresh token for credential tokens" }, fail: { ja: "クレデンシャルトークンにリフレッシュトークンが発行される", en: "a refresh token is issued for a credential token" } }, OAUTH_BASES.refreshServiceOnly);
    });
  },
});
