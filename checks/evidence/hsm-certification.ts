/**
 * evidence.hsm-certification — the hsm certification document: schema (hsm-certification.schema.json), attachments' digests,
 * freshness, and the content rules of src/evidence/rules.ts.
 */
import { defineCheck } from "../../src/check/types.ts";
import { assessEvidenceKind, evidenceParameters } from "../../src/evidence/assess-kind.ts";

export default defineCheck({
  id: "evidence.hsm-certification",
  family: "evidence",
  title: { ja: "HSMの認証の文書", en: "HSM certification document" },
  description: {
    ja: "証跡フォルダの「HSMの認証」の文書をスキーマ、添付ファイルのダイジェスト、鮮度及び内容の規則で確認する。文書がない場合は不適合とする。",
    en: "Checks the hsm certification document in the evidence folder against its schema, its attachments' digests, its freshness and its content rules. A missing document is a finding.",
  },
  needs: ["evidence"],
  parameters: evidenceParameters("hsm-certification"),
  intrusive: false,
  run: (ctx) => assessEvidenceKind(ctx, "hsm-certification"),
});
