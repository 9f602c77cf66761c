/**
 * evidence.record-retention — the record retention document: schema (record-retention.schema.json), attachments' digests,
 * freshness, and the content rules of src/evidence/rules.ts.
 */
import { defineCheck } from "../../src/check/types.ts";
import { assessEvidenceKind, evidenceParameters } from "../../src/evidence/assess-kind.ts";

export default defineCheck({
  id: "evidence.record-retention",
  family: "evidence",
  title: { ja: "記録の保存の文書", en: "Record retention document" },
  description: {
    ja: "証跡フォルダの「記録の保存」の文書をスキーマ、添付ファイルのダイジェスト、鮮度及び内容の規則で確認する。文書がない場合は不適合とする。",
    en: "Checks the record retention document in the evidence folder against its schema, its attachments' digests, its freshness and its content rules. A missing document is a finding.",
  },
  needs: ["evidence"],
  parameters: evidenceParameters("record-retention"),
  intrusive: false,
  run: (ctx) => assessEvidenceKind(ctx, "record-retention"),
});
