/**
 * evidence.provider-profile — the provider profile document: schema (provider-profile.schema.json), attachments' digests,
 * freshness, and the content rules of src/evidence/rules.ts.
 */
import { defineCheck } from "../../src/check/types.ts";
import { assessEvidenceKind, evidenceParameters } from "../../src/evidence/assess-kind.ts";

export default defineCheck({
  id: "evidence.provider-profile",
  family: "evidence",
  title: { ja: "事業者の概要の文書", en: "Provider profile document" },
  description: {
    ja: "証跡フォルダの「事業者の概要」の文書をスキーマ、添付ファイルのダイジェスト、鮮度及び内容の規則で確認する。文書がない場合は不適合とする。",
    en: "Checks the provider profile document in the evidence folder against its schema, its attachments' digests, its freshness and its content rules. A missing document is a finding.",
  },
  needs: ["evidence"],
  parameters: evidenceParameters("provider-profile"),
  intrusive: false,
  run: (ctx) => assessEvidenceKind(ctx, "provider-profile"),
});
