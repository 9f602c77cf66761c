/**
 * `rssp-audit fixture serve`: runs the reference RSSP (test equipment) in this process, prints
 * one JSON line describing it (no secret), writes DIR/assessment.yaml, and runs until SIGINT or
 * SIGTERM, when it writes its final log checkpoint and stops.
 */
import type { Command } from "commander";
import { InputError } from "../../util/errors.ts";
import type { ExitCode } from "../exit-code.ts";

export function register(program: Command, setExit: (code: ExitCode) => void): void {
  const fixture = program.command("fixture").description("the reference RSSP (test equipment)");
  fixture
    .command("serve")
    .description("start the reference RSSP, describe it as one JSON line, write DIR/assessment.yaml, run until stopped")
    .option("--profile <name>", "named fault set (conformant, sad-weak, auth-weak, keys-weak, log-tampered, certs-bad, leaky)")
    .option("--fault <name...>", "faults to switch on")
    .option("--port <n>", "port (default: random)")
    .option("--dir <dir>", "working folder (default: a new temporary folder)")
    .option("--evidence <dir>", "evidence folder to name in the generated assessment.yaml")
    .action(async (opts: { profile?: string; fault?: string[]; port?: string; dir?: string; evidence?: string }) => {
      // Imported here, not at the top: the toolkit's code paths never load the fixture.
      const { resolveFaults } = await import("../../../fixtures/rssp/faults.ts");
      const { launchProvider } = await import("../../../fixtures/rssp/provider.ts");
      let faults;
      try {
        faults = resolveFaults(opts.profile, opts.fault ?? []);
      } catch (error) {
        throw new InputError((error as Error).message);
      }
      const port = opts.port === undefined ? 0 : Number(opts.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new InputError(`--port must be a port number, not "${opts.port}"`);
      const provider = await launchProvider({ faults, port, dir: opts.dir, evidenceDir: opts.evidence });
      process.stdout.write(`${JSON.stringify(provider.description)}\n`);
      await new Promise<void>((resolve) => {
        const stop = () => void provider.stop().then(resolve);
        process.once("SIGINT", stop);
        process.once("SIGTERM", stop);
      });
      setExit(0);
    });
}
