import type { Command } from "commander";
import { notBuilt } from "../not-built.ts";
import type { ExitCode } from "../main.ts";

export function register(program: Command, _setExit: (code: ExitCode) => void): void {
  const report = program.command("report").description("render, sign, verify and compare report.json");
  report
    .command("render")
    .description("render report.json into another format")
    .argument("<report>", "report.json")
    .requiredOption("--format <list>", "md|html|pdf|junit|sarif|oscal (comma-separated)")
    .option("--lang <lang>", "ja|en", "ja")
    .option("--out <dir>", "output folder (default: beside the report)")
    .action(notBuilt("report render", 8));
  report
    .command("sign")
    .description("write a detached CMS signature beside the report")
    .argument("<report>", "report.json")
    .requiredOption("--key <key>", "signing key (PEM, PKCS#8)")
    .requiredOption("--cert <pem>", "signer certificate")
    .action(notBuilt("report sign", 8));
  report
    .command("verify")
    .description("check the report's detached signature and its signer's chain")
    .argument("<report>", "report.json")
    .option("--trust-anchor <pem>", "trust anchor for the signer")
    .action(notBuilt("report verify", 8));
  report
    .command("diff")
    .description("what changed between two assessments")
    .argument("<old>", "older report.json")
    .argument("<new>", "newer report.json")
    .action(notBuilt("report diff", 8));
}
