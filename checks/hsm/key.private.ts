/**
 * hsm.key.private — signing keys are private objects (CKA_PRIVATE=true): invisible and unusable
 * until the user logs in.
 */
import { withBasis, controlBasis } from "../../src/check/with-basis.ts";
import type { CheckOutcome } from "../../src/check/types.ts";
import { defineCheck } from "../../src/check/types.ts";
import { HSM_CHECK_TIMEOUT_MS, tokenSurvey } from "../../src/hsm/assessment-survey.ts";
import { expectFlag, judgeSigningKeys } from "../../src/hsm/judge-keys.ts";

/** What a departure of this check rests on (design §3a; docs/CHECKS-oauth-cert-tls-hsm.md). */
const BASIS = controlBasis("KM-04");

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
    return withBasis(await (async (): Promise<CheckOutcome> => {
    const survey = await tokenSurvey(ctx);
    return judgeSigningKeys(survey, (key) => [expectFlag(key, "CKA_PRIVATE", true, "visible only after login")], {
      pass: "are private objects (CKA_PRIVATE=true)",
      fail: "visible without login (CKA_PRIVATE=false)",
    });
    })(), BASIS);
  },
});
