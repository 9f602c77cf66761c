/**
 * hsm.rng.quality — random bytes from C_GenerateRandom pass a documented subset of NIST SP 800-22
 * (frequency, block frequency, runs, longest run of ones, approximate entropy) on a sequence of
 * ≥ 2^20 bits, at significance level `hsm.rng.alpha` (default 0.001). A test failing on the first
 * sequence is re-run on a second, independent sequence of the same length: only a failure that
 * reproduces fails the check, which keeps false alarms near α² per test.
 *
 * Informative: a pass proves little (any decent deterministic generator passes), a fail proves a
 * lot (the generator is broken).
 */
import { withBasis, controlBasis } from "../../src/check/with-basis.ts";
import { defineCheck, type CheckOutcome, type Observation } from "../../src/check/types.ts";
import { HSM_CHECK_TIMEOUT_MS, tokenSurvey } from "../../src/hsm/assessment-survey.ts";
import { runSubset, toBits, type RandomnessTest } from "../../src/hsm/sp800-22.ts";
import type { RandomSample } from "../../src/hsm/survey-types.ts";

const MIN_BITS = 1_000_000;

const format = (p: number) => (p < 1e-6 ? p.toExponential(2) : p.toFixed(6));

/** Pure: judges a random sample (two sequences of equal length back to back). */
export function judgeRandomSample(sample: RandomSample, alpha: number, where: string): CheckOutcome {
  if ("unavailable" in sample) return { status: "error", summary: { ja: `乱数を取得できない：${sample.unavailable}`, en: `no random bytes: ${sample.unavailable}` }, observations: [{ expected: { ja: "C_GenerateRandomの出力", en: "C_GenerateRandom output" }, observed: sample.unavailable, where }] };
  const half = Math.floor(sample.bytes.length / 2);
  const bits = half * 8;
  if (bits < MIN_BITS) return { status: "error", summary: { ja: `系列あたり${bits}ビットしかない。SP 800-22には${MIN_BITS}ビット以上が必要`, en: `only ${bits} bits per sequence; SP 800-22 needs ≥ ${MIN_BITS}` }, observations: [{ expected: { ja: `${MIN_BITS}ビット以上`, en: `≥ ${MIN_BITS} bits` }, observed: `${bits} bits`, where }] };
  const first = runSubset(toBits(sample.bytes.subarray(0, half)));
  let second: RandomnessTest[] | undefined;
  const observations: Observation[] = [];
  const failed: string[] = [];
  for (const t of first) {
    let observed = `p = ${format(t.pValue)} (statistic ${Number.isNaN(t.statistic) ? "n/a: frequency prerequisite failed" : t.statistic.toFixed(4)}; ${Object.entries(t.parameters).map(([k, v]) => `${k}=${Number.isInteger(v) ? v : v.toFixed(4)}`).join(", ")})`;
    let ok = t.pValue >= alpha;
    if (!ok) {
      second ??= runSubset(toBits(sample.bytes.subarray(half, 2 * half)));
      const again = second.find((s) => s.test === t.test)!;
      ok = again.pValue >= alpha;
      observed += `; below α, so re-run on a second independent sequence: p = ${format(again.pValue)} — ${ok ? "not reproduced" : "REPRODUCED"}`;
      if (!ok) failed.push(t.test);
    }
    observations.push({ expected: { ja: `SP 800-22 §${t.section} ${t.test}：p ≥ ${alpha}`, en: `SP 800-22 §${t.section} ${t.test}: p ≥ ${alpha}` }, observed, where: `${where} C_GenerateRandom (${bits} bits)`, subject: t.test, ok });
  }
  const facts = { bitsPerSequence: bits, alpha, pValues: Object.fromEntries(first.map((t) => [t.test, t.pValue])) };
  if (failed.length) return { status: "fail", summary: { ja: `トークンの乱数が独立した2系列でSP 800-22の${failed.join(", ")}に不合格：乱数生成器に欠陥がある`, en: `the token's random numbers fail SP 800-22 ${failed.join(", ")} on two independent sequences: the generator is defective` }, observations, facts };
  return { status: "pass", summary: { ja: `C_GenerateRandomの${bits}ビットがα=${alpha}でSP 800-22の検定群に合格（参考：重大な欠陥のみを検出する）`, en: `${bits} bits from C_GenerateRandom pass the SP 800-22 subset at α=${alpha} (informative: detects gross defects only)` }, observations, facts };
}

/** What a departure of this check rests on (design §3a; docs/CHECKS.md). */
const BASIS = controlBasis("SM-07");

export default defineCheck({
  id: "hsm.rng.quality",
  family: "hsm",
  title: { ja: "HSMの乱数がSP 800-22の統計検定に合格する（参考）", en: "The HSM's random numbers pass SP 800-22 tests (informative)" },
  description: {
    ja: "C_GenerateRandomの出力（2^20ビット以上）にNIST SP 800-22の一部（頻度、ブロック内頻度、連、ブロック内最長連、近似エントロピー）を適用し、p値を報告する（有意水準hsm.rng.alpha、既定0.001。不合格は独立な第2系列で再現した場合のみ）。参考情報である：合格はほとんど何も証明しない（決定的な生成器でも合格する）が、不合格は生成器の欠陥を強く示す。",
    en: "Applies a subset of NIST SP 800-22 (frequency, block frequency, runs, longest run of ones, approximate entropy) to ≥ 2^20 bits of C_GenerateRandom output and reports the p-values (significance hsm.rng.alpha, default 0.001; a failure counts only if it reproduces on a second independent sequence). Informative: a pass proves little — a deterministic generator passes too — but a fail proves a lot: the generator is defective.",
  },
  needs: ["hsm"],
  parameters: ["hsm.rng.alpha", "hsm.rng.bits"],
  intrusive: false,
  timeoutMs: HSM_CHECK_TIMEOUT_MS,
  async run(ctx) {
    return withBasis(await (async (): Promise<CheckOutcome> => {
    const alpha = Number(ctx.parameters["hsm.rng.alpha"] ?? 0.001);
    const survey = await tokenSurvey(ctx);
    return judgeRandomSample(survey.random, alpha, survey.uri);
    })(), BASIS);
  },
});
