/**
 * oauth.token-client-auth — the token endpoint authenticates the client. A token issued without client authentication fails (RFC 6749 §3.2.1); an invalid_grant answer (the grant looked at before the client) is advisory.
 * (Judged from the shared OAuth session: src/oauth/session.ts, src/oauth/flows.ts.)
 */
import { defineCheck } from "../../src/check/types.ts";
import { withOAuth, verdict } from "../../src/oauth/judge.ts";
import { OAUTH_BASES } from "../../src/oauth/bases.ts";
import { endpoints } from "../../src/oauth/session.ts";
import { exchangeCode } from "../../src/oauth/flows.ts";
import { newPkce } from "../../src/oauth/pkce.ts";

export default defineCheck({
  id: "oauth.token-client-auth",
  family: "oauth",
  title: { ja: "トークンエンドポイントがクライアントを認証する", en: "The token endpoint authenticates the client first" },
  description: {
    ja: "クライアント認証のないトークン要求にトークンを発行してはならない（RFC 6749 §3.2.1）。401 invalid_client（又はCSC v2 §8.4.4の400 invalid_request）で拒否されれば合格、invalid_grantを返す場合はグラントを先に評価したものとして観察事項とする。",
    en: "A token request without client authentication must not get a token (RFC 6749 §3.2.1): refused with 401 invalid_client (or 400 invalid_request, CSC v2 §8.4.4) passes; invalid_grant means the grant was evaluated for an unauthenticated client, an advisory finding.",
  },
  needs: ["csc"],
  intrusive: false,
  timeoutMs: 90_000,
  async run(ctx) {
    return withOAuth(ctx, "OAuth 2.0 (oauth.token-client-auth)", async (s) => {
      const r = await exchangeCode(ctx, s, "token request without client authentication", { code: "rssp-audit-probe-not-a-code", code_verifier: newPkce().verifier }, true);
      const where = `${endpoints(s).token} (no client authentication)`;
      const observed = `HTTP ${r.status} ${String(r.body.error ?? "")}`.trim();
      if (r.status >= 500 || r.status === 0) return { status: "error", summary: { ja: `判定できない：HTTP ${r.status}`, en: `could not conclude: HTTP ${r.status}` }, observations: [{ expected: { ja: "拒否", en: "a refusal" }, observed, where }] };
      const issued = typeof r.body.access_token === "string";
      // RFC 6749 §5.2 invalid_client (401); CSC v2 §8.4.4 lists 400/401 invalid_request "Client authorization required".
      const clientFirst = r.status === 401 || r.body.error === "invalid_client" || (r.status === 400 && r.body.error === "invalid_request");
      const summary = { pass: { ja: "トークンエンドポイントはクライアント認証を要求する", en: "the token endpoint requires client authentication" }, fail: { ja: "トークンエンドポイントがクライアントを認証しない", en: "the token endpoint does not authenticate the client" } };
      if (issued) return verdict(false, { expected: { ja: "クライアント認証のない要求の拒否", en: "a request without client authentication refused" }, observed: { ja: "クライアント認証なしでトークンが発行された", en: "a token was issued without client authentication" }, where, subject: s.config.clientId }, summary, OAUTH_BASES.clientAuth);
      return verdict(clientFirst, { expected: { ja: "HTTP 401 invalid_client（又は400 invalid_request）", en: "HTTP 401 invalid_client (or 400 invalid_request, CSC v2 §8.4.4)" }, observed: clientFirst ? observed : { ja: `${observed}：クライアント認証の前にグラントを評価した`, en: `${observed}: the grant was evaluated for an unauthenticated client` }, where, subject: s.config.clientId }, { pass: summary.pass, fail: { ja: "トークンエンドポイントがクライアント認証より先にグラントを評価する", en: "the token endpoint looks at the grant before authenticating the client" } }, OAUTH_BASES.clientAuthOrder);
    });
  },
});
