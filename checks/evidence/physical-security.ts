/**
 * evidence.physical-security — the physical security document: schema (physical-security.schema.json), attachments' digests,
 * freshness, and the content rules of src/evidence/rules.ts.
 */
import { defineCheck } from "../../src/check/types.ts";
import { assessEvidenceKind, evidenceParameters } from "../../src/evidence/assess-kind.ts";

export default defineCheck({
  id: "evidence.physical-security",
  family: "evidence",
  title: { ja: "物理的セキュリティの文書", en: "Physical security document" },
  description: {
    ja: "証跡フォルダの「物理的セキュリティ」の文書をスキーマ、添付ファイルのダイジェスト、鮮度及び内容の規則で確認する。文書がない場合は不適合とする。",
    en: "Checks the physical security document in the evidence folder against its schema, its attachments' digests, its freshness and its content rules. A missing document is a finding.",
  },
  needs: ["evidence"],
  parameters: evidenceParameters("physical-security"),
  intrusive: false,
  run: (ctx) => assessEvidenceKind(ctx, "physical-security"),
});
