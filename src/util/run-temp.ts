/**
 * Temporary folders that do not outlive their process.
 *
 * `createOwnedDir(prefix)` makes `$TMPDIR/<prefix>XXXXXX` (mode 0700) holding a marker file that
 * names its owner — PID, the process's start time (so a reused PID is not mistaken for the
 * owner) and PID namespace — and removes it when the process exits, however it exits
 * (exit-hooks.ts). A process killed outright (SIGKILL, a power cut) cannot clean up; its folder
 * keeps the marker, and `sweepStale(prefix)` — run by the next process that makes such a folder —
 * removes every folder whose owner is gone. A folder without a marker is never touched: it is
 * not ours to judge (a user's, or made by an older version).
 *
 * `runTempDir()` is the one per-run folder under which the toolkit puts everything temporary it
 * makes (browser profiles, rendering scratch, the test runner's files): one place to remove.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync, rmdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { atExit } from "./exit-hooks.ts";

/** The marker file inside every owned folder. */
export const OWNER_MARKER = ".rssp-audit-owner.json";
/** Prefix of the per-run folder (`rssp-audit-run-<pid>-XXXXXX`). */
export const RUN_DIR_PREFIX = "rssp-audit-run-";

export interface Owner {
  pid: number;
  /** Start time of the process in clock ticks since boot (/proc/<pid>/stat field 22); null off Linux. */
  started: string | null;
  /** The PID namespace the PID belongs to; null off Linux. */
  pidNamespace: string | null;
}

export interface OwnedDir {
  readonly path: string;
  /** Removes the folder now (idempotent); it is removed at exit otherwise. */
  remove(): void;
}

/** What /proc says about a process; null when there is no such process (or no /proc). */
export function processIdentity(pid: number): Owner | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name, which is in parentheses and may itself contain ") ".
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return { pid, started: fields[19] ?? null, pidNamespace: namespaceOf(pid) };
  } catch {
    return null;
  }
}

function namespaceOf(pid: number): string | null {
  try {
    return readlinkSync(`/proc/${pid}/ns/pid`);
  } catch {
    return null;
  }
}

/** This process as a marker names it. */
export function selfOwner(): Owner {
  return processIdentity(process.pid) ?? { pid: process.pid, started: null, pidNamespace: null };
}

/**
 * Whether the marker's owner may still be running. Pure but for the /proc and kill(0) look-ups.
 * "Unknown" counts as alive: a folder is removed only when its owner is certainly gone.
 */
export function ownerAlive(owner: Owner): boolean {
  const ours = namespaceOf(process.pid);
  if (owner.pidNamespace && ours && owner.pidNamespace !== ours) return true; // another PID namespace: cannot tell
  if (existsProc()) {
    const now = processIdentity(owner.pid);
    if (!now) return false;
    return owner.started === null || now.started === owner.started;
  }
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function existsProc(): boolean {
  try {
    readFileSync("/proc/self/stat");
    return true;
  } catch {
    return false;
  }
}

/** Reads a folder's marker; null when it has none or it is unreadable. */
export function readOwner(dir: string): Owner | null {
  try {
    const o = JSON.parse(readFileSync(join(dir, OWNER_MARKER), "utf8")) as Partial<Owner>;
    if (!Number.isInteger(o.pid) || (o.pid as number) <= 0) return null;
    return { pid: o.pid as number, started: typeof o.started === "string" ? o.started : null, pidNamespace: typeof o.pidNamespace === "string" ? o.pidNamespace : null };
  } catch {
    return null;
  }
}

/** Marks `dir` as owned by this process (the marker is written before anything secret goes in). */
export function markOwned(dir: string, owner: Owner = selfOwner()): void {
  writeFileSync(join(dir, OWNER_MARKER), `${JSON.stringify(owner)}\n`, { mode: 0o600 });
}

/**
 * Removes an owned folder, its marker last: if something (a dying child still writing) keeps it
 * from going, the marker is still there — or is put back — so that a later run sweeps the rest.
 */
function removeDir(path: string): void {
  const marker = join(path, OWNER_MARKER);
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      for (const name of readdirSync(path)) {
        if (name !== OWNER_MARKER) rmSync(join(path, name), { recursive: true, force: true, maxRetries: 2, retryDelay: 20 });
      }
      rmSync(marker, { force: true });
      rmdirSync(path);
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT" && !existsSync(path)) return;
    }
  }
  try {
    if (existsSync(path) && !existsSync(marker)) markOwned(path);
  } catch {
    // Nothing more to do here.
  }
}

/** `$TMPDIR/<prefix>XXXXXX`, 0700, marked as this process's, removed at exit (or by `remove()`). */
export function createOwnedDir(prefix: string, parent: string = tmpdir()): OwnedDir {
  const path = mkdtempSync(join(parent, prefix));
  markOwned(path);
  let removed = false;
  const dispose = atExit(() => remove());
  function remove(): void {
    if (removed) return;
    removed = true;
    dispose();
    removeDir(path);
  }
  return { path, remove };
}

/** Removes the folders `<parent>/<prefix>*` whose marker names an owner that is gone. Returns them. */
export function sweepStale(prefix: string, parent: string = tmpdir()): string[] {
  let names: string[];
  try {
    names = readdirSync(parent);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const path = join(parent, name);
    const owner = readOwner(path);
    if (!owner || ownerAlive(owner)) continue;
    removeDir(path);
    removed.push(path);
  }
  return removed;
}

/** One per process, even if this module is loaded twice (source and built copy): kept on globalThis. */
const RUN_DIR_KEY = Symbol.for("rssp-audit.run-temp.v1");

/**
 * This process's temporary folder, `$TMPDIR/rssp-audit-run-<pid>-XXXXXX` (0700), made on first
 * use and removed when the process exits; stale ones of crashed runs are swept then.
 */
export function runTempDir(): string {
  const g = globalThis as { [RUN_DIR_KEY]?: OwnedDir };
  if (!g[RUN_DIR_KEY]) {
    sweepStale(RUN_DIR_PREFIX);
    g[RUN_DIR_KEY] = createOwnedDir(`${RUN_DIR_PREFIX}${process.pid}-`);
  }
  return g[RUN_DIR_KEY].path;
}

/** A new folder `<runTempDir>/<name>-XXXXXX` (0700); removed with the run folder if not before. */
export function runTempSubdir(name: string): string {
  const base = runTempDir();
  mkdirSync(base, { recursive: true, mode: 0o700 });
  return mkdtempSync(join(base, `${name}-`));
}
