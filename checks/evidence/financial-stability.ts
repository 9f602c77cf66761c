/**
 * evidence.financial-stability — the financial stability document: schema (financial-stability.schema.json), attachments' digests,
 * freshness, and the content rules of src/evidence/rules.ts.
 */
import { defineCheck } from "../../src/check/types.ts";
import { assessEvidenceKind, evidenceParameters } from "../../src/evidence/assess-kind.ts";

export default defineCheck({
  id: "evidence.financial-stability",
  family: "evidence",
  title: { ja: "財政的基盤の文書", en: "Financial stability document" },
  description: {
    ja: "証跡フォルダの「財政的基盤」の文書をスキーマ、添付ファイルのダイジェスト、鮮度及び内容の規則で確認する。文書がない場合は不適合とする。",
    en: "Checks the financial stability document in the evidence folder against its schema, its attachments' digests, its freshness and its content rules. A missing document is a finding.",
  },
  needs: ["evidence"],
  parameters: evidenceParameters("financial-stability"),
  intrusive: false,
  run: (ctx) => assessEvidenceKind(ctx, "financial-stability"),
});
