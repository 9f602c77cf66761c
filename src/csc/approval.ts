/**
 * Push approvals: the provider asks the signer to approve on a device (an authenticator app) and
 * holds the authorization (credentials/authorize, or the OAuth sign-in) until that happens out of
 * band. The assessor either approves by hand when asked (`approval: prompt`) or names a program that
 * approves for the test account and exits 0 once it has (`approval: { command: "..." }`, e.g. a
 * script calling the provider's test-device API), for unattended runs.
 *
 * A failed or missing approval says nothing about the provider: it is `NoApproval` (a `NoCode`),
 * which the probe frame turns into `manual` with the reason, like a missing one-time code. A command's output is
 * bounded and never reported (only its exit status is).
 */
import { CommandFailed, runAssessorCommand } from "./assessor-command.ts";
import { NoApproval, type CodeNeed, type Prompter } from "./otp-source.ts";
import { ESTIMATE_NOTE } from "./codes-needed.ts";

export { NoApproval } from "./otp-source.ts";

export type { ApprovalConfig } from "./otp-source.ts";
import type { ApprovalConfig } from "./otp-source.ts";

/** What an approval is wanted for (as for a code, without `sent`). */
export type ApprovalNeed = Omit<CodeNeed, "sent">;

/** One signer's source of push approvals. */
export interface ApprovalSource {
  /** How it is described to the assessor ("confirmed at the prompt", "by approval.command"). */
  readonly description: string;
  /** Resolves once the approval has been given; `NoApproval` when it was not. */
  approve(need: ApprovalNeed, signal?: AbortSignal): Promise<void>;
}

/**
 * Runs `approval.command` through /bin/sh, with the signer, check and step in its environment;
 * exit status 0 means approved. Bounded in time and output; what it printed is never reported.
 */
export async function approveByCommand(command: string, need: ApprovalNeed, timeoutSeconds: number, signal?: AbortSignal): Promise<void> {
  const env = { RSSP_AUDIT_SIGNER: need.signer, RSSP_AUDIT_CHECK: need.check, RSSP_AUDIT_STEP: need.step };
  await runAssessorCommand(command, env, timeoutSeconds * 1000, signal).catch((e: unknown) => {
    throw e instanceof CommandFailed ? new NoApproval(`approval.command for ${need.signer} ${e.message}${e.status !== undefined ? " (not approved)" : ""}`) : e;
  });
}

export function approvalSource(config: ApprovalConfig, prompter: Prompter): ApprovalSource {
  if (config.kind === "command") {
    const { command, timeoutSeconds } = config;
    return { description: "by approval.command", approve: (need, signal) => approveByCommand(command, need, timeoutSeconds, signal) };
  }
  return { description: "confirmed at the prompt", approve: (need, signal) => prompter.approval(need, config.timeoutSeconds, signal) };
}

/**
 * Awaits an authorization the provider completes once the signer approves on the device (`held`:
 * a request it holds, or the polling of one underway), and obtains the approval alongside it. The
 * provider's answer is what counts: once it is in, a prompt still open is closed. A failed approval
 * aborts `held` (through its signal) and is what is reported (`NoApproval`, so `manual`) rather
 * than judging the provider on a refusal the assessor caused.
 */
export async function whileApproving<T>(held: (signal: AbortSignal) => Promise<T>, source: ApprovalSource, need: ApprovalNeed, signal?: AbortSignal): Promise<T> {
  const request = new AbortController();
  const asking = new AbortController();
  const onAbort = () => {
    request.abort(signal?.reason);
    asking.abort(signal?.reason);
  };
  if (signal?.aborted) onAbort();
  signal?.addEventListener("abort", onAbort, { once: true });
  let refusal: { error: unknown } | undefined;
  try {
    const answer = held(request.signal);
    // The request is in flight (the provider has pushed the notification) before the approval is sought.
    void source.approve(need, asking.signal).catch((error: unknown) => {
      if (asking.signal.aborted && !signal?.aborted) return; // closed because the answer is in
      refusal = { error };
      request.abort(error);
    });
    return await answer;
  } catch (error) {
    throw refusal ? refusal.error : error;
  } finally {
    asking.abort();
    signal?.removeEventListener("abort", onAbort);
  }
}

/** The signers' approval sources, one authorization at a time per signer (a device answers its oldest notification). */
export class ApprovalPool {
  readonly #sources: Map<string, ApprovalSource>;
  readonly #locks = new Map<string, Promise<unknown>>();

  constructor(entries: Array<{ signer: string; source: ApprovalSource }>) {
    this.#sources = new Map(entries.map((e) => [e.signer, e.source]));
  }

  source(signer: string): ApprovalSource | undefined {
    return this.#sources.get(signer);
  }

  exclusive<T>(signer: string, task: () => Promise<T>): Promise<T> {
    const run = (this.#locks.get(signer) ?? Promise.resolve()).then(task);
    this.#locks.set(signer, run.catch(() => {}));
    return run;
  }
}

/** How many approvals the suite needs, said once up front (src/csc/codes-needed.ts's estimate per approval signer). */
export function approvalAnnouncement(counts: Array<{ id: string; n: number }>): string | undefined {
  const total = counts.reduce((a, x) => a + x.n, 0);
  if (!total) return undefined;
  return `[rssp-audit] This assessment will ask for about ${total} push approval(s): ${counts.map((x) => `${x.id} ${x.n}`).join(", ")} (${ESTIMATE_NOTE}). Keep the test accounts' devices at hand.`;
}
