import type { Command } from "commander";
import { notBuilt } from "../not-built.ts";
import type { ExitCode } from "../main.ts";

export function register(program: Command, _setExit: (code: ExitCode) => void): void {
  const hsm = program.command("hsm").description("the provider's HSM over PKCS#11");
  hsm
    .command("inspect")
    .description("list every key on a token with its attributes and the verdict of each hsm.* check")
    .requiredOption("--module <lib>", "PKCS#11 module (e.g. /usr/lib/softhsm/libsofthsm2.so)")
    .requiredOption("--token <label>", "token label")
    .requiredOption("--pin <ref>", "user PIN as env:NAME or file:PATH")
    .option("--format <format>", "text|json", "text")
    .action(notBuilt("hsm inspect", 5));
}
