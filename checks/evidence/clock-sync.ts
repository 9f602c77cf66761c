/**
 * evidence.clock-sync — the clock synchronisation document: schema (clock-sync.schema.json), attachments' digests,
 * freshness, and the content rules of src/evidence/rules.ts.
 */
import { defineCheck } from "../../src/check/types.ts";
import { assessEvidenceKind, evidenceParameters } from "../../src/evidence/assess-kind.ts";

export default defineCheck({
  id: "evidence.clock-sync",
  family: "evidence",
  title: { ja: "時刻同期の文書", en: "Clock synchronisation document" },
  description: {
    ja: "証跡フォルダの「時刻同期」の文書をスキーマ、添付ファイルのダイジェスト、鮮度及び内容の規則で確認する。文書がない場合は不適合とする。",
    en: "Checks the clock synchronisation document in the evidence folder against its schema, its attachments' digests, its freshness and its content rules. A missing document is a finding.",
  },
  needs: ["evidence"],
  parameters: evidenceParameters("clock-sync"),
  intrusive: false,
  run: (ctx) => assessEvidenceKind(ctx, "clock-sync"),
});
