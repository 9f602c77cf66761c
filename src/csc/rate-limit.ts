/**
 * A per-target token bucket: probing a production provider must stay polite. `take()` resolves
 * when a request may go out; the bucket holds at most one second's worth of burst.
 */
export class RateLimiter {
  readonly #perSecond: number;
  #tokens: number;
  #last = Date.now();
  #queue: Promise<void> = Promise.resolve();

  constructor(perSecond: number) {
    this.#perSecond = Math.max(0.1, perSecond);
    this.#tokens = Math.max(1, this.#perSecond);
  }

  /** Waits for a slot (in FIFO order). */
  take(signal?: AbortSignal): Promise<void> {
    const next = this.#queue.then(() => this.#wait(signal));
    this.#queue = next.catch(() => {});
    return next;
  }

  async #wait(signal?: AbortSignal): Promise<void> {
    for (;;) {
      const now = Date.now();
      this.#tokens = Math.min(Math.max(1, this.#perSecond), this.#tokens + ((now - this.#last) / 1000) * this.#perSecond);
      this.#last = now;
      if (this.#tokens >= 1) {
        this.#tokens -= 1;
        return;
      }
      if (signal?.aborted) throw new Error("aborted");
      await sleep(Math.ceil(((1 - this.#tokens) / this.#perSecond) * 1000), signal);
    }
  }
}

/** setTimeout as a promise that an AbortSignal can cut short (rejecting). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new Error("aborted"));
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new Error("aborted"));
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
