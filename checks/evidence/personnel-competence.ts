/**
 * evidence.personnel-competence — the personnel competence document: schema (personnel-competence.schema.json), attachments' digests,
 * freshness, and the content rules of src/evidence/rules.ts.
 */
import { defineCheck } from "../../src/check/types.ts";
import { assessEvidenceKind, evidenceParameters } from "../../src/evidence/assess-kind.ts";

export default defineCheck({
  id: "evidence.personnel-competence",
  family: "evidence",
  title: { ja: "要員の力量の文書", en: "Personnel competence document" },
  description: {
    ja: "証跡フォルダの「要員の力量」の文書をスキーマ、添付ファイルのダイジェスト、鮮度及び内容の規則で確認する。文書がない場合は不適合とする。",
    en: "Checks the personnel competence document in the evidence folder against its schema, its attachments' digests, its freshness and its content rules. A missing document is a finding.",
  },
  needs: ["evidence"],
  parameters: evidenceParameters("personnel-competence"),
  intrusive: false,
  run: (ctx) => assessEvidenceKind(ctx, "personnel-competence"),
});
