/**
 * `rssp-audit fixture serve`: runs the reference RSSP (test equipment) in this process, prints
 * one JSON line describing it (no secret), writes DIR/assessment.yaml, and runs until SIGINT or
 * SIGTERM, when it writes its final log checkpoint, removes its working folder — unless the
 * user named it with --dir — and exits 0. A signal during start-up, or a failed start-up,
 * removes the folder too.
 */
import type { Command } from "commander";
import { CannotFinishError, InputError, describeError } from "../../util/errors.ts";
import { signalExitCode, untilInterrupted } from "../../util/exit-hooks.ts";
import type { ExitCode } from "../exit-code.ts";

export function register(program: Command, setExit: (code: ExitCode) => void): void {
  const fixture = program.command("fixture").description("the reference RSSP (test equipment)");
  fixture
    .command("serve")
    .description("start the reference RSSP, describe it as one JSON line, write DIR/assessment.yaml, run until stopped")
    .option("--profile <name>", "named fault set (conformant, sad-weak, auth-weak, keys-weak, log-tampered, certs-bad, leaky)")
    .option("--fault <name...>", "faults to switch on")
    .option("--port <n>", "port (default: random)")
    .option("--dir <dir>", "working folder, kept after the fixture stops because you named it (default: a new temporary folder, removed when it stops)")
    .option("--evidence <dir>", "evidence folder to name in the generated assessment.yaml")
    .option("--log-layout <layout>", "how the audit log is kept: chained, timestamped-files or signed-manifest", "chained")
    .action(async (opts: { profile?: string; fault?: string[]; port?: string; dir?: string; evidence?: string; logLayout: string }) => {
      // Imported here, not at the top: the toolkit's code paths never load the fixture.
      const { designOf, resolveFaults } = await import("../../../fixtures/rssp/faults.ts");
      const { launchProvider } = await import("../../../fixtures/rssp/provider.ts");
      const { fixtureDir, looseModeWarning } = await import("../../../fixtures/rssp/work-dir.ts");
      let faults;
      try {
        faults = resolveFaults(opts.profile, opts.fault ?? []);
      } catch (error) {
        throw new InputError((error as Error).message);
      }
      const port = opts.port === undefined ? 0 : Number(opts.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new InputError(`--port must be a port number, not "${opts.port}"`);
      const logLayout = opts.logLayout as "chained" | "timestamped-files" | "signed-manifest";
      if (!["chained", "timestamped-files", "signed-manifest"].includes(logLayout)) throw new InputError(`--log-layout must be chained, timestamped-files or signed-manifest, not "${opts.logLayout.slice(0, 40)}"`);
      // This process runs only the fixture: everything it writes (keys, secrets, PKI, log) is owner-only.
      process.umask(0o077);
      const interrupted = untilInterrupted();
      const dir = fixtureDir(opts.dir);
      const warning = looseModeWarning(dir);
      if (warning) process.stderr.write(`rssp-audit: warning: ${warning}\n`);
      const launched = launchProvider({ ...designOf(opts.profile), faults, port, dir: dir.path, evidenceDir: opts.evidence, logLayout });
      const first = await Promise.race([launched, interrupted]).catch((error: unknown) => {
        dir.remove();
        throw new CannotFinishError(`the reference RSSP could not start: ${describeError(error)}`);
      });
      if (typeof first === "string") {
        // Stopped while starting: the provider cannot be cancelled halfway, so the process ends here.
        dir.remove();
        process.exit(signalExitCode(first));
      }
      const provider = first;
      process.stdout.write(`${JSON.stringify(provider.description)}\n`);
      await interrupted;
      try {
        await provider.stop();
      } finally {
        dir.remove();
      }
      setExit(0);
    });
}
