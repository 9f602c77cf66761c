import type { Command } from "commander";
import { notBuilt } from "../not-built.ts";
import type { ExitCode } from "../main.ts";

export function register(program: Command, _setExit: (code: ExitCode) => void): void {
  const evidence = program.command("evidence").description("evidence documents the assessor collects");
  evidence
    .command("validate")
    .description("check every evidence document in DIR against its schema and content rules")
    .argument("<dir>", "evidence folder")
    .action(notBuilt("evidence validate", 7));
}
