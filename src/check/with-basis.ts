/**
 * Gives every departure of an outcome that names no basis the one its check rests on (design
 * §3a): for checks whose departures all rest on one clause. A departure that names its own basis
 * keeps it. Pure.
 */
import type { Basis, CheckOutcome } from "./types.ts";
import { controlClause } from "./basis.ts";

export function withBasis(outcome: CheckOutcome, basis: Basis): CheckOutcome {
  return { ...outcome, observations: outcome.observations.map((o) => (o.ok === false && !o.basis ? { ...o, basis } : o)) };
}

/** The basis of a requirement the catalog takes from the guideline (its control names the sources). */
export function controlBasis(control: string): Basis {
  return { source: "catalog", clause: controlClause(control), strength: "guideline" };
}
