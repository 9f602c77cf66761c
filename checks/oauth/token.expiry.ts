/**
 * oauth.token.expiry — credential tokens are short-lived and expire. A token used after the
 * lifetime it was issued with (expires_in, CSC v2 §8.4.4; default 3600 s) must be refused (the check
 * waits when the lifetime is 30 s or less): OAUTH_BASES.tokenExpiry. An expires_in above the
 * sad.ttlSeconds parameter fails when the assessment set the parameter, and is advisory under the
 * catalog default (no text gives a figure).
 * (Judged from the shared OAuth session: src/oauth/session.ts, src/oauth/flows.ts.)
 */
import { defineCheck } from "../../src/check/types.ts";
import { withOAuth, verdict, refusalVerdict } from "../../src/oauth/judge.ts";
import { OAUTH_BASES, parameterBasis } from "../../src/oauth/bases.ts";
import { endpoints } from "../../src/oauth/session.ts";
import { credentialToken, digestOf, signWithToken } from "../../src/oauth/flows.ts";

export default defineCheck({
  id: "oauth.token.expiry",
  family: "oauth",
  title: { ja: "クレデンシャルトークンは短命で失効する", en: "Credential tokens are short-lived and expire" },
  description: {
    ja: "expires_inはパラメータsad.ttlSecondsを超えてはならず、期限後のトークンは拒否されなければならない（有効期間が30秒以下なら待って確認する）。",
    en: "expires_in must not exceed the sad.ttlSeconds parameter, and a token used after it must be refused (the check waits when the lifetime is 30 s or less).",
  },
  needs: ["csc"],
  parameters: ["sad.ttlSeconds"],
  intrusive: false,
  timeoutMs: 90_000,
  async run(ctx) {
    return withOAuth(ctx, "OAuth 2.0 (oauth.token.expiry)", async (s) => {
      const c = s.credentials[0]!;
      const limit = Number(ctx.parameters["sad.ttlSeconds"] ?? 300);
      const h = [digestOf("oauth expiry")];
      const { token } = await credentialToken(ctx, s, c, h);
      const access = typeof token?.access_token === "string" ? token.access_token : undefined;
      // CSC v2 §8.4.4: expires_in is OPTIONAL, default 3600 s.
      const ttl = token?.expires_in === undefined ? 3600 : Number(token.expires_in);
      if (!access || !Number.isFinite(ttl)) return { status: "error", summary: { ja: "判定できない：クレデンシャルトークンが得られない", en: "could not conclude: no credential token" }, observations: [{ expected: { ja: "クレデンシャルトークン", en: "a credential token" }, observed: access ? `expires_in ${String(token?.expires_in)}` : { ja: "なし", en: "none" }, where: endpoints(s).token }] };
      const basis = ctx.parametersSet?.has("sad.ttlSeconds") ? parameterBasis("sad.ttlSeconds") : OAUTH_BASES.tokenLifetimeDefault;
      if (ttl > limit) return verdict(false, { expected: { ja: `expires_in ≤ ${limit}秒（sad.ttlSeconds）`, en: `expires_in ≤ ${limit} s (sad.ttlSeconds)` }, observed: token?.expires_in === undefined ? { ja: `expires_in ${ttl}秒（省略: CSCの既定値）`, en: `expires_in ${ttl} s (omitted: CSC default)` } : `expires_in ${ttl} s`, where: `${endpoints(s).token} (scope=credential)`, subject: c.credentialID }, { pass: { ja: "", en: "" }, fail: { ja: `クレデンシャルトークンの有効期間${ttl}秒が${limit}秒を超える`, en: `credential tokens live ${ttl} s, longer than ${limit} s` } }, basis);
      if (ttl > 30) return { status: "pass", summary: { ja: `expires_in ${ttl}秒 ≤ ${limit}秒（30秒を超えるため失効は待たない）`, en: `expires_in ${ttl} s ≤ ${limit} s (expiry not waited for: longer than 30 s)` }, observations: [{ expected: { ja: `expires_in ≤ ${limit}秒`, en: `expires_in ≤ ${limit} s` }, observed: `${ttl} s`, where: endpoints(s).token, subject: c.credentialID, ok: true }] };
      await new Promise((r) => setTimeout(r, ttl * 1000 + 1000));
      const late = await signWithToken(ctx, s, "sign after the token's expiry", access, c.credentialID, h);
      return refusalVerdict(late, { expected: { ja: `${ttl}秒後に拒否される`, en: `refused after ${ttl} s` }, where: "signatures/signHash (expired credential token)", subject: c.credentialID }, { pass: { ja: `クレデンシャルトークンは${ttl}秒で失効し、以後拒否される`, en: `credential tokens live ${ttl} s and are refused after` }, fail: { ja: "失効したクレデンシャルトークンで署名できる", en: "an expired credential token still signs" } }, OAUTH_BASES.tokenExpiry);
    });
  },
});
