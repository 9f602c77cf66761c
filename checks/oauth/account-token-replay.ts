/**
 * oauth.account-token-replay — an account_token is accepted once. An account_token (HS256 JWT keyed with SHA-256 of the client secret) sent twice with the same jti should be refused the second time (CSC v2 §8.4.1: the jti protects from replay; no modal verb, so a replay is an advisory finding).
 * (Judged from the shared OAuth session: src/oauth/session.ts, src/oauth/flows.ts.)
 */
import { defineCheck } from "../../src/check/types.ts";
import { withOAuth, verdict } from "../../src/oauth/judge.ts";
import { OAUTH_BASES } from "../../src/oauth/bases.ts";
import { endpoints } from "../../src/oauth/session.ts";
import { accountToken, answerAuthorization, describeAnswer, showsSignIn } from "../../src/oauth/flows.ts";
import { newPkce, newState } from "../../src/oauth/pkce.ts";

export default defineCheck({
  id: "oauth.account-token-replay",
  family: "oauth",
  title: { ja: "account_tokenは一度だけ受け付けられる", en: "An account_token is accepted once" },
  description: {
    ja: "同じjtiのaccount_tokenを二度送った場合、二度目は拒否されるべきである（CSC v2 §8.4.1：jtiはリプレイ攻撃を防ぐ。助動詞による要求はないため、受理は観察事項とする）。",
    en: "An account_token (HS256 JWT keyed with SHA-256 of the client secret) sent twice with the same jti should be refused the second time (CSC v2 §8.4.1: the jti protects from replay; no modal verb, so a replay is an advisory finding).",
  },
  needs: ["csc"],
  intrusive: false,
  timeoutMs: 90_000,
  async run(ctx) {
    return withOAuth(ctx, "OAuth 2.0 (oauth.account-token-replay)", async (s) => {
      const token = accountToken(s, s.credentials[0]!.signer);
      const first = await answerAuthorization(ctx, s, "authorization request with an account_token", { scope: "service", pkce: newPkce(), state: newState(), accountToken: token });
      if (!showsSignIn(first)) {
        return { status: "not-applicable", summary: { ja: "事業者はaccount_tokenを受け付けない（CSC v2 §8.4.1は任意の機能）", en: "the provider does not accept account_token (an optional feature, CSC v2 §8.4.1)" }, observations: [{ expected: { ja: "一度目のaccount_tokenの受理", en: "a first account_token accepted" }, observed: describeAnswer(first), where: endpoints(s).authorize }] };
      }
      const second = await answerAuthorization(ctx, s, "the same account_token again", { scope: "service", pkce: newPkce(), state: newState(), accountToken: token });
      const replayed = showsSignIn(second);
      return verdict(
        !replayed,
        { expected: { ja: "同じjtiの二度目の使用の拒否", en: "the second use of the jti refused" }, observed: replayed ? { ja: "同じaccount_tokenが二度受け付けられた", en: "the same account_token was accepted twice" } : describeAnswer(second), where: `${endpoints(s).authorize} (account_token replay)`, subject: s.config.clientId },
        { pass: { ja: "account_tokenの再送は拒否される", en: "account_token replay is refused" }, fail: { ja: "account_tokenの再送が受け付けられる", en: "account_token replay is accepted" } },
        OAUTH_BASES.accountTokenReplay,
      );
    });
  },
});
