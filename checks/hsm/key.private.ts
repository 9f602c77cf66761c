/**
 * hsm.key.private — signing keys are private objects (CKA_PRIVATE=true): invisible and unusable
 * until the user logs in.
 */
import { defineCheck } from "../../src/check/types.ts";
import { HSM_CHECK_TIMEOUT_MS, tokenSurvey } from "../../src/hsm/assessment-survey.ts";
import { expectFlag, judgeSigningKeys } from "../../src/hsm/judge-keys.ts";

export default defineCheck({
  id: "hsm.key.private",
  family: "hsm",
  title: { ja: "署名鍵がプライベートオブジェクトである", en: "Signing keys are private objects" },
  description: {
    ja: "各署名鍵のCKA_PRIVATEがtrueであり、ログイン前には参照も使用もできないことを確認する。",
    en: "Checks that every signing key has CKA_PRIVATE=true, so that it can be neither seen nor used before the user logs in.",
  },
  needs: ["hsm"],
  intrusive: false,
  timeoutMs: HSM_CHECK_TIMEOUT_MS,
  async run(ctx) {
    const survey = await tokenSurvey(ctx);
    return judgeSigningKeys(survey, (key) => [expectFlag(key, "CKA_PRIVATE", true, "visible only after login")], {
      pass: "are private objects (CKA_PRIVATE=true)",
      fail: "visible without login (CKA_PRIVATE=false)",
    });
  },
});
