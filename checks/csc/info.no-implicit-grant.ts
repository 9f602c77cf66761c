/**
 * csc.info.no-implicit-grant — the OAuth 2.0 implicit grant (tokens in the redirect URI, no client
 * authentication, no PKCE) is not offered: `info.authType` must not list `oauth2implicit`.
 */
import { defineCheck } from "../../src/check/types.ts";
import { at, oneLine, runProbe } from "../../src/csc/probe.ts";

export default defineCheck({
  id: "csc.info.no-implicit-grant",
  family: "csc",
  title: { ja: "OAuthインプリシットグラントを提供しない", en: "The OAuth implicit grant is not offered" },
  description: {
    ja: "infoのauthTypeにoauth2implicitが含まれないことを確認する（アクセストークンがリダイレクトURIで渡され、漏えいしやすいため）。",
    en: "Confirms info.authType does not list oauth2implicit: the implicit grant hands access tokens over in the redirect URI, where they leak.",
  },
  needs: ["csc"],
  intrusive: false,
  async run(ctx) {
    return runProbe(ctx, "csc.info.no-implicit-grant", async ({ session }) => {
      const authType = Array.isArray(session.info.body.authType) ? session.info.body.authType.map(String) : [];
      const where = at(session, "info", "authType");
      const offered = authType.includes("oauth2implicit");
      return {
        status: offered ? "fail" : "pass",
        summary: offered ? { ja: "info.authTypeがoauth2implicit（インプリシットグラント）を提供している", en: "info.authType offers oauth2implicit (the implicit grant)" } : { ja: "インプリシットグラントは提供されていない", en: "the implicit grant is not offered" },
        observations: [{ expected: { ja: "oauth2implicitを含まないauthType", en: "authType without oauth2implicit" }, observed: `authType ${oneLine(JSON.stringify(authType), 160)}`, where, ok: !offered }],
      };
    });
  },
});
