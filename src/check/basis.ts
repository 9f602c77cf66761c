/**
 * Judgement by the text (design §3a): a check's `fail` stands only on a violated `shall` or
 * `guideline` basis. A departure from a `should` or `may` is `advisory`. Pure.
 */
import { BINDING_STRENGTHS, type Basis, type CheckOutcome, type Message, type Observation, type Strength } from "./types.ts";

/** The observations that did not meet their expectation. */
export function departures(observations: readonly Observation[]): Observation[] {
  return observations.filter((o) => o.ok === false);
}

/**
 * The status a `fail` outcome really has, given the bases of its departures:
 * - some departure rests on a binding basis (or has none: the check did not say, so its word
 *   stands and the missing basis is reported elsewhere) → `fail`;
 * - every departure rests on `should`/`may` → `advisory`.
 * Other statuses are returned unchanged.
 */
export function statusByBasis(outcome: CheckOutcome): CheckOutcome["status"] {
  if (outcome.status !== "fail") return outcome.status;
  const gone = departures(outcome.observations);
  if (gone.length === 0) return "fail";
  const binding = gone.some((o) => !o.basis || BINDING_STRENGTHS.has(o.basis.strength));
  return binding ? "fail" : "advisory";
}

/** Departures of a fail/advisory outcome that name no basis (a defect of the check: tests look for it). */
export function departuresWithoutBasis(outcome: CheckOutcome): Observation[] {
  if (outcome.status !== "fail" && outcome.status !== "advisory") return [];
  return departures(outcome.observations).filter((o) => !o.basis);
}

/** Shorthand for a basis literal: `basis("CSC-API-2.0.0.2", "11.6", "should")`. */
export function basis(source: string, clause: Message, strength: Strength): Basis {
  return { source, clause, strength };
}
