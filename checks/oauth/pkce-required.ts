/**
 * oauth.pkce-required — the authorization endpoint requires PKCE (S256). An authorization request without a code_challenge must be refused. When the endpoint shows its login page anyway, the check completes the login and tries the token exchange without a verifier: only a token issued without PKCE fails it.
 * (Judged from the shared OAuth session: src/oauth/session.ts, src/oauth/flows.ts.)
 */
import { defineCheck } from "../../src/check/types.ts";
import { withOAuth, verdict } from "../../src/oauth/judge.ts";
import { OAUTH_BASES } from "../../src/oauth/bases.ts";
import { endpoints } from "../../src/oauth/session.ts";
import { answerAuthorization, describeAnswer, exchangeCode, loginInBrowser, showsSignIn } from "../../src/oauth/flows.ts";
import { newState } from "../../src/oauth/pkce.ts";

export default defineCheck({
  id: "oauth.pkce-required",
  family: "oauth",
  title: { ja: "認可エンドポイントがPKCE（S256）を必須とする", en: "The authorization endpoint requires PKCE (S256)" },
  description: {
    ja: "code_challengeのない認可要求は拒否されなければならない。ログイン画面が表示された場合は、ログインを完了し、検証子なしでトークン交換を試みる。PKCEなしでトークンが発行された場合のみ不合格とする。",
    en: "An authorization request without a code_challenge must be refused. When the endpoint shows its login page anyway, the check completes the login and tries the token exchange without a verifier: only a token issued without PKCE fails it.",
  },
  needs: ["csc"],
  intrusive: false,
  timeoutMs: 90_000,
  async run(ctx) {
    return withOAuth(ctx, "OAuth 2.0 (oauth.pkce-required)", async (s) => {
      const c = s.credentials[0]!;
      const a = await answerAuthorization(ctx, s, "authorization request without PKCE", { scope: "service", state: newState() });
      const where = `${endpoints(s).authorize} (no code_challenge)`;
      const summary = { pass: { ja: "PKCEのない要求は拒否される", en: "a request without PKCE is refused" }, fail: { ja: "PKCEなしでトークンが発行される", en: "the provider issues tokens without PKCE" } };
      if (!showsSignIn(a)) {
        const codeIssued = a.kind === "redirect" && a.params.code !== undefined;
        return verdict(!codeIssued, { expected: { ja: "拒否", en: "refused" }, observed: describeAnswer(a), where, subject: c.signer }, { ...summary, fail: { ja: "PKCEなしで認可コードが発行される", en: "a code is issued without PKCE" } }, OAUTH_BASES.pkce);
      }
      const outcome = await loginInBrowser(ctx, s, c.signer, { scope: "service", pkce: null });
      const code = outcome.redirect.code;
      if (!code) return verdict(true, { expected: { ja: "PKCEなしでは認可コードが発行されない", en: "no code without PKCE" }, observed: { ja: `リダイレクトのパラメータ：${Object.keys(outcome.redirect).join(", ")}`, en: `redirected with ${Object.keys(outcome.redirect).join(", ")}` }, where, subject: c.signer }, summary, OAUTH_BASES.pkce);
      const t = await exchangeCode(ctx, s, "exchange a code obtained without PKCE, without a verifier", { code });
      if (t.status >= 500) return { status: "error", summary: { ja: `判定できない：トークンエンドポイントがHTTP ${t.status}を返した`, en: `could not conclude: the token endpoint answered HTTP ${t.status}` }, observations: [{ expected: { ja: "トークン応答", en: "a token response" }, observed: `HTTP ${t.status}`, where: endpoints(s).token }] };
      const issued = typeof t.body.access_token === "string";
      return verdict(!issued, { expected: { ja: "PKCEのないフローにはトークンを発行しない", en: "no token for a flow without PKCE" }, observed: issued ? "the sign-in page was shown and a token issued without any code_challenge/code_verifier" : `token endpoint refused: HTTP ${t.status} ${String(t.body.error ?? "")}`, where, subject: c.signer }, summary, OAUTH_BASES.pkce);
    });
  },
});
