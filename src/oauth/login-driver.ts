/**
 * Drives a provider's own login and consent page in headless chromium to complete an OAuth 2.0
 * authorization-code flow, following a recipe from the assessment config (selectors, in order).
 *
 * - Network: only the provider's origin (and data: URLs) is reachable; every other request is
 *   aborted and listed. The navigation to the redirect URI is intercepted, never sent: the code
 *   and state are read from its URL.
 * - Secrets: fields that receive a password, PIN or OTP are masked (CSS text-security) before
 *   anything is typed into them, so no screenshot ever shows one; values are typed from memory.
 * - The page is the provider's: its text is attacker-controlled data, recorded, never executed
 *   or interpreted beyond matching.
 * A page that does not match the recipe gives RecipeMismatch with the step and the URL.
 */
import type { HTTPRequest, Page } from "puppeteer-core";
import type { Secret } from "../check/types.ts";
import { launchBrowser } from "../browser/launch.ts";
import { connect } from "node:tls";
import { isIP } from "node:net";
import { createHash, X509Certificate } from "node:crypto";
import type { LoginRecipe, RecipeStep, SecretField } from "./recipe.ts";

export type { LoginRecipe, RecipeStep, SecretField } from "./recipe.ts";

export interface LoginInputs {
  username: string;
  password?: Secret;
  pin?: Secret;
  /**
   * Returns the OTP when the recipe reaches its otp field: a TOTP from the seed, or a code the
   * provider has just sent (SMS, e-mail) from the account's otp source (src/csc/otp-source.ts) —
   * asked for only then, because the page sends it only after the steps before.
   */
  otp?: () => string | Promise<string>;
}

export interface Screenshot {
  name: string;
  png: Uint8Array;
}

export interface AuthorizationOutcome {
  /** Parameters of the redirect the provider sent the browser to (code, state, error…). */
  redirect: Record<string, string>;
  /** Texts read by `read` steps. */
  texts: Record<string, string>;
  screenshots: Screenshot[];
  /** Requests to other origins that were blocked. */
  blocked: string[];
}

export class RecipeMismatch extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RecipeMismatch";
  }
}

export interface DriveOptions {
  /** The authorization request; with `resolveUrl`, any URL of the provider's origin (its TLS key is verified there). */
  authorizeUrl: string;
  /**
   * Builds the request once the browser is up (a pushed authorization request, RFC 9126: its
   * request_uri is short-lived, so it is made as late as possible). Must stay on the same origin.
   */
  resolveUrl?: () => Promise<string>;
  redirectUri: string;
  recipe: LoginRecipe;
  inputs: LoginInputs;
  timeoutMs?: number;
  /** PEM CA the provider's TLS certificate must chain to (the assessor's trust for it, not chromium's store). */
  trustedCa?: string;
}

export async function driveAuthorization(options: DriveOptions): Promise<AuthorizationOutcome> {
  const origin = new URL(options.authorizeUrl).origin;
  const timeout = options.timeoutMs ?? 15_000;
  const trustSpki = options.trustedCa && origin.startsWith("https:") ? [await verifiedSpkiHash(new URL(options.authorizeUrl), options.trustedCa)] : undefined;
  const launched = await launchBrowser({ trustSpki });
  const blocked: string[] = [];
  const screenshots: Screenshot[] = [];
  const texts: Record<string, string> = {};
  try {
    const page = await launched.browser.newPage();
    page.setDefaultTimeout(timeout);
    await page.setRequestInterception(true);
    let redirect: Record<string, string> | undefined;
    const redirected = new Promise<void>((resolve) => {
      page.on("request", (req: HTTPRequest) => {
        const url = req.url();
        if (url.startsWith(options.redirectUri)) {
          redirect = Object.fromEntries(new URL(url).searchParams);
          void req.abort("aborted").catch(() => {});
          resolve();
        } else if (url.startsWith("data:") || safeOrigin(url) === origin) {
          void req.continue().catch(() => {});
        } else {
          blocked.push(url);
          void req.abort("blockedbyclient").catch(() => {});
        }
      });
    });
    const target = await resolvedUrl(options, origin);
    await page.goto(target, { waitUntil: "domcontentloaded" }).catch((e: unknown) => {
      if (!redirect) throw new RecipeMismatch(`could not open ${options.authorizeUrl}: ${(e as Error).message.split("\n")[0]}`);
    });
    screenshots.push({ name: "00-start.png", png: await page.screenshot({ type: "png" }) });
    for (const [i, step] of options.recipe.steps.entries()) {
      if (redirect) break;
      await runStep(page, step, i + 1, options.inputs, texts, timeout);
      if (!redirect) {
        await page.waitForNetworkIdle({ idleTime: 100, timeout: 2_000 }).catch(() => {});
        if (!redirect && !page.isClosed()) {
          screenshots.push({ name: `${String(i + 1).padStart(2, "0")}-${stepName(step)}.png`, png: await page.screenshot({ type: "png" }).catch(() => new Uint8Array()) });
        }
      }
    }
    await Promise.race([redirected, new Promise((r) => setTimeout(r, timeout))]);
    if (!redirect) throw new RecipeMismatch(`the recipe finished on ${page.url()} without the provider redirecting to ${options.redirectUri}`);
    return { redirect, texts, screenshots, blocked };
  } finally {
    await launched.close();
  }
}

/** Where an authorization request ends in the browser, before anything is typed. */
export type AuthorizationAnswer =
  /** The browser was sent to the redirect URI (a code, or an error: RFC 6749 §4.1.2). */
  | { kind: "redirect"; target: string; params: Record<string, string> }
  /** The provider's sign-in page is shown (the recipe's first element appeared), however it got there: a 200, a 302 (relative Location included, RFC 9110 §10.2.2), a page rendered by script. */
  | { kind: "sign-in"; url: string; status: number }
  /** Any other page: the provider's error page (RFC 6749 §4.1.2.1), or a page the recipe does not know. */
  | { kind: "other-page"; url: string; status: number; text: string };

/**
 * Opens an authorization request in the browser and says where it ends, without typing anything:
 * redirects are followed and scripts run as for a signer, so a provider's sign-in page is
 * recognised by the recipe's first element, not by the shape of the first HTTP answer.
 */
export async function openAuthorization(options: Omit<DriveOptions, "inputs">): Promise<AuthorizationAnswer & { hops: Array<{ url: string; status: number; location?: string }> }> {
  const origin = new URL(options.authorizeUrl).origin;
  const timeout = options.timeoutMs ?? 15_000;
  const trustSpki = options.trustedCa && origin.startsWith("https:") ? [await verifiedSpkiHash(new URL(options.authorizeUrl), options.trustedCa)] : undefined;
  const launched = await launchBrowser({ trustSpki });
  try {
    const page = await launched.browser.newPage();
    page.setDefaultTimeout(timeout);
    await page.setRequestInterception(true);
    let redirect: { target: string; params: Record<string, string> } | undefined;
    let status = 0;
    const hops: Array<{ url: string; status: number; location?: string }> = [];
    const redirected = new Promise<void>((resolve) => {
      page.on("request", (req: HTTPRequest) => {
        const url = req.url();
        if (url.startsWith(options.redirectUri)) {
          const u = new URL(url);
          redirect = { target: `${u.origin}${u.pathname}`, params: Object.fromEntries([...u.searchParams, ...new URLSearchParams(u.hash.slice(1))]) };
          void req.abort("aborted").catch(() => {});
          resolve();
        } else if (url.startsWith("data:") || safeOrigin(url) === origin) {
          void req.continue().catch(() => {});
        } else {
          void req.abort("blockedbyclient").catch(() => {});
        }
      });
    });
    page.on("response", (r) => {
      if (r.request().isNavigationRequest() && r.frame() === page.mainFrame()) {
        status = r.status();
        const location = r.headers().location;
        hops.push({ url: r.url(), status, ...(location ? { location } : {}) });
      }
    });
    await page.goto(await resolvedUrl(options, origin), { waitUntil: "domcontentloaded" }).catch(() => {});
    const first = options.recipe.steps[0];
    const selector = first ? ("fill" in first ? first.fill : "click" in first ? first.click : "waitFor" in first ? first.waitFor : first.read) : undefined;
    const shown = selector ? page.waitForSelector(selector, { timeout: Math.min(timeout, 5_000) }).then((e) => e !== null).catch(() => false) : Promise.resolve(false);
    const signIn = await Promise.race([redirected.then(() => false), shown]);
    if (redirect) return { kind: "redirect", ...redirect, hops };
    if (signIn && status > 0 && status < 400) return { kind: "sign-in", url: page.url(), status, hops };
    const text = await page.evaluate(() => document.body?.innerText ?? "").catch(() => "");
    return { kind: "other-page", url: page.url(), status, text: text.slice(0, 500), hops };
  } finally {
    await launched.close();
  }
}

/**
 * The base64 SHA-256 of the server's public key, after a TLS handshake that verified its
 * certificate against `ca` and the host: chromium is then told to accept exactly that key.
 */
async function verifiedSpkiHash(url: URL, ca: string): Promise<string> {
  const socket = connect({ host: url.hostname, port: Number(url.port || 443), ca, servername: isIP(url.hostname) ? undefined : url.hostname });
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once("secureConnect", resolve);
      socket.once("error", reject);
    });
    const raw = socket.getPeerCertificate().raw;
    const spki = new X509Certificate(raw).publicKey.export({ type: "spki", format: "der" });
    return createHash("sha256").update(spki).digest("base64");
  } catch (error) {
    throw new RecipeMismatch(`the provider's TLS certificate at ${url.origin} is not trusted: ${(error as Error).message.split("\n")[0]}`);
  } finally {
    socket.destroy();
  }
}

/** The URL to open: `resolveUrl`'s (on the same origin only), else `authorizeUrl`. */
async function resolvedUrl(options: Pick<DriveOptions, "authorizeUrl" | "resolveUrl">, origin: string): Promise<string> {
  if (!options.resolveUrl) return options.authorizeUrl;
  const url = await options.resolveUrl();
  if (safeOrigin(url) !== origin) throw new RecipeMismatch(`the authorization request ${url} is not on the provider's origin ${origin}`);
  return url;
}

function safeOrigin(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

function stepName(step: RecipeStep): string {
  if ("fill" in step) return `fill-${step.with}`;
  if ("click" in step) return "click";
  if ("waitFor" in step) return "wait";
  return `read-${step.as}`;
}

async function runStep(page: Page, step: RecipeStep, n: number, inputs: LoginInputs, texts: Record<string, string>, timeout: number): Promise<void> {
  const selector = "fill" in step ? step.fill : "click" in step ? step.click : "waitFor" in step ? step.waitFor : step.read;
  const optional = "read" in step && step.optional === true;
  const element = await page.waitForSelector(selector, { timeout: optional ? Math.min(timeout, 1_000) : timeout }).catch(() => null);
  if (!element && optional) return;
  if (!element) throw new RecipeMismatch(`step ${n}: "${selector}" not found on ${page.url()}`);
  if ("fill" in step) {
    const value = await valueFor(step.with, inputs, n);
    if (step.with !== "username") {
      // Mask before typing: the value must never be visible in a screenshot.
      await element.evaluate((el) => {
        (el as HTMLElement).style.setProperty("-webkit-text-security", "disc");
        el.setAttribute("data-rssp-audit-masked", "true");
      });
    }
    await element.evaluate((el) => ((el as HTMLInputElement).value = ""));
    await element.type(value);
  } else if ("click" in step) {
    await element.click();
  } else if ("read" in step) {
    texts[step.as] = ((await element.evaluate((el) => el.textContent)) ?? "").trim();
  }
  await element.dispose();
}

async function valueFor(kind: "username" | SecretField, inputs: LoginInputs, n: number): Promise<string> {
  switch (kind) {
    case "username":
      return inputs.username;
    case "password":
      if (!inputs.password) throw new RecipeMismatch(`step ${n}: the recipe needs a password the signer account does not have`);
      return inputs.password.reveal();
    case "pin":
      if (!inputs.pin) throw new RecipeMismatch(`step ${n}: the recipe needs a PIN the signer account does not have`);
      return inputs.pin.reveal();
    case "otp":
      if (!inputs.otp) throw new RecipeMismatch(`step ${n}: the recipe needs an OTP but the signer account has no TOTP seed and no otp source`);
      return inputs.otp();
  }
}
