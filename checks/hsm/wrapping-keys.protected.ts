/**
 * hsm.wrapping-keys.protected — any secret key able to wrap (CKA_WRAP=true) could carry signing
 * keys out of the device (backups), so it must itself be protected like them: sensitive and
 * non-extractable, now and since creation. Otherwise a backup is only as safe as a key anyone
 * can read.
 */
import { withBasis, controlBasis } from "../../src/check/with-basis.ts";
import { defineCheck, type CheckOutcome, type Observation } from "../../src/check/types.ts";
import type { BooleanAttribute } from "../../src/hsm/attributes.ts";
import { HSM_CHECK_TIMEOUT_MS, tokenSurvey } from "../../src/hsm/assessment-survey.ts";
import { where } from "../../src/hsm/judge-keys.ts";
import { describeKey, showFlag, type SurveyedSecretKey } from "../../src/hsm/survey-types.ts";

const REQUIRED: Array<[BooleanAttribute, boolean]> = [
  ["CKA_SENSITIVE", true],
  ["CKA_EXTRACTABLE", false],
  ["CKA_ALWAYS_SENSITIVE", true],
  ["CKA_NEVER_EXTRACTABLE", true],
];

/** Pure: the observations on one wrapping key. */
export function judgeWrappingKey(key: SurveyedSecretKey): Observation[] {
  return REQUIRED.map(([attribute, wanted]) => {
    const flag = key.flags[attribute];
    return {
      expected: { ja: `${attribute}=${wanted}（署名鍵をラップできる鍵は署名鍵と同様に保護される）`, en: `${attribute}=${wanted} (a key that can wrap signing keys is protected like them)` },
      observed: `${attribute}=${showFlag(flag)}`,
      where: where(key.uri, attribute),
      subject: describeKey(key),
      ...(typeof flag === "boolean" ? { ok: flag === wanted } : {}),
    };
  });
}

/** What a departure of this check rests on (design §3a; docs/CHECKS.md). */
const BASIS = controlBasis("KM-07");

export default defineCheck({
  id: "hsm.wrapping-keys.protected",
  family: "hsm",
  title: { ja: "ラップ（バックアップ）用の鍵が保護されている", en: "Wrapping (backup) keys are protected" },
  description: {
    ja: "署名鍵をラップできる秘密鍵（CKA_WRAP=true）が、それ自体CKA_SENSITIVE=true、CKA_EXTRACTABLE=falseであり、生成時からそうであった（CKA_ALWAYS_SENSITIVE、CKA_NEVER_EXTRACTABLE）ことを確認する。バックアップはHSMと同等の保護下にある必要がある。",
    en: "Checks that every secret key able to wrap signing keys (CKA_WRAP=true) is itself CKA_SENSITIVE=true and CKA_EXTRACTABLE=false, and always was (CKA_ALWAYS_SENSITIVE, CKA_NEVER_EXTRACTABLE): backups must stay under HSM-equivalent protection.",
  },
  needs: ["hsm"],
  intrusive: false,
  timeoutMs: HSM_CHECK_TIMEOUT_MS,
  async run(ctx) {
    return withBasis(await (async (): Promise<CheckOutcome> => {
    const survey = await tokenSurvey(ctx);
    const wrapping = survey.secretKeys.filter((k) => k.flags.CKA_WRAP === true);
    if (wrapping.length === 0) {
      return {
        status: "not-applicable",
        summary: { ja: `トークン「${survey.token.label}」にラップ可能な秘密鍵（CKA_WRAP=true）がない`, en: `no secret key on token "${survey.token.label}" can wrap (CKA_WRAP=true)` },
        observations: [{ expected: { ja: "ラップ用鍵があれば保護されている", en: "wrapping keys, if any, are protected" }, observed: { ja: `秘密鍵${survey.secretKeys.length}個、CKA_WRAP=trueのものなし`, en: `${survey.secretKeys.length} secret key(s), none with CKA_WRAP=true` }, where: survey.uri }],
      };
    }
    const observations = wrapping.flatMap(judgeWrappingKey);
    const failing = wrapping.filter((k) => judgeWrappingKey(k).some((o) => o.ok === false)).map(describeKey);
    if (failing.length) return { status: "fail", summary: { ja: `ラップ用鍵${wrapping.length}個中${failing.length}個が保護されていない：${failing.join("; ")}`, en: `${failing.length} of ${wrapping.length} wrapping key(s) are not protected: ${failing.join("; ")}` }, observations };
    if (observations.some((o) => o.ok === undefined)) return { status: "error", summary: { ja: "ラップ用鍵の属性の一部を読み取れなかった", en: "some wrapping-key attributes could not be read" }, observations };
    return { status: "pass", summary: { ja: `ラップ用鍵${wrapping.length}個すべてがsensitiveかつ抽出不可能であり、常にそうであった`, en: `all ${wrapping.length} wrapping key(s) are sensitive and non-extractable, and always were` }, observations };
    })(), BASIS);
  },
});
