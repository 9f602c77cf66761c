/**
 * Hands out TOTP codes for the test signers, economically. A conformant provider accepts each
 * code once, and an assessment has few accounts, so: a code is never handed out twice; the codes
 * of the adjacent time steps are tried while the provider is seen to accept them; and only when
 * every usable step is spent does the allocator wait for the next step — saying so in a note.
 */
import { msUntilNextStep, totpCode, totpStepAt } from "./totp.ts";
import { sleep } from "./rate-limit.ts";
import type { CodeNeed, ExternalCodeSource } from "./otp-source.ts";

export interface OtpGrant {
  code: string;
  step: number;
  /** Whether it is the code of an adjacent (next or previous) step. */
  adjacent: boolean;
  /** How long the allocator waited for a fresh step. */
  waitedMs: number;
  /** From an external source (prompt, command): single-use, not tied to a TOTP step. */
  external?: boolean;
}

/** Time a code must have left in its step when handed out: allocation to arrival (rate limit, TLS, queue). */
export const STEP_MARGIN_MS = 5_000;

interface SignerState {
  used: Set<number>;
  queue: Promise<unknown>;
}

export class OtpAllocator {
  readonly #seeds = new Map<string, string>();
  readonly #state = new Map<string, SignerState>();
  /** Whether the provider accepts adjacent-step codes: unknown until seen. */
  #adjacentAccepted: boolean | undefined;
  /** The longest wait for a step, in total, per signer (for the report). */
  readonly waits: string[] = [];

  /** Signers whose codes come from the assessor or a command (one code costs a prompt or a run). */
  readonly #external = new Map<string, ExternalCodeSource>();
  /** External codes a refusal did not consume (refused before the OTP was looked at), per signer. */
  readonly #unspent = new Map<string, OtpGrant>();
  readonly #locks = new Map<string, Promise<unknown>>();
  /** External codes obtained, per signer (for the report). */
  readonly obtained = new Map<string, number>();

  constructor(seeds: Array<{ signer: string; seed: string }>, external: Array<{ signer: string; source: ExternalCodeSource }> = []) {
    for (const s of seeds) {
      this.#seeds.set(s.signer, s.seed);
      this.#state.set(s.signer, { used: new Set(), queue: Promise.resolve() });
    }
    for (const e of external) {
      this.#external.set(e.signer, e.source);
      this.#state.set(e.signer, { used: new Set(), queue: Promise.resolve() });
    }
  }

  has(signer: string): boolean {
    return this.#seeds.has(signer) || this.#external.has(signer);
  }

  /** Whether the signer's codes come from a prompt or a command. */
  isExternal(signer: string): boolean {
    return this.#external.has(signer);
  }

  /**
   * Runs one authorization of an external-code signer at a time: a code a refusal leaves unspent
   * is then kept for the next one instead of being overtaken by a fresh sendOTP (one prompt less).
   */
  exclusive<T>(signer: string, task: () => Promise<T>): Promise<T> {
    if (!this.#external.has(signer)) return task();
    const run = (this.#locks.get(signer) ?? Promise.resolve()).then(task);
    this.#locks.set(signer, run.catch(() => {}));
    return run;
  }

  /** An external code that was not consumed (kept for the next authorization of the signer), if any. */
  takeUnspent(signer: string): OtpGrant | undefined {
    const g = this.#unspent.get(signer);
    this.#unspent.delete(signer);
    return g;
  }

  /** The provider refused before it judged the code: keep it for the next request (saves a prompt). */
  giveBack(signer: string, grant: OtpGrant): void {
    if (grant.external) this.#unspent.set(signer, grant);
  }

  /**
   * A code not handed out before (serialised per signer). `need` says which check and step want it
   * (shown at the prompt, handed to the command).
   */
  next(signer: string, signal?: AbortSignal, need?: Omit<CodeNeed, "signer">): Promise<OtpGrant> {
    const state = this.#state.get(signer);
    const external = this.#external.get(signer);
    if (state && external) {
      const run = state.queue.then(async (): Promise<OtpGrant> => {
        const code = await external.code({ signer, check: need?.check ?? "csc", step: need?.step ?? "credentials/authorize", sent: need?.sent ?? false, ...(need?.sentBy ? { sentBy: need.sentBy } : {}) }, signal);
        this.obtained.set(signer, (this.obtained.get(signer) ?? 0) + 1);
        return { code, step: -1, adjacent: false, waitedMs: 0, external: true };
      });
      state.queue = run.catch(() => {});
      return run;
    }
    const seed = this.#seeds.get(signer);
    if (!state || !seed) return Promise.reject(new Error(`signer ${signer} has no TOTP seed`));
    const run = state.queue.then(() => this.#allocate(signer, seed, state, signal));
    state.queue = run.catch(() => {});
    return run;
  }

  /** The provider refused an adjacent-step code: stop offering them. */
  adjacentRefused(): void {
    this.#adjacentAccepted = false;
  }

  /** The provider accepted an adjacent-step code. */
  adjacentAccepted(): void {
    this.#adjacentAccepted ??= true;
  }

  async #allocate(signer: string, seed: string, state: SignerState, signal?: AbortSignal): Promise<OtpGrant> {
    let waitedMs = 0;
    for (;;) {
      const t = Date.now();
      const now = totpStepAt(t);
      // A code must still be inside the provider's window when the request reaches it. Near the
      // end of a step the previous step's code (and, for a provider not seen to accept adjacent
      // steps, the current one) would arrive one step too old — refused as invalid authentication
      // data, a race the step boundary decides. Such codes are not handed out; the next step is.
      const fresh = msUntilNextStep(t) > STEP_MARGIN_MS;
      const candidates =
        this.#adjacentAccepted === true ? [now, now + 1, ...(fresh ? [now - 1] : [])] : !fresh ? [] : this.#adjacentAccepted === false ? [now] : [now, now + 1, now - 1];
      const step = candidates.find((s) => !state.used.has(s));
      if (step !== undefined) {
        state.used.add(step);
        if (waitedMs > 0) this.waits.push(`waited ${Math.round(waitedMs / 1000)} s for a fresh TOTP step for ${signer}`);
        return { code: totpCode(seed, step), step, adjacent: step !== now, waitedMs };
      }
      // Not fresh: wait out the rest of this step only; otherwise the whole next step.
      const wait = msUntilNextStep() + 200;
      waitedMs += wait;
      await sleep(wait, signal);
    }
  }
}
