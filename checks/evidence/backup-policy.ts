/**
 * evidence.backup-policy — the key backup policy document: schema (backup-policy.schema.json), attachments' digests,
 * freshness, and the content rules of src/evidence/rules.ts.
 */
import { defineCheck } from "../../src/check/types.ts";
import { assessEvidenceKind, evidenceParameters } from "../../src/evidence/assess-kind.ts";

export default defineCheck({
  id: "evidence.backup-policy",
  family: "evidence",
  title: { ja: "鍵バックアップ方針の文書", en: "Key backup policy document" },
  description: {
    ja: "証跡フォルダの「鍵バックアップ方針」の文書をスキーマ、添付ファイルのダイジェスト、鮮度及び内容の規則で確認する。文書がない場合は不適合とする。",
    en: "Checks the key backup policy document in the evidence folder against its schema, its attachments' digests, its freshness and its content rules. A missing document is a finding.",
  },
  needs: ["evidence"],
  parameters: evidenceParameters("backup-policy"),
  intrusive: false,
  run: (ctx) => assessEvidenceKind(ctx, "backup-policy"),
});
