/**
 * hsm.key.non-exportable — every signing key is sensitive and non-extractable now AND always was:
 * CKA_ALWAYS_SENSITIVE and CKA_NEVER_EXTRACTABLE record the key's history, so a key created
 * extractable and "fixed" later (its value may have been copied meanwhile) fails.
 */
import { withBasis, controlBasis } from "../../src/check/with-basis.ts";
import type { CheckOutcome } from "../../src/check/types.ts";
import { defineCheck } from "../../src/check/types.ts";
import { HSM_CHECK_TIMEOUT_MS, tokenSurvey } from "../../src/hsm/assessment-survey.ts";
import { expectFlag, judgeSigningKeys } from "../../src/hsm/judge-keys.ts";

/** What a departure of this check rests on (design §3a; docs/CHECKS-oauth-cert-tls-hsm.md). */
const BASIS = controlBasis("KM-04");

export default defineCheck({
  id: "hsm.key.non-exportable",
  family: "hsm",
  title: { ja: "署名鍵がエクスポート不可能であり、常にそうであった", en: "Signing keys are, and always were, non-exportable" },
  description: {
    ja: "各署名鍵についてCKA_SENSITIVE=true、CKA_EXTRACTABLE=false、および履歴属性CKA_ALWAYS_SENSITIVE=true、CKA_NEVER_EXTRACTABLE=trueを確認する。後から保護属性に変更された鍵は、それ以前に複製された可能性があるため不合格とする。",
    en: "Checks CKA_SENSITIVE=true and CKA_EXTRACTABLE=false on every signing key, and the history attributes CKA_ALWAYS_SENSITIVE=true and CKA_NEVER_EXTRACTABLE=true: a key protected only later may have been copied before, so it fails.",
  },
  needs: ["hsm"],
  intrusive: false,
  timeoutMs: HSM_CHECK_TIMEOUT_MS,
  async run(ctx) {
    return withBasis(await (async (): Promise<CheckOutcome> => {
    const survey = await tokenSurvey(ctx);
    return judgeSigningKeys(
      survey,
      (key) => [
        expectFlag(key, "CKA_SENSITIVE", true, "value never revealed"),
        expectFlag(key, "CKA_EXTRACTABLE", false, "cannot be wrapped out"),
        expectFlag(key, "CKA_ALWAYS_SENSITIVE", true, "sensitive since creation"),
        expectFlag(key, "CKA_NEVER_EXTRACTABLE", true, "never extractable since creation"),
      ],
      { pass: "are sensitive and non-extractable, and always were", fail: "exportable now or in their history" },
    );
    })(), BASIS);
  },
});
