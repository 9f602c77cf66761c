/**
 * hsm.token.info — the token's identity (manufacturer, model, firmware and hardware versions,
 * serial number) and the module's, captured as facts so that they can be compared with the HSM
 * certification evidence document (evidence.hsm-certification). Also saves the token inventory:
 * every key's attributes, without any secret value.
 */
import { defineCheck, type Observation } from "../../src/check/types.ts";
import { HSM_CHECK_TIMEOUT_MS, tokenSurvey } from "../../src/hsm/assessment-survey.ts";
import { inventoryOf } from "../../src/hsm/inventory.ts";

export default defineCheck({
  id: "hsm.token.info",
  family: "hsm",
  title: { ja: "HSMトークン情報（製造者、モデル、ファームウェア、シリアル）の取得", en: "HSM token information (manufacturer, model, firmware, serial) captured" },
  description: {
    ja: "C_GetTokenInfoおよびC_GetInfoから製造者、モデル、ファームウェア／ハードウェアのバージョン、シリアル番号を取得し、HSM認証の証拠書類と照合できるよう事実として記録する。鍵の属性一覧（秘密値を含まない）も証拠として保存する。",
    en: "Reads manufacturer, model, firmware and hardware versions and serial number from C_GetTokenInfo and C_GetInfo, and records them as facts to compare with the HSM certification evidence. Also saves the key inventory (attributes only, no secret value) as evidence.",
  },
  needs: ["hsm"],
  intrusive: false,
  timeoutMs: HSM_CHECK_TIMEOUT_MS,
  async run(ctx) {
    const survey = await tokenSurvey(ctx);
    const t = survey.token;
    const fields: Array<[string, string]> = [
      ["manufacturerID", t.manufacturer],
      ["model", t.model],
      ["serialNumber", t.serialNumber],
      ["firmwareVersion", t.firmwareVersion],
      ["hardwareVersion", t.hardwareVersion],
    ];
    const observations: Observation[] = fields.map(([name, value]) => ({ expected: `CK_TOKEN_INFO.${name} present`, observed: value || "(empty)", where: `${survey.uri} C_GetTokenInfo ${name}`, subject: t.label, ok: value !== "" }));
    observations.push({ expected: "module identity", observed: `${t.library.manufacturer} ${t.library.description} ${t.library.version} (Cryptoki ${t.library.cryptokiVersion})`, where: `${t.library.path} C_GetInfo`, subject: t.label });
    const facts = { token: t, hsm: { manufacturer: t.manufacturer, model: t.model, firmwareVersion: t.firmwareVersion, hardwareVersion: t.hardwareVersion, serialNumber: t.serialNumber } };
    const evidence = [{ name: "token-inventory.json", mediaType: "application/json", content: `${JSON.stringify(inventoryOf(survey), null, 2)}\n` }];
    const missing = fields.filter(([, v]) => v === "").map(([n]) => n);
    if (missing.length) return { status: "error", summary: `the token does not identify itself fully (empty: ${missing.join(", ")}): cannot compare with the certification evidence`, observations, facts, evidence };
    return { status: "pass", summary: `${t.manufacturer} ${t.model}, firmware ${t.firmwareVersion}, serial ${t.serialNumber}: captured for comparison with the HSM certification evidence`, observations, facts, evidence };
  },
});
