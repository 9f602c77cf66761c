import type { Command } from "commander";
import { notBuilt } from "../not-built.ts";
import type { ExitCode } from "../main.ts";

export function register(program: Command, _setExit: (code: ExitCode) => void): void {
  const log = program.command("log").description("hash-chained audit logs (design §7)");
  log
    .command("verify")
    .description("verify hash chain, checkpoints and signatures of one or more log segments")
    .argument("<file...>", "log files, in order (segments continue the chain)")
    .option("--cert <pem>", "log-signing certificate")
    .option("--trust-anchor <pem>", "trust anchor for the log-signing certificate")
    .option("--expect-head <seq:hash>", "head kept from an earlier assessment")
    .option("--format <format>", "text|json", "text")
    .action(notBuilt("log verify", 6));
}
