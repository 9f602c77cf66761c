/**
 * hsm.key.private — signing keys are private objects (CKA_PRIVATE=true): invisible and unusable
 * until the user logs in.
 */
import { defineFlagCheck } from "../../src/hsm/flag-check.ts";

export default defineFlagCheck({
  id: "hsm.key.private",
  title: { ja: "署名鍵がプライベートオブジェクトである", en: "Signing keys are private objects" },
  description: {
    ja: "各署名鍵のCKA_PRIVATEがtrueであり、ログイン前には参照も使用もできないことを確認する。",
    en: "Checks that every signing key has CKA_PRIVATE=true, so that it can be neither seen nor used before the user logs in.",
  },
  control: "KM-04",
  flags: [{ attribute: "CKA_PRIVATE", wanted: true, why: { ja: "ログイン後にのみ参照できる", en: "visible only after login" } }],
  wording: {
    pass: { ja: "プライベートオブジェクト（CKA_PRIVATE=true）である", en: "are private objects (CKA_PRIVATE=true)" },
    fail: { ja: "ログインせずに参照できる（CKA_PRIVATE=false）", en: "are visible without login (CKA_PRIVATE=false)" },
  },
});
