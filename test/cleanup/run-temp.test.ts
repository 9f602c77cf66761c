/**
 * src/util/run-temp.ts and exit-hooks.ts on their own: owned folders and their markers, the
 * sweep of folders whose owner is gone (and only those), and a process that removes its run
 * folder however it ends — normal end, process.exit, an uncaught error, SIGINT, SIGTERM — after
 * its stops ran, last registered exit step first. SIGKILL leaves a folder the next run sweeps.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { OWNER_MARKER, createOwnedDir, markOwned, ownerAlive, readOwner, selfOwner, sweepStale } from "../../src/util/run-temp.ts";
import { REPO_ROOT } from "../helpers/cli.ts";
import { tempDir } from "../helpers/temp.ts";

/** The PID of a process that has ended (and been reaped). */
function deadPid(): number {
  const r = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" });
  return Number(r.stdout);
}

test("an owned folder is 0700, names its owner (PID, start time, namespace), and goes on remove()", () => {
  const parent = tempDir("owned");
  const dir = createOwnedDir("rssp-test-", parent);
  assert.equal(statSync(dir.path).mode & 0o777, 0o700);
  const owner = readOwner(dir.path);
  assert.deepEqual(owner, selfOwner());
  assert.equal(owner?.pid, process.pid);
  assert.match(owner?.started ?? "", /^\d+$/);
  assert.equal(statSync(join(dir.path, OWNER_MARKER)).mode & 0o777, 0o600);
  writeFileSync(join(dir.path, "secret"), "x");
  dir.remove();
  dir.remove();
  assert.equal(existsSync(dir.path), false);
});

test("sweepStale removes folders whose owner is gone or whose PID was reused, and nothing else", () => {
  const parent = tempDir("sweep");
  const make = (name: string, owner?: Parameters<typeof markOwned>[1]) => {
    const path = join(parent, name);
    mkdirSync(path);
    writeFileSync(join(path, "data"), "x");
    if (owner) markOwned(path, owner);
    return path;
  };
  const me = selfOwner();
  const gone = make("rssp-x-gone", { ...me, pid: deadPid() });
  const reused = make("rssp-x-reused", { ...me, started: "1" }); // our PID, another start time
  const alive = make("rssp-x-alive", me);
  const unmarked = make("rssp-x-unmarked");
  const otherNamespace = make("rssp-x-otherns", { ...me, pid: deadPid(), pidNamespace: "pid:[1]" });
  const otherPrefix = make("other-gone", { ...me, pid: deadPid() });
  assert.equal(ownerAlive(me), true);
  assert.equal(ownerAlive({ ...me, pid: deadPid() }), false);

  const removed = sweepStale("rssp-x-", parent).sort();
  assert.deepEqual(removed, [gone, reused].sort());
  assert.deepEqual(readdirSync(parent).sort(), ["other-gone", "rssp-x-alive", "rssp-x-otherns", "rssp-x-unmarked"]);
  for (const kept of [alive, unmarked, otherNamespace, otherPrefix]) assert.ok(existsSync(join(kept, "data")), kept);
});

/** A child that makes its run folder, registers a stop and two exit steps, then ends as `how` says. */
const CHILD = `
import { runTempDir, runTempSubdir } from ${JSON.stringify(pathToFileURL(join(REPO_ROOT, "src/util/run-temp.ts")).href)};
import { atExit, onInterrupt } from ${JSON.stringify(pathToFileURL(join(REPO_ROOT, "src/util/exit-hooks.ts")).href)};
import { writeFileSync } from "node:fs";
const log = (m) => process.stdout.write(m + "\\n");
const dir = runTempDir();
writeFileSync(runTempSubdir("scratch") + "/secret", "x");
atExit(() => log("exit-step-1"));
atExit(() => log("exit-step-2"));
onInterrupt(async (signal) => { await new Promise((r) => setTimeout(r, 200)); log("stopped " + signal); });
log("ready " + dir);
const how = process.argv[2];
if (how === "exit") process.exit(4);
if (how === "throw") setTimeout(() => { throw new Error("boom"); }, 10);
if (how === "wait") setInterval(() => {}, 1000);
`;

async function runChild(how: string, signal?: NodeJS.Signals): Promise<{ code: number | null; lines: string[]; tmp: string }> {
  const tmp = tempDir("exit");
  const script = join(tmp, "child.mts");
  writeFileSync(script, CHILD);
  const child = spawn(process.execPath, ["--import", "tsx", script, how], { env: { ...process.env, TMPDIR: tmp }, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout.setEncoding("utf8");
  const ready = new Promise<void>((resolve) => child.stdout.on("data", (d: string) => ((out += d), out.includes("ready") && resolve())));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  await ready;
  if (signal) child.kill(signal);
  const code = await exited;
  return { code, lines: out.trim().split("\n"), tmp };
}

const runFolders = (tmp: string) => readdirSync(tmp).filter((n) => n.startsWith("rssp-audit-run-"));

for (const [how, signal, code, stopped] of [
  ["end", undefined, 0, false],
  ["exit", undefined, 4, false],
  ["throw", undefined, 1, false],
  ["wait", "SIGINT", 130, true],
  ["wait", "SIGTERM", 143, true],
] as const) {
  test(`a process that ends by ${signal ?? how} removes its run folder${stopped ? " after its stops ran" : ""}, exit steps last-first`, { timeout: 60_000 }, async () => {
    const r = await runChild(how, signal);
    assert.equal(r.code, code);
    const expected = [...(stopped ? [`stopped ${signal}`] : []), "exit-step-2", "exit-step-1"];
    assert.deepEqual(r.lines.slice(1), expected);
    assert.deepEqual(runFolders(r.tmp), []);
  });
}

test("SIGKILL leaves the run folder with its marker; the next run's sweep removes it", { timeout: 60_000 }, async () => {
  const r = await runChild("wait", "SIGKILL");
  assert.equal(r.code, null);
  const left = runFolders(r.tmp);
  assert.equal(left.length, 1);
  const owner = readOwner(join(r.tmp, left[0]!));
  assert.ok(owner && !ownerAlive(owner), "the marker names a process that is gone");
  assert.deepEqual(sweepStale("rssp-audit-run-", r.tmp), [join(r.tmp, left[0]!)]);
  assert.deepEqual(runFolders(r.tmp), []);
});
