/**
 * The `rssp-audit` command line (design §5). Each command group lives in its own file under
 * commands/; this file wires them and turns errors into exit codes:
 * 0 conformant/intact/valid · 1 the target falls short · 2 usage or input error · 3 could not finish.
 */
import { Command, CommanderError } from "commander";
import { CannotFinishError, InputError, describeError } from "../util/errors.ts";
import { TOOL_VERSION } from "../version.ts";
import * as catalog from "./commands/catalog.ts";
import * as assess from "./commands/assess.ts";
import * as evaluate from "./commands/evaluate.ts";
import * as log from "./commands/log.ts";
import * as hsm from "./commands/hsm.ts";
import * as evidence from "./commands/evidence.ts";
import * as report from "./commands/report.ts";
import * as fixture from "./commands/fixture.ts";
import * as demo from "./commands/demo.ts";

/** A command's action resolves to its exit code. */
export type ExitCode = 0 | 1 | 2 | 3;

export function buildProgram(setExit: (code: ExitCode) => void): Command {
  const program = new Command("rssp-audit")
    .description("Assess a remote signing service provider against the JT2A remote-signature guideline (levels 1–3).")
    .version(TOOL_VERSION)
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  for (const group of [demo, assess, evaluate, catalog, log, hsm, evidence, report, fixture]) group.register(program, setExit);
  return program;
}

export async function main(argv: string[]): Promise<ExitCode> {
  let code: ExitCode = 0;
  const program = buildProgram((c) => (code = c));
  try {
    await program.parseAsync(argv);
    return code;
  } catch (error) {
    return reportError(error);
  }
}

function reportError(error: unknown): ExitCode {
  if (error instanceof CommanderError) {
    // Help and version exit through here with code 0; everything else is a usage error.
    return error.exitCode === 0 ? 0 : 2;
  }
  if (error instanceof InputError) {
    for (const line of error.message.split("\n")) process.stderr.write(`rssp-audit: ${line}\n`);
    return 2;
  }
  if (error instanceof CannotFinishError) {
    process.stderr.write(`rssp-audit: ${error.message}\n`);
    return 3;
  }
  process.stderr.write(`rssp-audit: internal error: ${describeError(error)}\n`);
  if (process.env.RSSP_AUDIT_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
  return 3;
}
