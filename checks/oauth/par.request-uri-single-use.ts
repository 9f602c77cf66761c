/**
 * oauth.par.request-uri-single-use — a request_uri serves one authorization. After the credential
 * login that used it has completed (code issued), the same request_uri is opened again: it should
 * be refused (RFC 9126 §4 SHOULD; a reload's duplicate MAY be allowed, hence only after the
 * authorization completed, and a reuse is an advisory finding).
 * (Judged from the shared OAuth session: src/oauth/session.ts, src/oauth/flows.ts, src/oauth/par.ts.)
 */
import { defineCheck } from "../../src/check/types.ts";
import { withOAuth, verdict } from "../../src/oauth/judge.ts";
import { PAR_BASES } from "../../src/oauth/bases.ts";
import { endpoints } from "../../src/oauth/session.ts";
import { answerUrl, bindingProbe, describeAnswer, showsSignIn } from "../../src/oauth/flows.ts";
import { parNotOffered, requestUriUrl } from "../../src/oauth/par.ts";

export default defineCheck({
  id: "oauth.par.request-uri-single-use",
  family: "oauth",
  title: { ja: "request_uriは一度だけ使用できる", en: "A request_uri serves one authorization" },
  description: {
    ja: "プッシュ型認可要求（RFC 9126）で得たrequest_uriで認可が完了した後、同じrequest_uriを再び開く。拒否されるべきである（RFC 9126 §4「一度限りの使用として扱うべき」。再読み込みによる重複は許容され得るため、認可の完了後にのみ試す。再使用は観察事項とする）。",
    en: "After the authorization that used a pushed request's request_uri has completed, the same request_uri is opened again: it should be refused (RFC 9126 §4 SHOULD treat it as one-time use; a reload's duplicate MAY be allowed, so it is tried only after completion, and a reuse is an advisory finding).",
  },
  needs: ["csc"],
  intrusive: false,
  timeoutMs: 90_000,
  async run(ctx) {
    return withOAuth(ctx, "OAuth 2.0 (oauth.par.request-uri-single-use)", async (s) => {
      if (!s.features.par) return parNotOffered(s, "oauth.par.request-uri-single-use");
      const p = await bindingProbe(ctx, s);
      if (!p.pushed || !p.tokenResponse) {
        return { status: "error", summary: { ja: `判定できない：プッシュ型認可要求による認可が完了しなかった（${p.problem ?? "request_uriなし"}）`, en: `could not conclude: no authorization through a pushed request completed (${p.problem ?? "no request_uri"})` }, observations: [{ expected: { ja: "プッシュ型認可要求による認可の完了", en: "a completed authorization through a pushed request" }, observed: p.problem ?? "no request_uri", where: s.features.par.endpoint }] };
      }
      const again = await answerUrl(ctx, s, "open the request_uri of a completed authorization again", requestUriUrl(endpoints(s).authorize, s.config.clientId, p.pushed.requestUri), s.config.redirectUri);
      const reused = showsSignIn(again) || (again.kind === "redirect" && again.params.code !== undefined);
      return verdict(
        !reused,
        { expected: { ja: "使用済みのrequest_uriの拒否", en: "the used request_uri refused" }, observed: reused ? { ja: `使用済みのrequest_uriが再び受け付けられた（${describeAnswer(again)}）`, en: `the used request_uri was accepted again (${describeAnswer(again)})` } : describeAnswer(again), where: `${endpoints(s).authorize} (request_uri reused)`, subject: s.config.clientId },
        { pass: { ja: "使用済みのrequest_uriは拒否される", en: "a used request_uri is refused" }, fail: { ja: "使用済みのrequest_uriが再び受け付けられる", en: "a used request_uri is accepted again" } },
        PAR_BASES.singleUse,
      );
    });
  },
});
