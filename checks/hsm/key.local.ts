/**
 * hsm.key.local — every signing key was generated inside the device (CKA_LOCAL=true). A key
 * created with C_CreateObject or unwrapped from outside existed in clear somewhere else first.
 */
import { withBasis, controlBasis } from "../../src/check/with-basis.ts";
import type { CheckOutcome } from "../../src/check/types.ts";
import { defineCheck } from "../../src/check/types.ts";
import { HSM_CHECK_TIMEOUT_MS, tokenSurvey } from "../../src/hsm/assessment-survey.ts";
import { expectFlag, judgeSigningKeys } from "../../src/hsm/judge-keys.ts";

/** What a departure of this check rests on (design §3a; docs/CHECKS-oauth-cert-tls-hsm.md). */
const BASIS = controlBasis("KM-01");

export default defineCheck({
  id: "hsm.key.local",
  family: "hsm",
  title: { ja: "署名鍵がHSM内で生成されている", en: "Signing keys were generated in the HSM" },
  description: {
    ja: "各署名鍵（CKA_SIGN=trueの秘密鍵）のCKA_LOCALがtrueであることを確認する。falseの鍵はC_CreateObjectやアンラップで外部から持ち込まれたもので、HSM外に平文で存在したことがある。",
    en: "Checks that every signing key (private key with CKA_SIGN=true) has CKA_LOCAL=true. A key with CKA_LOCAL=false was imported (C_CreateObject, unwrapping) and so existed in clear outside the device.",
  },
  needs: ["hsm"],
  parameters: ["km.allowImport"],
  intrusive: false,
  timeoutMs: HSM_CHECK_TIMEOUT_MS,
  async run(ctx) {
    return withBasis(await (async (): Promise<CheckOutcome> => {
    const survey = await tokenSurvey(ctx);
    const outcome = judgeSigningKeys(survey, (key) => [expectFlag(key, "CKA_LOCAL", true, "generated in the device")], {
      pass: "were generated in the device (CKA_LOCAL=true)",
      fail: "not generated in the device (imported)",
    });
    // The guideline (as SECOM quotes it) allows import from trustworthy CAs: an imported key is
    // then an open question for the assessor (its source and transfer, KM-11), not a fault.
    if (outcome.status === "fail" && ctx.parameters["km.allowImport"] === true) {
      const imported = outcome.observations.filter((o) => o.ok === false).length;
      return { ...outcome, status: "manual", summary: `${imported} signing key(s) imported (CKA_LOCAL=false): km.allowImport accepts import only from a trustworthy CA — the assessor confirms source and transfer from the import records` };
    }
    return outcome;
    })(), BASIS);
  },
});
