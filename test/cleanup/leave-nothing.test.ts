/**
 * Issue 20: a run leaves nothing in the temp dir — no `rssp-fixture-*` folder (the test signers'
 * keys, secrets.json, PKI, audit log), no browser profile, no run folder. Each case runs the real
 * command with TMPDIR set to a private folder and compares what is in it before and after, so
 * other processes on the machine cannot disturb the count: the demo to its end, a demo whose
 * assessment errs, demos interrupted with SIGINT (to the process, or to its group as Ctrl-C
 * does) and SIGTERM at several points, `fixture serve` with and without --dir, the fixture
 * child dying, a failed start-up, and SIGKILL (whose leftovers the next run recognises).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync, type Stats } from "node:fs";
import { createServer, type AddressInfo } from "node:net";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import { BIN, REPO_ROOT } from "../helpers/cli.ts";
import { tempDir } from "../helpers/temp.ts";
import { OWNER_MARKER, createOwnedDir, ownerAlive, readOwner, sweepStale } from "../../src/util/run-temp.ts";

const TSX_CACHE = `tsx-${userInfo().uid}`;

/**
 * A private temp dir for one command; tsx's shared compile cache linked in, so it starts warm.
 * Made at the top of this process's temp dir, not deeper: chromium's socket path must stay short.
 */
function privateTmp(): string {
  const dir = createOwnedDir("rssp-t-").path;
  if (existsSync(join(tmpdir(), TSX_CACHE))) symlinkSync(join(tmpdir(), TSX_CACHE), join(dir, TSX_CACHE));
  return dir;
}

/** What is in a temp dir, tsx's cache and the private folder's own marker aside. */
function entries(dir: string): string[] {
  return readdirSync(dir).filter((n) => n !== TSX_CACHE && n !== OWNER_MARKER).sort();
}

interface Run {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function start(args: string[], tmp: string, options: { detached?: boolean } = {}): Run {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, TMPDIR: tmp, NO_COLOR: "1" },
    stdio: ["ignore", "pipe", "pipe"],
    detached: options.detached ?? false,
  });
  let stdout = "";
  let stderr = "";
  child.stdout!.setEncoding("utf8");
  child.stderr!.setEncoding("utf8");
  child.stdout!.on("data", (d: string) => (stdout += d));
  child.stderr!.on("data", (d: string) => (stderr += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  const killer = setTimeout(() => child.kill("SIGKILL"), 150_000);
  void exited.then(() => clearTimeout(killer));
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}

async function waitFor<T>(what: string, probe: () => T | undefined | null | false, timeoutMs = 90_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const fixtureFolder = (tmp: string) => entries(tmp).find((n) => n.startsWith("rssp-fixture-"));

/** The PID in a fixture folder's marker (the fixture's own process). */
function fixturePid(tmp: string): number | undefined {
  const name = fixtureFolder(tmp);
  return name ? readOwner(join(tmp, name))?.pid : undefined;
}

const gone = (pid: number) => !existsSync(`/proc/${pid}`);

/** Processes whose command line names a path under `dir` (a chromium with its profile there). */
function processesUsing(dir: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync("/proc").filter((n) => /^\d+$/.test(n))) {
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8").replace(/\0/g, " ");
      if (cmdline.includes(dir)) found.push(`${pid}: ${cmdline.slice(0, 120)}`);
    } catch {
      // ended meanwhile
    }
  }
  return found;
}

/** Every folder under `dir` is 0700 and no file can be read by group or others. */
function assertOwnerOnly(dir: string): void {
  const walk = (path: string, st: Stats) => {
    if (st.isDirectory()) {
      assert.equal(st.mode & 0o777, 0o700, `${path} is ${(st.mode & 0o777).toString(8)}`);
      for (const name of readdirSync(path)) walk(join(path, name), statSync(join(path, name)));
    } else {
      assert.equal(st.mode & 0o077, 0, `${path} is ${(st.mode & 0o777).toString(8)}`);
    }
  };
  walk(dir, statSync(dir));
}

test("demo leaves nothing in the temp dir; while it runs the fixture's folder is owner-only", { timeout: 180_000 }, async () => {
  const tmp = privateTmp();
  const before = entries(tmp);
  const out = tempDir("out");
  const run = start(["demo", "--out", out, "--lang", "en"], tmp);
  const folder = await waitFor("the fixture to be ready", () => {
    const name = fixtureFolder(tmp);
    return name && existsSync(join(tmp, name, "assessment.yaml")) ? join(tmp, name) : undefined;
  });
  assertOwnerOnly(folder);
  assert.ok(readOwner(folder), "the folder names its owner");
  const { code } = await run.exited;
  assert.equal(code, 0, run.stderr().split("\n").slice(-5).join("\n"));
  assert.ok(existsSync(join(out, "report.en.pdf")), "the demo did its work");
  assert.deepEqual(entries(tmp), before);
});

test("a demo whose assessment errs (its output folder is a file) leaves nothing either", { timeout: 180_000 }, async () => {
  const tmp = privateTmp();
  const out = join(tempDir("out"), "a-file");
  writeFileSync(out, "not a folder\n");
  const run = start(["demo", "--out", out, "--lang", "en"], tmp);
  await waitFor("the fixture to start", () => fixtureFolder(tmp));
  const pid = fixturePid(tmp)!;
  const { code } = await run.exited;
  assert.equal(code, 3, run.stderr());
  assert.match(run.stderr(), /^rssp-audit: .*(ENOTDIR|not a directory)/m);
  assert.doesNotMatch(run.stderr(), /^\s+at /m, "no stack trace");
  assert.deepEqual(entries(tmp), []);
  assert.ok(gone(pid), "the fixture process is gone");
});

/** Points in a demo at which it is interrupted, each recognised by what the run has made so far. */
const POINTS: Array<{ name: string; reached: (tmp: string, out: string, run: Run) => boolean }> = [
  // The fixture's folder exists but it is not ready: keys are being generated.
  { name: "during start-up", reached: (tmp) => Boolean(fixtureFolder(tmp)) && !existsSync(join(tmp, fixtureFolder(tmp)!, "assessment.yaml")) },
  // The plan is printed: checks are running against the fixture (an OAuth check runs chromium).
  { name: "mid-assessment", reached: (_t, _o, run) => /^plan: /m.test(run.stderr()) },
  // report.json and the HTML are written: the PDF is being printed by chromium.
  { name: "during rendering", reached: (_t, out) => existsSync(join(out, "report.en.html")) },
];

for (const [point, signal, group] of [
  [POINTS[0]!, "SIGINT", false],
  [POINTS[1]!, "SIGINT", false],
  [POINTS[2]!, "SIGINT", false],
  [POINTS[1]!, "SIGINT", true],
  [POINTS[2]!, "SIGTERM", false],
] as const) {
  test(`a demo interrupted ${point.name} by ${signal}${group ? " to its process group (Ctrl-C)" : ""} stops the fixture and leaves nothing`, { timeout: 180_000 }, async () => {
    const tmp = privateTmp();
    const out = tempDir("out");
    const run = start(["demo", "--out", out, "--lang", "en"], tmp, { detached: group });
    await waitFor(point.name, () => point.reached(tmp, out, run) || run.child.exitCode !== null);
    assert.equal(run.child.exitCode, null, `the demo ended before the point was reached: ${run.stderr()}`);
    const pid = fixturePid(tmp);
    if (group) process.kill(-run.child.pid!, signal);
    else run.child.kill(signal);
    const { code } = await run.exited;
    assert.equal(code, signal === "SIGINT" ? 130 : 143, run.stderr());
    assert.deepEqual(entries(tmp), []);
    if (pid) assert.ok(gone(pid), "the fixture process stopped before the demo exited");
    assert.deepEqual(processesUsing(tmp), [], "no browser is left running");
  });
}

test("fixture serve without --dir: its folder is owner-only while it runs and gone after SIGTERM", { timeout: 120_000 }, async () => {
  const tmp = privateTmp();
  const run = start(["fixture", "serve"], tmp);
  const description = await waitFor("the description", () => (run.stdout().includes("\n") ? (JSON.parse(run.stdout().split("\n")[0]!) as { dir: string; secretsFile: string }) : undefined));
  assert.ok(description.dir.startsWith(join(tmp, "rssp-fixture-")), description.dir);
  assertOwnerOnly(description.dir);
  run.child.kill("SIGTERM");
  const { code } = await run.exited;
  assert.equal(code, 0, run.stderr());
  assert.deepEqual(entries(tmp), []);
});

test("fixture serve --dir DIR: after SIGTERM exactly DIR stays (with the final log checkpoint), nothing in the temp dir", { timeout: 120_000 }, async () => {
  const tmp = privateTmp();
  const parent = tempDir("named");
  const dir = join(parent, "my-fixture");
  const run = start(["fixture", "serve", "--dir", dir], tmp);
  await waitFor("the description", () => run.stdout().includes("\n"));
  run.child.kill("SIGTERM");
  const { code } = await run.exited;
  assert.equal(code, 0, run.stderr());
  assert.deepEqual(entries(tmp), []);
  assert.deepEqual(readdirSync(parent), ["my-fixture"]);
  assert.ok(existsSync(join(dir, "assessment.yaml")));
  assert.equal(statSync(join(dir, "secrets.json")).mode & 0o777, 0o600);
  assert.equal(statSync(dir).mode & 0o777, 0o700);
  assert.match(readFileSync(join(dir, "audit", "audit.log"), "utf8").trim().split("\n").at(-1)!, /"log\.checkpoint"/);
});

test("fixture serve --help says that --dir is kept and the default folder is removed", async () => {
  const run = start(["fixture", "serve", "--help"], privateTmp());
  await run.exited;
  assert.match(run.stdout().replace(/\s+/g, " "), /--dir <dir> +working folder, kept after the fixture stops because you named it \(default: a new temporary folder, removed when it stops\)/);
});

test("fixture serve stopped by SIGTERM during start-up leaves nothing", { timeout: 120_000 }, async () => {
  const tmp = privateTmp();
  const run = start(["fixture", "serve"], tmp);
  await waitFor("the fixture's folder", () => fixtureFolder(tmp) || run.child.exitCode !== null);
  assert.equal(run.stdout(), "", "still starting");
  run.child.kill("SIGTERM");
  const { code } = await run.exited;
  assert.equal(code, 143, run.stderr());
  assert.deepEqual(entries(tmp), []);
});

test("fixture serve that cannot start (port taken) says why in one line and leaves nothing", { timeout: 120_000 }, async () => {
  const tmp = privateTmp();
  const server = createServer().listen(0, "127.0.0.1");
  await new Promise((r) => server.once("listening", r));
  try {
    const port = (server.address() as AddressInfo).port;
    const run = start(["fixture", "serve", "--port", String(port)], tmp);
    const { code } = await run.exited;
    assert.equal(code, 3);
    assert.match(run.stderr(), /^rssp-audit: the reference RSSP could not start: .*EADDRINUSE/m);
    assert.equal(run.stderr().trim().split("\n").length, 1, run.stderr());
    assert.deepEqual(entries(tmp), []);
  } finally {
    server.close();
  }
});

test("startFixture: a fixture child that dies (SIGKILL) has its folder removed; a failed start-up leaves nothing", { timeout: 120_000 }, async () => {
  const tmp = privateTmp();
  const previous = process.env.TMPDIR;
  process.env.TMPDIR = tmp;
  try {
    const { startFixture } = await import("../../fixtures/rssp/index.ts");
    const fixture = await startFixture();
    assert.ok(existsSync(fixture.dir));
    const pid = readOwner(fixture.dir)!.pid;
    process.kill(pid, "SIGKILL");
    await waitFor("the dead child's folder to be swept", () => !existsSync(fixture.dir), 10_000);
    await fixture.stop();
    assert.deepEqual(entries(tmp), []);

    const server = createServer().listen(0, "127.0.0.1");
    await new Promise((r) => server.once("listening", r));
    try {
      await assert.rejects(startFixture({ port: (server.address() as AddressInfo).port }), /before it was ready: .*EADDRINUSE/);
    } finally {
      server.close();
    }
    assert.deepEqual(entries(tmp), []);
  } finally {
    process.env.TMPDIR = previous;
  }
});

test("a SIGKILLed demo cannot clean up: its fixture stops itself, and what is left is marked for the next run's sweep", { timeout: 180_000 }, async () => {
  const tmp = privateTmp();
  const out = tempDir("out");
  const run = start(["demo", "--out", out, "--lang", "en"], tmp);
  await waitFor("mid-assessment", () => /^plan: /m.test(run.stderr()));
  const pid = fixturePid(tmp)!;
  run.child.kill("SIGKILL");
  await run.exited;
  // The fixture's stdin ends with its parent: it stops and removes its own folder.
  await waitFor("the orphaned fixture to stop", () => gone(pid), 20_000);
  assert.equal(fixtureFolder(tmp), undefined);
  // Anything else (the demo's run folder, if it had made one) names an owner that is gone.
  for (const name of entries(tmp)) {
    const owner = readOwner(join(tmp, name));
    assert.ok(owner && !ownerAlive(owner), `${name} is recognisably stale`);
  }
  for (const prefix of ["rssp-fixture-", "rssp-audit-run-"]) sweepStale(prefix, tmp);
  assert.deepEqual(entries(tmp), []);
});

test("chromium's singleton socket stays in the temp dir unless that path is too long for a socket; a browser starts either way", { timeout: 60_000 }, async () => {
  const { launchBrowser, socketTmpdir } = await import("../../src/browser/launch.ts");
  assert.equal(socketTmpdir("/tmp/short"), "/tmp/short");
  const long = join(tempDir("long"), "x".repeat(70));
  assert.equal(socketTmpdir(long), "/tmp");
  const previous = process.env.TMPDIR;
  mkdirSync(long);
  process.env.TMPDIR = long;
  try {
    const launched = await launchBrowser();
    const page = await launched.browser.newPage();
    await page.setContent("<p>ok</p>");
    assert.equal(await page.evaluate(() => document.body.textContent), "ok");
    await launched.close();
    assert.deepEqual(readdirSync(long), []);
  } finally {
    process.env.TMPDIR = previous;
  }
});
