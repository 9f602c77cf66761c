/**
 * A login recipe: the steps that complete a provider's own login and consent page, in order
 * (selectors from the assessment config). Types only, so that the check contract can name a
 * recipe without loading the browser driver.
 */

export type SecretField = "password" | "pin" | "otp";

/** One step of a login recipe. */
export type RecipeStep =
  | { fill: string; with: "username" | SecretField }
  | { click: string }
  | { waitFor: string }
  /** Reads an element's text into the result (e.g. the digests a consent page shows). */
  | { read: string; as: string; optional?: boolean };

export interface LoginRecipe {
  steps: RecipeStep[];
}

