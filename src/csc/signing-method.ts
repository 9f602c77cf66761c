/**
 * How the probes have the provider sign, from what `info.methods` lists (pure, so that both the
 * session and the code estimate read the same rule): signatures/signHash where `info` lists it
 * (or lists neither), signatures/signDoc where it lists signDoc and not signHash (v2 §11.11; a
 * provider that builds the AdES signature itself) — and, where it lists both, the SAD probes take
 * signDoc as a second route (src/csc/signdoc/routes.ts).
 */

export type SigningRoute = "signatures/signHash" | "signatures/signDoc";

/** The method the probes sign through. */
export function signingMethodOf(methods: readonly string[]): SigningRoute {
  return methods.includes("signatures/signDoc") && !methods.includes("signatures/signHash") ? "signatures/signDoc" : "signatures/signHash";
}

/** The routes a SAD probe takes, the signing method first. */
export function signingRoutesOf(methods: readonly string[]): SigningRoute[] {
  const primary = signingMethodOf(methods);
  return primary !== "signatures/signDoc" && methods.includes("signatures/signDoc") ? [primary, "signatures/signDoc"] : [primary];
}
