/**
 * `rssp-audit assess --config assessment.yaml [--level N] [--out DIR] [--format LIST] [--intrusive]`
 * Exit 0 conformant at the level, 1 not conformant or incomplete, 2 bad input, 3 target unreachable / could not finish
 * (also: the TSA of --tsa-url / outputs.tsa down — the PDF is kept unsigned, everything else written)
 * (the same text in `assess --help`: src/cli/help-texts.ts).
 * report.json is always written before the exit code is decided: no run loses its work.
 */
import { signPdfFile } from "../../../reports/pades/file.ts";
import type { Command } from "commander";
import { readFileSync, writeFileSync } from "node:fs";
import { renderConsole, renderReport, parseLang, REPORT_FORMATS, type ReportFormat, type Lang } from "../../../reports/index.ts";
import { signReportBytes, signatureFileFor } from "../../../reports/sign.ts";
import { useColour, displayPathOf } from "../output.ts";
import { runAssessment } from "../../engine/assess.ts";
import { CannotFinishError, InputError, describeError } from "../../util/errors.ts";
import { TSA_URL_HELP, parseTsaUrl, redactUrl, withCredentials } from "../../../reports/pades/timestamp.ts";
import { gate, SEVERITY_ORDER, type GateOptions } from "../../verdict/gate.ts";
import { reportSchemaProblems } from "../../report/build-report.ts";
import type { Level, Report, Severity } from "../../report/types.ts";
import { chalkFor, out, paintStatus } from "../output.ts";
import type { ExitCode } from "../exit-code.ts";
import { readInputText } from "../../util/input-file.ts";
import { ASSESS_HELP } from "../help-texts.ts";

const FORMATS = ["json", ...REPORT_FORMATS] as const;

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
    .option("--lang <lang>", "language of the rendered reports and the summary: ja|en", "ja")
    .option("--sign-key <key>", "sign report.json (detached CMS, report.json.p7s) and the PDF report (PAdES) with this key (PEM)")
    .option("--sign-cert <pem>", "the signer's certificate (PEM) for --sign-key")
    .option("--tsa-url <url>", `RFC 3161 time-stamp authority: the signed PDF gets a signature-time-stamp (PAdES B-T; overrides outputs.tsa of assessment.yaml); ${TSA_URL_HELP}`)
    .addHelpText("after", ASSESS_HELP)
    .action(async (opts: { config: string; level?: string; out: string; format: string; intrusive: boolean; catalog?: string; lang: string; signKey?: string; signCert?: string; tsaUrl?: string } & GateFlags) => {
      const formats = parseFormats(opts.format);
      const lang = parseLang(opts.lang);
      if (Boolean(opts.signKey) !== Boolean(opts.signCert)) throw new InputError("--sign-key and --sign-cert go together");
      const signing = opts.signKey && opts.signCert ? { key: readInput(opts.signKey, "--sign-key"), cert: readInput(opts.signCert, "--sign-cert") } : undefined;
      const tsaFlag = opts.tsaUrl ? parseTsaUrl(opts.tsaUrl, "--tsa-url") : undefined;
      if (tsaFlag && !signing) throw new InputError("--tsa-url time-stamps the signed PDF: give --sign-key and --sign-cert too");
      const gateOpts = gateOptions(opts);
      if (opts.level !== undefined && !["1", "2", "3"].includes(opts.level)) throw new InputError(`--level must be 1, 2 or 3, not "${opts.level}"`);
      const err = chalkFor(process.stderr);
      const { report, reportFile, config } = await runAssessment({
        configFile: opts.config,
        outDir: opts.out,
        level: opts.level ? (Number(opts.level) as Level) : undefined,
        intrusive: opts.intrusive,
        catalogDir: opts.catalog,
        log: (m) => process.stderr.write(`${err.dim(m)}\n`),
        onResult: (r) => process.stderr.write(`  ${paintStatus(r.outcome.status, err).padEnd(24)} ${r.id}\n`),
      });
      if (signing) {
        const bytes = readFileSync(reportFile);
        writeFileSync(signatureFileFor(reportFile), await signReportBytes(bytes, signing.key, signing.cert));
      }
      const written = await renderFormats(report, formats.filter((f): f is ReportFormat => f !== "json"), { lang, outDir: opts.out, baseline: gateOpts.baseline });
      // The PDF report is signed too (PAdES B-B, in place) with the same key; B-T with a TSA (flag, else outputs.tsa).
      const tsa = tsaFlag ? { tsaUrl: tsaFlag } : config.tsa ? { tsaUrl: withCredentials(new URL(config.tsa.url), config.tsa.username, config.tsa.password?.reveal()), tsaTimeoutMs: config.tsa.timeoutMs } : {};
      if (config.tsa && !signing) process.stderr.write(`${err.dim("outputs.tsa is set but nothing is signed (no --sign-key): no time-stamp asked for")}\n`);
      // A PDF that cannot be signed (the TSA down) stays on disk unsigned: the run still prints its summary, then exits 3.
      const unsigned: string[] = [];
      if (signing) {
        for (const f of written.filter((w) => w.endsWith(".pdf"))) {
          if (tsa.tsaUrl) process.stderr.write(`${err.dim(`time-stamping the signature of ${displayPathOf(f)} at ${redactUrl(tsa.tsaUrl)} (PAdES B-T)`)}\n`);
          await signPdfFile(f, signing.key, signing.cert, tsa).catch((error: unknown) => {
            if (!(error instanceof CannotFinishError)) throw error;
            unsigned.push(error.message);
          });
        }
      }
      process.stdout.write(renderConsole(report, { colour: useColour(), lang }));
      out(`report: ${displayPathOf(reportFile)}${signing ? ` (signed: ${displayPathOf(signatureFileFor(reportFile))})` : ""}`);
      for (const f of written) out(`        ${displayPathOf(f)}`);
      const exit = decideExit(report, gateOpts);
      for (const m of unsigned) process.stderr.write(`rssp-audit: ${m}\n`);
      setExit(unsigned.length ? 3 : exit);
    });
}

/**
 * Renders each format from report.json. A format that cannot be rendered (chromium missing for
 * PDF) is reported on stderr and skipped: the other formats and report.json are kept.
 */
export async function renderFormats(report: Report, formats: ReportFormat[], options: { lang: Lang; outDir: string; baseline?: Report }): Promise<string[]> {
  const written: string[] = [];
  for (const format of formats) {
    try {
      written.push(await renderReport(report, format, options));
    } catch (error) {
      process.stderr.write(`rssp-audit: ${format} not written: ${describeError(error)}\n`);
    }
  }
  return written;
}

function readInput(file: string, what: string): string {
  try {
    return readInputText(file);
  } catch (error) {
    throw new InputError(`${what}: cannot read ${file}: ${error instanceof InputError ? error.problems[0]!.message : describeError(error)}`);
  }
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
  // The first reason says whether the run falls short (a nonconformity) or is incomplete (判定保留):
  // both exit 1, and a CI log must tell "fix the provider" from "finish the review".
  if (decision.failed && !options.failOn && !options.baseline) process.stderr.write(`gate: ${decision.reasons[0]}\n`);
  if (options.failOn || options.baseline) {
    for (const r of decision.reasons) process.stderr.write(`gate: ${r}\n`);
    if (!decision.failed) process.stderr.write(`gate: no ${options.baseline ? "regression" : "blocking control"}${options.failOn ? ` of severity ${options.failOn} or worse` : ""}\n`);
  }
  return decision.failed ? 1 : 0;
}
