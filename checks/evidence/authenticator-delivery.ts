/**
 * evidence.authenticator-delivery — the authenticator and activation-data delivery document: schema (authenticator-delivery.schema.json), attachments' digests,
 * freshness, and the content rules of src/evidence/rules.ts.
 */
import { defineCheck } from "../../src/check/types.ts";
import { assessEvidenceKind, evidenceParameters } from "../../src/evidence/assess-kind.ts";

export default defineCheck({
  id: "evidence.authenticator-delivery",
  family: "evidence",
  title: { ja: "認証手段・認証情報の送付の文書", en: "Authenticator and activation-data delivery document" },
  description: {
    ja: "証跡フォルダの「認証手段・認証情報の送付」の文書をスキーマ、添付ファイルのダイジェスト、鮮度及び内容の規則で確認する。文書がない場合は不適合とする。",
    en: "Checks the authenticator and activation-data delivery document in the evidence folder against its schema, its attachments' digests, its freshness and its content rules. A missing document is a finding.",
  },
  needs: ["evidence"],
  parameters: evidenceParameters("authenticator-delivery"),
  intrusive: false,
  run: (ctx) => assessEvidenceKind(ctx, "authenticator-delivery"),
});
