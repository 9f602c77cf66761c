/**
 * hsm.token.info — the token's identity (manufacturer, model, firmware and hardware versions,
 * serial number) and the module's, captured as facts so that they can be compared with the HSM
 * certification evidence document (evidence.hsm-certification). Where that document is in the
 * evidence folder, the device in service must be the certified one: manufacturer, model and
 * firmware (major.minor) must match (KM-02: 型番とファームウェアが実機と一致しなければならない),
 * else the check fails. Without the document the facts are captured for KM-02's manual comparison.
 * Also saves the token inventory: every key's attributes, without any secret value.
 */
import { defineCheck, type Observation } from "../../src/check/types.ts";
import { basis } from "../../src/check/basis.ts";
import { loadEvidence, type EvidenceDocument } from "../../src/evidence/documents.ts";
import type { TokenFacts } from "../../src/hsm/survey-types.ts";

const KM02 = basis("JT2A-CRIT", { ja: "KM-d（カタログ KM-02: 認証された型式とファームウェアが装置と一致する）", en: "KM-d (catalog KM-02: certified model and firmware match the device)" }, "guideline");

const norm = (x: string) => x.trim().replace(/\s+/g, " ").toLowerCase();
const majorMinor = (x: string) => /(\d+)\.(\d+)/.exec(x)?.slice(1, 3).join(".");

/** Compares the token's identity with each HSM certification document (pure). */
export function compareWithCertification(t: Pick<TokenFacts, "manufacturer" | "model" | "firmwareVersion">, docs: ReadonlyArray<Pick<EvidenceDocument, "name" | "value">>, where: string): Observation[] {
  return docs.flatMap((d) => {
    const v = d.value as { manufacturer?: unknown; model?: unknown; firmware?: unknown };
    const rows: Array<[string, string, unknown, boolean]> = [
      ["manufacturer", t.manufacturer, v.manufacturer, typeof v.manufacturer === "string" && norm(v.manufacturer) === norm(t.manufacturer)],
      ["model", t.model, v.model, typeof v.model === "string" && norm(v.model) === norm(t.model)],
      ["firmware", t.firmwareVersion, v.firmware, typeof v.firmware === "string" && majorMinor(v.firmware) !== undefined && majorMinor(v.firmware) === majorMinor(t.firmwareVersion)],
    ];
    return rows.map(([field, actual, certified, ok]) => ({
      expected: { ja: `認証された${field}：${String(certified ?? "（記載なし）")}（${d.name}）`, en: `the certified ${field}: ${String(certified ?? "(not stated)")} (${d.name})` },
      observed: actual || { ja: "（空）", en: "(empty)" },
      where: `${where} ↔ ${d.name} ${field}`,
      ok,
      ...(ok ? {} : { basis: KM02 }),
    }));
  });
}
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
    const observations: Observation[] = fields.map(([name, value]) => ({ expected: { ja: `CK_TOKEN_INFO.${name}の記載`, en: `CK_TOKEN_INFO.${name} present` }, observed: value || { ja: "（空）", en: "(empty)" }, where: `${survey.uri} C_GetTokenInfo ${name}`, subject: t.label, ok: value !== "" }));
    observations.push({ expected: { ja: "モジュールの識別情報", en: "module identity" }, observed: `${t.library.manufacturer} ${t.library.description} ${t.library.version} (Cryptoki ${t.library.cryptokiVersion})`, where: `${t.library.path} C_GetInfo`, subject: t.label });
    const facts = { token: t, hsm: { manufacturer: t.manufacturer, model: t.model, firmwareVersion: t.firmwareVersion, hardwareVersion: t.hardwareVersion, serialNumber: t.serialNumber } };
    const evidence = [{ name: "token-inventory.json", mediaType: "application/json", content: `${JSON.stringify(inventoryOf(survey), null, 2)}\n` }];
    const missing = fields.filter(([, v]) => v === "").map(([n]) => n);
    if (missing.length) return { status: "error", summary: { ja: `トークンが自らを完全には識別しない（空: ${missing.join(", ")}）: HSM認証の証拠書類と照合できない`, en: `the token does not identify itself fully (empty: ${missing.join(", ")}): cannot compare with the certification evidence` }, observations, facts, evidence };
    let docs: EvidenceDocument[] = [];
    try {
      docs = ctx.target.evidenceDir ? loadEvidence(ctx.target.evidenceDir).filter((d) => d.kind === "hsm-certification") : [];
    } catch {
      /* an unreadable evidence folder is evidence.*'s finding; here the facts are still captured */
    }
    if (docs.length) {
      const compared = compareWithCertification(t, docs, `${survey.uri} C_GetTokenInfo`);
      observations.push(...compared);
      const bad = compared.filter((o) => o.ok === false);
      if (bad.length)
        return { status: "fail", summary: { ja: `稼働中のHSMが認証の対象と一致しない（${bad.map((o) => o.where.split(" ").at(-1)).join(", ")}）`, en: `the HSM in service is not the certified one (${bad.map((o) => o.where.split(" ").at(-1)).join(", ")} differ)` }, observations, facts, evidence };
      return { status: "pass", summary: { ja: `${t.manufacturer} ${t.model}、ファームウェア${t.firmwareVersion}：HSM認証の対象と一致する`, en: `${t.manufacturer} ${t.model}, firmware ${t.firmwareVersion}: matches the HSM certification evidence` }, observations, facts, evidence };
    }
    return { status: "pass", summary: { ja: `${t.manufacturer} ${t.model}、ファームウェア${t.firmwareVersion}、シリアル${t.serialNumber}: HSM認証の証拠書類（hsm-certification）がないため、照合用に記録した`, en: `${t.manufacturer} ${t.model}, firmware ${t.firmwareVersion}, serial ${t.serialNumber}: no HSM certification evidence to compare with; captured for KM-02's comparison` }, observations, facts, evidence };
  },
});
