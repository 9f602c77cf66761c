/**
 * evidence.risk-assessment — the risk assessment document: schema (risk-assessment.schema.json), attachments' digests,
 * freshness, and the content rules of src/evidence/rules.ts.
 */
import { defineCheck } from "../../src/check/types.ts";
import { assessEvidenceKind, evidenceParameters } from "../../src/evidence/assess-kind.ts";

export default defineCheck({
  id: "evidence.risk-assessment",
  family: "evidence",
  title: { ja: "リスク評価の文書", en: "Risk assessment document" },
  description: {
    ja: "証跡フォルダの「リスク評価」の文書をスキーマ、添付ファイルのダイジェスト、鮮度及び内容の規則で確認する。文書がない場合は不適合とする。",
    en: "Checks the risk assessment document in the evidence folder against its schema, its attachments' digests, its freshness and its content rules. A missing document is a finding.",
  },
  needs: ["evidence"],
  parameters: evidenceParameters("risk-assessment"),
  intrusive: false,
  run: (ctx) => assessEvidenceKind(ctx, "risk-assessment"),
});
