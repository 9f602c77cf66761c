/**
 * Verdict: the target is conformant at level N when every control required at N is pass,
 * not-applicable or waived (design §3). Levels are cumulative, so the highest conformant level
 * is the last N for which 1..N all hold (0 when L1 is not met). Pure.
 */
import type { ControlResult, Level, LevelVerdict, Report } from "../report/types.ts";

const SATISFIED = new Set(["pass", "not-applicable", "waived"]);

export function levelVerdict(controls: ControlResult[], level: Level): LevelVerdict {
  const blocking = controls.filter((c) => c.levels.includes(level) && !SATISFIED.has(c.status)).map((c) => c.id);
  return { level, conformant: blocking.length === 0, blocking };
}

export function computeVerdict(controls: ControlResult[], assessed: Level): Report["verdict"] {
  const byLevel = ([1, 2, 3] as const).filter((l) => l <= assessed).map((l) => levelVerdict(controls, l));
  let highest: 0 | Level = 0;
  for (const v of byLevel) {
    if (!v.conformant) break;
    highest = v.level;
  }
  const atAssessed = byLevel[byLevel.length - 1]!;
  return {
    level: assessed,
    conformant: atAssessed.conformant && highest === assessed,
    highestConformantLevel: highest,
    blocking: [...new Set(byLevel.flatMap((v) => v.blocking))].sort(),
    byLevel,
  };
}
