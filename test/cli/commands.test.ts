/**
 * The command line loads only the module of the command it runs (start-up), and what `--help`
 * lists of a command not loaded is that command's own description.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Command } from "commander";
import { COMMANDS, requestedCommand } from "../../src/cli/main.ts";
import { BIN, REPO_ROOT, runCli } from "../helpers/cli.ts";

const TRACE = fileURLToPath(new URL("./helpers/trace-loads.mjs", import.meta.url));

/** The project's modules under src/cli/commands/ that `args` loads (in whichever layout bin runs). */
function commandModulesLoaded(args: string[]): string[] {
  const dir = mkdtempSync(join(tmpdir(), "rssp-audit-trace-"));
  try {
    const trace = join(dir, "loads.txt");
    const r = spawnSync(process.execPath, ["--import", TRACE, BIN, ...args], { cwd: REPO_ROOT, encoding: "utf8", env: { ...process.env, NO_COLOR: "1", RSSP_AUDIT_TRACE_LOADS: trace } });
    assert.equal(r.status, 0, r.stderr);
    const urls = readFileSync(trace, "utf8").split("\n").filter(Boolean);
    assert.ok(urls.some((u) => /\/src\/cli\/main\.(ts|js)$/.test(u)), "the trace sees the CLI's own modules");
    return [...new Set(urls.map((u) => /\/src\/cli\/commands\/([a-z-]+)\.(ts|js)$/.exec(u)?.[1]).filter((x): x is string => !!x))].sort();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test("--help and --version load no command module", () => {
  assert.deepEqual(commandModulesLoaded(["--help"]), []);
  assert.deepEqual(commandModulesLoaded(["--version"]), []);
});

test("a command loads its own module only (evaluate also reuses assess's exit rules)", () => {
  assert.deepEqual(commandModulesLoaded(["catalog", "list", "--format", "json"]), ["catalog"]);
  assert.deepEqual(commandModulesLoaded(["log", "--help"]), ["log"]);
  assert.deepEqual(commandModulesLoaded(["help", "report"]), ["report"]);
  assert.deepEqual(commandModulesLoaded(["evaluate", "--help"]), ["assess", "evaluate"]);
});

test("requestedCommand finds the group named first (or after help), nothing for options or unknown names", () => {
  assert.equal(requestedCommand(["node", "bin", "log", "verify", "x"])?.name, "log");
  assert.equal(requestedCommand(["node", "bin", "help", "hsm"])?.name, "hsm");
  assert.equal(requestedCommand(["node", "bin", "--help"]), undefined);
  assert.equal(requestedCommand(["node", "bin", "catlog"]), undefined);
});

test("each listed summary is the module's own description, in the module's registration", async () => {
  for (const entry of COMMANDS) {
    const program = new Command("rssp-audit");
    (await entry.load()).register(program, () => {});
    const registered = program.commands.map((c) => c.name());
    assert.deepEqual(registered, [entry.name], `${entry.name} registers itself only`);
    assert.equal(program.commands[0]!.description(), entry.summary, entry.name);
  }
});

test("--help lists every command; an unknown command is a usage error with a suggestion", async () => {
  const help = await runCli(["--help"]);
  assert.equal(help.code, 0, help.stderr);
  for (const entry of COMMANDS) assert.match(help.stdout, new RegExp(`^  ${entry.name} `, "m"));
  const typo = await runCli(["catlog", "list"]);
  assert.equal(typo.code, 2);
  assert.match(typo.stderr, /unknown command 'catlog'/);
  assert.match(typo.stderr, /Did you mean catalog\?/);
});
