/**
 * The one Prompter of an assessment, shared through `ctx.shared` by every session that asks the
 * assessor something: the CSC session (codes and push approvals for credentials/authorize) and the
 * OAuth session (codes the provider's sign-in page sends). There is one terminal, so there is one
 * queue: two questions at once would be unanswerable, and an announcement must not cut into a
 * question being answered.
 */
import type { CheckContext, SignerAccount, Target } from "../check/types.ts";
import { controllingTerminal, Prompter, type Terminal } from "./otp-source.ts";

export const PROMPTER_KEY = "assessor:prompter";

/** The assessment's prompter (opened once); its terminal is opened only when some source asks on it. */
export function sharedPrompter(ctx: CheckContext, open: () => Terminal | undefined = controllingTerminal): Promise<Prompter> {
  return ctx.shared(PROMPTER_KEY, async () => new Prompter(asksAtTerminal(ctx.target) ? open() : undefined));
}

/**
 * Whether any configured source is answered at the terminal: a CSC signer's `otp: prompt` or
 * `approval: prompt`, or an OAuth account's `otp: prompt` (a command needs no terminal).
 */
export function asksAtTerminal(target: Target): boolean {
  const accounts: SignerAccount[] = [...(target.csc?.signers ?? []), ...(target.csc?.oauth2?.signers ?? [])];
  return accounts.some((s) => s.otp?.kind === "prompt" || s.approval?.kind === "prompt");
}
