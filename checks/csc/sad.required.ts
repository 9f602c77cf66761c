/**
 * csc.sad.required — signHash without a SAD is refused: the service (login) token alone must
 * never sign. Tried on the cheapest credential and the primary multi-factor one; nothing is
 * authorized, so no TOTP code is spent.
 */
import { defineCheck } from "../../src/check/types.ts";
import { randomDigests, signHash } from "../../src/csc/activation.ts";
import { cheapCredential, twoFactorCredentials } from "../../src/csc/session.ts";
import { at, cannotConclude, mustRefuse, runProbe, conclude } from "../../src/csc/probe.ts";
import { excludedByScope } from "../../src/csc/credential-scope.ts";

export default defineCheck({
  id: "csc.sad.required",
  family: "csc",
  title: { ja: "SADなしの署名要求は拒否される", en: "signHash without a SAD is refused" },
  description: {
    ja: "SADを付けずにアクセストークンのみでsignatures/signHashを呼び、拒否されることを確認する（サービストークンだけで署名できてはならない）。",
    en: "Calls signatures/signHash with the access token but no SAD and expects a refusal: the service token alone must not sign.",
  },
  needs: ["csc", "csc.signer"],
  intrusive: false,
  async run(ctx) {
    return runProbe(ctx, "csc.sad.required", async ({ session, t }) => {
      const targets = [...new Map([cheapCredential(session), twoFactorCredentials(session)[0]].filter((c) => c !== undefined).map((c) => [c.credentialID, c])).values()];
      if (!targets.length) return excludedByScope(session.excluded) ?? cannotConclude({ ja: "試す鍵がない", en: "no credential to try" }, at(session, "credentials/list", "credentials"));
      const judged = [];
      for (const c of targets) {
        const reply = await signHash(session, t, c, { hashes: randomDigests(1), step: `signHash on ${c.credentialID} without a SAD` }, ctx.signal);
        judged.push(mustRefuse(reply, { ja: "拒否", en: "a refusal" }, at(session, "signatures/signHash", `no SAD, ${c.credentialID}`), { ja: "SADなしで署名された — アクセストークンだけで署名できる", en: "signed without a SAD — the access token alone signs" }, c.credentialID));
      }
      return conclude(judged, { pass: { ja: "SADのないsignHashは拒否される", en: "signHash without a SAD is refused" }, fail: { ja: "サービスのトークンだけで署名できる", en: "the service token alone signs" } });
    });
  },
});
