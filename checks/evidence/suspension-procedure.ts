/**
 * evidence.suspension-procedure — the suspension procedure document: schema (suspension-procedure.schema.json), attachments' digests,
 * freshness, and the content rules of src/evidence/rules.ts.
 */
import { defineCheck } from "../../src/check/types.ts";
import { assessEvidenceKind, evidenceParameters } from "../../src/evidence/assess-kind.ts";

export default defineCheck({
  id: "evidence.suspension-procedure",
  family: "evidence",
  title: { ja: "利用停止手順の文書", en: "Suspension procedure document" },
  description: {
    ja: "証跡フォルダの「利用停止手順」の文書をスキーマ、添付ファイルのダイジェスト、鮮度及び内容の規則で確認する。文書がない場合は不適合とする。",
    en: "Checks the suspension procedure document in the evidence folder against its schema, its attachments' digests, its freshness and its content rules. A missing document is a finding.",
  },
  needs: ["evidence"],
  parameters: evidenceParameters("suspension-procedure"),
  intrusive: false,
  run: (ctx) => assessEvidenceKind(ctx, "suspension-procedure"),
});
