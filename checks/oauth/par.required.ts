/**
 * oauth.par.required — a provider that requires PAR refuses classical requests. Where the metadata
 * says require_pushed_authorization_requests: true (RFC 9126 §5), a well-formed authorization
 * request without request_uri (PKCE, state, registered redirect URI) is refused with
 * invalid_request (§4). The text has no BCP 14 keyword ("will refuse"): serving it is advisory.
 * (Judged from the shared OAuth session: src/oauth/session.ts, src/oauth/flows.ts, src/oauth/par.ts.)
 */
import { defineCheck } from "../../src/check/types.ts";
import { withOAuth, verdict } from "../../src/oauth/judge.ts";
import { PAR_BASES } from "../../src/oauth/bases.ts";
import { endpoints } from "../../src/oauth/session.ts";
import { answerUrl, authorizeUrl, describeAnswer, showsSignIn } from "../../src/oauth/flows.ts";
import { parNotOffered } from "../../src/oauth/par.ts";
import { newPkce, newState } from "../../src/oauth/pkce.ts";

export default defineCheck({
  id: "oauth.par.required",
  family: "oauth",
  title: { ja: "PARを必須とする事業者は従来の認可要求を拒否する", en: "A provider that requires PAR refuses classical requests" },
  description: {
    ja: "メタデータがrequire_pushed_authorization_requests: trueとする場合（RFC 9126 §5）、request_uriのない正しい形式の認可要求（PKCE、state、登録済みredirect_uri）はinvalid_requestで拒否される（§4）。本文にBCP 14の助動詞がないため、受理は観察事項とする。",
    en: "Where the metadata says require_pushed_authorization_requests: true (RFC 9126 §5), a well-formed authorization request without request_uri (PKCE, state, registered redirect URI) is refused with invalid_request (§4). The text has no BCP 14 keyword (\"will refuse\"): serving it is an advisory finding.",
  },
  needs: ["csc"],
  intrusive: false,
  timeoutMs: 90_000,
  async run(ctx) {
    return withOAuth(ctx, "OAuth 2.0 (oauth.par.required)", async (s) => {
      const par = s.features.par;
      if (!par) return parNotOffered(s, "oauth.par.required");
      if (!par.required) {
        return { status: "not-applicable", summary: { ja: "事業者はPARを必須としていない（require_pushed_authorization_requestsがtrueでない）。従来の認可要求も許される", en: "the provider does not require PAR (require_pushed_authorization_requests is not true): classical requests are allowed" }, observations: [{ expected: { ja: "require_pushed_authorization_requests: true", en: "require_pushed_authorization_requests: true" }, observed: `require_pushed_authorization_requests ${JSON.stringify(s.metadata.require_pushed_authorization_requests ?? null)}`, where: `${s.issuer} metadata` }], notApplicableReason: "no-par-policy" };
      }
      const a = await answerUrl(ctx, s, "a classical authorization request (no request_uri)", authorizeUrl(s, { scope: "service", pkce: newPkce(), state: newState() }), s.config.redirectUri);
      const served = showsSignIn(a) || (a.kind === "redirect" && a.params.code !== undefined);
      return verdict(
        !served,
        { expected: { ja: "request_uriのない要求の拒否（invalid_request）", en: "a request without request_uri refused (invalid_request)" }, observed: served ? { ja: `request_uriのない要求が受け付けられた（${describeAnswer(a)}）`, en: `a request without request_uri was served (${describeAnswer(a)})` } : describeAnswer(a), where: `${endpoints(s).authorize} (no request_uri)`, subject: s.config.clientId },
        { pass: { ja: "PARを経ない認可要求は拒否される", en: "authorization requests that bypass PAR are refused" }, fail: { ja: "メタデータはPARを必須とするが、従来の認可要求が受け付けられる", en: "the metadata requires PAR, yet classical authorization requests are served" } },
        PAR_BASES.required,
      );
    });
  },
});
