/**
 * Audit-log verification throughput (issue #6): a generated log of LOG_BENCH_RECORDS records
 * (default 1M, ~300-byte lines) verified by each scanner arrangement, each in its own process
 * (for a clean peak RSS), against `openssl dgst -sha256` over the same file in the same run.
 * "on 1 CPU" pins the whole process (reads, scan, verifier) to one CPU with taskset: the strict
 * single-core figure. "1 scan thread" lets the verifier and reads run beside the scan.
 * LOG_BENCH_BIG=1 adds a ~2 GB log verified on all CPUs, to show memory stays constant.
 * "whole process" is what a user waits for: a fresh `node bin/rssp-audit.js log verify` on the
 * same file, start-up included, against a fresh `openssl dgst -sha256` process, both timed from
 * spawn to exit; peak RSS from /usr/bin/time (GNU time) when it is installed.
 *   npm run bench -- log-verify
 */
import { spawnSync } from "node:child_process";
import { existsSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { makeTestPki } from "../test/log/helpers/pki.ts";
import { generateLog } from "./log-generate.ts";
import { tempDir } from "../test/helpers/temp.ts";

interface Mode {
  name: string;
  scanner: "js" | "native";
  workers: number;
  /** RSSP_AUDIT_LOG_THREADS for the native addon (default: one per CPU). */
  threads?: number;
  /** Run the whole process on CPU 0 (`taskset -c 0`): the strict single-core figure. */
  pinned?: boolean;
}

interface ChildResult {
  ms: number;
  maxRssMb: number;
  records: number;
  intact: boolean;
  problems: number;
}

async function child(): Promise<void> {
  const [, , , file, cert, root, scanner, workers] = process.argv;
  const { readFileSync } = await import("node:fs");
  const { verifyLog } = await import("../src/log/verify-files.ts");
  const t0 = performance.now();
  const o = await verifyLog([file!], { certPem: readFileSync(cert!, "utf8"), trustAnchorsPem: [readFileSync(root!, "utf8")], scanner: scanner as "js" | "native", workers: Number(workers) });
  const result: ChildResult = { ms: performance.now() - t0, maxRssMb: process.resourceUsage().maxRSS / 1024, records: o.records, intact: o.intact, problems: o.problems.length };
  process.stdout.write(JSON.stringify(result));
}

/**
 * Verifies in a fresh process per run (so peak RSS is one verification's), REPEAT times: the best
 * time, since this machine's neighbours make single runs vary by ±15 %, and the highest peak RSS.
 */
function runChild(file: string, cert: string, root: string, mode: Mode): ChildResult {
  const node = [process.execPath, "--import", "tsx", new URL(import.meta.url).pathname, "--child", file, cert, root, mode.scanner, String(mode.workers)];
  const [command, ...args] = mode.pinned ? ["taskset", "-c", "0", ...node] : node;
  const runs = mode.scanner === "js" && mode.workers === 0 ? 1 : REPEAT; // slow enough to be steady
  let best: ChildResult | undefined;
  for (let i = 0; i < runs; i++) {
    const r = spawnSync(command!, args, { encoding: "utf8", env: { ...process.env, ...(mode.threads ? { RSSP_AUDIT_LOG_THREADS: String(mode.threads) } : {}) } });
    if (r.status !== 0) throw new Error(`${mode.name}: ${r.stderr.split("\n").slice(0, 5).join(" ")}`);
    const run = JSON.parse(r.stdout) as ChildResult;
    best = best ? { ...run, ms: Math.min(best.ms, run.ms), maxRssMb: Math.max(best.maxRssMb, run.maxRssMb) } : run;
  }
  return best!;
}

const REPEAT = Number(process.env.LOG_BENCH_REPEAT ?? 3);

/** Peak RSS (MB) and wall time of a fresh process; GNU time gives the RSS when present. */
function wholeProcess(command: string, args: string[]): { ms: number; maxRssMb: number | null; status: number | null; stdout: string } {
  const gnuTime = existsSync("/usr/bin/time");
  const [cmd, argv] = gnuTime ? ["/usr/bin/time", ["-f", "%M", command, ...args]] : [command, args];
  const t0 = performance.now();
  const r = spawnSync(cmd, argv as string[], { encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  const ms = performance.now() - t0;
  const kb = gnuTime ? Number(/(\d+)\s*$/.exec(r.stderr)?.[1]) : NaN;
  return { ms, maxRssMb: Number.isFinite(kb) ? kb / 1024 : null, status: r.status, stdout: r.stdout };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/**
 * The CLI as a user runs it, best of REPEAT, beside openssl as a process (best of REPEAT too),
 * each pair run back to back; the medians and the load average say how loaded the machine was.
 */
function cliRow(file: string, cert: string, root: string, mb: number, records: number): string {
  const bin = fileURLToPath(new URL("../bin/rssp-audit.js", import.meta.url));
  let best: ReturnType<typeof wholeProcess> | undefined;
  const ssls: number[] = [];
  const clis: number[] = [];
  const load = loadavg()[0]!;
  for (let i = 0; i < REPEAT; i++) {
    ssls.push(wholeProcess("openssl", ["dgst", "-sha256", file]).ms);
    const r = wholeProcess(process.execPath, [bin, "log", "verify", file, "--cert", cert, "--trust-anchor", root, "--format", "json"]);
    if (r.status !== 0) throw new Error(`whole process: exit ${r.status}`);
    const out = JSON.parse(r.stdout) as { records: number; intact: boolean };
    if (!out.intact || out.records !== records) throw new Error("whole process: clean log not verified intact");
    clis.push(r.ms);
    best = best && best.ms <= r.ms ? best : r;
  }
  const ssl = Math.min(...ssls);
  const empty = join(dirname(file), "empty.log");
  writeFileSync(empty, "");
  let startup = Number.POSITIVE_INFINITY;
  for (let i = 0; i < REPEAT; i++) startup = Math.min(startup, wholeProcess(process.execPath, [bin, "log", "verify", empty]).ms);
  const rss = best!.maxRssMb !== null ? `peak RSS ${best!.maxRssMb.toFixed(0)} MB` : "peak RSS n/a (no /usr/bin/time)";
  const medians = `median of ${REPEAT}: CLI ${(median(clis) / 1000).toFixed(2)} s, openssl ${(median(ssls) / 1000).toFixed(2)} s, ${(median(ssls) / median(clis)).toFixed(2)}×; load average ${load.toFixed(1)} on ${availableParallelism()} CPUs`;
  return `${"whole process (CLI)".padEnd(24)} ${(best!.ms / 1000).toFixed(2).padStart(6)} s ${(mb / (best!.ms / 1000)).toFixed(0).padStart(6)} MB/s   ${(ssl / best!.ms).toFixed(2)}× openssl as a process (${(ssl / 1000).toFixed(2)} s), best of ${REPEAT}   ${rss}; start-up alone ${(startup / 1000).toFixed(2)} s\n${" ".repeat(25)}${medians}`;
}

function opensslMs(file: string): number {
  const t0 = performance.now();
  const r = spawnSync("openssl", ["dgst", "-sha256", file], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`openssl: ${r.stderr}`);
  return performance.now() - t0;
}

async function main(): Promise<void> {
  const records = Number(process.env.LOG_BENCH_RECORDS ?? 1_000_000);
  const dir = tempDir("rssp-log-bench");
  try {
    const pki = await makeTestPki();
    const cert = join(dir, "log-signer.pem");
    const root = join(dir, "root.pem");
    writeFileSync(cert, pki.logSigner.certPem);
    writeFileSync(root, pki.rootPem);
    const t0 = performance.now();
    const log = generateLog(join(dir, "audit.log"), records, pki.logSigner.key);
    const mb = log.bytes / 1e6;
    console.log(`generated ${log.records} records, ${mb.toFixed(0)} MB (${(log.bytes / log.records).toFixed(0)} bytes/line) in ${((performance.now() - t0) / 1000).toFixed(1)} s; ${availableParallelism()} CPUs`);
    const workers = Math.max(2, availableParallelism());
    const cpus = availableParallelism();
    const pinnable = spawnSync("taskset", ["-c", "0", "true"]).status === 0;
    const modes: Mode[] = [
      { name: "pure JS, serial", scanner: "js", workers: 0 },
      ...(pinnable ? [{ name: "native, on 1 CPU", scanner: "native" as const, workers: 0, threads: 1, pinned: true }] : []),
      { name: "native, 1 scan thread", scanner: "native", workers: 0, threads: 1 },
      { name: `native, ${Math.min(8, cpus)} scan threads`, scanner: "native", workers: 0 },
      { name: `native, ${workers} workers`, scanner: "native", workers, threads: 1 },
      { name: `pure JS, ${workers} workers`, scanner: "js", workers },
    ];
    opensslMs(log.file); // warm the page cache
    const rows: string[] = [];
    for (const mode of modes) {
      const ssl = Math.min(opensslMs(log.file), opensslMs(log.file), opensslMs(log.file));
      const r = runChild(log.file, cert, root, mode);
      if (!r.intact || r.records !== records) throw new Error(`${mode.name}: clean log not verified intact (${r.problems} problems)`);
      rows.push(
        `${mode.name.padEnd(24)} ${(r.ms / 1000).toFixed(2).padStart(6)} s ${(mb / (r.ms / 1000)).toFixed(0).padStart(6)} MB/s   ${(ssl / r.ms).toFixed(2)}× openssl (${(mb / (ssl / 1000)).toFixed(0)} MB/s)   peak RSS ${r.maxRssMb.toFixed(0)} MB`,
      );
      console.log(rows.at(-1));
    }
    console.log(cliRow(log.file, cert, root, mb, records));
    if (process.env.LOG_BENCH_BIG === "1") {
      rmSync(log.file);
      const big = generateLog(join(dir, "big.log"), 7_000_000, pki.logSigner.key);
      const ssl = opensslMs(big.file);
      const r = runChild(big.file, cert, root, { name: "2 GB", scanner: "native", workers: 0 });
      console.log(`2 GB log (${(big.bytes / 1e9).toFixed(2)} GB, ${big.records} records), native, ${Math.min(8, cpus)} threads: ${(r.ms / 1000).toFixed(1)} s, ${(ssl / r.ms).toFixed(2)}× openssl, peak RSS ${r.maxRssMb.toFixed(0)} MB, intact ${r.intact}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === "--child") await child();
else await main();
