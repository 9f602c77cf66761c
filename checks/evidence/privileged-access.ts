/**
 * evidence.privileged-access — the privileged access document: schema (privileged-access.schema.json), attachments' digests,
 * freshness, and the content rules of src/evidence/rules.ts.
 */
import { defineCheck } from "../../src/check/types.ts";
import { assessEvidenceKind, evidenceParameters } from "../../src/evidence/assess-kind.ts";

export default defineCheck({
  id: "evidence.privileged-access",
  family: "evidence",
  title: { ja: "特権アクセスの文書", en: "Privileged access document" },
  description: {
    ja: "証跡フォルダの「特権アクセス」の文書をスキーマ、添付ファイルのダイジェスト、鮮度及び内容の規則で確認する。文書がない場合は不適合とする。",
    en: "Checks the privileged access document in the evidence folder against its schema, its attachments' digests, its freshness and its content rules. A missing document is a finding.",
  },
  needs: ["evidence"],
  parameters: evidenceParameters("privileged-access"),
  intrusive: false,
  run: (ctx) => assessEvidenceKind(ctx, "privileged-access"),
});
