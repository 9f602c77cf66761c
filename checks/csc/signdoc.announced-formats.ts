/**
 * csc.signdoc.announced-formats — what info announces of signatures/signDoc (v2 §11.1
 * signature_formats {formats, envelope_properties}, conformance_levels: REQUIRED, "supported by
 * the RSSP") agrees with what signDoc does: formats and levels are well-formed values of §11.11,
 * envelope_properties has one list per format, and each format and level the probe had signed
 * (shared signDoc scenario) is among those announced. Whether the returned signatures are valid
 * is csc.signdoc.ades-valid's to judge.
 */
import { defineCheck, type Message } from "../../src/check/types.ts";
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
      const judge = (ok: boolean, expected: Message, observed: Message, where = info) => out.push({ status: ok ? "pass" : "fail", observation: { expected, observed, where, ok } });
      const notStrings = (v: unknown): Message => ({ ja: `文字列の配列でない（${JSON.stringify(v) ?? "なし"}）`, en: `not an array of strings (${JSON.stringify(v) ?? "absent"})` });
      judge(!!formats && formats.length > 0 && formats.every((f) => FORMATS.includes(f)), { ja: "signature_formats.formats: C・X・P・Jのいずれか1つ以上", en: "signature_formats.formats: one or more of C, X, P, J" }, formats ? `[${formats.join(", ")}]` : notStrings(s.announced.formats));
      if (envelope !== undefined) {
        const ok = Array.isArray(envelope) && envelope.every((e) => strings(e)) && envelope.length === (formats?.length ?? -1);
        judge(ok, { ja: "envelope_properties: 形式ごとに1つの文字列配列", en: "envelope_properties: one list of strings per format" }, Array.isArray(envelope) ? { ja: `${formats?.length ?? 0}形式に対し${envelope.length}件`, en: `${envelope.length} list(s) for ${formats?.length ?? 0} format(s)` } : { ja: "配列でない", en: "not an array" });
      }
      judge(!!levels && levels.length > 0 && levels.every((l) => CONFORMANCE_LEVELS.some((k) => k.toLowerCase() === l.toLowerCase())), { ja: "conformance_levels: §11.11の適合レベル1つ以上", en: "conformance_levels: one or more levels of §11.11" }, levels ? `[${levels.join(", ")}]` : notStrings(s.announced.levels));
      const signedAt = at(session, "signatures/signDoc", `${s.formats.join(", ")} at ${s.level}, ${s.credential.credentialID}`);
      if (!s.signed.ok) return cannotConclude(`signDoc refused the authorized digests: ${describeReply(s.signed)}`, signedAt);
      for (const f of new Set(s.formats)) {
        const ok = !!formats?.includes(f);
        judge(ok, { ja: `signDocで署名できた形式${f}がinfoに示されている`, en: `format ${f}, which signDoc signed in, announced` }, ok ? { ja: `${f}は通知され、署名できた`, en: `${f} announced and signed` } : { ja: `signDocは形式${f}で署名したが、infoはそれを示していない`, en: `signDoc signed format ${f}, which info does not announce` }, signedAt);
      }
      const levelOk = !!levels?.some((l) => l.toLowerCase() === s.level.toLowerCase());
      judge(levelOk, { ja: `signDocで署名できた適合レベル${s.level}がinfoに示されている`, en: `level ${s.level}, which signDoc signed at, announced` }, levelOk ? { ja: `${s.level}は通知され、署名できた`, en: `${s.level} announced and signed` } : { ja: `signDocは${s.level}で署名したが、infoはそれを示していない`, en: `signDoc signed at ${s.level}, which info does not announce` }, signedAt);
      return conclude(out, { pass: { ja: "通知された署名形式・適合レベルがsignDocの結果と一致する", en: "the announced formats and levels match signDoc" }, fail: { ja: "infoの署名形式・適合レベルがsignDocの結果と一致しない", en: "info's signature formats or levels do not match signDoc" } });
    });
  },
});
