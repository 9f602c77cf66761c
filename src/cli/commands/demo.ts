/**
 * `rssp-audit demo [--out DIR] [--lang ja|en] [--profile NAME] [--log-layout LAYOUT]`: the README's first command.
 * Starts the reference RSSP (fixtures/rssp — test equipment, loaded only here), assesses it at
 * level 2, renders every format into DIR, prints the console summary and the files written, and
 * stops the fixture, which removes its working folder (token, secrets, PKI, log) — also on an
 * error, or on Ctrl-C / SIGTERM at any moment: the fixture module stops its child before this
 * process exits (src/util/exit-hooks.ts). A missing chromium costs only the PDF. The PDF is
 * signed (PAdES B-B) with the fixture PKI's report-signing certificate, and that PKI's root is
 * copied to DIR/report-signing-ca.pem for `report verify DIR/report.<lang>.pdf --trust-anchor`.
 * With --tsa-url the signature is B-T; the TSA down keeps the PDF unsigned on disk (exit 3).
 * Exit: 0 everything written; 2 bad flags; 3 the fixture or a format could not be produced.
 */
import type { Command } from "commander";
import { copyFileSync, existsSync, readFileSync } from "node:fs";
import { signPdfFile } from "../../../reports/pades/file.ts";
import { TSA_URL_HELP, parseTsaUrl, redactUrl } from "../../../reports/pades/timestamp.ts";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { runAssessment } from "../../engine/assess.ts";
import { REPORT_FORMATS, parseLang, renderConsole, renderReport } from "../../../reports/index.ts";
import { CannotFinishError, InputError, describeError, displayPath } from "../../util/errors.ts";
import { chalkFor, useColour } from "../output.ts";
import type { ExitCode } from "../exit-code.ts";
import { assetPath, modulePath } from "../../util/package-root.ts";
import { demoProfilesHelp } from "../help-texts.ts";

/** The fixture's profile tables (fixtures/rssp/faults.ts: plain data, no imports). */
interface ProfileTables {
  PROFILES?: Record<string, readonly string[]>;
  DESIGN_PROFILES?: Record<string, Record<string, unknown>>;
}

/**
 * Read when this module loads (only for `demo`): `demo --help` lists them and a wrong name is
 * refused before the fixture starts. faults.ts is data only, so this costs no start-up; the
 * fixture itself (servers, PKI, SoftHSM) loads in the action. Absent in an installation without
 * fixtures/rssp: the help says so and the action reports it.
 */
const PROFILE_TABLES: ProfileTables = await import(pathToFileURL(modulePath("fixtures/rssp/faults")).href).then(
  (m: ProfileTables) => m,
  () => ({}),
);

/** Every profile name the fixture accepts: fault profiles and design profiles. */
export function profileNames(tables: ProfileTables = PROFILE_TABLES): string[] {
  return [...Object.keys(tables.PROFILES ?? {}), ...Object.keys(tables.DESIGN_PROFILES ?? {})];
}

/** How the reference RSSP keeps its audit log (docs/AUDIT-LOG.md). */
const LOG_LAYOUTS = ["chained", "timestamped-files", "signed-manifest"] as const;
type LogLayoutName = (typeof LOG_LAYOUTS)[number];

/** The part of the reference RSSP's handle the demo uses (fixtures/rssp/index.ts). */
interface ReferenceRssp {
  assessmentFile: string;
  /** The fixture PKI's root (the anchor of the report signer too). */
  trustAnchorFile?: string;
  /** A report-signing certificate and key of the fixture PKI. */
  reportSigner?: { certFile: string; keyFile: string };
  stop(): Promise<void> | void;
}

interface FixtureModule {
  startFixture(options: { profile?: string; evidenceDir?: string; attestationsFile?: string; logLayout?: LogLayoutName }): Promise<ReferenceRssp>;
}

/** The fixture is loaded at run time so that the toolkit's own code paths never import it. */
async function loadFixture(): Promise<FixtureModule> {
  const url = pathToFileURL(modulePath("fixtures/rssp/index")).href;
  let module: Partial<FixtureModule>;
  try {
    module = (await import(url)) as Partial<FixtureModule>;
  } catch (error) {
    throw new CannotFinishError(`the reference RSSP (fixtures/rssp) cannot be loaded: ${describeError(error)}`);
  }
  if (typeof module.startFixture !== "function") throw new CannotFinishError("fixtures/rssp/index.ts does not export startFixture()");
  return module as FixtureModule;
}

export function register(program: Command, setExit: (code: ExitCode) => void): void {
  program
    .command("demo")
    .description("start the reference RSSP, assess it at level 2 and write every report format")
    .option("--out <dir>", "output folder", "demo-out")
    .option("--lang <lang>", "ja|en", "ja")
    .option("--profile <name>", "profile of the reference RSSP (listed below)", "conformant")
    .option("--log-layout <layout>", "how the reference RSSP keeps its audit log: chained, timestamped-files or signed-manifest", "chained")
    .option("--tsa-url <url>", `RFC 3161 time-stamp authority: the signed PDF gets a signature-time-stamp (PAdES B-T); ${TSA_URL_HELP}`)
    .addHelpText("after", demoProfilesHelp(PROFILE_TABLES.PROFILES, PROFILE_TABLES.DESIGN_PROFILES))
    .action(async (opts: { out: string; lang: string; profile: string; logLayout: string; tsaUrl?: string }) => {
      const lang = parseLang(opts.lang);
      const tsaUrl = opts.tsaUrl ? parseTsaUrl(opts.tsaUrl, "--tsa-url") : undefined;
      const logLayout = LOG_LAYOUTS.find((l) => l === opts.logLayout);
      if (!logLayout) throw new InputError(`--log-layout must be ${LOG_LAYOUTS.join(", ")}, not "${opts.logLayout.slice(0, 40)}"`);
      if (!/^[a-z0-9-]+$/.test(opts.profile)) throw new InputError(`--profile: not a profile name: "${opts.profile}"`);
      const started = Date.now();
      const err = chalkFor(process.stderr);
      const progress = (m: string) => process.stderr.write(`${err.dim(m)}\n`);
      const known = profileNames();
      if (known.length && !known.includes(opts.profile)) throw new InputError(`--profile: unknown profile "${opts.profile}" (known: ${known.join(", ")})`);
      const { startFixture } = await loadFixture();

      progress(`demo: starting the reference RSSP (profile ${opts.profile}${logLayout === "chained" ? "" : `, log kept as ${logLayout}`})`);
      // The demo dossier: the evidence documents and the assessor's attestations for the reference RSSP.
      const dossier = assetPath("fixtures", "evidence");
      const evidenceDir = join(dossier, "complete");
      const fixture = await startFixture({
        profile: opts.profile,
        ...(logLayout === "chained" ? {} : { logLayout }),
        ...(existsSync(evidenceDir) ? { evidenceDir } : {}),
        attestationsFile: join(dossier, "attestations.yaml"),
      }).catch((error: unknown) => {
        throw new CannotFinishError(`the reference RSSP could not start: ${describeError(error)}`);
      });
      try {
        const { report, reportFile } = await runAssessment({ configFile: fixture.assessmentFile, outDir: opts.out, level: 2, log: progress });
        const written = [reportFile];
        let failed = false;
        for (const format of REPORT_FORMATS) {
          try {
            const file = await renderReport(report, format, { lang, outDir: opts.out });
            written.push(file); // listed even if its signing fails below: the unsigned PDF is kept
            // The PDF is signed (PAdES B-B, B-T with --tsa-url) with the fixture PKI's report-signing certificate.
            if (format === "pdf" && fixture.reportSigner) {
              if (tsaUrl) progress(`demo: time-stamping the PDF signature at ${redactUrl(tsaUrl)} (PAdES B-T)`);
              await signPdfFile(file, readFileSync(fixture.reportSigner.keyFile, "utf8"), readFileSync(fixture.reportSigner.certFile, "utf8"), { tsaUrl });
            }
          } catch (error) {
            failed = true;
            process.stderr.write(`rssp-audit: ${format}: ${describeError(error)}\n`);
          }
        }
        // The signer's trust anchor, for `report verify … --trust-anchor` after the fixture is gone.
        if (fixture.trustAnchorFile) {
          const anchor = join(opts.out, "report-signing-ca.pem");
          copyFileSync(fixture.trustAnchorFile, anchor);
          written.push(anchor);
        }
        process.stdout.write(renderConsole(report, { colour: useColour(), lang, width: process.stdout.columns }));
        for (const file of written) process.stdout.write(`${displayPath(file)}\n`);
        progress(`demo: done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
        setExit(failed ? 3 : 0);
      } finally {
        await Promise.resolve(fixture.stop()).catch(() => {});
      }
    });
}
