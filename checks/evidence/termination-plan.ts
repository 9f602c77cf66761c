/**
 * evidence.termination-plan — the termination plan document: schema (termination-plan.schema.json), attachments' digests,
 * freshness, and the content rules of src/evidence/rules.ts.
 */
import { defineCheck } from "../../src/check/types.ts";
import { assessEvidenceKind, evidenceParameters } from "../../src/evidence/assess-kind.ts";

export default defineCheck({
  id: "evidence.termination-plan",
  family: "evidence",
  title: { ja: "事業終了計画の文書", en: "Termination plan document" },
  description: {
    ja: "証跡フォルダの「事業終了計画」の文書をスキーマ、添付ファイルのダイジェスト、鮮度及び内容の規則で確認する。文書がない場合は不適合とする。",
    en: "Checks the termination plan document in the evidence folder against its schema, its attachments' digests, its freshness and its content rules. A missing document is a finding.",
  },
  needs: ["evidence"],
  parameters: evidenceParameters("termination-plan"),
  intrusive: false,
  run: (ctx) => assessEvidenceKind(ctx, "termination-plan"),
});
