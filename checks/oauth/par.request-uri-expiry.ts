/**
 * oauth.par.request-uri-expiry — a request_uri expires as announced. A pushed request's response
 * must carry expires_in (RFC 9126 §2.2) no longer than the par.requestUriMaxSeconds parameter; when
 * it is 60 s or less the check waits it out and opens the request_uri: an expired request_uri MUST
 * be rejected (RFC 9126 §4). No login is made (no one-time code is spent).
 * (Judged from the shared OAuth session: src/oauth/session.ts, src/oauth/flows.ts, src/oauth/par.ts.)
 */
import { defineCheck } from "../../src/check/types.ts";
import { withOAuth, verdict } from "../../src/oauth/judge.ts";
import { PAR_BASES, parameterBasis } from "../../src/oauth/bases.ts";
import { endpoints } from "../../src/oauth/session.ts";
import { answerUrl, authorizeParams, describeAnswer, showsSignIn } from "../../src/oauth/flows.ts";
import { parNotOffered, pushAuthorization, requestUriUrl } from "../../src/oauth/par.ts";
import { newPkce, newState } from "../../src/oauth/pkce.ts";

/** The longest lifetime the check waits out. */
const WAIT_LIMIT_S = 60;

export default defineCheck({
  id: "oauth.par.request-uri-expiry",
  family: "oauth",
  title: { ja: "request_uriは告げた有効期間で失効する", en: "A request_uri expires as announced" },
  description: {
    ja: "プッシュ型認可要求の応答はexpires_in（RFC 9126 §2.2）を含み、パラメータpar.requestUriMaxSecondsを超えてはならない。60秒以下なら期限後にrequest_uriを開き、拒否されることを確認する（RFC 9126 §4：期限切れのrequest_uriは拒否しなければならない）。ログインはしない（ワンタイムパスワードを消費しない）。",
    en: "A pushed request's response must carry expires_in (RFC 9126 §2.2), no longer than the par.requestUriMaxSeconds parameter; when it is 60 s or less the check waits it out and opens the request_uri, which must be rejected (RFC 9126 §4: an expired request_uri MUST be rejected). No login is made (no one-time code spent).",
  },
  needs: ["csc"],
  parameters: ["par.requestUriMaxSeconds"],
  intrusive: false,
  timeoutMs: 120_000,
  async run(ctx) {
    return withOAuth(ctx, "OAuth 2.0 (oauth.par.request-uri-expiry)", async (s) => {
      const par = s.features.par;
      if (!par) return parNotOffered(s, "oauth.par.request-uri-expiry");
      const limit = Number(ctx.parameters["par.requestUriMaxSeconds"] ?? 600);
      const o = await pushAuthorization(ctx, s, "push a request to let it expire", authorizeParams(s, { scope: "service", pkce: newPkce(), state: newState() }));
      if (o.kind === "refused") {
        return { status: "error", summary: { ja: `判定できない：PARエンドポイントが正しい要求を拒否した（HTTP ${o.status} ${o.error ?? ""}）`, en: `could not conclude: the PAR endpoint refused a valid request (HTTP ${o.status} ${o.error ?? ""})` }, observations: [{ expected: { ja: "request_uri", en: "a request_uri" }, observed: `HTTP ${o.status} ${o.error ?? ""}`, where: par.endpoint }] };
      }
      const ttl = o.expiresIn;
      const where = `${par.endpoint} (expires_in)`;
      const summary = (ok: string, okJa: string) => ({ pass: { ja: okJa, en: ok }, fail: { ja: "request_uriの有効期間が守られていない", en: "the request_uri lifetime is not kept" } });
      if (ttl === undefined || !Number.isInteger(ttl) || ttl <= 0) {
        return verdict(false, { expected: { ja: "expires_in（正の整数）", en: "expires_in, a positive integer" }, observed: `expires_in ${JSON.stringify(ttl ?? null)}`, where, subject: s.config.clientId }, { pass: "", fail: { ja: "PARの応答に有効なexpires_inがない", en: "the PAR response has no valid expires_in" } }, PAR_BASES.expiresIn);
      }
      if (ttl > limit) {
        return verdict(false, { expected: { ja: `expires_in ≤ ${limit}秒（par.requestUriMaxSeconds）`, en: `expires_in ≤ ${limit} s (par.requestUriMaxSeconds)` }, observed: `expires_in ${ttl} s`, where, subject: s.config.clientId }, { pass: "", fail: { ja: `request_uriの有効期間${ttl}秒が${limit}秒を超える`, en: `request_uris live ${ttl} s, longer than ${limit} s` } }, parameterBasis("par.requestUriMaxSeconds"));
      }
      if (ttl > WAIT_LIMIT_S) {
        return { status: "pass", summary: { ja: `expires_in ${ttl}秒 ≤ ${limit}秒（${WAIT_LIMIT_S}秒を超えるため失効は待たない）`, en: `expires_in ${ttl} s ≤ ${limit} s (expiry not waited for: longer than ${WAIT_LIMIT_S} s)` }, observations: [{ expected: { ja: `expires_in ≤ ${limit}秒`, en: `expires_in ≤ ${limit} s` }, observed: `${ttl} s`, where, subject: s.config.clientId, ok: true }] };
      }
      await new Promise((r) => setTimeout(r, ttl * 1000 + 1500));
      const late = await answerUrl(ctx, s, `open the request_uri after its expires_in (${ttl} s)`, requestUriUrl(endpoints(s).authorize, s.config.clientId, o.requestUri), s.config.redirectUri);
      const accepted = showsSignIn(late) || (late.kind === "redirect" && late.params.error === undefined);
      return verdict(
        !accepted,
        { expected: { ja: `${ttl}秒後の拒否`, en: `refused after ${ttl} s` }, observed: accepted ? { ja: `期限切れのrequest_uriが受け付けられた（${describeAnswer(late)}）`, en: `the expired request_uri was accepted (${describeAnswer(late)})` } : describeAnswer(late), where: `${endpoints(s).authorize} (expired request_uri)`, subject: s.config.clientId },
        summary(`request_uris live ${ttl} s and are rejected after`, `request_uriは${ttl}秒で失効し、以後拒否される`),
        PAR_BASES.expiry,
      );
    });
  },
});
