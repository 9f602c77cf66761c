/**
 * hsm.mechanisms.weak — which weak signature mechanisms (MD5 or SHA-1 hashing, raw RSA without
 * padding, ISO 9796) a signing key can use: the token offers it for signing and the key's
 * CKA_ALLOWED_MECHANISMS does not exclude it. The hash is chosen at the API, where csc.algo.*
 * judge it; nearly every HSM offers these mechanisms to a key without CKA_ALLOWED_MECHANISMS, so
 * in the HSM this is an advisory observation — a failure only when the provider claims a
 * mechanism policy (parameter hsm.mechanismPolicy) and a key escapes it.
 */
import { defineCheck } from "../../src/check/types.ts";
import { basis, statusByBasis } from "../../src/check/basis.ts";
import { mechanismName } from "../../src/hsm/pkcs11-names.ts";
import { HSM_CHECK_TIMEOUT_MS, tokenSurvey } from "../../src/hsm/assessment-survey.ts";
import { judgeSigningKeys } from "../../src/hsm/judge-keys.ts";
import { usableWeakMechanisms } from "../../src/hsm/weak-mechanisms.ts";

/** Without a claimed policy: good practice (PKCS#11 3.0 §4.9 CKA_ALLOWED_MECHANISMS is optional). */
const PRACTICE = basis("PKCS11-3.0", { ja: "4.9 CKA_ALLOWED_MECHANISMS（任意の属性; APIでのハッシュ方針: csc.algo.*）", en: "4.9 CKA_ALLOWED_MECHANISMS (optional attribute; hash policy at the API: csc.algo.*)" }, "should");
/** With a claimed policy: the assessment's parameter. */
const CLAIMED = basis("catalog", "parameter hsm.mechanismPolicy", "shall");

export default defineCheck({
  id: "hsm.mechanisms.weak",
  family: "hsm",
  title: { ja: "署名鍵が脆弱な署名メカニズムで使用できない", en: "Signing keys cannot be used with weak mechanisms" },
  description: {
    ja: "トークンが署名用に提供するメカニズムと各署名鍵のCKA_ALLOWED_MECHANISMSから、MD5・SHA-1による署名、パディングなしの生RSA（CKM_RSA_X_509）、ISO 9796などの脆弱なメカニズムで署名鍵を使用できるかを判定する。ハッシュ関数はAPIで選ばれ、csc.algo.*が判定するため、使用できる場合は観察事項とする。事業者がメカニズム制限を主張する場合（パラメータhsm.mechanismPolicy）は不合格とする。",
    en: "From the mechanisms the token offers for signing and each signing key's CKA_ALLOWED_MECHANISMS, determines whether the key can sign with a weak mechanism (MD5 or SHA-1 signatures, raw RSA without padding CKM_RSA_X_509, ISO 9796). The hash is chosen at the API, where csc.algo.* judge it, so a usable weak mechanism is an advisory observation; it fails only when the provider claims a mechanism policy (parameter hsm.mechanismPolicy).",
  },
  parameters: ["hsm.mechanismPolicy"],
  needs: ["hsm"],
  intrusive: false,
  timeoutMs: HSM_CHECK_TIMEOUT_MS,
  async run(ctx) {
    const survey = await tokenSurvey(ctx);
    const claimed = ctx.parameters["hsm.mechanismPolicy"] === true;
    const outcome = judgeSigningKeys(
      survey,
      (key) => {
        const weak = usableWeakMechanisms(key, survey.mechanisms);
        const allowed = key.allowedMechanisms ? `CKA_ALLOWED_MECHANISMS=[${key.allowedMechanisms.map(mechanismName).join(", ")}]` : undefined;
        const restriction = allowed ? { ja: allowed, en: allowed } : { ja: "CKA_ALLOWED_MECHANISMS未設定（トークンが提供するすべてのメカニズム）", en: "CKA_ALLOWED_MECHANISMS not set (every mechanism the token offers)" };
        const usable = weak.map((w) => `${w.name} (${w.why})`).join("; ");
        return [
          {
            looked: "CKA_ALLOWED_MECHANISMS + C_GetMechanismList",
            expected: { ja: "この鍵で使用できる脆弱な署名メカニズムがない", en: "no weak signature mechanism usable with the key" },
            observed: weak.length === 0 ? { ja: `使用できるものなし。${restriction.ja}`, en: `none usable; ${restriction.en}` } : { ja: `使用できる：${usable}。${restriction.ja}`, en: `usable: ${usable}; ${restriction.en}` },
            ok: weak.length === 0,
            basis: claimed ? CLAIMED : PRACTICE,
          },
        ];
      },
      {
        pass: { ja: "強固な署名メカニズムでのみ使用できる", en: "can be used with strong signature mechanisms only" },
        fail: claimed
          ? { ja: "表明されたメカニズム制限にもかかわらず脆弱なメカニズムで署名できる", en: "can sign with weak mechanisms despite the claimed mechanism policy" }
          : { ja: "脆弱なメカニズムで署名できる（ハッシュ関数の制限はAPIに委ねられる：csc.algo.*）", en: "can sign with weak mechanisms (hash policy rests on the API: csc.algo.*)" },
      },
    );
    // Advisory already here (as the collector would make it), so that `hsm inspect` reports the same status.
    return { ...outcome, status: statusByBasis(outcome) };
  },
});
