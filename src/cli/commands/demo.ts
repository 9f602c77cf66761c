import type { Command } from "commander";
import { notBuilt } from "../not-built.ts";
import type { ExitCode } from "../main.ts";

export function register(program: Command, _setExit: (code: ExitCode) => void): void {
  program
    .command("demo")
    .description("start the reference RSSP, assess it at level 2 and write every report format")
    .option("--out <dir>", "output folder", "demo-out")
    .option("--lang <lang>", "ja|en", "ja")
    .option("--profile <name>", "fault profile of the reference RSSP", "conformant")
    .action(notBuilt("demo", 8));
}
