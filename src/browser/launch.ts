/**
 * Headless Debian chromium through puppeteer-core, set up for a closed network: no background
 * networking, a fresh profile per launch, and a clear one-line error when chromium is missing.
 *
 * Chromium's profile lives in a folder under the run's temporary folder (src/util/run-temp.ts),
 * removed on close(), and at exit however the process ends: a signal closes the browser first,
 * an exit kills it before the folder goes. Chromium's one file outside the profile, the folder of
 * its singleton socket (`$TMPDIR/org.chromium.Chromium.XXXXXX`, which it removes when it closes),
 * stays in the temp dir itself — a socket path has at most 107 bytes, too few under nested run
 * folders — and is removed after a kill, found through the profile's SingletonSocket link. A
 * TMPDIR too long even for that (chromium would refuse to start) gives way to /tmp for the socket.
 * Puppeteer's own signal handlers are off: they would exit the process before the other stops ran.
 */
import { existsSync, readlinkSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import type { Browser } from "puppeteer-core";
import { CannotFinishError } from "../util/errors.ts";
import { atExit, onInterrupt } from "../util/exit-hooks.ts";
import { runTempSubdir } from "../util/run-temp.ts";

export const CHROMIUM_PATH = process.env.RSSP_AUDIT_CHROMIUM ?? "/usr/bin/chromium";

const ARGS = [
  "--headless=new",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-quic",
  "--no-first-run",
  "--disable-dev-shm-usage",
  "--disable-breakpad",
  "--disable-crash-reporter",
  "--disable-features=Translate,MediaRouter,OptimizationHints",
];

export interface LaunchedBrowser {
  browser: Browser;
  /** Closes the browser and removes its profile folder. */
  close(): Promise<void>;
}

/** Kills chromium's whole process group (puppeteer starts it as a group leader). */
function killGroup(pid: number | undefined): void {
  if (!pid) return;
  try {
    process.kill(-pid, "SIGKILL");
  } catch {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
}

/** `<dir>/org.chromium.Chromium.XXXXXX/SingletonSocket` must fit a socket address (107 bytes). */
const SOCKET_SUFFIX_LENGTH = "/org.chromium.Chromium.XXXXXX/SingletonSocket".length;

/** Where chromium makes its singleton socket: the temp dir, unless its path is too long for one. */
export function socketTmpdir(dir: string = tmpdir()): string {
  return Buffer.byteLength(dir) + SOCKET_SUFFIX_LENGTH <= 107 ? dir : "/tmp";
}

/** Removes the singleton-socket folder a killed chromium left in `socketDir` (and nothing else). */
function removeSocketDir(profile: string, socketDir: string): void {
  try {
    const dir = dirname(readlinkSync(join(profile, "SingletonSocket")));
    if (dirname(dir) === socketDir && basename(dir).startsWith("org.chromium.Chromium.")) rmSync(dir, { recursive: true, force: true });
  } catch {
    // no link: chromium closed cleanly, or never got that far
  }
}

/**
 * `trustSpki`: base64 SHA-256 hashes of server public keys chromium should accept although their
 * certificates do not chain to its store (a provider's private CA, verified by the caller first).
 */
export async function launchBrowser(options: { trustSpki?: string[] } = {}): Promise<LaunchedBrowser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new CannotFinishError(`chromium not found at ${CHROMIUM_PATH}: install Debian's chromium (bash scripts/setup.sh)`);
  }
  const { default: puppeteer } = await import("puppeteer-core");
  const profile = runTempSubdir("chromium");
  const removeHome = () => rmSync(profile, { recursive: true, force: true, maxRetries: 3, retryDelay: 50 });
  // (The run folder's own removal at exit catches whatever a dying chromium writes after this.)
  const socketDir = socketTmpdir();
  let browser: Browser | undefined;
  // Registered before the launch: a signal while chromium starts must not leave it running.
  const disposeExit = atExit(() => {
    killGroup(browser?.process()?.pid);
    removeSocketDir(profile, socketDir);
    removeHome();
  });
  const args = options.trustSpki?.length ? [...ARGS, `--ignore-certificate-errors-spki-list=${options.trustSpki.join(",")}`] : ARGS;
  const launching = puppeteer.launch({
    executablePath: CHROMIUM_PATH,
    args,
    userDataDir: profile,
    headless: true,
    env: { ...process.env, TMPDIR: socketDir },
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
  // A signal while chromium starts waits for it to be up, then closes it: killed halfway, it
  // could still be writing into its profile while the profile is being removed.
  const disposeInterrupt = onInterrupt(async () => {
    const started = browser ?? (await launching.catch(() => undefined));
    await started?.close().catch(() => {});
  });
  try {
    browser = await launching;
  } catch (error) {
    disposeInterrupt();
    disposeExit();
    removeHome();
    throw error;
  }
  const launched = browser;
  return {
    browser: launched,
    async close() {
      await launched.close().catch(() => {});
      disposeInterrupt();
      disposeExit();
      removeHome();
    },
  };
}
