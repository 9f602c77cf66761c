/**
 * hsm.mechanisms.weak — no signing key can be used with a weak signature mechanism (MD5 or
 * SHA-1 hashing, raw RSA without padding, ISO 9796): the token offers it for signing and the
 * key's CKA_ALLOWED_MECHANISMS does not exclude it. Restricting keys to strong mechanisms with
 * CKA_ALLOWED_MECHANISMS is the usual remedy where the device itself cannot disable mechanisms.
 */
import { defineCheck } from "../../src/check/types.ts";
import { mechanismName } from "../../src/hsm/pkcs11-names.ts";
import { HSM_CHECK_TIMEOUT_MS, tokenSurvey } from "../../src/hsm/assessment-survey.ts";
import { judgeSigningKeys } from "../../src/hsm/judge-keys.ts";
import { usableWeakMechanisms } from "../../src/hsm/weak-mechanisms.ts";

export default defineCheck({
  id: "hsm.mechanisms.weak",
  family: "hsm",
  title: { ja: "署名鍵が脆弱な署名メカニズムで使用できない", en: "Signing keys cannot be used with weak mechanisms" },
  description: {
    ja: "トークンが署名用に提供するメカニズムと各署名鍵のCKA_ALLOWED_MECHANISMSから、MD5・SHA-1による署名、パディングなしの生RSA（CKM_RSA_X_509）、ISO 9796などの脆弱なメカニズムで署名鍵を使用できるかを判定し、使用できる場合は報告して不合格とする。CKA_ALLOWED_MECHANISMSの強制はトークンを信頼する。",
    en: "From the mechanisms the token offers for signing and each signing key's CKA_ALLOWED_MECHANISMS, determines whether the key can sign with a weak mechanism (MD5 or SHA-1 signatures, raw RSA without padding CKM_RSA_X_509, ISO 9796); any such mechanism is reported and fails the check. Enforcement of CKA_ALLOWED_MECHANISMS is trusted to the token.",
  },
  needs: ["hsm"],
  intrusive: false,
  timeoutMs: HSM_CHECK_TIMEOUT_MS,
  async run(ctx) {
    const survey = await tokenSurvey(ctx);
    return judgeSigningKeys(
      survey,
      (key) => {
        const weak = usableWeakMechanisms(key, survey.mechanisms);
        const restriction = key.allowedMechanisms ? `CKA_ALLOWED_MECHANISMS=[${key.allowedMechanisms.map(mechanismName).join(", ")}]` : "CKA_ALLOWED_MECHANISMS not set (every mechanism the token offers)";
        return [
          {
            looked: "CKA_ALLOWED_MECHANISMS + C_GetMechanismList",
            expected: "no weak signature mechanism usable with the key",
            observed: weak.length === 0 ? `none usable; ${restriction}` : `usable: ${weak.map((w) => `${w.name} (${w.why})`).join("; ")}; ${restriction}`,
            ok: weak.length === 0,
          },
        ];
      },
      { pass: "can be used with strong signature mechanisms only", fail: "can sign with weak mechanisms" },
    );
  },
});
