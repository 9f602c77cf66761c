/**
 * Cleanup that must happen however the process ends: at its natural end, through
 * `process.exit()`, or on SIGINT/SIGTERM/SIGHUP — whose default action ends the process without
 * running a single 'exit' listener, so temporary folders holding keys and secrets would stay.
 *
 * - `atExit(fn)`: a synchronous step run when the process exits, last registered first (a
 *   browser is killed before the folder it writes into is removed).
 * - `onInterrupt(fn)`: an asynchronous stop (a child process, a server) awaited when a signal
 *   arrives; then the process exits with 128 + the signal's number (130 for SIGINT).
 * - `untilInterrupted()`: for a process whose normal end *is* a signal (`fixture serve`): the
 *   signal resolves the promise and its owner finishes the process itself.
 * A second signal while stopping ends the process at once (the `atExit` steps still run).
 * The signal handlers are installed only while something is registered, so a process with
 * nothing to clean up keeps the default behaviour.
 *
 * The registry lives on `globalThis`: two copies of this module in one process (the TypeScript
 * source the fixture loads, a built copy the CLI loads) must share one handler, or one copy
 * would exit while the other still awaits its stops.
 */

export type Signal = "SIGINT" | "SIGTERM" | "SIGHUP";

const SIGNALS: readonly Signal[] = ["SIGINT", "SIGTERM", "SIGHUP"];
const SIGNAL_NUMBER: Record<Signal, number> = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 };
/** How long the stops may take after a signal before the process exits regardless. */
const STOP_GRACE_MS = 15_000;

interface Registry {
  exitSteps: Array<() => void>;
  stops: Set<(signal: Signal) => Promise<void> | void>;
  waiters: Set<(signal: Signal) => void>;
  /** The first signal received, once one has been. */
  interrupted: Signal | null;
  signalListener: ((signal: Signal) => void) | null;
  exitListener: (() => void) | null;
}

const KEY = Symbol.for("rssp-audit.exit-hooks.v1");

function registry(): Registry {
  const g = globalThis as { [KEY]?: Registry };
  return (g[KEY] ??= { exitSteps: [], stops: new Set(), waiters: new Set(), interrupted: null, signalListener: null, exitListener: null });
}

/** The exit status of a process ended by `signal` (the shell's convention). */
export function signalExitCode(signal: Signal): number {
  return 128 + SIGNAL_NUMBER[signal];
}

/** Runs `step` (synchronous) when the process exits, however it exits. Returns a disposer. */
export function atExit(step: () => void): () => void {
  const r = registry();
  r.exitSteps.push(step);
  sync(r);
  return () => {
    const i = r.exitSteps.lastIndexOf(step);
    if (i >= 0) r.exitSteps.splice(i, 1);
    sync(r);
  };
}

/** Awaits `stop` when SIGINT/SIGTERM/SIGHUP arrives, before the process exits. Returns a disposer. */
export function onInterrupt(stop: (signal: Signal) => Promise<void> | void): () => void {
  const r = registry();
  r.stops.add(stop);
  sync(r);
  return () => {
    r.stops.delete(stop);
    sync(r);
  };
}

/**
 * Resolves with the first signal. While someone waits, a signal does not end the process: the
 * waiter stops what it runs and lets the process end (a second signal still ends it at once).
 */
export function untilInterrupted(): Promise<Signal> {
  const r = registry();
  if (r.interrupted) return Promise.resolve(r.interrupted);
  return new Promise((resolve) => {
    const waiter = (signal: Signal) => {
      r.waiters.delete(waiter);
      sync(r);
      resolve(signal);
    };
    r.waiters.add(waiter);
    sync(r);
  });
}

function runExitSteps(): void {
  const r = registry();
  const steps = r.exitSteps.splice(0).reverse();
  for (const step of steps) {
    try {
      step();
    } catch {
      // One failed step must not keep the others from running.
    }
  }
}

function handleSignal(signal: Signal): void {
  const r = registry();
  if (r.interrupted) process.exit(signalExitCode(signal));
  r.interrupted = signal;
  if (r.waiters.size > 0) {
    for (const waiter of [...r.waiters]) waiter(signal);
    return;
  }
  const code = signalExitCode(signal);
  const stops = [...r.stops];
  const grace = setTimeout(() => process.exit(code), STOP_GRACE_MS);
  void Promise.allSettled(stops.map((stop) => Promise.resolve().then(() => stop(signal)))).then(() => {
    clearTimeout(grace);
    process.exit(code);
  });
}

/** Installs the listeners while anything is registered (or a signal is being handled), removes them after. */
function sync(r: Registry): void {
  const wanted = r.exitSteps.length > 0 || r.stops.size > 0 || r.waiters.size > 0 || r.interrupted !== null;
  if (!r.exitListener) {
    // The 'exit' listener stays: it is harmless, and after a signal it must still run the steps.
    r.exitListener = runExitSteps;
    process.on("exit", r.exitListener);
  }
  if (wanted && !r.signalListener) {
    r.signalListener = handleSignal;
    for (const s of SIGNALS) process.on(s, r.signalListener);
  } else if (!wanted && r.signalListener) {
    for (const s of SIGNALS) process.off(s, r.signalListener);
    r.signalListener = null;
  }
}
