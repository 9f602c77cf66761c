/**
 * Hands out TOTP codes for the test signers, economically. A conformant provider accepts each
 * code once, and an assessment has few accounts, so: a code is never handed out twice; the codes
 * of the adjacent time steps are tried while the provider is seen to accept them; and only when
 * every usable step is spent does the allocator wait for the next step — saying so in a note.
 */
import { msUntilNextStep, totpCode, totpStepAt } from "./totp.ts";
import { sleep } from "./rate-limit.ts";

export interface OtpGrant {
  code: string;
  step: number;
  /** Whether it is the code of an adjacent (next or previous) step. */
  adjacent: boolean;
  /** How long the allocator waited for a fresh step. */
  waitedMs: number;
}

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

  constructor(seeds: Array<{ signer: string; seed: string }>) {
    for (const s of seeds) {
      this.#seeds.set(s.signer, s.seed);
      this.#state.set(s.signer, { used: new Set(), queue: Promise.resolve() });
    }
  }

  has(signer: string): boolean {
    return this.#seeds.has(signer);
  }

  /** A code not handed out before (serialised per signer). */
  next(signer: string, signal?: AbortSignal): Promise<OtpGrant> {
    const state = this.#state.get(signer);
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
      const now = totpStepAt();
      const candidates = this.#adjacentAccepted === false ? [now] : [now, now + 1, now - 1];
      const step = candidates.find((s) => !state.used.has(s));
      if (step !== undefined) {
        state.used.add(step);
        if (waitedMs > 0) this.waits.push(`waited ${Math.round(waitedMs / 1000)} s for a fresh TOTP step for ${signer}`);
        return { code: totpCode(seed, step), step, adjacent: step !== now, waitedMs };
      }
      const wait = msUntilNextStep() + 200;
      waitedMs += wait;
      await sleep(wait, signal);
    }
  }
}
