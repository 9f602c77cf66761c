/**
 * hsm.key.local — every signing key was generated inside the device (CKA_LOCAL=true). A key
 * created with C_CreateObject or unwrapped from outside existed in clear somewhere else first.
 */
import { defineFlagCheck } from "../../src/hsm/flag-check.ts";

export default defineFlagCheck({
  id: "hsm.key.local",
  title: { ja: "署名鍵がHSM内で生成されている", en: "Signing keys were generated in the HSM" },
  description: {
    ja: "各署名鍵（CKA_SIGN=trueの秘密鍵）のCKA_LOCALがtrueであることを確認する。falseの鍵はC_CreateObjectやアンラップで外部から持ち込まれたもので、HSM外に平文で存在したことがある。",
    en: "Checks that every signing key (private key with CKA_SIGN=true) has CKA_LOCAL=true. A key with CKA_LOCAL=false was imported (C_CreateObject, unwrapping) and so existed in clear outside the device.",
  },
  control: "KM-01",
  flags: [{ attribute: "CKA_LOCAL", wanted: true, why: { ja: "HSM内で生成された", en: "generated in the device" } }],
  wording: {
    pass: { ja: "HSM内で生成された（CKA_LOCAL=true）", en: "were generated in the device (CKA_LOCAL=true)" },
    fail: { ja: "HSM内で生成されていない（インポートされた）", en: "were not generated in the device (imported)" },
  },
  parameters: ["km.allowImport"],
  // The guideline (as SECOM quotes it) allows import from trustworthy CAs: an imported key is
  // then an open question for the assessor (its source and transfer, KM-11), not a fault.
  adjust(outcome, ctx) {
    if (outcome.status !== "fail" || ctx.parameters["km.allowImport"] !== true) return outcome;
    const imported = outcome.observations.filter((o) => o.ok === false).length;
    return {
      ...outcome,
      status: "manual",
      summary: {
        ja: `署名鍵${imported}個がインポートされている（CKA_LOCAL=false）：km.allowImportは信頼できる認証局からのインポートのみを認める。調査者がインポート記録から出所と移送を確認する`,
        en: `${imported} signing key(s) imported (CKA_LOCAL=false): km.allowImport accepts import only from a trustworthy CA — the assessor confirms source and transfer from the import records`,
      },
    };
  },
});
