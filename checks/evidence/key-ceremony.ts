/**
 * evidence.key-ceremony — the key ceremony (dual control) document: schema (key-ceremony.schema.json), attachments' digests,
 * freshness, and the content rules of src/evidence/rules.ts.
 */
import { defineCheck } from "../../src/check/types.ts";
import { assessEvidenceKind, evidenceParameters } from "../../src/evidence/assess-kind.ts";

export default defineCheck({
  id: "evidence.key-ceremony",
  family: "evidence",
  title: { ja: "鍵生成式（二者管理）の文書", en: "Key ceremony (dual control) document" },
  description: {
    ja: "証跡フォルダの「鍵生成式（二者管理）」の文書をスキーマ、添付ファイルのダイジェスト、鮮度及び内容の規則で確認する。文書がない場合は不適合とする。",
    en: "Checks the key ceremony (dual control) document in the evidence folder against its schema, its attachments' digests, its freshness and its content rules. A missing document is a finding.",
  },
  needs: ["evidence"],
  parameters: evidenceParameters("key-ceremony"),
  intrusive: false,
  run: (ctx) => assessEvidenceKind(ctx, "key-ceremony"),
});
