/**
 * `rssp-audit log verify PATH... [--layout L] [--cert PEM] [--trust-anchor PEM] [--expect-head SEQ:HASH|NAME:HASH] [--format text|json]`
 * Verifies an audit log in its layout (docs/AUDIT-LOG.md): the hash chain, checkpoints and
 * signatures of chained files (design §7), or a folder of files sealed by RFC 3161 tokens or by
 * signed manifests.
 * Exit 0 intact (warnings allowed), 1 problems found, 2 bad input, 3 could not finish.
 * Progress goes to stderr, only when stderr is a terminal.
 */
import { availableParallelism } from "node:os";
import type { Command } from "commander";
import { formatHead, parseKeptHead, type KeptHead } from "../../log/format.ts";
import type { VerifyOutcome } from "../../log/chain-verifier.ts";
import { nativeScanLines } from "../../log/native/index.ts";
import { sizeOfLogFiles, toLogResult } from "../../log/verify-files.ts";
import { parseLayout, resolveLayout, verifyAnyLayout } from "../../log/verify-layout.ts";
import { DEFAULT_MAX_ROTATION_GAP_SECONDS, DEFAULT_MAX_SEAL_DELAY_SECONDS } from "../../log/seal-defaults.ts";
import { InputError, describeError, displayPath } from "../../util/errors.ts";
import type { ExitCode } from "../exit-code.ts";
import { readInputText } from "../../util/input-file.ts";

interface VerifyFlags {
  cert?: string;
  trustAnchor: string[];
  tsaTrustAnchor: string[];
  expectHead?: string;
  format: string;
  layout?: string;
  tokenName?: string;
  maxSealDelay?: string;
  maxGapSeconds?: string;
}

/** A threshold in whole seconds (the catalog parameters' unit); bad input otherwise. */
function parseSeconds(text: string | undefined, flag: string, byDefault: number): number {
  if (text === undefined) return byDefault;
  if (!/^\d{1,9}$/.test(text)) throw new InputError(`${flag} must be a whole number of seconds, not "${text.slice(0, 40)}"`);
  return Number(text);
}

/**
 * Logs larger than this are scanned by worker threads when only the pure-JS scanner is there.
 * The native scanner needs none: it spreads each chunk over the CPUs itself, which measures
 * faster than workers (no buffers passed between threads; `npm run bench -- log-verify`).
 */
const PARALLEL_FROM_BYTES = 64 << 20;

function readPemFile(path: string, flag: string): string {
  try {
    return readInputText(path);
  } catch (error) {
    throw new InputError([{ file: path, message: `${flag}: ${error instanceof InputError ? error.problems[0]!.message : `cannot read: ${describeError(error)}`}` }]);
  }
}

function parseExpectHead(text: string | undefined): KeptHead | undefined {
  if (text === undefined) return undefined;
  const head = parseKeptHead(text);
  if (!head) throw new InputError(`--expect-head must be SEQ:HASH (a seq and 64 hex digits) or, for timestamped-files, NAME:HASH (a file name and 64 hex digits), not "${text.slice(0, 80)}"`);
  return head;
}

/** A one-line progress indicator on a terminal's stderr, redrawn at most every 200 ms. */
function progressIndicator(): { update(done: number, total: number): void; clear(): void } {
  const tty = process.stderr.isTTY;
  let last = 0;
  let shown = false;
  return {
    update(done, total) {
      const now = Date.now();
      if (!tty || total < 16 << 20 || now - last < 200) return;
      last = now;
      shown = true;
      process.stderr.write(`\rverifying… ${Math.floor((100 * done) / total)}% (${(done / 1e6).toFixed(0)}/${(total / 1e6).toFixed(0)} MB)`);
    },
    clear() {
      if (shown) process.stderr.write("\r\x1b[K");
    },
  };
}

/** The text report; its colours (chalk, with the output helpers) load only here: `--format json` never needs them. */
async function printText(files: string[], o: VerifyOutcome): Promise<void> {
  const { chalkFor, out } = await import("../output.ts");
  const c = chalkFor();
  const name = files.map(displayPath).join(" + ");
  const state = o.intact ? c.green("intact") : c.red.bold("NOT intact");
  const stamped = o.timestampedCheckpoints > 0 ? `, ${o.timestampedCheckpoints} time-stamped` : "";
  if (o.layout === "timestamped-files") out(`${name} (timestamped-files): ${o.records} record(s) in ${o.fileCount} file(s), ${o.checkpoints} time-stamp token(s) (${o.signedCheckpoints} valid${stamped}): ${state}`);
  else if (o.layout === "signed-manifest") out(`${name} (signed-manifest): ${o.records} record(s) in ${o.fileCount} file(s), ${o.checkpoints} manifest(s) (${o.signedCheckpoints} with a verified signature): ${state}`);
  else out(`${name}: ${o.records} record(s), ${o.checkpoints} checkpoint(s) (${o.signedCheckpoints} with a verified signature${stamped}): ${state}`);
  for (const p of o.problems) {
    const where = p.line > 0 ? `${displayPath(p.file)}:${p.line}` : displayPath(p.file);
    const tag = p.severity === "warning" ? c.yellow("warning") : c.red("error");
    out(`${where}: ${tag}: ${p.seq !== null ? `seq ${p.seq}: ` : ""}${p.code}: ${p.message}`);
  }
  if (o.sinceKeptHead) out(`kept head found unchanged; after it: ${o.sinceKeptHead.files} file(s), ${o.sinceKeptHead.records} record(s) rotated in since`);
  const head = o.head ?? o.fileHead;
  if (head) out(`head ${formatHead(head)}  (keep it; next time: --expect-head ${formatHead(head)})`);
}

export function register(program: Command, setExit: (code: ExitCode) => void): void {
  const log = program.command("log").description("hash-chained audit logs (design §7)");
  log
    .command("verify")
    .description("verify an audit log: chained segments, or a folder of files sealed by time-stamp tokens or signed manifests")
    .argument("<path...>", "log files in order (segments continue the chain), or one folder")
    .option("--layout <layout>", "auto|chained|timestamped-files|signed-manifest (auto: files are chained; a folder by what it holds)", "auto")
    .option("--token-name <rule>", "timestamped-files: a file's token name, {name} = the file's name, {stem} = without extensions", "{name}.tsr")
    .option("--max-seal-delay <seconds>", "timestamped-files: longest time from a file's last record to its seal (catalog log.seal.maxDelaySeconds)", String(DEFAULT_MAX_SEAL_DELAY_SECONDS))
    .option("--max-gap-seconds <seconds>", "timestamped-files: longest time from a file's last record to the next file's first (catalog log.rotation.maxGapSeconds)", String(DEFAULT_MAX_ROTATION_GAP_SECONDS))
    .option("--cert <pem>", "log-signing (or manifest-signing) certificate (PEM; intermediates may follow it)")
    .option("--trust-anchor <pem>", "trust anchor for the log-signing certificate (repeatable)", (v: string, all: string[]) => [...all, v], [] as string[])
    .option("--tsa-trust-anchor <pem>", "trust anchor for checkpoints' RFC 3161 time-stamp tokens (repeatable; default: --trust-anchor)", (v: string, all: string[]) => [...all, v], [] as string[])
    .option(
      "--expect-head <head>",
      "head kept from an earlier assessment, as log verify printed it: SEQ:HASH (chained: the last record; signed-manifest: the last manifest) or NAME:HASH (timestamped-files: the last sealed file and the SHA-256 of its bytes as stored)",
    )
    .option("--format <format>", "text|json", "text")
    .action(async (paths: string[], flags: VerifyFlags) => {
      if (flags.format !== "text" && flags.format !== "json") throw new InputError(`--format must be text or json, not "${flags.format}"`);
      const layout = parseLayout(flags.layout);
      const maxSealDelaySeconds = parseSeconds(flags.maxSealDelay, "--max-seal-delay", DEFAULT_MAX_SEAL_DELAY_SECONDS);
      const maxRotationGapSeconds = parseSeconds(flags.maxGapSeconds, "--max-gap-seconds", DEFAULT_MAX_ROTATION_GAP_SECONDS);
      const expectHead = parseExpectHead(flags.expectHead);
      const certPem = flags.cert !== undefined ? readPemFile(flags.cert, "--cert") : undefined;
      const trustAnchorsPem = flags.trustAnchor.map((a) => readPemFile(a, "--trust-anchor"));
      const tsaTrustAnchorsPem = flags.tsaTrustAnchor.length > 0 ? flags.tsaTrustAnchor.map((a) => readPemFile(a, "--tsa-trust-anchor")) : undefined;
      const resolved = await resolveLayout(paths, layout);
      const total = resolved.layout === "chained" ? await sizeOfLogFiles(resolved.files) : 0;
      const parallel = nativeScanLines === undefined && total >= PARALLEL_FROM_BYTES && availableParallelism() > 1;
      const progress = progressIndicator();
      let outcome: VerifyOutcome;
      const files = resolved.files;
      try {
        ({ outcome } = await verifyAnyLayout(files, {
          layout: resolved.layout,
          tokenName: flags.tokenName,
          maxSealDelaySeconds,
          maxRotationGapSeconds,
          certPem,
          trustAnchorsPem,
          tsaTrustAnchorsPem,
          expectHead,
          workers: parallel ? Math.min(4, availableParallelism()) : 0,
          onProgress: (done, all) => progress.update(done, all),
        }));
      } finally {
        progress.clear();
      }
      if (flags.format === "json") {
        const label = files.map(displayPath).join(" + ");
        const sealed = outcome.layout ? { layout: outcome.layout, files: outcome.fileCount } : {};
        const result = toLogResult(label, outcome, files);
        process.stdout.write(
          `${JSON.stringify({ ...result, ...sealed, checkpoints: outcome.checkpoints, signedCheckpoints: outcome.signedCheckpoints, timestampedCheckpoints: outcome.timestampedCheckpoints, ...(outcome.fileHead !== undefined ? { fileHead: outcome.fileHead } : {}), ...(outcome.sinceKeptHead ? { sinceKeptHead: outcome.sinceKeptHead } : {}), protectedUpTo: outcome.protectedUpTo, logId: outcome.logId }, null, 2)}\n`,
        );
      } else {
        await printText(files, outcome);
      }
      setExit(outcome.intact ? 0 : 1);
    });
}
