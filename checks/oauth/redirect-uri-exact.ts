/**
 * oauth.redirect-uri-exact — redirect_uri must match the registered one exactly. An authorization request whose redirect_uri differs from the registered one (a suffix appended) must end on the provider's error page, never in a redirect there nor in a login page that would later send the code there.
 * (Judged from the shared OAuth session: src/oauth/session.ts, src/oauth/flows.ts.)
 */
import { defineCheck } from "../../src/check/types.ts";
import { withOAuth, verdict } from "../../src/oauth/judge.ts";
import { OAUTH_BASES } from "../../src/oauth/bases.ts";
import { endpoints } from "../../src/oauth/session.ts";
import { answerAuthorization, describeAnswer, showsSignIn } from "../../src/oauth/flows.ts";
import { newPkce, newState } from "../../src/oauth/pkce.ts";

export default defineCheck({
  id: "oauth.redirect-uri-exact",
  family: "oauth",
  title: { ja: "redirect_uriが登録値と完全一致しなければならない", en: "Redirect_uri must match the registered one exactly" },
  description: {
    ja: "登録値と異なるredirect_uri（末尾に文字列を追加）の認可要求は、事業者のエラー画面で終わらなければならず、そのURIへのリダイレクトやログイン画面の表示は不合格とする。",
    en: "An authorization request whose redirect_uri differs from the registered one (a suffix appended) must end on the provider's error page, never in a redirect there nor in a login page that would later send the code there.",
  },
  needs: ["csc"],
  intrusive: false,
  timeoutMs: 90_000,
  async run(ctx) {
    return withOAuth(ctx, "OAuth 2.0 (oauth.redirect-uri-exact)", async (s) => {
      const evil = `${s.config.redirectUri}-attacker`;
      const a = await answerAuthorization(ctx, s, "authorization request with a modified redirect_uri", { scope: "service", pkce: newPkce(), state: newState(), redirectUri: evil });
      const accepted = showsSignIn(a) || (a.kind === "redirect" && a.target.startsWith(evil));
      return verdict(
        !accepted,
        { expected: { ja: "エラー画面（未登録のURIへリダイレクトしない）", en: "an error page; no redirect to an unregistered URI" }, observed: accepted ? (a.kind === "redirect" ? `redirected to the unregistered ${a.target}` : "the sign-in page was shown for an unregistered redirect_uri") : describeAnswer(a), where: `${endpoints(s).authorize} (redirect_uri=${evil})`, subject: s.config.clientId },
        { pass: { ja: "未登録のredirect_uriは拒否される", en: "an unregistered redirect_uri is refused" }, fail: { ja: "未登録のredirect_uriが受け付けられる", en: "an unregistered redirect_uri is accepted" } },
        OAUTH_BASES.redirectUri,
      );
    });
  },
});
