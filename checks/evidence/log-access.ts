/**
 * evidence.log-access — the audit-log access document: schema (log-access.schema.json), attachments' digests,
 * freshness, and the content rules of src/evidence/rules.ts.
 */
import { defineCheck } from "../../src/check/types.ts";
import { assessEvidenceKind, evidenceParameters } from "../../src/evidence/assess-kind.ts";

export default defineCheck({
  id: "evidence.log-access",
  family: "evidence",
  title: { ja: "監査ログの閲覧権限の文書", en: "Audit-log access document" },
  description: {
    ja: "証跡フォルダの「監査ログの閲覧権限」の文書をスキーマ、添付ファイルのダイジェスト、鮮度及び内容の規則で確認する。文書がない場合は不適合とする。",
    en: "Checks the audit-log access document in the evidence folder against its schema, its attachments' digests, its freshness and its content rules. A missing document is a finding.",
  },
  needs: ["evidence"],
  parameters: evidenceParameters("log-access"),
  intrusive: false,
  run: (ctx) => assessEvidenceKind(ctx, "log-access"),
});
