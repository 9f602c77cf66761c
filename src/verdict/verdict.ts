/**
 * Verdict: the target is conformant at level N when every control required at N is pass,
 * not-applicable or waived (design §3). Levels are cumulative, so the highest conformant level
 * is the last N for which 1..N all hold (0 when L1 is not met). Pure.
 *
 * Each level also has a state (design §3a): `not-conformant` when a required control fails,
 * `incomplete` (判定保留) when none fails but some are left manual or in error, else `conformant`.
 * Advisory findings never block: a control with only pass/advisory checks is `pass`.
 */
import type { ControlResult, Level, LevelVerdict, Report, VerdictState } from "../report/types.ts";

const SATISFIED = new Set(["pass", "not-applicable", "waived"]);

/** The state a set of blocking controls gives a level. */
export function stateOf(blocking: readonly ControlResult[]): VerdictState {
  if (blocking.length === 0) return "conformant";
  return blocking.some((c) => c.status === "fail") ? "not-conformant" : "incomplete";
}

export function levelVerdict(controls: ControlResult[], level: Level): LevelVerdict {
  const blocking = controls.filter((c) => c.levels.includes(level) && !SATISFIED.has(c.status));
  return { level, conformant: blocking.length === 0, state: stateOf(blocking), blocking: blocking.map((c) => c.id) };
}

export function computeVerdict(controls: ControlResult[], assessed: Level): Report["verdict"] {
  const byLevel = ([1, 2, 3] as const).filter((l) => l <= assessed).map((l) => levelVerdict(controls, l));
  let highest: 0 | Level = 0;
  for (const v of byLevel) {
    if (!v.conformant) break;
    highest = v.level;
  }
  const atAssessed = byLevel[byLevel.length - 1]!;
  // Levels are cumulative: a failing lower level makes the assessed level not conformant even
  // when the assessed level's own list would only be incomplete.
  const state: VerdictState = byLevel.some((v) => v.state === "not-conformant")
    ? "not-conformant"
    : byLevel.some((v) => v.state === "incomplete") ? "incomplete" : "conformant";
  return {
    level: assessed,
    conformant: atAssessed.conformant && highest === assessed,
    state,
    highestConformantLevel: highest,
    blocking: [...new Set(byLevel.flatMap((v) => v.blocking))].sort(),
    byLevel,
  };
}
