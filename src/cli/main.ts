/**
 * The `rssp-audit` command line (design §5). Each command group lives in its own file under
 * commands/; this file wires them and turns errors into exit codes:
 * 0 conformant/intact/valid · 1 the target falls short · 2 usage or input error · 3 could not finish.
 *
 * Commands load lazily: only the module of the command being run is imported (a command module
 * pulls in ajv, the catalog, puppeteer, PKCS#11…). The others are listed from COMMANDS with
 * their one-line summary, which is all `rssp-audit --help` shows of them;
 * test/cli/commands.test.ts checks that each summary is its module's own description.
 */
import { Command, CommanderError } from "commander";
import { CannotFinishError, InputError, describeError } from "../util/errors.ts";
import { TOOL_VERSION } from "../version.ts";
import type { ExitCode } from "./exit-code.ts";

export type { ExitCode } from "./exit-code.ts";

/** What a command module exports. */
export interface CommandModule {
  register(program: Command, setExit: (code: ExitCode) => void): void;
}

export interface CommandEntry {
  name: string;
  summary: string;
  load(): Promise<CommandModule>;
}

/** Every command group, in the order `--help` lists them. */
export const COMMANDS: readonly CommandEntry[] = [
  { name: "demo", summary: "start the reference RSSP, assess it at level 2 and write every report format", load: () => import("./commands/demo.ts") },
  { name: "assess", summary: "assess a provider: plan, run the checks, evaluate, write OUT/report.json", load: () => import("./commands/assess.ts") },
  { name: "evaluate", summary: "re-evaluate saved evidence offline (no network, no HSM) and write the same report", load: () => import("./commands/evaluate.ts") },
  { name: "catalog", summary: "the control catalog (controls/*.yaml)", load: () => import("./commands/catalog.ts") },
  { name: "log", summary: "hash-chained audit logs (design §7)", load: () => import("./commands/log.ts") },
  { name: "hsm", summary: "the provider's HSM over PKCS#11", load: () => import("./commands/hsm.ts") },
  { name: "evidence", summary: "evidence documents the assessor collects", load: () => import("./commands/evidence.ts") },
  { name: "report", summary: "render, sign, verify and compare report.json", load: () => import("./commands/report.ts") },
  { name: "fixture", summary: "the reference RSSP (test equipment)", load: () => import("./commands/fixture.ts") },
];

/** The command group argv asks for (`rssp-audit [help] NAME …`), if it names one. */
export function requestedCommand(argv: readonly string[]): CommandEntry | undefined {
  const args = argv.slice(2);
  const first = args[0] === "help" ? args[1] : args[0];
  return COMMANDS.find((c) => c.name === first);
}

function baseProgram(): Command {
  return new Command("rssp-audit")
    .description("Assess a remote signing service provider against the JT2A remote-signature guideline (levels 1–3).")
    .version(TOOL_VERSION)
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
}

/**
 * The program with the modules of `load` registered in full and every other command as a
 * listing entry only (enough for `--help` and for commander's "unknown command" suggestions).
 */
export async function buildProgram(setExit: (code: ExitCode) => void, load: readonly CommandEntry[] = COMMANDS): Promise<Command> {
  const program = baseProgram();
  const modules = new Map(await Promise.all(load.map(async (c) => [c.name, await c.load()] as const)));
  for (const entry of COMMANDS) {
    const module = modules.get(entry.name);
    if (module) module.register(program, setExit);
    else program.command(entry.name).description(entry.summary);
  }
  return program;
}

export async function main(argv: string[]): Promise<ExitCode> {
  let code: ExitCode = 0;
  try {
    const wanted = requestedCommand(argv);
    const program = await buildProgram((c) => (code = c), wanted ? [wanted] : []);
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
