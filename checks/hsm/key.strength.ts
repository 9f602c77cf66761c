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
    return { looked: "CKA_MODULUS", expected: `RSA modulus ≥ ${minRsaBits} bits`, observed: key.bits === undefined ? "modulus unreadable" : `RSA ${key.bits} bits`, ok: key.bits === undefined ? undefined : key.bits >= minRsaBits };
  }
  if (key.type === "EC" || key.type === "EC_EDWARDS") {
    const known = key.bits !== undefined;
    return { looked: "CKA_EC_PARAMS", expected: `a named curve of ≥ ${minEcBits} bits`, observed: known ? `${key.curve} (${key.bits} bits)` : `unknown curve (${key.curve ?? "parameters unreadable"})`, ok: known ? key.bits! >= minEcBits : undefined };
  }
  return { looked: "CKA_KEY_TYPE", expected: "an RSA or EC key", observed: `key type ${key.type}: strength not judged`, ok: undefined };
}

/** What a departure of this check rests on (design §3a; docs/CHECKS-oauth-cert-tls-hsm.md). */
const BASIS = basis("catalog", "parameters crypto.minRsaBits / crypto.minEcBits", "shall");

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
      pass: `meet RSA ≥ ${minRsa} / EC ≥ ${minEc} bits`,
      fail: `are weaker than RSA ${minRsa} / EC ${minEc} bits`,
    });
    })(), BASIS);
  },
});
