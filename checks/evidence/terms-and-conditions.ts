/**
 * evidence.terms-and-conditions — the terms and conditions document: schema (terms-and-conditions.schema.json), attachments' digests,
 * freshness, and the content rules of src/evidence/rules.ts.
 */
import { defineCheck } from "../../src/check/types.ts";
import { assessEvidenceKind, evidenceParameters } from "../../src/evidence/assess-kind.ts";

export default defineCheck({
  id: "evidence.terms-and-conditions",
  family: "evidence",
  title: { ja: "利用約款の文書", en: "Terms and conditions document" },
  description: {
    ja: "証跡フォルダの「利用約款」の文書をスキーマ、添付ファイルのダイジェスト、鮮度及び内容の規則で確認する。文書がない場合は不適合とする。",
    en: "Checks the terms and conditions document in the evidence folder against its schema, its attachments' digests, its freshness and its content rules. A missing document is a finding.",
  },
  needs: ["evidence"],
  parameters: evidenceParameters("terms-and-conditions"),
  intrusive: false,
  run: (ctx) => assessEvidenceKind(ctx, "terms-and-conditions"),
});
