/**
 * `rssp-audit evaluate --evidence DIR [--out DIR]`: re-evaluate saved evidence offline and write
 * report.json again — the same controls, verdict and findings as the run that collected it.
 */
import type { Command } from "commander";
import { evaluateSaved } from "../../engine/evaluate-saved.ts";
import type { ExitCode } from "../exit-code.ts";
import { decideExit, gateOptions, type GateFlags } from "./assess.ts";
import { renderConsole, parseLang } from "../../../reports/index.ts";
import { out, useColour, displayPathOf } from "../output.ts";

export function register(program: Command, setExit: (code: ExitCode) => void): void {
  program
    .command("evaluate")
    .description("re-evaluate saved evidence offline (no network, no HSM) and write the same report")
    .requiredOption("--evidence <dir>", "evidence folder written by a previous assess (OUT/evidence)")
    .option("--out <dir>", "where to write report.json (default: the folder holding the evidence folder)")
    .option("--catalog <dir>", "a catalog folder other than the shipped one")
    .option("--fail-on <severity>", "only blocking controls of this severity or worse fail the run (critical|high|medium|low)")
    .option("--baseline <report>", "an earlier report.json: only regressions fail the run")
    .option("--lang <lang>", "language of the summary: ja|en", "ja")
    .action(async (opts: { evidence: string; out?: string; catalog?: string; lang: string } & GateFlags) => {
      const lang = parseLang(opts.lang);
      const gateOpts = gateOptions(opts);
      const { report, reportFile } = await evaluateSaved({
        evidenceDir: opts.evidence,
        outDir: opts.out,
        catalogDir: opts.catalog,
        log: (m) => process.stderr.write(`${m}\n`),
      });
      process.stdout.write(renderConsole(report, { colour: useColour(), lang }));
      out(`report: ${displayPathOf(reportFile)}`);
      setExit(decideExit(report, gateOpts));
    });
}
