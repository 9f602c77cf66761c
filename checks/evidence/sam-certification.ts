/**
 * evidence.sam-certification — the sam certification document: schema (sam-certification.schema.json), attachments' digests,
 * freshness, and the content rules of src/evidence/rules.ts.
 */
import { defineCheck } from "../../src/check/types.ts";
import { assessEvidenceKind, evidenceParameters } from "../../src/evidence/assess-kind.ts";

export default defineCheck({
  id: "evidence.sam-certification",
  family: "evidence",
  title: { ja: "署名活性化モジュールの認証の文書", en: "SAM certification document" },
  description: {
    ja: "証跡フォルダの「署名活性化モジュールの認証」の文書をスキーマ、添付ファイルのダイジェスト、鮮度及び内容の規則で確認する。文書がない場合は不適合とする。",
    en: "Checks the sam certification document in the evidence folder against its schema, its attachments' digests, its freshness and its content rules. A missing document is a finding.",
  },
  needs: ["evidence"],
  parameters: evidenceParameters("sam-certification"),
  intrusive: false,
  run: (ctx) => assessEvidenceKind(ctx, "sam-certification"),
});
