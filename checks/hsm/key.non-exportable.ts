/**
 * hsm.key.non-exportable — every signing key is sensitive and non-extractable now AND always was:
 * CKA_ALWAYS_SENSITIVE and CKA_NEVER_EXTRACTABLE record the key's history, so a key created
 * extractable and "fixed" later (its value may have been copied meanwhile) fails.
 */
import { defineFlagCheck } from "../../src/hsm/flag-check.ts";

export default defineFlagCheck({
  id: "hsm.key.non-exportable",
  title: { ja: "署名鍵がエクスポート不可能であり、常にそうであった", en: "Signing keys are, and always were, non-exportable" },
  description: {
    ja: "各署名鍵についてCKA_SENSITIVE=true、CKA_EXTRACTABLE=false、および履歴属性CKA_ALWAYS_SENSITIVE=true、CKA_NEVER_EXTRACTABLE=trueを確認する。後から保護属性に変更された鍵は、それ以前に複製された可能性があるため不合格とする。",
    en: "Checks CKA_SENSITIVE=true and CKA_EXTRACTABLE=false on every signing key, and the history attributes CKA_ALWAYS_SENSITIVE=true and CKA_NEVER_EXTRACTABLE=true: a key protected only later may have been copied before, so it fails.",
  },
  control: "KM-04",
  flags: [
    { attribute: "CKA_SENSITIVE", wanted: true, why: { ja: "値が開示されない", en: "value never revealed" } },
    { attribute: "CKA_EXTRACTABLE", wanted: false, why: { ja: "ラップして取り出せない", en: "cannot be wrapped out" } },
    { attribute: "CKA_ALWAYS_SENSITIVE", wanted: true, why: { ja: "生成時から常にsensitive", en: "sensitive since creation" } },
    { attribute: "CKA_NEVER_EXTRACTABLE", wanted: true, why: { ja: "生成時から一度も抽出可能でない", en: "never extractable since creation" } },
  ],
  wording: {
    pass: { ja: "sensitiveかつ抽出不可能であり、常にそうであった", en: "are sensitive and non-extractable, and always were" },
    fail: { ja: "現在または過去にエクスポート可能である", en: "are exportable now or in their history" },
  },
});
