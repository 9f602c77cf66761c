/**
 * csc.auth.revoked-token — an access token revoked with auth/revoke is refused afterwards. Uses a
 * fresh login (never the shared session's token), proves the token worked first, then revokes it.
 */
import { defineCheck } from "../../src/check/types.ts";
import { describeReply } from "../../src/csc/client.ts";
import { activeSigners } from "../../src/csc/session.ts";
import { at, cannotConclude, mustRefuse, notApplicable, runProbe, conclude } from "../../src/csc/probe.ts";

export default defineCheck({
  id: "csc.auth.revoked-token",
  family: "csc",
  title: { ja: "失効したアクセストークンは拒否される", en: "A revoked access token is refused" },
  description: {
    ja: "新たにログインしたトークンが使えることを確かめてからauth/revokeで失効させ、その後の呼び出しが拒否されることを確認する。",
    en: "Logs in afresh, shows the token works, revokes it with auth/revoke, and confirms it is refused afterwards.",
  },
  needs: ["csc", "csc.signer"],
  intrusive: false,
  async run(ctx) {
    return runProbe(ctx, "csc.auth.revoked-token", async ({ session, t }) => {
      const methods = Array.isArray(session.info.body.methods) ? session.info.body.methods : [];
      if (!methods.includes("auth/revoke")) return notApplicable({ ja: "サービスがauth/revokeを提供していない（トークンの失効はプローブ内では観察できない）", en: "the service does not list auth/revoke; token expiry is not observable within a probe" }, at(session, "info", "methods"));
      const signer = activeSigners(session)[0];
      if (!signer) return cannotConclude({ ja: "設定された署名者がログインできない", en: "no configured signer could log in" }, at(session, "auth/login", "login"));
      const login = await session.client.login(t, signer.account.username, signer.account.password!.reveal(), ctx.signal);
      const token = login.body.access_token;
      if (!login.ok || typeof token !== "string") return cannotConclude({ ja: `新たなログインに失敗した: ${describeReply(login)}`, en: `a fresh login failed: ${describeReply(login)}` }, at(session, "auth/login", "fresh login"));
      const before = await session.client.call(t, "list with the fresh token", "credentials/list", {}, { auth: { bearer: token }, signal: ctx.signal });
      if (!before.ok) return cannotConclude({ ja: `新たなトークンが使えなかった: ${describeReply(before)}`, en: `the fresh token did not work: ${describeReply(before)}` }, at(session, "credentials/list", "before revocation"));
      const revoke = await session.client.call(t, "revoke the fresh token", "auth/revoke", { token, token_type_hint: "access_token" }, { auth: { bearer: token }, allowNonJson: true, signal: ctx.signal });
      if (!revoke.ok) return cannotConclude({ ja: `auth/revokeに失敗した: ${describeReply(revoke)}`, en: `auth/revoke failed: ${describeReply(revoke)}` }, at(session, "auth/revoke", "revoke"));
      const after = await session.client.call(t, "list with the revoked token", "credentials/list", {}, { auth: { bearer: token }, allowNonJson: true, signal: ctx.signal });
      return conclude([mustRefuse(after, { ja: "失効したトークンへのHTTP 401", en: "HTTP 401 for the revoked token" }, at(session, "credentials/list", "after auth/revoke"), { ja: "失効させたアクセストークンがまだ使える", en: "the revoked access token still works" })], {
        pass: { ja: "失効したトークンは拒否される", en: "the revoked token is refused" },
        fail: { ja: "失効したアクセストークンが受理される", en: "a revoked access token is accepted" },
      });
    });
  },
});
