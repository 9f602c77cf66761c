/**
 * oauth.account-token-replay — an account_token is accepted once. An account_token (HS256 JWT keyed with SHA-256 of the client secret) sent twice with the same jti must be refused the second time.
 * (Judged from the shared OAuth session: src/oauth/session.ts, src/oauth/flows.ts.)
 */
import { defineCheck } from "../../src/check/types.ts";
import { withOAuth, verdict, refused } from "../../src/oauth/judge.ts";
import { endpoints } from "../../src/oauth/session.ts";
import { accountToken, redirectParams, requestAuthorization, showsLoginPage } from "../../src/oauth/flows.ts";
import { newPkce, newState } from "../../src/oauth/pkce.ts";

export default defineCheck({
  id: "oauth.account-token-replay",
  family: "oauth",
  title: { ja: "account_tokenは一度だけ受け付けられる", en: "An account_token is accepted once" },
  description: {
    ja: "同じjtiのaccount_tokenを二度送った場合、二度目は拒否されなければならない。",
    en: "An account_token (HS256 JWT keyed with SHA-256 of the client secret) sent twice with the same jti must be refused the second time.",
  },
  needs: ["csc"],
  intrusive: false,
  timeoutMs: 90_000,
  async run(ctx) {
    return withOAuth(ctx, "OAuth 2.0 (oauth.account-token-replay)", async (s) => {
    const token = accountToken(s, s.credentials[0]!.signer);
    const first = await requestAuthorization(ctx, s, "authorization request with an account_token", { scope: "service", pkce: newPkce(), state: newState(), accountToken: token });
    if (!showsLoginPage(first)) {
      const to = redirectParams(first);
      return { status: "not-applicable", summary: "the provider does not accept account_token", observations: [{ expected: "a first account_token accepted", observed: to ? `refused: ${to.params.error ?? "?"}` : `HTTP ${first.status}`, where: endpoints(s).authorize }] };
    }
    const second = await requestAuthorization(ctx, s, "the same account_token again", { scope: "service", pkce: newPkce(), state: newState(), accountToken: token });
    const replayed = showsLoginPage(second);
    return verdict(!replayed, { expected: "the second use of the jti refused", observed: replayed ? "the same account_token was accepted twice" : `refused (${redirectParams(second)?.params.error ?? `HTTP ${second.status}`})`, where: `${endpoints(s).authorize} (account_token replay)`, subject: s.config.clientId }, { pass: "account_token replay is refused", fail: "account_token replay is accepted" });
    });
  },
});
