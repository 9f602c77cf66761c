/**
 * The one runner of the programs an assessor names in assessment.yaml (`otp.command`,
 * `approval.command`): through /bin/sh as written, with what the program needs to know in its
 * environment (never a secret, never in argv beyond the assessor's own command line), bounded in
 * time and output. What it printed is handed back to the caller only — never logged or reported;
 * a failure is described by how it ended (timeout, exit status, too much output), nothing more.
 */
import { execFile } from "node:child_process";

/** Output beyond this is not read (the program is stopped and the run fails). */
export const DEFAULT_MAX_OUTPUT = 65_536;

/** How a command failed, as one phrase ("exited with status 4"); `status` is set for a non-zero exit. */
export class CommandFailed extends Error {
  override readonly name = "CommandFailed";
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

/**
 * Runs `command` with `env` added to this process's environment; resolves with its standard output
 * once it exits 0 within `timeoutMs`, otherwise rejects with `CommandFailed`.
 */
export function runAssessorCommand(command: string, env: Record<string, string>, timeoutMs: number, signal?: AbortSignal, maxOutputBytes = DEFAULT_MAX_OUTPUT): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      "/bin/sh",
      ["-c", command],
      { timeout: timeoutMs, maxBuffer: maxOutputBytes, killSignal: "SIGKILL", env: { ...process.env, ...env }, ...(signal ? { signal } : {}) },
      (error, stdout) => {
        if (!error) return resolve(String(stdout));
        const e = error as NodeJS.ErrnoException & { killed?: boolean; code?: number | string };
        if (e.code === "ABORT_ERR") return reject(new CommandFailed("was stopped (the check's time ran out)"));
        if (e.code === "ERR_CHILD_PROCESS_STDIO_MAXBUFFER") return reject(new CommandFailed(`printed more than ${maxOutputBytes} bytes`));
        if (e.killed) return reject(new CommandFailed(`did not finish within ${Math.round(timeoutMs / 1000)} s`));
        if (typeof e.code === "number") return reject(new CommandFailed(`exited with status ${e.code}`, e.code));
        reject(new CommandFailed(`could not run (${String(e.code ?? "error")})`));
      },
    );
  });
}
