import type { Command } from "commander";
import { notBuilt } from "../not-built.ts";
import type { ExitCode } from "../main.ts";

export function register(program: Command, _setExit: (code: ExitCode) => void): void {
  program
    .command("evaluate")
    .description("re-evaluate saved evidence offline (no network, no HSM) and write the same report")
    .requiredOption("--evidence <dir>", "evidence folder written by a previous assess (OUT/evidence)")
    .option("--out <dir>", "where to write report.json")
    .action(notBuilt("evaluate", 7));
}
