/**
 * oauth.implicit-refused — the implicit grant is refused. response_type=token must be refused at the authorization endpoint and absent from the metadata (tokens in URL fragments leak; the CSC API deprecates the implicit flow).
 * (Judged from the shared OAuth session: src/oauth/session.ts, src/oauth/flows.ts.)
 */
import { defineCheck } from "../../src/check/types.ts";
import { withOAuth, verdict, refused } from "../../src/oauth/judge.ts";
import { endpoints } from "../../src/oauth/session.ts";
import { redirectParams, requestAuthorization, showsLoginPage } from "../../src/oauth/flows.ts";
import { newState } from "../../src/oauth/pkce.ts";

export default defineCheck({
  id: "oauth.implicit-refused",
  family: "oauth",
  title: { ja: "インプリシットグラントが拒否される", en: "The implicit grant is refused" },
  description: {
    ja: "response_type=tokenの認可要求は拒否され、メタデータにも含まれてはならない（URLフラグメントのトークンは漏えいする）。",
    en: "response_type=token must be refused at the authorization endpoint and absent from the metadata (tokens in URL fragments leak; the CSC API deprecates the implicit flow).",
  },
  needs: ["csc"],
  intrusive: false,
  timeoutMs: 90_000,
  async run(ctx) {
    return withOAuth(ctx, "OAuth 2.0 (oauth.implicit-refused)", async (s) => {
    const advertised = Array.isArray(s.metadata.response_types_supported) && (s.metadata.response_types_supported as unknown[]).includes("token");
    const r = await requestAuthorization(ctx, s, "authorization request for the implicit grant", { scope: "service", state: newState(), responseType: "token" });
    const to = redirectParams(r);
    const accepted = showsLoginPage(r) || (to !== undefined && !to.params.error);
    const ok = !accepted && !advertised;
    return verdict(ok, { expected: "response_type=token refused and not advertised", observed: `${accepted ? "the implicit request was accepted (login page shown)" : `refused (${to?.params.error ?? `HTTP ${r.status}`})`}; metadata response_types_supported ${advertised ? "includes" : "does not include"} token`, where: `${endpoints(s).authorize} (response_type=token)`, subject: s.issuer }, { pass: "the implicit grant is refused", fail: "the implicit grant is offered" });
    });
  },
});
