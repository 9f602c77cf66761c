/**
 * `rssp-audit hsm inspect --module LIB --token LABEL --pin env:NAME [--format text|json]`
 * Every key on the token with its attributes and its verdict per hsm.* check.
 * Exit 0 every check passes (or does not apply), 1 any check fails, 2 usage/input error (missing
 * module, unknown token, wrong PIN), 3 a check could not conclude. The PIN comes from env:/file:
 * only and is never printed.
 */
import { messageIn } from "../../check/types.ts";
import type { Command } from "commander";
import { resolveSecret } from "../../config/secrets.ts";
import { InputError } from "../../util/errors.ts";
import { inspectToken, type Inspection } from "../../hsm/inspect.ts";
import { chalkFor, makeTable, out, paintStatus } from "../output.ts";
import type { ExitCode } from "../exit-code.ts";
import { flagSummary } from "../../hsm/flag-summary.ts";
import type { BooleanAttribute } from "../../hsm/attributes.ts";
import type { Flag } from "../../hsm/survey-types.ts";

interface InspectFlags {
  module: string;
  token: string;
  pin: string;
  format: string;
}

export function register(program: Command, setExit: (code: ExitCode) => void): void {
  const hsm = program.command("hsm").description("the provider's HSM over PKCS#11");
  hsm
    .command("inspect")
    .description("list every key on a token with its attributes and the verdict of each hsm.* check")
    .requiredOption("--module <lib>", "PKCS#11 module (e.g. /usr/lib/softhsm/libsofthsm2.so)")
    .requiredOption("--token <label>", "token label")
    .requiredOption("--pin <ref>", "user PIN as env:NAME or file:PATH")
    .option("--format <format>", "text|json", "text")
    .action(async (opts: InspectFlags) => {
      if (opts.format !== "text" && opts.format !== "json") throw new InputError(`--format must be text or json, not "${opts.format}"`);
      const pin = resolveSecret(opts.pin, process.cwd(), "--pin");
      const err = chalkFor(process.stderr);
      const inspection = await inspectToken({ module: opts.module, token: opts.token, pin }, { log: (m) => process.stderr.write(`${err.dim(m)}\n`) });
      if (opts.format === "json") out(JSON.stringify(inspection, null, 2));
      else printText(inspection);
      setExit(inspection.conclusion === "fail" ? 1 : inspection.conclusion === "error" ? 3 : 0);
    });
}

function printText(inspection: Inspection): void {
  const c = chalkFor();
  const t = inspection.inventory.token;
  out(`Token "${t.label}" — ${t.manufacturer} ${t.model}, firmware ${t.firmwareVersion}, hardware ${t.hardwareVersion}, serial ${t.serialNumber}`);
  out(`Module ${t.library.path} — ${t.library.manufacturer} ${t.library.description} ${t.library.version} (Cryptoki ${t.library.cryptokiVersion})`);
  out();
  const keys = makeTable(["Key", "Role", "Attributes", "Verdicts"]);
  const flagsByUri = new Map<string, Record<BooleanAttribute, Flag>>([...inspection.inventory.privateKeys, ...inspection.inventory.secretKeys].map((k) => [k.uri, k.flags]));
  for (const k of inspection.keys) {
    const failed = Object.entries(k.verdicts).filter(([, v]) => v === "fail").map(([id]) => id);
    const erred = Object.entries(k.verdicts).filter(([, v]) => v === "error").map(([id]) => id);
    const judged = Object.values(k.verdicts).filter((v) => v !== "-").length;
    const verdict = failed.length ? `${paintStatus("fail", c)}: ${failed.join(", ")}` : erred.length ? `${paintStatus("error", c)}: ${erred.join(", ")}` : judged ? `${paintStatus("pass", c)} (${judged} check${judged === 1 ? "" : "s"})` : c.dim("not judged");
    keys.push([`${k.key}\n${c.dim(k.uri)}`, k.role, flagSummary(flagsByUri.get(k.uri), k.role === "secret key"), verdict]);
  }
  out(keys.toString());
  out();
  const checks = makeTable(["Check", "Status", "Summary"]);
  for (const ch of inspection.checks) checks.push([ch.id, paintStatus(ch.status, c), messageIn(ch.summary, "en")]);
  out(checks.toString());
  const findings = inspection.checks.flatMap((ch) => ch.observations.filter((o) => o.ok === false).map((o) => ({ id: ch.id, o })));
  if (findings.length) {
    out();
    out(c.bold("Findings"));
    for (const { id, o } of findings) out(`  ${c.red("✗")} ${id}  ${o.where}\n      expected ${messageIn(o.expected, "en")}\n      observed ${messageIn(o.observed, "en")}`);
  }
  out();
  out(`Conclusion: ${paintStatus(inspection.conclusion, c)}`);
}
