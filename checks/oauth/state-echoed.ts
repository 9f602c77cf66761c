/**
 * oauth.state-echoed — state is returned unchanged. The state sent with the authorization request must come back unchanged with the code (CSRF protection of the signature application).
 * (Judged from the shared OAuth session: src/oauth/session.ts, src/oauth/flows.ts.)
 */
import { defineCheck } from "../../src/check/types.ts";
import { withOAuth, verdict } from "../../src/oauth/judge.ts";
import { OAUTH_BASES } from "../../src/oauth/bases.ts";
import { bindingProbe } from "../../src/oauth/flows.ts";

export default defineCheck({
  id: "oauth.state-echoed",
  family: "oauth",
  title: { ja: "stateがそのまま返される", en: "State is returned unchanged" },
  description: {
    ja: "認可要求で送ったstateが、認可コードとともに変更されずに返されなければならない（署名生成アプリケーション（SCA）のCSRF対策）。",
    en: "The state sent with the authorization request must come back unchanged with the code (CSRF protection of the signature application).",
  },
  needs: ["csc"],
  intrusive: false,
  timeoutMs: 90_000,
  async run(ctx) {
    return withOAuth(ctx, "OAuth 2.0 (oauth.state-echoed)", async (s) => {
      const p = await bindingProbe(ctx, s);
      const ok = p.state.returned === p.state.sent;
      return verdict(ok, { expected: { ja: `state ${p.state.sent}（送ったものと同じ）`, en: `state ${p.state.sent}` }, observed: p.state.returned === undefined ? { ja: "stateが返されない", en: "no state returned" } : ok ? { ja: "同じstate", en: "the same state" } : { ja: `異なるstate（${p.state.returned.slice(0, 40)}）`, en: `a different state (${p.state.returned.slice(0, 40)})` }, where: `redirect to ${s.config.redirectUri}`, subject: p.credential.credentialID }, { pass: { ja: "stateはそのまま返される", en: "state is echoed unchanged" }, fail: { ja: "stateがそのまま返されない", en: "state is not echoed unchanged" } }, OAUTH_BASES.state);
    });
  },
});
