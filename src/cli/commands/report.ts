/**
 * `rssp-audit report render|sign|verify|diff` (design §5): everything done to a report.json
 * after an assessment. `sign --pdf` and `verify FILE.pdf` do the same for a PDF report (PAdES;
 * `--tsa-url` adds a signature-time-stamp, B-T, and `verify --tsa-trust-anchor` checks its
 * TSA). Exit codes: 0 rendered / intact / no regression; 1 signature invalid or
 * a regression; 2 bad input (unreadable or malformed report, key, certificate, flags); 3 a
 * format could not be rendered (e.g. chromium missing for PDF — the other formats still are), or
 * a signature could not be made (the TSA unreachable: the PDF is kept unsigned).
 */
import type { Command } from "commander";
import { writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { loadReport } from "../../../reports/load.ts";
import { parseLang, parseReportFormats, renderReport } from "../../../reports/index.ts";
import { signReportBytes, signatureFileFor, verifyReportBytes } from "../../../reports/sign.ts";
import { verifyPdfBytes, type PdfVerification } from "../../../reports/pades/index.ts";
import { signPdfFile } from "../../../reports/pades/file.ts";
import { TSA_URL_HELP, parseTsaAnchors, parseTsaUrl, redactUrl } from "../../../reports/pades/timestamp.ts";
import { diffReports, renderDiffText } from "../../../reports/diff.ts";
import { safeTerminalText } from "../../../reports/console.ts";
import { CannotFinishError, InputError, describeError, displayPath } from "../../util/errors.ts";
import { chalkFor, out } from "../output.ts";
import type { ExitCode } from "../exit-code.ts";
import { readInputBytes } from "../../util/input-file.ts";

/** Reads a file named on the command line (bounded); a missing, unreadable or oversized one is an input error. */
function readInput(file: string, what: string): Buffer {
  try {
    return readInputBytes(file, 256 * 1024 * 1024);
  } catch (error) {
    throw new InputError([{ file, message: `cannot read the ${what}: ${error instanceof InputError ? error.problems[0]!.message : describeError(error)}` }]);
  }
}

/** An input error about no file in particular (from the signature's parser) names the file it came from. */
function naming<T>(file: string, run: () => Promise<T>): Promise<T> {
  return run().catch((error: unknown) => {
    if (error instanceof InputError && error.problems.every((p) => !p.file && /signature/i.test(p.message))) throw new InputError(error.problems.map((p) => ({ ...p, file })));
    throw error;
  });
}

export function register(program: Command, setExit: (code: ExitCode) => void): void {
  const report = program.command("report").description("render, sign, verify and compare report.json");
  report
    .command("render")
    .description("render report.json into other formats (written beside it, or into --out)")
    .argument("<report>", "report.json")
    .requiredOption("--format <list>", "md|html|pdf|junit|sarif|oscal (comma-separated)")
    .option("--lang <lang>", "ja|en", "ja")
    .option("--out <dir>", "output folder (default: beside the report)")
    .option("--baseline <report>", "an earlier report.json: SARIF results get a baselineState")
    .action(async (file: string, opts: { format: string; lang: string; out?: string; baseline?: string }) => {
      const formats = parseReportFormats(opts.format);
      const lang = parseLang(opts.lang);
      const { report: loaded } = loadReport(file);
      const baseline = opts.baseline ? loadReport(opts.baseline).report : undefined;
      const outDir = opts.out ?? dirname(file);
      let failed = false;
      for (const format of formats) {
        try {
          out(displayPath(await renderReport(loaded, format, { lang, outDir, baseline })));
        } catch (error) {
          if (error instanceof InputError) throw error;
          // One format failing (chromium missing for PDF) must not cost the user the others.
          failed = true;
          process.stderr.write(`rssp-audit: ${format}: ${describeError(error)}\n`);
        }
      }
      setExit(failed ? 3 : 0);
    });
  report
    .command("sign")
    .description("sign report.json (detached CMS, report.json.p7s) and/or a PDF report (PAdES B-B, or B-T with --tsa-url; in place)")
    .argument("[report]", "report.json")
    .option("--pdf <file>", "a PDF report to sign in place (PAdES baseline B-B; B-T with --tsa-url)")
    .requiredOption("--key <key>", "signing key (PEM: PKCS#8, PKCS#1 or SEC1, unencrypted)")
    .requiredOption("--cert <pem>", "signer certificate (PEM; chain certificates may follow it)")
    .option("--tsa-url <url>", `RFC 3161 time-stamp authority for --pdf: the signature gets a signature-time-stamp (PAdES B-T); ${TSA_URL_HELP}`)
    .action(async (file: string | undefined, opts: { key: string; cert: string; pdf?: string; tsaUrl?: string }) => {
      if (!file && !opts.pdf) throw new InputError("report sign: name a report.json, --pdf FILE, or both");
      if (opts.tsaUrl && !opts.pdf) throw new InputError("--tsa-url time-stamps a PDF signature: give --pdf FILE too");
      const tsaUrl = opts.tsaUrl ? parseTsaUrl(opts.tsaUrl, "--tsa-url") : undefined;
      const key = readInput(opts.key, "key").toString("utf8");
      const cert = readInput(opts.cert, "certificate").toString("utf8");
      if (file) {
        const { bytes } = loadReport(file);
        const signature = await signReportBytes(bytes, key, cert);
        const target = signatureFileFor(file);
        try {
          writeFileSync(target, signature);
        } catch (error) {
          throw new CannotFinishError(`cannot write ${displayPath(target)}: ${describeError(error)}`);
        }
        out(displayPath(target));
      }
      if (opts.pdf) {
        if (tsaUrl) process.stderr.write(`rssp-audit: time-stamping the PDF signature at ${redactUrl(tsaUrl)} (PAdES B-T)\n`);
        await signPdfFile(opts.pdf, key, cert, { tsaUrl });
        out(displayPath(opts.pdf));
      }
      setExit(0);
    });
  report
    .command("verify")
    .description("check a signature and its signer's chain: report.json's detached one, or a signed PDF's (PAdES; B-T: its time-stamp too)")
    .argument("<file>", "report.json, or a signed PDF report")
    .option("--trust-anchor <pem>", "trust anchor(s) for the signer (PEM)")
    .option("--tsa-trust-anchor <pem>", "trust anchor(s) for the TSA of a PDF's signature-time-stamp (PAdES B-T; PEM)")
    .option("--signature <p7s>", "signature file of a report.json (default: <report>.p7s)")
    .action(async (file: string, opts: { trustAnchor?: string; tsaTrustAnchor?: string; signature?: string }) => {
      // The exact bytes on disk: a report that no longer parses is still "changed", not bad input.
      const bytes = readInput(file, "report");
      const anchors = opts.trustAnchor ? readInput(opts.trustAnchor, "trust anchor").toString("utf8") : undefined;
      const tsaAnchors = opts.tsaTrustAnchor ? readInput(opts.tsaTrustAnchor, "TSA trust anchor").toString("utf8") : undefined;
      if (tsaAnchors) parseTsaAnchors(tsaAnchors, `${opts.tsaTrustAnchor}`);
      const isPdf = bytes.subarray(0, 5).toString("latin1") === "%PDF-";
      if (isPdf && opts.signature) throw new InputError("--signature: a PDF carries its own signature");
      if (!isPdf && opts.tsaTrustAnchor) throw new InputError("--tsa-trust-anchor: only a PDF's signature carries a time-stamp");
      const signatureFile = opts.signature ?? signatureFileFor(file);
      const result = isPdf
        ? await naming(file, () => verifyPdfBytes(bytes, anchors, new Date(), tsaAnchors).catch((e: unknown) => {
            if (e instanceof InputError) throw new InputError([{ file, message: e.message }]);
            throw e;
          }))
        : await naming(signatureFile, () => verifyReportBytes(bytes, readInput(signatureFile, "signature"), anchors));
      const c = chalkFor();
      const signer = result.signer ? safeTerminalText(result.signer) : "unknown signer";
      if (!result.ok) {
        out(`${displayPath(file)}: ${c.red.bold("NOT VALID")}: ${safeTerminalText(result.reason ?? "verification failed")}`);
        setExit(1);
        return;
      }
      const { level, timestamp: stamp } = result as PdfVerification;
      out(`${displayPath(file)}: ${c.green.bold("signature valid")}${isPdf ? ` (PAdES ${level ?? "B-B"}, the whole file)` : ""}, signed by ${signer}${result.signingTime ? ` at ${safeTerminalText(result.signingTime)}` : ""}`);
      if (result.chainChecked) out(`chain: valid to the trust anchor`);
      else process.stderr.write("rssp-audit: the signer was not checked against a trust anchor (give --trust-anchor to check it)\n");
      if (stamp?.ok) {
        out(`time-stamp: genTime ${stamp.genTime} by ${safeTerminalText(stamp.tsa)} (imprint is the signature value's hash; TSA signature valid)`);
        if (stamp.chainChecked) out("TSA chain: valid to the TSA trust anchor at genTime");
        else process.stderr.write("rssp-audit: the TSA's certificate chain was not checked (give --tsa-trust-anchor to check it)\n");
      } else if (isPdf && tsaAnchors) process.stderr.write("rssp-audit: the signature carries no time-stamp (PAdES B-B): --tsa-trust-anchor was not used\n");
      setExit(0);
    });
  report
    .command("diff")
    .description("what changed between two assessments (exit 1 when something regressed)")
    .argument("<old>", "older report.json")
    .argument("<new>", "newer report.json")
    .option("--format <format>", "text|json", "text")
    .option("--lang <lang>", "ja|en", "ja")
    .action((oldFile: string, newFile: string, opts: { format: string; lang: string }) => {
      if (opts.format !== "text" && opts.format !== "json") throw new InputError(`--format must be text or json, not "${opts.format}"`);
      const lang = parseLang(opts.lang);
      const diff = diffReports(loadReport(oldFile).report, loadReport(newFile).report);
      process.stdout.write(opts.format === "json" ? `${JSON.stringify(diff, null, 2)}\n` : renderDiffText(diff, lang));
      setExit(diff.regressed ? 1 : 0);
    });
}
