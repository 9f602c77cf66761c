/**
 * hsm.key.sign-only — signing keys serve signing alone: CKA_DECRYPT, CKA_UNWRAP and CKA_DERIVE
 * are false. (SoftHSM and others default decrypt/unwrap to true unless the template says
 * otherwise, so this catches a common provisioning slip.) An attribute the token does not define
 * for the key type (CKR_ATTRIBUTE_TYPE_INVALID) means the key cannot do it: that is compliant.
 */
import { withBasis, controlBasis } from "../../src/check/with-basis.ts";
import type { CheckOutcome } from "../../src/check/types.ts";
import { defineCheck } from "../../src/check/types.ts";
import type { BooleanAttribute } from "../../src/hsm/attributes.ts";
import { HSM_CHECK_TIMEOUT_MS, tokenSurvey } from "../../src/hsm/assessment-survey.ts";
import { expectFlag, judgeSigningKeys, type KeyFinding } from "../../src/hsm/judge-keys.ts";
import type { SurveyedPrivateKey } from "../../src/hsm/survey-types.ts";

const OTHER_USES: BooleanAttribute[] = ["CKA_DECRYPT", "CKA_UNWRAP", "CKA_DERIVE"];

function notAllowed(key: SurveyedPrivateKey, attribute: BooleanAttribute): KeyFinding {
  const flag = key.flags[attribute];
  if (typeof flag === "object" && flag.refused === "CKR_ATTRIBUTE_TYPE_INVALID") {
    return { looked: attribute, expected: `${attribute}=false`, observed: { ja: `${attribute}はこの鍵種別に定義されない（CKR_ATTRIBUTE_TYPE_INVALID）: その用途には使えない`, en: `${attribute} not defined for this key type (CKR_ATTRIBUTE_TYPE_INVALID): the key cannot do it` }, ok: true };
  }
  return expectFlag(key, attribute, false, { ja: "署名専用", en: "sign only" });
}

/** What a departure of this check rests on (design §3a; docs/CHECKS.md). */
const BASIS = controlBasis("KM-12");

export default defineCheck({
  id: "hsm.key.sign-only",
  family: "hsm",
  title: { ja: "署名鍵の用途が署名に限定されている", en: "Signing keys are restricted to signing" },
  description: {
    ja: "各署名鍵のCKA_DECRYPT、CKA_UNWRAP、CKA_DERIVEがfalseであることを確認する。復号・アンラップ・鍵導出を許す鍵は、署名以外の操作で悪用され得る。",
    en: "Checks that CKA_DECRYPT, CKA_UNWRAP and CKA_DERIVE are false on every signing key: a key that also decrypts, unwraps or derives can be abused outside signature creation.",
  },
  needs: ["hsm"],
  intrusive: false,
  timeoutMs: HSM_CHECK_TIMEOUT_MS,
  async run(ctx) {
    return withBasis(await (async (): Promise<CheckOutcome> => {
    const survey = await tokenSurvey(ctx);
    return judgeSigningKeys(survey, (key) => OTHER_USES.map((a) => notAllowed(key, a)), {
      pass: { ja: "署名用途に限定されている", en: "are restricted to signing" },
      fail: { ja: "復号・アンラップ・鍵導出を許す", en: "allow decryption, unwrapping or derivation" },
    });
    })(), BASIS);
  },
});
