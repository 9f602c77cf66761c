import type { Command } from "commander";
import { notBuilt } from "../not-built.ts";
import type { ExitCode } from "../main.ts";

export function register(program: Command, _setExit: (code: ExitCode) => void): void {
  const fixture = program.command("fixture").description("the reference RSSP (test equipment)");
  fixture
    .command("serve")
    .description("start the reference RSSP, describe it as one JSON line, write DIR/assessment.yaml, run until stopped")
    .option("--profile <name>", "named fault set")
    .option("--fault <name...>", "faults to switch on")
    .option("--port <n>", "port (default: random)")
    .option("--dir <dir>", "working folder (default: a new temporary folder)")
    .action(notBuilt("fixture serve", 3));
}
