/**
 * `rssp-audit assess --config assessment.yaml [--level N] [--out DIR] [--format LIST] [--intrusive]`
 * Exit 0 conformant at the level, 1 not conformant, 2 bad input, 3 target unreachable / could not finish.
 * report.json is always written before the exit code is decided: no run loses its work.
 */
import type { Command } from "commander";
import { readFileSync } from "node:fs";
import { runAssessment } from "../../engine/assess.ts";
import { InputError, describeError } from "../../util/errors.ts";
import { gate, SEVERITY_ORDER, type GateOptions } from "../../verdict/gate.ts";
import { reportSchemaProblems } from "../../report/build-report.ts";
import type { Level, Report, Severity } from "../../report/types.ts";
import { chalkFor, out, paintStatus } from "../output.ts";
import type { ExitCode } from "../main.ts";

const FORMATS = ["json", "md", "html", "pdf", "junit", "sarif", "oscal"] as const;

export function parseFormats(list: string): string[] {
  const formats = list.split(",").map((f) => f.trim()).filter(Boolean);
  const unknown = formats.filter((f) => !(FORMATS as readonly string[]).includes(f));
  if (unknown.length) throw new InputError(`--format: unknown format ${unknown.join(", ")} (known: ${FORMATS.join(", ")})`);
  return formats;
}

export function register(program: Command, setExit: (code: ExitCode) => void): void {
  program
    .command("assess")
    .description("assess a provider: plan, run the checks, evaluate, write OUT/report.json")
    .requiredOption("--config <file>", "assessment.yaml")
    .option("--level <n>", "level to assess (overrides the config)")
    .option("--out <dir>", "output folder (report.json, evidence/)", "rssp-audit-out")
    .option("--format <list>", "comma-separated: json,md,html,pdf,junit,sarif,oscal", "json")
    .option("--intrusive", "allow intrusive probes (PIN lock-out, key generation, revocation)", false)
    .option("--catalog <dir>", "a catalog folder other than the shipped one")
    .option("--fail-on <severity>", "only blocking controls of this severity or worse fail the run (critical|high|medium|low)")
    .option("--baseline <report>", "an earlier report.json: only regressions fail the run (a ratchet)")
    .action(async (opts: { config: string; level?: string; out: string; format: string; intrusive: boolean; catalog?: string } & GateFlags) => {
      const formats = parseFormats(opts.format);
      const gateOpts = gateOptions(opts);
      if (opts.level !== undefined && !["1", "2", "3"].includes(opts.level)) throw new InputError(`--level must be 1, 2 or 3, not "${opts.level}"`);
      const err = chalkFor(process.stderr);
      const { report, reportFile } = await runAssessment({
        configFile: opts.config,
        outDir: opts.out,
        level: opts.level ? (Number(opts.level) as Level) : undefined,
        intrusive: opts.intrusive,
        catalogDir: opts.catalog,
        log: (m) => process.stderr.write(`${err.dim(m)}\n`),
        onResult: (r) => process.stderr.write(`  ${paintStatus(r.outcome.status, err).padEnd(24)} ${r.id}\n`),
      });
      const others = formats.filter((f) => f !== "json");
      if (others.length) process.stderr.write(`formats ${others.join(", ")}: rendering from report.json is not built yet (issue #8); only report.json was written\n`);
      printSummary(report, reportFile);
      setExit(decideExit(report, gateOpts));
    });
}

export interface GateFlags {
  failOn?: string;
  baseline?: string;
}

/** Parses --fail-on and --baseline (bad values are input errors, found before anything runs). */
export function gateOptions(flags: GateFlags): GateOptions {
  const options: GateOptions = {};
  if (flags.failOn !== undefined) {
    if (!(SEVERITY_ORDER as readonly string[]).includes(flags.failOn)) throw new InputError(`--fail-on must be one of ${SEVERITY_ORDER.join(", ")}, not "${flags.failOn}"`);
    options.failOn = flags.failOn as Severity;
  }
  if (flags.baseline !== undefined) {
    let baseline: unknown;
    try {
      baseline = JSON.parse(readFileSync(flags.baseline, "utf8"));
    } catch (error) {
      throw new InputError([{ file: flags.baseline, message: `cannot read the baseline report: ${describeError(error)}` }]);
    }
    const problems = reportSchemaProblems(baseline);
    if (problems.length > 0) throw new InputError([{ file: flags.baseline, message: `not a report.json: ${problems[0]}` }]);
    options.baseline = baseline as Report;
  }
  return options;
}

/** 3 when the target could not be reached at all; else the gate decides 0 or 1. */
export function decideExit(report: Report, options: GateOptions): ExitCode {
  const reach = report.checks.find((c) => c.id === "tls.reachable");
  if (reach?.status === "error") return 3;
  const decision = gate(report, options);
  if (options.failOn || options.baseline) {
    for (const r of decision.reasons) process.stderr.write(`gate: ${r}\n`);
    if (!decision.failed) process.stderr.write(`gate: no ${options.baseline ? "regression" : "blocking control"}${options.failOn ? ` of severity ${options.failOn} or worse` : ""}\n`);
  }
  return decision.failed ? 1 : 0;
}

export function printSummary(report: Report, reportFile: string): void {
  const c = chalkFor();
  const v = report.verdict;
  const counts = new Map<string, number>();
  for (const x of report.controls) counts.set(x.status, (counts.get(x.status) ?? 0) + 1);
  out(`${c.bold(report.assessment.target.name)} — level ${v.level}: ${v.conformant ? c.green.bold("conformant") : c.red.bold("not conformant")} (highest conformant level: ${v.highestConformantLevel})`);
  out(`controls: ${[...counts].sort().map(([s, n]) => `${paintStatus(s, c)} ${n}`).join(", ")}`);
  for (const lv of v.byLevel) out(`  L${lv.level}: ${lv.conformant ? "conformant" : `blocked by ${lv.blocking.length}: ${lv.blocking.slice(0, 12).join(", ")}${lv.blocking.length > 12 ? ", …" : ""}`}`);
  out(`report: ${reportFile}`);
}
