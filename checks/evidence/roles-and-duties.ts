/**
 * evidence.roles-and-duties — the roles and separation of duties document: schema (roles-and-duties.schema.json), attachments' digests,
 * freshness, and the content rules of src/evidence/rules.ts.
 */
import { defineCheck } from "../../src/check/types.ts";
import { assessEvidenceKind, evidenceParameters } from "../../src/evidence/assess-kind.ts";

export default defineCheck({
  id: "evidence.roles-and-duties",
  family: "evidence",
  title: { ja: "役割と職務分離の文書", en: "Roles and separation of duties document" },
  description: {
    ja: "証跡フォルダの「役割と職務分離」の文書をスキーマ、添付ファイルのダイジェスト、鮮度及び内容の規則で確認する。文書がない場合は不適合とする。",
    en: "Checks the roles and separation of duties document in the evidence folder against its schema, its attachments' digests, its freshness and its content rules. A missing document is a finding.",
  },
  needs: ["evidence"],
  parameters: evidenceParameters("roles-and-duties"),
  intrusive: false,
  run: (ctx) => assessEvidenceKind(ctx, "roles-and-duties"),
});
