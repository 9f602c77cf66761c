/**
 * evidence.<kind> — one check per evidence document kind (src/evidence/kinds.json): the document
 * of that kind in the evidence folder, against its schema (evidence-schemas/<kind>.schema.json),
 * its attachments' digests, its freshness and the content rules of src/evidence/rules.ts. The
 * checks differ only by the kind, so the kinds list drives this one module (a check set: see
 * src/check/registry.ts) instead of 24 copies of the same file.
 */
import { defineCheck, type Check } from "../../src/check/types.ts";
import { assessEvidenceKind, evidenceParameters } from "../../src/evidence/assess-kind.ts";
import { EVIDENCE_KINDS } from "../../src/evidence/documents.ts";

/** "Clock synchronisation" → "clock synchronisation"; an acronym ("HSM certification") stays. */
function lowerInitial(name: string): string {
  return /^[A-Z][a-z]/.test(name) ? name.charAt(0).toLowerCase() + name.slice(1) : name;
}

/** The check for one kind; `en`/`ja` are the kind's names (kinds.json, in the guideline's terms). */
export function evidenceDocumentCheck(kind: string, en: string, ja: string): Check {
  return defineCheck({
    id: `evidence.${kind}`,
    family: "evidence",
    title: { ja: `${ja}の文書`, en: `${en} document` },
    description: {
      ja: `証跡フォルダの「${ja}」の文書をスキーマ、添付ファイルのダイジェスト、鮮度及び内容の規則で確認する。文書がない場合は不適合とする。`,
      en: `Checks the ${lowerInitial(en)} document in the evidence folder against its schema, its attachments' digests, its freshness and its content rules. A missing document is a finding.`,
    },
    needs: ["evidence"],
    parameters: evidenceParameters(kind),
    intrusive: false,
    run: (ctx) => assessEvidenceKind(ctx, kind),
  });
}

export default Object.entries(EVIDENCE_KINDS).map(([kind, [en, ja]]) => evidenceDocumentCheck(kind, en, ja));
