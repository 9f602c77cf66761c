/**
 * oauth.token-client-auth — the token endpoint authenticates the client first. A token request without client authentication must be refused as invalid_client before the grant is looked at: an endpoint that answers invalid_grant (or issues tokens) evaluated the code for an unauthenticated client.
 * (Judged from the shared OAuth session: src/oauth/session.ts, src/oauth/flows.ts.)
 */
import { defineCheck } from "../../src/check/types.ts";
import { withOAuth, verdict, refused } from "../../src/oauth/judge.ts";
import { endpoints } from "../../src/oauth/session.ts";
import { exchangeCode } from "../../src/oauth/flows.ts";
import { newPkce } from "../../src/oauth/pkce.ts";

export default defineCheck({
  id: "oauth.token-client-auth",
  family: "oauth",
  title: { ja: "トークンエンドポイントがクライアントを認証する", en: "The token endpoint authenticates the client first" },
  description: {
    ja: "クライアント認証のないトークン要求は、グラントを評価する前にinvalid_clientとして拒否されなければならない。invalid_grantを返す（又はトークンを発行する）場合は不合格とする。",
    en: "A token request without client authentication must be refused as invalid_client before the grant is looked at: an endpoint that answers invalid_grant (or issues tokens) evaluated the code for an unauthenticated client.",
  },
  needs: ["csc"],
  intrusive: false,
  timeoutMs: 90_000,
  async run(ctx) {
    return withOAuth(ctx, "OAuth 2.0 (oauth.token-client-auth)", async (s) => {
    const r = await exchangeCode(ctx, s, "token request without client authentication", { code: "rssp-audit-probe-not-a-code", code_verifier: newPkce().verifier }, true);
    const ok = r.status === 401 || r.body.error === "invalid_client";
    return verdict(ok, { expected: "HTTP 401 invalid_client", observed: `HTTP ${r.status} ${String(r.body.error ?? "")}`, where: `${endpoints(s).token} (no client authentication)`, subject: s.config.clientId }, { pass: "the token endpoint requires client authentication", fail: "the token endpoint does not authenticate the client first" });
    });
  },
});
