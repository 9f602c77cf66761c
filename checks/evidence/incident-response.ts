/**
 * evidence.incident-response — the incident response document: schema (incident-response.schema.json), attachments' digests,
 * freshness, and the content rules of src/evidence/rules.ts.
 */
import { defineCheck } from "../../src/check/types.ts";
import { assessEvidenceKind, evidenceParameters } from "../../src/evidence/assess-kind.ts";

export default defineCheck({
  id: "evidence.incident-response",
  family: "evidence",
  title: { ja: "インシデント対応の文書", en: "Incident response document" },
  description: {
    ja: "証跡フォルダの「インシデント対応」の文書をスキーマ、添付ファイルのダイジェスト、鮮度及び内容の規則で確認する。文書がない場合は不適合とする。",
    en: "Checks the incident response document in the evidence folder against its schema, its attachments' digests, its freshness and its content rules. A missing document is a finding.",
  },
  needs: ["evidence"],
  parameters: evidenceParameters("incident-response"),
  intrusive: false,
  run: (ctx) => assessEvidenceKind(ctx, "incident-response"),
});
