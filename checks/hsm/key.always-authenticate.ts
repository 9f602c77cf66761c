/**
 * hsm.key.always-authenticate — where the provider claims per-signature activation in the device
 * (parameter `hsm.requireAlwaysAuthenticate: true`), every signing key has
 * CKA_ALWAYS_AUTHENTICATE=true, so each C_Sign needs its own context-specific login. Without the
 * claim the check is not-applicable and reports what it observed, for information.
 */
import { defineCheck } from "../../src/check/types.ts";
import { basis, parameterClause } from "../../src/check/basis.ts";
import { HSM_CHECK_TIMEOUT_MS, tokenSurvey } from "../../src/hsm/assessment-survey.ts";
import { expectFlag, judgeSigningKeys, observationOf } from "../../src/hsm/judge-keys.ts";
import { isSigningKey, showFlag } from "../../src/hsm/survey-types.ts";

export default defineCheck({
  id: "hsm.key.always-authenticate",
  family: "hsm",
  title: { ja: "署名ごとの鍵活性化（CKA_ALWAYS_AUTHENTICATE）", en: "Per-signature activation (CKA_ALWAYS_AUTHENTICATE)" },
  description: {
    ja: "事業者がHSM内での署名ごとの活性化を主張する場合（パラメータhsm.requireAlwaysAuthenticate=true）、各署名鍵のCKA_ALWAYS_AUTHENTICATEがtrueであることを確認する。主張がない場合は適用外とし、観測値を参考情報として報告する。",
    en: "Where the provider claims per-signature activation in the device (parameter hsm.requireAlwaysAuthenticate=true), checks that every signing key has CKA_ALWAYS_AUTHENTICATE=true. Without the claim the check is not-applicable and reports the observed values for information.",
  },
  needs: ["hsm"],
  parameters: ["hsm.requireAlwaysAuthenticate"],
  intrusive: false,
  timeoutMs: HSM_CHECK_TIMEOUT_MS,
  async run(ctx) {
    const survey = await tokenSurvey(ctx);
    const required = ctx.parameters["hsm.requireAlwaysAuthenticate"] === true;
    if (required) {
      return judgeSigningKeys(survey, (key) => [{ ...expectFlag(key, "CKA_ALWAYS_AUTHENTICATE", true, { ja: "署名ごとの活性化を表明している", en: "per-signature activation claimed" }), basis: basis("catalog", parameterClause("hsm.requireAlwaysAuthenticate"), "shall") }], {
        pass: { ja: "署名ごとにログインを要求する", en: "require a login for every signature" },
        fail: { ja: "事業者が表明しているにもかかわらず署名ごとの活性化を要求しない", en: "do not require per-signature activation although the provider claims it" },
      });
    }
    const keys = survey.privateKeys.filter(isSigningKey);
    const observations = keys.map((key) =>
      observationOf(key, { looked: "CKA_ALWAYS_AUTHENTICATE", expected: { ja: "参考：署名ごとの活性化は表明されていない（hsm.requireAlwaysAuthenticate=false）", en: "informative: per-signature activation not claimed (hsm.requireAlwaysAuthenticate=false)" }, observed: `CKA_ALWAYS_AUTHENTICATE=${showFlag(key.flags.CKA_ALWAYS_AUTHENTICATE)}`, ok: undefined }),
    );
    const on = keys.filter((k) => k.flags.CKA_ALWAYS_AUTHENTICATE === true).length;
    return { status: "not-applicable", summary: {
      ja: `事業者は署名ごとの活性化を表明していない（hsm.requireAlwaysAuthenticate=false）。観測：署名鍵${keys.length}個中${on}個がCKA_ALWAYS_AUTHENTICATE=true`,
      en: `the provider does not claim per-signature activation (hsm.requireAlwaysAuthenticate=false); observed: ${on} of ${keys.length} signing key(s) have CKA_ALWAYS_AUTHENTICATE=true`,
    }, observations };
  },
});
