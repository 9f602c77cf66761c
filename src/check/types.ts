/**
 * The contract between the engine and every check under `checks/` (design §3).
 *
 * A check is one automated probe: it declares what it needs from the target, runs against it,
 * and returns observations and a status. Checks know nothing of controls: the catalog says
 * which checks assess which control.
 */

import type { LoginRecipe } from "../oauth/recipe.ts";
import type { KeptHead } from "../log/format.ts";

/**
 * What a check itself may conclude (design §3, §3a).
 * `advisory` (観察事項): what the control requires holds, but the provider departs from a SHOULD
 * or from practice the catalog marks advisory. It never blocks a level and is always reported.
 */
export type CheckStatus = "pass" | "advisory" | "fail" | "error" | "not-applicable" | "manual";

/**
 * What a control may be. A control is never `advisory`: with only pass/advisory checks it is
 * `pass` and carries its advisory findings. `waived` is decided by the evaluator, never by a check.
 */
export type ControlStatus = "pass" | "fail" | "error" | "not-applicable" | "manual" | "waived";

/** The shared result vocabulary: every status a check or a control can have. */
export type Status = CheckStatus | ControlStatus;

/**
 * The text's own normative strength (design §3a): `shall` (SHALL/MUST/REQUIRED, the guideline's
 * しなければならない), `should` (SHOULD/RECOMMENDED/べきである), `may`, or `guideline` (a requirement
 * the catalog takes from the guideline without a modal verb). A catalog parameter the assessment
 * set counts as `shall` for that assessment.
 */
export type Strength = "shall" | "should" | "may" | "guideline";

/** Where a judgement comes from: the text, its clause and that clause's strength. */
export interface Basis {
  /** A source ID of controls/catalog.yaml (e.g. `CSC-API-2.0.0.2`, `RFC-6749`, `JT2A-RSG-2`). */
  source: string;
  /**
   * The clause as the source numbers it (e.g. `11.6`, `Table 2`, `§4.1.2.1`), with what it says:
   * a plain string for a bare number or a parameter's name, `{ ja, en }` once it carries words
   * (field names, error codes and numbers stay as written; `--lang ja` reports show the ja).
   */
  clause: Message;
  strength: Strength;
}

/** Strengths whose violation is a nonconformity (`fail`); the others make at most an `advisory`. */
export const BINDING_STRENGTHS: ReadonlySet<Strength> = new Set<Strength>(["shall", "guideline"]);

/** Check families, one folder each under `checks/`. */
export type CheckFamily = "csc" | "hsm" | "log" | "cert" | "tls" | "evidence" | "oauth";

/** A bilingual text. Japanese follows the guideline's terms (署名鍵活性化, 記録管理, …). */
export interface Text {
  ja: string;
  en: string;
}

/**
 * A text a check writes for people: bilingual (`{ ja, en }`, preferred: `--lang ja` reports show
 * only Japanese) or a plain string (not yet translated; shown as is in both languages). Values
 * quoted from the target stay as received inside either form.
 */
export type Message = string | Text;

/** The message in one language (a plain string is the same in both). */
export function messageIn(message: Message, lang: "ja" | "en"): string {
  if (typeof message === "string") return message;
  return message[lang] || message[lang === "ja" ? "en" : "ja"];
}

/**
 * What a check needs from the target. The planner compares these with what the assessment
 * configuration provides: an unmet need makes the check `not-applicable` (with the reason), or
 * `error` when the configuration promised the capability but it turned out unusable.
 */
export type Capability =
  | "csc" //               a CSC API base URL
  | "csc.signer" //        at least one test signer account (username, password, PIN…)
  | "csc.signer.otp" //    a test signer with a TOTP seed (multi-factor credentials)
  | "csc.signer.second-factor" // a test signer whose SCAL 2 authorizations can complete (a code source or a push approval)
  | "csc.signers.2" //     two distinct test signers (cross-user checks)
  | "hsm" //               PKCS#11 access to the provider's HSM (module, token, PIN)
  | "log" //               at least one audit log file
  | "trustAnchors" //      trust anchors for signer / log-signing certificates
  | "evidence"; //         an evidence folder

/**
 * One thing a check looked at. Every observation says what was expected, what was observed and
 * where (URL and step, PKCS#11 object, log line, certificate field), so that a reader can redo it.
 * Observed values that come from the target are attacker-controlled: renderers must escape them.
 */
export interface Observation {
  expected: Message;
  observed: Message;
  where: string;
  /** The object the observation is about (credential ID, key label, log file…), for fingerprints. */
  subject?: string;
  /** Whether this observation alone met the expectation. */
  ok?: boolean;
  /**
   * The text that makes a departure a finding. Required on every observation with `ok: false`
   * in a `fail` or `advisory` outcome: the collector turns a `fail` resting only on `should`/`may`
   * bases into `advisory` (design §3a).
   */
  basis?: Basis;
}

/** Raw evidence a check produced (transcript, attribute dump, verifier output), saved under OUT/evidence/. */
export interface RawEvidence {
  /** File name relative to the check's evidence folder, e.g. `transcript.json`. */
  name: string;
  /** Media type, e.g. `application/json`. */
  mediaType: string;
  /** Content; must already be redacted of every secret. */
  content: string | Uint8Array;
}

/** What `run()` returns. */
export interface CheckOutcome {
  status: CheckStatus;
  observations: Observation[];
  /** One line for reports: why it passed, failed, erred or did not apply. */
  summary: Message;
  evidence?: RawEvidence[];
  /** Facts later checks or reports rely on (e.g. the verified log head, a retention horizon). */
  facts?: Record<string, unknown>;
  /**
   * With `not-applicable`: which absent feature makes it so, as a catalog reason ID (controls/
   * catalog.yaml `notApplicableReasons`, e.g. `no-oauth`). A control is not-applicable only for a
   * reason its catalog entry allows (`notApplicableWhen`); otherwise it is `manual` (design §3a).
   */
  notApplicableReason?: string;
}

/** A secret value read from `env:` or `file:`. It stays in memory; `toString()` never reveals it. */
export interface Secret {
  /** The secret's value. Call only where the value must be sent to the target. */
  reveal(): string;
  /** Where it came from, e.g. `env:ALICE_PIN` (safe to print). */
  readonly source: string;
}

/** A test signer account the provider gave the assessor (design §4). */
export interface SignerAccount {
  id: string;
  username: string;
  password?: Secret;
  pin?: Secret;
  totpSecret?: Secret;
  /** A second factor typed at the prompt or printed by a command (src/csc/otp-source.ts), when there is no TOTP seed. */
  otp?: import("../csc/otp-source.ts").OtpSourceConfig;
  /** Push approvals confirmed by the assessor on the device. */
  approval?: import("../csc/otp-source.ts").ApprovalConfig;
}

/** The target as the checks see it: the assessment configuration with paths and secrets resolved. */
export interface Target {
  name: string;
  csc?: {
    baseUrl: string;
    /** PEM text of CA certificates trusted for the endpoint's TLS certificate. */
    tlsCa?: string;
    signers: SignerAccount[];
    /** Client limits from assessment.yaml (target.csc.timeoutMs, rateLimitPerSecond, maxResponseBytes). */
    client?: { timeoutMs: number; rateLimitPerSecond: number; maxResponseBytes: number };
    /** OAuth 2.0 credential authorization (oauth2code), when the provider offers it and gave the assessor a client. */
    oauth2?: {
      clientId: string;
      clientSecret: Secret;
      redirectUri: string;
      /** The login steps for the provider's own page (see src/oauth/login-driver.ts). */
      recipe: LoginRecipe;
      /** Accounts that log in on the provider's page (password and TOTP seed). */
      signers: SignerAccount[];
    };
  };
  hsm?: {
    module: string;
    token: string;
    pin: Secret;
    /** Environment the module reads at C_Initialize (e.g. SOFTHSM2_CONF); applied before initialising. */
    environment?: Record<string, string>;
  };
  logs: Array<{
    /** A chained log file, or a folder (its layout detected, or `layout`). */
    file: string;
    /** How the log is protected (src/log/verify-layout.ts); default: detected. */
    layout?: "chained" | "timestamped-files" | "signed-manifest";
    /** timestamped-files: the token naming rule (default `{name}.tsr`). */
    tokenName?: string;
    /** PEM text of the log-signing certificate. */
    cert?: string;
    /** The head kept from an earlier assessment: a chain position, or the last sealed file (timestamped-files). */
    expectHead?: KeptHead;
    /** PEM texts of trust anchors for checkpoints' time-stamp tokens (default: `trustAnchors`, leniently). */
    tsaTrustAnchors?: string[];
  }>;
  /** PEM texts of trust anchors for signer and log-signing certificates. */
  trustAnchors: string[];
  /** Absolute path of the evidence folder, if any. */
  evidenceDir?: string;
  /** Credentials the assessment scoped out of the assessed level, each with its reason (assessment.yaml `scope`). */
  excludedCredentials?: Array<{ id: string; reason: string; instrument?: boolean }>;
}

/** Catalog parameters (controls/parameters.yaml, overridable in assessment.yaml). */
export type Parameters = Readonly<Record<string, unknown>>;

/** What the engine hands to `run()`. */
export interface CheckContext {
  target: Target;
  /** The level being assessed (1–3). */
  level: 1 | 2 | 3;
  parameters: Parameters;
  /**
   * Parameters the assessment set itself (design §3a: such a value counts as `shall` for that
   * assessment, where the catalog's default may rest on a `should`).
   */
  parametersSet?: ReadonlySet<string>;
  /** Whether intrusive probes (PIN lock-out, key generation, revocation) are allowed. */
  intrusive: boolean;
  /** The IDs of the checks this run runs: a shared value may size itself to them (the one-time codes announced up front). */
  planned?: ReadonlySet<string>;
  /** Aborted when the check's time budget runs out; pass it to every I/O call. */
  signal: AbortSignal;
  /**
   * Computes a value once per assessment and shares it between checks (one CSC session, one
   * HSM enumeration, one log verification). Keys are namespaced by family, e.g. `hsm:inventory`.
   * `compute` gets a progress log labelled with the key: the value serves every check, so its
   * progress lines must not carry the id of whichever check happened to ask first.
   */
  shared<T>(key: string, compute: (log: (message: string) => void) => Promise<T>): Promise<T>;
  /** Progress and diagnostics, to stderr; never pass a secret. */
  log(message: string): void;
}

/** A check: one file under `checks/<family>/`, default-exporting this object. */
export interface Check {
  /** Stable ID, `<family>.<topic>[.<aspect>]`, e.g. `csc.sad.single-use`. */
  id: string;
  family: CheckFamily;
  title: Text;
  /** What it does and why its result means what it says (shown in reports). */
  description: Text;
  needs: Capability[];
  /** Intrusive checks (lock-out, key generation, revocation) run only with `--intrusive`. */
  intrusive: boolean;
  /**
   * Catalog parameters this check reads (`ctx.parameters[name]`). `catalog validate` fails on a
   * parameter no check declares, and on a declared one the catalog does not define.
   */
  parameters?: string[];
  /** Time budget in milliseconds (default 30 s). */
  timeoutMs?: number;
  run(ctx: CheckContext): Promise<CheckOutcome>;
}

/** Identity helper so check files get type inference: `export default defineCheck({...})`. */
export function defineCheck(check: Check): Check {
  return check;
}
