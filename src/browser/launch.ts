/**
 * Headless Debian chromium through puppeteer-core, set up for a closed network: no background
 * networking, a fresh profile per launch, and a clear one-line error when chromium is missing.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "puppeteer-core";
import { CannotFinishError } from "../util/errors.ts";

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
  "--disable-features=Translate,MediaRouter,OptimizationHints",
];

export interface LaunchedBrowser {
  browser: Browser;
  /** Closes the browser and removes its profile folder. */
  close(): Promise<void>;
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
  const profile = mkdtempSync(join(tmpdir(), "rssp-audit-chromium-"));
  const args = options.trustSpki?.length ? [...ARGS, `--ignore-certificate-errors-spki-list=${options.trustSpki.join(",")}`] : ARGS;
  const browser = await puppeteer.launch({ executablePath: CHROMIUM_PATH, args, userDataDir: profile, headless: true });
  return {
    browser,
    async close() {
      await browser.close().catch(() => {});
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
