/**
 * evidence.identity-proofing — the identity proofing procedure document: schema (identity-proofing.schema.json), attachments' digests,
 * freshness, and the content rules of src/evidence/rules.ts.
 */
import { defineCheck } from "../../src/check/types.ts";
import { assessEvidenceKind, evidenceParameters } from "../../src/evidence/assess-kind.ts";

export default defineCheck({
  id: "evidence.identity-proofing",
  family: "evidence",
  title: { ja: "本人確認手順の文書", en: "Identity proofing procedure document" },
  description: {
    ja: "証跡フォルダの「本人確認手順」の文書をスキーマ、添付ファイルのダイジェスト、鮮度及び内容の規則で確認する。文書がない場合は不適合とする。",
    en: "Checks the identity proofing procedure document in the evidence folder against its schema, its attachments' digests, its freshness and its content rules. A missing document is a finding.",
  },
  needs: ["evidence"],
  parameters: evidenceParameters("identity-proofing"),
  intrusive: false,
  run: (ctx) => assessEvidenceKind(ctx, "identity-proofing"),
});
