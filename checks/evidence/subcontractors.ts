/**
 * evidence.subcontractors — the subcontractors document: schema (subcontractors.schema.json), attachments' digests,
 * freshness, and the content rules of src/evidence/rules.ts.
 */
import { defineCheck } from "../../src/check/types.ts";
import { assessEvidenceKind, evidenceParameters } from "../../src/evidence/assess-kind.ts";

export default defineCheck({
  id: "evidence.subcontractors",
  family: "evidence",
  title: { ja: "委託先の文書", en: "Subcontractors document" },
  description: {
    ja: "証跡フォルダの「委託先」の文書をスキーマ、添付ファイルのダイジェスト、鮮度及び内容の規則で確認する。文書がない場合は不適合とする。",
    en: "Checks the subcontractors document in the evidence folder against its schema, its attachments' digests, its freshness and its content rules. A missing document is a finding.",
  },
  needs: ["evidence"],
  parameters: evidenceParameters("subcontractors"),
  intrusive: false,
  run: (ctx) => assessEvidenceKind(ctx, "subcontractors"),
});
