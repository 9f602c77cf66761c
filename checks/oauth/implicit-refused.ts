/**
 * oauth.implicit-refused — the implicit grant is refused. response_type=token must be refused at the authorization endpoint and absent from the metadata (tokens in URL fragments leak; the CSC API deprecates the implicit flow).
 * (Judged from the shared OAuth session: src/oauth/session.ts, src/oauth/flows.ts.)
 */
import { defineCheck } from "../../src/check/types.ts";
import { withOAuth, verdict } from "../../src/oauth/judge.ts";
import { OAUTH_BASES } from "../../src/oauth/bases.ts";
import { endpoints } from "../../src/oauth/session.ts";
import { answerAuthorization, describeAnswer, showsSignIn } from "../../src/oauth/flows.ts";
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
      const a = await answerAuthorization(ctx, s, "authorization request for the implicit grant", { scope: "service", state: newState(), responseType: "token" });
      const accepted = showsSignIn(a) || (a.kind === "redirect" && !a.params.error);
      const ok = !accepted && !advertised;
      const observed = `${accepted ? `the implicit request was accepted (${describeAnswer(a)})` : `refused (${describeAnswer(a)})`}; metadata response_types_supported ${advertised ? "includes" : "does not include"} token`;
      return verdict(
        ok,
        { expected: { ja: "response_type=tokenの拒否、かつメタデータに含まれないこと", en: "response_type=token refused and not advertised" }, observed, where: `${endpoints(s).authorize} (response_type=token)`, subject: s.issuer },
        { pass: { ja: "インプリシットグラントは拒否される", en: "the implicit grant is refused" }, fail: { ja: "インプリシットグラントが提供されている", en: "the implicit grant is offered" } },
        OAUTH_BASES.implicit,
      );
    });
  },
});
