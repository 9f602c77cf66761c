// A private temp dir for the processes the test and benchmark runners start: a folder under this
// script's run folder (src/util/run-temp.ts: 0700, removed at exit and on Ctrl-C/SIGTERM), given to
// them as TMPDIR. What they leave there can be listed, and goes with the run folder — nothing stays
// in the system's temp dir, and tests that count temporary folders see only their own.
import { mkdirSync, readdirSync, symlinkSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import { spawn } from "node:child_process";
import { register } from "tsx/esm/api";

register();
const { runTempDir } = await import("../src/util/run-temp.ts");
const { onInterrupt } = await import("../src/util/exit-hooks.ts");

// tsx's compile cache is tsx's, shared by every run: linked in, so that the processes start warm.
const TSX_CACHE = `tsx-${userInfo().uid}`;

/** `{ dir, run, leftovers() }`: `dir` to give as TMPDIR, `run` for the script's own files. */
export function privateTmp() {
  const run = runTempDir();
  const dir = join(run, "tmp");
  mkdirSync(dir, { mode: 0o700 });
  mkdirSync(join(tmpdir(), TSX_CACHE), { recursive: true });
  symlinkSync(join(tmpdir(), TSX_CACHE), join(dir, TSX_CACHE));
  return { dir, run, leftovers: () => readdirSync(dir).filter((name) => name !== TSX_CACHE) };
}

/**
 * Runs a command to its end and resolves with its exit code. A signal to this script is passed on,
 * and this script exits (removing the private temp dir) only after the command has ended; the
 * promise then stays pending, so that the caller does not go on to report on an interrupted run.
 */
export function runToEnd(command, args, options) {
  const child = spawn(command, args, { stdio: "inherit", ...options });
  const exited = new Promise((resolve) => child.once("exit", (code) => resolve(code ?? 1)));
  let interrupted = false;
  const dispose = onInterrupt(async (signal) => {
    interrupted = true;
    child.kill(signal);
    await exited;
  });
  return exited.then((code) => (interrupted ? new Promise(() => {}) : (dispose(), code)));
}
