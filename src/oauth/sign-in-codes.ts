/**
 * How many one-time codes the oauth.* checks will ask for at the provider's sign-in page, said up
 * front to an assessor who types them (`otp: prompt` on target.csc.oauth2.signers). A code is
 * asked once per browser sign-in that reaches the recipe's `otp` field; the sign-ins are listed
 * here as data (test/oauth/sign-in-codes.test.ts holds the list to the checks' code). Every one
 * signs in as the account of the first oauth2code credential. An estimate to announce, not a limit.
 */
import type { LoginRecipe } from "./recipe.ts";

export interface SignIn {
  /** What signs in. */
  by: string;
  /** The checks served by it (one sign-in, however many checks read it). */
  checks: string[];
  /** Only where the provider departs from the text (not counted; named in the announcement). */
  onlyIfFault?: true;
}

export const SIGN_INS: readonly SignIn[] = [
  {
    by: "the shared binding probe (src/oauth/flows.ts bindingProbe)",
    checks: [
      "oauth.authorization-details.bound",
      "oauth.consent-shows-digests",
      "oauth.par.request-uri-single-use",
      "oauth.refresh-service-only",
      "oauth.state-echoed",
      "oauth.token.cross-credential",
      "oauth.token.cross-user",
      "oauth.token.hash-binding",
      "oauth.token.single-use",
    ],
  },
  { by: "oauth.token.expiry's own credential token", checks: ["oauth.token.expiry"] },
  // A provider that requires PKCE refuses the request before any sign-in page.
  { by: "oauth.pkce-required, where the provider shows its sign-in page to a request without PKCE", checks: ["oauth.pkce-required"], onlyIfFault: true },
];

/** Whether the recipe reaches a one-time code field at all (else no sign-in asks for a code). */
export function recipeAsksOtp(recipe: LoginRecipe): boolean {
  return recipe.steps.some((s) => "fill" in s && s.with === "otp");
}

/** The codes each prompted account will be asked for (pure): all sign-ins are the first credential's account's. */
export function signInCodesNeeded(credentials: ReadonlyArray<{ signer: string }>, recipe: LoginRecipe, prompted: string[]): Array<{ id: string; n: number }> {
  const first = credentials[0]?.signer;
  const n = recipeAsksOtp(recipe) ? SIGN_INS.filter((s) => !s.onlyIfFault).length : 0;
  return prompted.map((id) => ({ id, n: id === first ? n : 0 })).filter((x) => x.n > 0);
}

/** The announcement, worded as the CSC session's (src/csc/session.ts) so that the two read alike. */
export function signInAnnouncement(counts: Array<{ id: string; n: number }>, prompted: string[]): string {
  const total = counts.reduce((a, x) => a + x.n, 0);
  return total
    ? `[rssp-audit] The OAuth sign-ins will ask for about ${total} one-time code(s): ${counts.map((x) => `${x.id} ${x.n}`).join(", ")} (one per sign-in on the provider's page, plus one if it shows that page to a request without PKCE). Keep the test accounts' phones or mailboxes at hand.`
    : `[rssp-audit] No OAuth sign-in of ${prompted.join(", ")} reaches a one-time code field: no code will be asked for at the sign-in.`;
}
