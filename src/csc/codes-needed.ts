/**
 * How many one-time codes and push approvals the suite will ask each signer for, announced up
 * front to an assessor who types the codes or approves on a device (issue 19). Pure: it takes
 * the session's facts (which credentials, what each costs, which the cheap probes take in turn,
 * what `info.methods` lists, which checks run) and walks the suite's authorizations, listed below
 * as data — one row per shared scenario or probe that authorizes with the second factor.
 *
 * An estimate, not a limit: it counts the authorizations a provider that behaves as the text asks
 * grants. A request the suite expects to be refused (a wrong PIN, numSignatures 0, a hash of the
 * wrong length, the lock-out's attempts, csc.sad.hash-count's mismatch that a provider MAY
 * refuse) is not counted: its code goes back to the allocator and serves the next authorization
 * (src/csc/activation.ts), or the provider refuses before it pushes anything. A refusal that does
 * spend one, a retry after a SAD voided on misuse, the order in which concurrent checks take
 * their turns of the cheap credentials: each can move the figure by a code or two.
 */
import { signingMethodOf, signingRoutesOf } from "./signing-method.ts";

/** What every announcement of the figures says of them. */
export const ESTIMATE_NOTE = "an estimate: the authorizations the checks of this run expect granted; a refusal or a retry can ask for more";

/** Most credentials the signature samples take (src/csc/scenarios.ts; each multi-factor one costs a code). */
export const MAX_SAMPLES = 6;

/** What authorizing a credential costs beyond the PIN. */
export type SecondFactor = "none" | "code" | "approval";

/** One credential as the estimate sees it. */
export interface CredentialFact {
  credentialID: string;
  signer: string;
  second: SecondFactor;
  /** The assessor can authorize it (PIN, and a code or approval source where it needs one) and its key is not disabled. */
  usable: boolean;
  /** credentials/info `multisign`: signatures one SAD may authorize. */
  multisign: number;
}

/** The session's facts the estimate needs (built by src/csc/session.ts). */
export interface CodeFacts {
  /** The in-scope credentials, in the session's order (allCredentials). */
  credentials: CredentialFact[];
  /** What the cheap probes take in turn (cheapCandidates): one single-factor credential, or each signer's first usable one. */
  cheap: CredentialFact[];
  /** The same for the probes that judge the credential's key (cheapJudgedCredential: no test instrument). */
  judged: CredentialFact[];
  /** `info.methods`. */
  methods: readonly string[];
  /** The IDs of the checks this run runs; undefined: all of them. */
  planned?: ReadonlySet<string>;
}

/** One signer's estimate. */
export interface SignerNeeds {
  codes: number;
  approvals: number;
}

/** Facts a row reads besides the credential it takes. */
interface Context {
  /** Signing routes of the SAD probes: 2 where info lists signDoc beside signHash. */
  routes: number;
}

/** One scenario or probe: the checks that start it, and how many granted authorizations of which credential(s) it makes. */
interface Row {
  checks: readonly string[];
  /** `cheap`/`judged`: one credential, the next turn of the rotation (session.ts cheapCredential). */
  takes: "scal2" | "scal2-other-signer" | "samples" | "cheap" | "judged";
  authorizations: (c: CredentialFact, x: Context) => number;
  /** Only where `info.methods` lets it run. */
  when?: (methods: readonly string[]) => boolean;
}

const once = () => 1;
const none = () => 0;
const multisigned = (c: CredentialFact) => (c.multisign >= 2 ? 1 : 0);

const SCAL2_CHECKS = ["csc.authorize.otp-replay", "csc.sad.hash-binding", "csc.sad.cross-credential", "csc.sad.cross-user", "csc.protocol.authorize-inputs", "csc.response.no-secrets"];
const SAMPLE_CHECKS = ["csc.signature.verifies", "cert.key-matches-credential"];

/**
 * The suite's authorizations with the second factor (src/csc/scenarios.ts, src/csc/signdoc/,
 * src/csc/protocol-signing.ts, checks/csc/*). Rows that take the cheap credential are listed in
 * the order their turns are counted; rows with no authorization still take a turn.
 */
export const ROWS: readonly Row[] = [
  // The SCAL 2 scenario: one authorization (its code replayed, not a new one; a wrong one typed by the suite). The samples run it first.
  { checks: [...SCAL2_CHECKS, ...SAMPLE_CHECKS], takes: "scal2", authorizations: once },
  // One batch per credential; the scenario's own is reused.
  { checks: SAMPLE_CHECKS, takes: "samples", authorizations: once },
  // The signDoc scenario: a SCAL 2 credential of another signer where there is one.
  { checks: ["csc.signdoc.ades-valid", "csc.signdoc.announced-formats", "csc.signdoc.digest-binding"], takes: "scal2-other-signer", authorizations: once, when: (m) => m.includes("signatures/signDoc") },
  // Two SADs waited out together, a third for the signDoc route beside signHash.
  { checks: ["csc.sad.expiry", "csc.sad.extend-expired"], takes: "cheap", authorizations: (_c, x) => 1 + x.routes },
  { checks: ["csc.sad.single-use"], takes: "cheap", authorizations: (_c, x) => x.routes },
  { checks: ["csc.sad.num-signatures"], takes: "cheap", authorizations: multisigned },
  { checks: ["csc.sad.max-uses"], takes: "cheap", authorizations: multisigned },
  { checks: ["csc.response.no-secrets"], takes: "cheap", authorizations: once },
  // The wrong PIN is refused; the correct authorization after it is granted.
  { checks: ["csc.authorize.wrong-pin"], takes: "cheap", authorizations: once },
  // The protocol probes' one authorization (of an RSA credential: the cheap one when it is RSA).
  { checks: ["csc.protocol.pss-params", "csc.protocol.signalgo-in-key-algo", "csc.protocol.base64-values", "csc.protocol.error-codes", "csc.protocol.hash-algo"], takes: "cheap", authorizations: once, when: (m) => signingMethodOf(m) === "signatures/signHash" },
  // Refused by design (or never authorized): a turn of the rotation, no code.
  { checks: ["csc.sad.required"], takes: "cheap", authorizations: none },
  { checks: ["csc.authorize.num-signatures-bounds"], takes: "cheap", authorizations: none },
  { checks: ["csc.sad.digest-length"], takes: "cheap", authorizations: none },
  { checks: ["csc.algo.weak-hash-refused"], takes: "cheap", authorizations: none },
  { checks: ["csc.algo.signalgo-matches-key"], takes: "judged", authorizations: once },
];

/** Every check ID the rows name (a test holds them to the checks that exist). */
export const COUNTED_CHECKS: readonly string[] = [...new Set(ROWS.flatMap((r) => r.checks))];

/**
 * Codes and push approvals per signer (every signer that owns a credential, zero included). Each
 * granted authorization of a credential costs its signer a code (second factor `code`) or an
 * approval (`approval`); a single-factor one costs nothing.
 */
export function codesNeeded(facts: CodeFacts): Map<string, SignerNeeds> {
  const out = new Map<string, SignerNeeds>(facts.credentials.map((c) => [c.signer, { codes: 0, approvals: 0 }]));
  const spend = (c: CredentialFact | undefined, n: number) => {
    if (!c || n <= 0 || c.second === "none") return;
    const needs = out.get(c.signer) ?? { codes: 0, approvals: 0 };
    if (c.second === "code") needs.codes += n;
    else needs.approvals += n;
    out.set(c.signer, needs);
  };
  const x: Context = { routes: signingRoutesOf(facts.methods).length };
  const twoFactor = facts.credentials.filter((c) => c.usable && c.second !== "none");
  const primary = twoFactor[0];
  const otherSigner = twoFactor.find((c) => c.signer !== primary?.signer) ?? primary;
  let turn = 0;
  // session.ts cheapCredential: each call takes the next candidate when there is more than one.
  const next = (candidates: CredentialFact[]) => (candidates.length > 1 ? candidates[turn++ % candidates.length] : candidates[0]);
  for (const row of ROWS) {
    if (facts.planned && !row.checks.some((id) => facts.planned!.has(id))) continue;
    if (row.when && !row.when(facts.methods)) continue;
    if (row.takes === "samples") {
      for (const c of facts.credentials.slice(0, MAX_SAMPLES)) if (c.usable && c !== primary) spend(c, row.authorizations(c, x));
      continue;
    }
    const c = row.takes === "scal2" ? primary : row.takes === "scal2-other-signer" ? (otherSigner ?? next(facts.cheap)) : next(row.takes === "cheap" ? facts.cheap : facts.judged);
    if (c) spend(c, row.authorizations(c, x));
  }
  return out;
}
