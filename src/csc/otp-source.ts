/**
 * Second factors that are not derived from a seed: a code the assessor types on the terminal
 * (`otp: prompt`), or one a program the assessor controls prints (`otp: { command }`, e.g. a
 * script reading the SMS gateway or mailbox of the test account), and push approvals the assessor
 * confirms on a device (`approval: prompt`).
 *
 * A code is a secret: it is never logged, never written to disk, and a command's output is
 * bounded and never echoed (its failure is reported by exit status only). When no code can be
 * had — no terminal, the assessor did not answer in time, the command failed — the source throws
 * `NoCode`, which the probe frame turns into `manual` with the reason: the check could not run
 * for want of a code, which says nothing about the provider.
 */
import { CommandFailed, runAssessorCommand } from "./assessor-command.ts";
import { closeSync, openSync, writeSync } from "node:fs";
import { ReadStream } from "node:tty";

/** A signer's OTP source as configured (assessment.yaml `otp:`), apart from `totpSecret`. */
export type OtpSourceConfig = { kind: "prompt"; timeoutSeconds: number } | { kind: "command"; command: string; timeoutSeconds: number };

/** A signer's push-approval source (assessment.yaml `approval:`). */
export type ApprovalConfig = { kind: "prompt"; timeoutSeconds: number } | { kind: "command"; command: string; timeoutSeconds: number };

export const DEFAULT_PROMPT_TIMEOUT_SECONDS = 120;
export const DEFAULT_COMMAND_TIMEOUT_SECONDS = 30;
/** A code is short; anything longer is not a code (and is not kept). */
const MAX_COMMAND_OUTPUT = 4096;
const CODE = /^[A-Za-z0-9]{4,16}$/;

/** No code could be obtained; the check that needed it becomes `manual` with this reason. */
export class NoCode extends Error {
  override readonly name: string = "NoCode";
}

/** No push approval could be had (none configured, no terminal, the command failed, the device refused): also `manual`. */
export class NoApproval extends NoCode {
  override readonly name: string = "NoApproval";
}

/** What a code is wanted for: shown to the assessor and handed to a command. */
export interface CodeNeed {
  signer: string;
  /** The check and the step that need the code. */
  check: string;
  step: string;
  /** The provider was just asked (credentials/sendOTP) to deliver a code. */
  sent: boolean;
  /** What made the provider send it, where not credentials/sendOTP (e.g. its OAuth sign-in page). */
  sentBy?: string;
}

/** A terminal to ask on. `undefined` when the process has none (CI, a detached run). */
export interface Terminal {
  write(text: string): void;
  /** Shows the question, then reads one line typed (no echo), or `undefined` on timeout. */
  ask(question: string, timeoutMs: number, signal?: AbortSignal): Promise<string | undefined>;
}

/** The controlling terminal (/dev/tty), opened per question; `undefined` without one. */
export function controllingTerminal(): Terminal | undefined {
  let probe: number;
  try {
    probe = openSync("/dev/tty", "r+");
  } catch {
    return undefined;
  }
  closeSync(probe);
  return { write: writeTty, ask: askTty };
}

function writeTty(text: string): void {
  try {
    const fd = openSync("/dev/tty", "w");
    try {
      writeSync(fd, text);
    } finally {
      closeSync(fd);
    }
  } catch {
    // The terminal went away: the read that follows reports it.
  }
}

function askTty(question: string, timeoutMs: number, signal?: AbortSignal): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    let fd: number;
    try {
      fd = openSync("/dev/tty", "r");
    } catch {
      resolve(undefined);
      return;
    }
    const input = new ReadStream(fd);
    // Raw (no echo) before the question shows: what is typed in answer is never echoed.
    input.setRawMode(true);
    writeTty(question);
    let typed = "";
    const finish = (value: string | undefined, error?: Error) => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
      input.removeAllListeners("data");
      try {
        input.setRawMode(false);
      } catch {
        // already closed
      }
      input.destroy();
      if (error) reject(error);
      else resolve(value);
    };
    const onAbort = () => finish(undefined, new NoCode("the check's time ran out while waiting for the code"));
    const timer = setTimeout(() => finish(undefined), timeoutMs);
    signal?.addEventListener("abort", onAbort, { once: true });
    input.on("error", () => finish(undefined));
    input.on("data", (chunk: Buffer) => {
      for (const byte of chunk) {
        if (byte === 0x03) {
          // Ctrl-C in raw mode is a byte, not a signal: hand it back as the interrupt it means.
          finish(undefined, new NoCode("interrupted at the prompt"));
          process.kill(process.pid, "SIGINT");
          return;
        }
        if (byte === 0x0d || byte === 0x0a) return finish(typed);
        if (byte === 0x7f || byte === 0x08) typed = typed.slice(0, -1);
        else if (byte >= 0x20 && byte < 0x7f && typed.length < 64) typed += String.fromCharCode(byte);
      }
    });
  });
}

/**
 * Asks the assessor for codes and approvals, one question at a time (checks run concurrently;
 * two prompts at once would be unanswerable).
 */
export class Prompter {
  readonly #terminal: Terminal | undefined;
  #queue: Promise<unknown> = Promise.resolve();
  readonly #announced = new Set<string>();

  constructor(terminal: Terminal | undefined) {
    this.#terminal = terminal;
  }

  get available(): boolean {
    return this.#terminal !== undefined;
  }

  /**
   * Says once, up front, how many codes (or approvals) the suite will ask for. In the same queue
   * as the questions: a session that announces while another's question is open waits for the answer.
   */
  announce(text: string): void {
    const t = this.#terminal;
    if (this.#announced.has(text) || !t) return;
    this.#announced.add(text);
    void this.#serial(async () => t.write(`${text}\n`));
  }

  code(need: CodeNeed, timeoutSeconds: number, signal?: AbortSignal): Promise<string> {
    return this.#serial(async () => {
      const t = this.#need();
      const where = need.sent ? `the code the provider has just sent (${need.sentBy ?? "credentials/sendOTP"})` : "the current one-time code";
      const question = `\n[rssp-audit] ${need.check}: "${need.step}" needs ${where} for signer ${need.signer}.\n[rssp-audit] Type the code and press Enter (${timeoutSeconds} s; not echoed): `;
      const line = (await t.ask(question, timeoutSeconds * 1000, signal))?.trim();
      t.write("\n");
      if (line === undefined) throw new NoCode(`no one-time code for ${need.signer} was typed within ${timeoutSeconds} s`);
      if (!CODE.test(line)) throw new NoCode(`what was typed for ${need.signer} is not a one-time code (4–16 letters or digits)`);
      return line;
    });
  }

  approval(need: Omit<CodeNeed, "sent">, timeoutSeconds: number, signal?: AbortSignal): Promise<void> {
    return this.#serial(async () => {
      const t = this.#need("the signer approves on a device when asked (approval: prompt), but this run has no terminal; give approval.command or run assess in a terminal", NoApproval);
      const question = `\n[rssp-audit] ${need.check}: "${need.step}" needs a push approval by signer ${need.signer}.\n[rssp-audit] Approve on the device now, then press Enter (${timeoutSeconds} s): `;
      // Aborted once the provider has answered (the device was approved before Enter): the line is closed all the same.
      const line = await t.ask(question, timeoutSeconds * 1000, signal).finally(() => t.write("\n"));
      if (line === undefined) throw new NoApproval(`the push approval for ${need.signer} was not confirmed within ${timeoutSeconds} s`);
    });
  }

  #need(why = "the signer's second factor is typed at a prompt (otp: prompt), but this run has no terminal; give otp.command or run assess in a terminal", Want: typeof NoCode = NoCode): Terminal {
    if (!this.#terminal) throw new Want(why);
    return this.#terminal;
  }

  #serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(task);
    this.#queue = run.catch(() => {});
    return run;
  }
}

/**
 * Runs `otp.command` (through /bin/sh, as written in assessment.yaml) and reads the code from its
 * first line. Bounded in time and output; neither its output nor its error stream is reported.
 */
export async function codeFromCommand(command: string, need: CodeNeed, timeoutSeconds: number, signal?: AbortSignal): Promise<string> {
  const env = { RSSP_AUDIT_SIGNER: need.signer, RSSP_AUDIT_CHECK: need.check, RSSP_AUDIT_STEP: need.step, RSSP_AUDIT_OTP_SENT: need.sent ? "1" : "0" };
  const stdout = await runAssessorCommand(command, env, timeoutSeconds * 1000, signal, MAX_COMMAND_OUTPUT).catch((e: unknown) => {
    throw e instanceof CommandFailed ? new NoCode(`otp.command for ${need.signer} ${e.message}`) : e;
  });
  const code = stdout.split(/\r?\n/)[0]!.trim();
  if (!CODE.test(code)) throw new NoCode(`otp.command for ${need.signer} printed no one-time code (expected 4–16 letters or digits on its first line)`);
  return code;
}

/** One signer's source of codes, other than a TOTP seed. */
export interface ExternalCodeSource {
  /** How it is described to the assessor ("typed at the prompt", "from otp.command"). */
  readonly description: string;
  code(need: CodeNeed, signal?: AbortSignal): Promise<string>;
}

export function externalSource(config: OtpSourceConfig, prompter: Prompter): ExternalCodeSource {
  if (config.kind === "prompt") return { description: "typed at the prompt", code: (need, signal) => prompter.code(need, config.timeoutSeconds, signal) };
  return { description: "from otp.command", code: (need, signal) => codeFromCommand(config.command, need, config.timeoutSeconds, signal) };
}
