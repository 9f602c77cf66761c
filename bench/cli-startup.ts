/**
 * Start-up as a user meets it (issue #13): whole processes of the installed command line —
 * `rssp-audit --help`, `catalog list`, `log verify` of a small log (1,000 records, signed
 * checkpoints) — against bare `node -e 0`, interleaved in one run so that the machine's load
 * falls on all alike. Reports the median and best wall time of STARTUP_BENCH_RUNS runs (default
 * 15), peak RSS, and the ratio of medians to bare node. It builds first (scripts/build.mjs), so
 * the figures are the build's, which is what bin/rssp-audit.js runs; `catalog list (cold)` runs
 * with the catalog cache off (RSSP_AUDIT_CACHE=0), for comparison.
 * Targets: --help ≤ 0.15 s, catalog list ≤ 0.3 s.
 *   npm run bench -- cli-startup
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { makeTestPki } from "../test/log/helpers/pki.ts";
import { generateLog } from "./log-generate.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const BIN = join(ROOT, "bin", "rssp-audit.js");
const RUNS = Number(process.env.STARTUP_BENCH_RUNS ?? 15);
const TIME = existsSync("/usr/bin/time") ? "/usr/bin/time" : undefined;

interface Case {
  name: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  targetS?: number;
}

interface Sample {
  ms: number;
  rssMb?: number;
}

function runOnce(c: Case, cwd: string): Sample {
  const command = TIME ? [TIME, "-f", "%M", process.execPath, ...c.args] : [process.execPath, ...c.args];
  const t0 = performance.now();
  const r = spawnSync(command[0]!, command.slice(1), { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1", ...c.env } });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${c.name}: exit ${r.status}: ${r.stderr.trim().split("\n").slice(-3).join(" | ")}`);
  const rssKb = TIME ? Number(r.stderr.trim().split("\n").at(-1)) : NaN;
  return { ms, rssMb: Number.isFinite(rssKb) ? rssKb / 1024 : undefined };
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

const build = spawnSync(process.execPath, [join(ROOT, "scripts", "build.mjs")], { stdio: "inherit" });
if (build.status !== 0) throw new Error("build failed");

const dir = mkdtempSync(join(tmpdir(), "rssp-audit-startup-"));
try {
  const pki = await makeTestPki();
  const cert = join(dir, "signer.pem");
  const anchor = join(dir, "root.pem");
  writeFileSync(cert, pki.logSigner.certPem);
  writeFileSync(anchor, pki.rootPem);
  const log = generateLog(join(dir, "audit.log"), 1000, pki.logSigner.key, 100);
  const cases: Case[] = [
    { name: "node -e 0", args: ["-e", "0"] },
    { name: "--help", args: [BIN, "--help"], targetS: 0.15 },
    { name: "catalog list", args: [BIN, "catalog", "list"], targetS: 0.3 },
    { name: "catalog list (cold)", args: [BIN, "catalog", "list"], env: { RSSP_AUDIT_CACHE: "0" } },
    { name: `log verify (${log.records} records)`, args: [BIN, "log", "verify", log.file, "--cert", cert, "--trust-anchor", anchor] },
  ];
  // One warm-up round (file cache, the catalog cache), then interleaved rounds.
  for (const c of cases) runOnce(c, dir);
  const samples = new Map<string, Sample[]>(cases.map((c) => [c.name, []]));
  for (let i = 0; i < RUNS; i++) for (const c of cases) samples.get(c.name)!.push(runOnce(c, dir));

  const bare = median(samples.get("node -e 0")!.map((s) => s.ms));
  console.log(`whole-process start-up, ${RUNS} interleaved runs each (from ${dir.replace(tmpdir(), "$TMPDIR")}, the build in dist/)`);
  console.log(`${"command".padEnd(28)} ${"median".padStart(8)} ${"best".padStart(8)} ${"× node".padStart(7)} ${"peak RSS".padStart(9)}  target`);
  for (const c of cases) {
    const s = samples.get(c.name)!;
    const med = median(s.map((x) => x.ms));
    const best = Math.min(...s.map((x) => x.ms));
    const rss = s.map((x) => x.rssMb ?? NaN).reduce((a, b) => Math.max(a, b), 0);
    const target = c.targetS === undefined ? "" : `≤ ${c.targetS} s: ${med / 1000 <= c.targetS ? "met" : "NOT met"}`;
    console.log(
      `${c.name.padEnd(28)} ${(med / 1000).toFixed(3).padStart(6)} s ${(best / 1000).toFixed(3).padStart(6)} s ${(med / bare).toFixed(2).padStart(6)}× ${Number.isFinite(rss) ? `${rss.toFixed(0)} MB`.padStart(9) : "".padStart(9)}  ${target}`,
    );
  }
  if (bare > 120) console.log(`note: bare node itself took ${(bare / 1000).toFixed(3)} s (≈0.07 s on this machine when idle): it is loaded, judge by the ratios`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
