/**
 * csc.signdoc.announced-formats — what info announces of signatures/signDoc (v2 §11.1
 * signature_formats {formats, envelope_properties}, conformance_levels: REQUIRED, "supported by
 * the RSSP") agrees with what signDoc does: formats and levels are well-formed values of §11.11,
 * envelope_properties has one list per format, and each format and level the probe had signed
 * (shared signDoc scenario) is among those announced. Whether the returned signatures are valid
 * is csc.signdoc.ades-valid's to judge.
 */
import { defineCheck } from "../../src/check/types.ts";
import { TOTP_SCENARIO_TIMEOUT_MS } from "../../src/csc/scenarios.ts";
import { CONFORMANCE_LEVELS, signDocScenario } from "../../src/csc/signdoc/scenario.ts";
import { describeReply } from "../../src/csc/client.ts";
import { at, cannotConclude, conclude, notApplicable, runProbe, type Judged } from "../../src/csc/probe.ts";

const FORMATS = ["C", "X", "P", "J"];
const strings = (v: unknown): string[] | undefined => (Array.isArray(v) && v.every((x) => typeof x === "string") ? (v as string[]) : undefined);

export default defineCheck({
  id: "csc.signdoc.announced-formats",
  family: "csc",
  title: { ja: "infoが示す署名形式・適合レベルとsignDocの結果が一致する", en: "The signature formats and levels info announces match what signDoc returns" },
  description: {
    ja: "infoのsignature_formats・conformance_levelsが§11.11の値で、signDocで署名できた形式・レベルがすべて通知されていることを確認する。",
    en: "Confirms info's signature_formats and conformance_levels hold §11.11 values and announce every format and level signDoc signed in.",
  },
  needs: ["csc", "csc.signer"],
  intrusive: false,
  timeoutMs: TOTP_SCENARIO_TIMEOUT_MS,
  async run(ctx) {
    return runProbe(ctx, "csc.signdoc.announced-formats", async ({ session, uses }) => {
      const s = await signDocScenario(ctx);
      const info = at(session, "info", "signature_formats, conformance_levels");
      if (!("transcript" in s)) return s.notApplicable ? notApplicable(s.unavailable, info) : cannotConclude(s.unavailable, info);
      uses(s.transcript);
      const formats = strings(s.announced.formats);
      const levels = strings(s.announced.levels);
      const envelope = s.announced.envelopeProperties;
      const out: Judged[] = [];
      const judge = (ok: boolean, expected: string, observed: string, where = info) => out.push({ status: ok ? "pass" : "fail", observation: { expected, observed, where, ok } });
      judge(!!formats && formats.length > 0 && formats.every((f) => FORMATS.includes(f)), "signature_formats.formats: one or more of C, X, P, J", formats ? `[${formats.join(", ")}]` : `not an array of strings (${JSON.stringify(s.announced.formats) ?? "absent"})`);
      if (envelope !== undefined) {
        const ok = Array.isArray(envelope) && envelope.every((e) => strings(e)) && envelope.length === (formats?.length ?? -1);
        judge(ok, "envelope_properties: one list of strings per format", Array.isArray(envelope) ? `${envelope.length} list(s) for ${formats?.length ?? 0} format(s)` : "not an array");
      }
      judge(!!levels && levels.length > 0 && levels.every((l) => CONFORMANCE_LEVELS.some((k) => k.toLowerCase() === l.toLowerCase())), "conformance_levels: one or more levels of §11.11", levels ? `[${levels.join(", ")}]` : `not an array of strings (${JSON.stringify(s.announced.levels) ?? "absent"})`);
      const signedAt = at(session, "signatures/signDoc", `${s.formats.join(", ")} at ${s.level}, ${s.credential.credentialID}`);
      if (!s.signed.ok) return cannotConclude(`signDoc refused the authorized digests: ${describeReply(s.signed)}`, signedAt);
      for (const f of new Set(s.formats)) judge(!!formats?.includes(f), `format ${f}, which signDoc signed in, announced`, formats?.includes(f) ? `${f} announced and signed` : `signDoc signed format ${f}, which info does not announce`, signedAt);
      const levelOk = !!levels?.some((l) => l.toLowerCase() === s.level.toLowerCase());
      judge(levelOk, `level ${s.level}, which signDoc signed at, announced`, levelOk ? `${s.level} announced and signed` : `signDoc signed at ${s.level}, which info does not announce`, signedAt);
      return conclude(out, { pass: { ja: "通知された署名形式・適合レベルがsignDocの結果と一致する", en: "the announced formats and levels match signDoc" }, fail: { ja: "infoの署名形式・適合レベルがsignDocの結果と一致しない", en: "info's signature formats or levels do not match signDoc" } });
    });
  },
});
