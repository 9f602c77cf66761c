/**
 * evidence.service-policy — the service policy and practice statement document: schema (service-policy.schema.json), attachments' digests,
 * freshness, and the content rules of src/evidence/rules.ts.
 */
import { defineCheck } from "../../src/check/types.ts";
import { assessEvidenceKind, evidenceParameters } from "../../src/evidence/assess-kind.ts";

export default defineCheck({
  id: "evidence.service-policy",
  family: "evidence",
  title: { ja: "サービスポリシー・運用規程の文書", en: "Service policy and practice statement document" },
  description: {
    ja: "証跡フォルダの「サービスポリシー・運用規程」の文書をスキーマ、添付ファイルのダイジェスト、鮮度及び内容の規則で確認する。文書がない場合は不適合とする。",
    en: "Checks the service policy and practice statement document in the evidence folder against its schema, its attachments' digests, its freshness and its content rules. A missing document is a finding.",
  },
  needs: ["evidence"],
  parameters: evidenceParameters("service-policy"),
  intrusive: false,
  run: (ctx) => assessEvidenceKind(ctx, "service-policy"),
});
