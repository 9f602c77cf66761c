/**
 * The only place that opens and closes a PKCS#11 module. `withTokenSession` loads the module,
 * initialises it, finds the token by its label (slot IDs change when tokens are initialised),
 * opens a READ-ONLY session, logs in as the user, runs the work, and then always logs out, closes
 * the session and finalises the module — on success, on errors and on SIGINT.
 *
 * A read-only session is a guarantee to the provider: the assessment cannot create, change or
 * delete token objects. (Session objects — a temporary wrapping key — are still possible and
 * vanish when the session closes.)
 *
 * Failures the assessor can fix (module missing, no such token, wrong PIN) are InputErrors
 * (exit 2); failures of the device are CannotFinishErrors (exit 3). The PIN is never printed.
 */
import { existsSync } from "node:fs";
import * as graphene from "graphene-pk11";
import type pkcs11 from "pkcs11js";
import type { Secret } from "../check/types.ts";
import { CannotFinishError, InputError } from "../util/errors.ts";
import { describePkcs11Failure, pkcs11ReturnValue } from "./pkcs11-error.ts";

/** What the assessor gives to reach the token (`target.hsm` in the assessment configuration). */
export interface HsmAccess {
  /** Path of the PKCS#11 library. */
  module: string;
  /** Token label (CK_TOKEN_INFO.label, trailing blanks ignored). */
  token: string;
  /** User PIN. */
  pin: Secret;
  /** Environment the module reads at C_Initialize (e.g. SOFTHSM2_CONF). */
  environment?: Record<string, string>;
}

/** An open, logged-in, read-only session on the token, valid only inside `withTokenSession`. */
export interface OpenToken {
  label: string;
  module: graphene.Module;
  slot: graphene.Slot;
  session: graphene.Session;
  /** The raw pkcs11js binding, for calls graphene does not wrap with per-attribute errors. */
  lib: pkcs11.PKCS11;
  /** Throws if the work should stop (SIGINT, time budget): call between steps. */
  checkpoint(): void;
  /** Aborted on SIGINT or when the caller's signal aborts, for work that waits. */
  signal: AbortSignal;
  log(message: string): void;
}

export interface SessionOptions {
  signal?: AbortSignal;
  log?: (message: string) => void;
}

let modulesOpen = 0;

/** How many modules this process has initialised and not yet finalised (0 between assessments). */
export function openModuleCount(): number {
  return modulesOpen;
}

/** Runs `work` inside a logged-in read-only session and always finalises the module afterwards. */
export async function withTokenSession<T>(access: HsmAccess, work: (token: OpenToken) => Promise<T>, options: SessionOptions = {}): Promise<T> {
  const log = options.log ?? (() => {});
  const interrupt = new AbortController();
  let interrupted = false;
  const onSigint = () => {
    interrupted = true;
    interrupt.abort(new CannotFinishError("interrupted (SIGINT) while the HSM session was open"));
  };
  const signals = [interrupt.signal, ...(options.signal ? [options.signal] : [])];
  const checkpoint = () => {
    for (const s of signals) if (s.aborted) throw s.reason instanceof Error ? s.reason : new CannotFinishError(String(s.reason));
  };

  const restoreEnvironment = applyEnvironment(access.environment);
  process.on("SIGINT", onSigint);
  let module: graphene.Module | undefined;
  let initialised = false;
  let loggedIn = false;
  let session: graphene.Session | undefined;
  try {
    module = loadModule(access.module);
    initialise(module, access.module);
    initialised = true;
    modulesOpen++;
    const slot = findSlotByLabel(module, access.token);
    session = openReadOnlySession(slot, access.token);
    login(session, access);
    loggedIn = true;
    log(`hsm: logged in to token "${access.token}" (read-only session)`);
    const lib = (module as unknown as { lib: pkcs11.PKCS11 }).lib;
    return await work({ label: access.token, module, slot, session, lib, checkpoint, signal: AbortSignal.any(signals), log });
  } finally {
    if (session) closeQuietly(session);
    if (module && initialised) {
      finaliseQuietly(module);
      modulesOpen--;
      // Progress pairs with "logged in"; an input error stays the single line the user sees.
      if (loggedIn) log("hsm: module finalised");
    }
    restoreEnvironment();
    process.off("SIGINT", onSigint);
    // The module is finalised: now let SIGINT do what it would have done without us.
    if (interrupted && process.listenerCount("SIGINT") === 0) process.kill(process.pid, "SIGINT");
  }
}

/** Sets the module's environment before C_Initialize; returns a function restoring the previous values. */
function applyEnvironment(environment: Record<string, string> | undefined): () => void {
  const previous = new Map<string, string | undefined>();
  for (const [name, value] of Object.entries(environment ?? {})) {
    previous.set(name, process.env[name]);
    process.env[name] = value;
  }
  return () => {
    for (const [name, value] of previous) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
}

function loadModule(path: string): graphene.Module {
  if (!existsSync(path)) throw new InputError(`PKCS#11 module not found: ${path}`);
  try {
    return graphene.Module.load(path);
  } catch (error) {
    throw new InputError(`cannot load PKCS#11 module ${path}: ${describePkcs11Failure(error)}`);
  }
}

function initialise(module: graphene.Module, path: string): void {
  try {
    module.initialize();
  } catch (error) {
    throw new CannotFinishError(`PKCS#11 module ${path}: C_Initialize failed: ${describePkcs11Failure(error)}`);
  }
}

function findSlotByLabel(module: graphene.Module, label: string): graphene.Slot {
  const slots = module.getSlots(true);
  const labels: string[] = [];
  const matches: graphene.Slot[] = [];
  for (let i = 0; i < slots.length; i++) {
    const slot = slots.items(i);
    const tokenLabel = slot.getToken().label.trimEnd();
    labels.push(tokenLabel);
    if (tokenLabel === label) matches.push(slot);
  }
  const known = labels.filter(Boolean).map((l) => `"${l}"`).join(", ") || "none";
  if (matches.length === 0) throw new InputError(`no token labelled "${label}" in the PKCS#11 module (tokens present: ${known})`);
  if (matches.length > 1) throw new InputError(`${matches.length} tokens are labelled "${label}": the token to assess is ambiguous`);
  return matches[0]!;
}

function openReadOnlySession(slot: graphene.Slot, label: string): graphene.Session {
  try {
    return slot.open(graphene.SessionFlag.SERIAL_SESSION);
  } catch (error) {
    throw new CannotFinishError(`token "${label}": C_OpenSession failed: ${describePkcs11Failure(error)}`);
  }
}

/** PIN problems the assessor can fix; anything else is the device's failure. */
const PIN_PROBLEMS: Record<string, string> = {
  CKR_PIN_INCORRECT: "wrong PIN",
  CKR_PIN_LOCKED: "the user PIN is locked",
  CKR_PIN_INVALID: "the PIN is not valid for this token",
  CKR_PIN_LEN_RANGE: "the PIN has the wrong length for this token",
  CKR_USER_PIN_NOT_INITIALIZED: "the token has no user PIN",
};

function login(session: graphene.Session, access: HsmAccess): void {
  try {
    session.login(access.pin.reveal(), graphene.UserType.USER);
  } catch (error) {
    const rv = pkcs11ReturnValue(error);
    if (rv === "CKR_USER_ALREADY_LOGGED_IN") return;
    const problem = rv ? PIN_PROBLEMS[rv] : undefined;
    if (problem) throw new InputError(`token "${access.token}": ${problem} (${rv}; PIN from ${access.pin.source})`);
    throw new CannotFinishError(`token "${access.token}": C_Login failed: ${describePkcs11Failure(error)}`);
  }
}

function closeQuietly(session: graphene.Session): void {
  try {
    session.logout();
  } catch {
    // Not logged in (login failed) or already logged out: nothing to undo.
  }
  try {
    session.close();
  } catch {
    // C_Finalize closes it anyway.
  }
}

function finaliseQuietly(module: graphene.Module): void {
  try {
    module.finalize();
  } catch {
    // Finalising is best effort; there is nothing more this process can do.
  }
}
