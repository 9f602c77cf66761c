/**
 * hsm.key.strength — signing keys are large enough: RSA ≥ `crypto.minRsaBits` (default 2048),
 * EC on a named curve of ≥ `crypto.minEcBits` (default 256, i.e. P-256).
 */
import { withBasis } from "../../src/check/with-basis.ts";
import { basis } from "../../src/check/basis.ts";
import type { CheckOutcome } from "../../src/check/types.ts";
import { defineCheck } from "../../src/check/types.ts";
import { HSM_CHECK_TIMEOUT_MS, tokenSurvey } from "../../src/hsm/assessment-survey.ts";
import { judgeSigningKeys, type KeyFinding } from "../../src/hsm/judge-keys.ts";
import type { SurveyedPrivateKey } from "../../src/hsm/survey-types.ts";

/** Judges one key's size against the minimums. Pure. */
export function judgeStrength(key: SurveyedPrivateKey, minRsaBits: number, minEcBits: number): KeyFinding {
  if (key.type === "RSA") {
    return { looked: "CKA_MODULUS", expected: { ja: `RSAの法が${minRsaBits}ビット以上`, en: `RSA modulus ≥ ${minRsaBits} bits` }, observed: key.bits === undefined ? { ja: "法を読み取れない", en: "modulus unreadable" } : `RSA ${key.bits} bits`, ok: key.bits === undefined ? undefined : key.bits >= minRsaBits };
  }
  if (key.type === "EC" || key.type === "EC_EDWARDS") {
    const known = key.bits !== undefined;
    return { looked: "CKA_EC_PARAMS", expected: { ja: `${minEcBits}ビット以上の名前付き曲線`, en: `a named curve of ≥ ${minEcBits} bits` }, observed: known ? `${key.curve} (${key.bits} bits)` : { ja: `未知の曲線（${key.curve ?? "パラメータを読み取れない"}）`, en: `unknown curve (${key.curve ?? "parameters unreadable"})` }, ok: known ? key.bits! >= minEcBits : undefined };
  }
  return { looked: "CKA_KEY_TYPE", expected: { ja: "RSA鍵またはEC鍵", en: "an RSA or EC key" }, observed: { ja: `鍵種別${key.type}：強度は判定しない`, en: `key type ${key.type}: strength not judged` }, ok: undefined };
}

/** What a departure of this check rests on (design §3a; docs/CHECKS.md). */
const BASIS = basis("catalog", { ja: "パラメータ crypto.minRsaBits / crypto.minEcBits", en: "parameters crypto.minRsaBits / crypto.minEcBits" }, "shall");

export default defineCheck({
  id: "hsm.key.strength",
  family: "hsm",
  title: { ja: "署名鍵の鍵長が十分である", en: "Signing keys are strong enough" },
  description: {
    ja: "各署名鍵がRSAならcrypto.minRsaBits（既定2048）ビット以上、ECなら鍵長crypto.minEcBits（既定256）ビット以上の名前付き曲線であることを確認する。",
    en: "Checks that every signing key is RSA of at least crypto.minRsaBits (default 2048) bits, or EC on a named curve of at least crypto.minEcBits (default 256) bits.",
  },
  needs: ["hsm"],
  parameters: ["crypto.minRsaBits", "crypto.minEcBits"],
  intrusive: false,
  timeoutMs: HSM_CHECK_TIMEOUT_MS,
  async run(ctx) {
    return withBasis(await (async (): Promise<CheckOutcome> => {
    const minRsa = Number(ctx.parameters["crypto.minRsaBits"] ?? 2048);
    const minEc = Number(ctx.parameters["crypto.minEcBits"] ?? 256);
    const survey = await tokenSurvey(ctx);
    return judgeSigningKeys(survey, (key) => [judgeStrength(key, minRsa, minEc)], {
      pass: { ja: `RSA ${minRsa}ビット以上／EC ${minEc}ビット以上を満たす`, en: `meet RSA ≥ ${minRsa} / EC ≥ ${minEc} bits` },
      fail: { ja: `RSA ${minRsa}ビット／EC ${minEc}ビットより弱い`, en: `are weaker than RSA ${minRsa} / EC ${minEc} bits` },
    });
    })(), BASIS);
  },
});
