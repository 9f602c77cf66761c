/**
 * The CSC session pool of one assessment: one client (one rate limit, one keep-alive agent), the
 * `info` reply, one login per configured test signer, and each signer's credentials described —
 * computed once through `ctx.shared("csc:session")` and reused by every csc.* and cert.* check.
 * It also owns the TOTP allocator and the secret registry that redacts every transcript.
 *
 * It is also where the assessment's credential scope is applied (src/csc/credential-scope.ts):
 * a credential `scope.excludedCredentials` names is dropped as soon as `credentials/list` has
 * returned it — never described, authorized or signed with — so no probe can choose it.
 */
import type { CheckContext, SignerAccount } from "../check/types.ts";
import { CscClient, CscError, type CscReply } from "./client.ts";
import { describeCredential, claimsTwoFactors, type CredentialDescription } from "./credentials.ts";
import { exclusionsOf, splitListed, type Exclusion, type ScopeEntry } from "./credential-scope.ts";
import { OtpAllocator } from "./otp.ts";
import { externalSource } from "./otp-source.ts";
import { sharedPrompter } from "./prompter-shared.ts";
import { approvalAnnouncement, ApprovalPool, approvalSource } from "./approval.ts";
import { SecretRegistry } from "./redact.ts";
import { codesNeeded as estimateNeeds, ESTIMATE_NOTE, type CodeFacts, type CredentialFact } from "./codes-needed.ts";
import { signingMethodOf, type SigningRoute } from "./signing-method.ts";
import { Transcript } from "./transcript.ts";

export const SESSION_KEY = "csc:session";

/** One configured test signer as the session sees it. */
export interface SignerSession {
  account: SignerAccount;
  /** The access token, when login succeeded. */
  token?: string;
  /** Why this signer cannot be used (login refused…). */
  problem?: string;
  /** `credentials/list` as returned (IDs, attacker-controlled), excluded ones included: compare with it, never ask about it. */
  listed: string[];
  /** Listed IDs in the assessment's scope: the only ones a probe may name in a request. */
  inScope: string[];
  /** Listed IDs the assessment's scope excludes (left alone after the listing). */
  excluded: Exclusion[];
  /**
   * Excluded credentials the scope keeps as test instruments (`instrument: true`), described only
   * as far as authorizing and verifying the probes' signatures need (the signer certificate alone): cheapCandidates may take them, no judging
   * check sees them (they are never in allCredentials).
   */
  instruments: CredentialDescription[];
  /** The in-scope credentials `credentials/info` described for this signer. */
  credentials: CredentialDescription[];
  /** Listed IDs that `credentials/info` refused or could not describe, with why. */
  undescribed: Array<{ credentialID: string; reason: string }>;
}

export interface CscSession {
  client: CscClient;
  secrets: SecretRegistry;
  info: CscReply;
  signers: SignerSession[];
  otp: OtpAllocator;
  /** Push approvals (approval: prompt | command), for credentials whose second factor is out of band. */
  approvals: ApprovalPool;
  /** The exchanges of discovery, logins and credential descriptions (shared evidence). */
  transcript: Transcript;
  /** Listed credentials the assessment's scope excludes, once each (no probe touches them). */
  excluded: Exclusion[];
}

/** The session (opened once per assessment); throws CscError when the service cannot be used at all. */
export function cscSession(ctx: CheckContext): Promise<CscSession> {
  return ctx.shared(SESSION_KEY, () => openSession(ctx));
}

async function openSession(ctx: CheckContext): Promise<CscSession> {
  const csc = ctx.target.csc;
  if (!csc) throw new CscError("unexpected", "the assessment names no CSC API (target.csc)");
  const secrets = new SecretRegistry();
  for (const s of csc.signers) {
    secrets.add(s.password?.reveal(), "password");
    secrets.add(s.pin?.reveal(), "PIN");
    secrets.add(s.totpSecret?.reveal(), "TOTP seed");
  }
  const limits = csc.client ?? { timeoutMs: 10_000, rateLimitPerSecond: 20, maxResponseBytes: 1_048_576 };
  const client = new CscClient({ baseUrl: csc.baseUrl, ca: csc.tlsCa, limits, rateLimitPerSecond: limits.rateLimitPerSecond, secrets });
  const transcript = new Transcript("session: discovery, logins, credentials");
  const info = await client.info(transcript);
  if (!info.ok) throw new CscError("unexpected", `info answered HTTP ${info.status}`);
  if (typeof info.body.specs !== "string") throw new CscError("unexpected", "info answered without a specs version");
  const scope = exclusionsOf(ctx.target);
  const signers = await Promise.all(csc.signers.map((account) => openSigner(client, transcript, account, scope)));
  const external = csc.signers.filter((s) => s.otp && !s.totpSecret);
  const prompter = await sharedPrompter(ctx);
  const otp = new OtpAllocator(
    csc.signers.filter((s) => s.totpSecret).map((s) => ({ signer: s.id, seed: s.totpSecret!.reveal() })),
    external.map((s) => ({ signer: s.id, source: externalSource(s.otp!, prompter) })),
  );
  const excluded = [...new Map(signers.flatMap((s) => s.excluded).map((e) => [e.credentialID, e])).values()];
  const approvals = new ApprovalPool(csc.signers.filter((s) => s.approval).map((s) => ({ signer: s.id, source: approvalSource(s.approval!, prompter) })));
  const session: CscSession = { client, secrets, info, signers, otp, approvals, transcript, excluded };
  const approving = csc.signers.filter((s) => s.approval?.kind === "prompt").map((s) => ({ id: s.id, n: codesNeeded(session, s.id, "approval", ctx.planned) }));
  const approvalText = approvalAnnouncement(approving);
  if (approvalText) prompter.announce(approvalText);
  const prompted = external.filter((s) => s.otp!.kind === "prompt").map((s) => s.id);
  if (prompted.length) {
    const counts = prompted.map((id) => ({ id, n: codesNeeded(session, id, "code", ctx.planned) })).filter((x) => x.n > 0);
    const total = counts.reduce((a, x) => a + x.n, 0);
    prompter.announce(
      total
        ? `[rssp-audit] This assessment will ask for about ${total} one-time code(s): ${counts.map((x) => `${x.id} ${x.n}`).join(", ")} (${ESTIMATE_NOTE}). Keep the test accounts' phones or mailboxes at hand.`
        : `[rssp-audit] No one-time code is expected to be asked of ${prompted.join(", ")}: no check of this run authorizes a multi-factor credential of theirs that the assessor can authorize (an estimate).`,
    );
  }
  return session;
}

/**
 * The codes (or push approvals) the suite will ask one signer for: src/csc/codes-needed.ts's
 * estimate over this session's facts, the checks this run runs included. An estimate to announce, not a limit.
 */
function codesNeeded(session: CscSession, signer: string, kind: "code" | "approval" = "code", planned?: ReadonlySet<string>): number {
  const needs = estimateNeeds({ ...codeFacts(session), ...(planned ? { planned } : {}) }).get(signer);
  return (kind === "code" ? needs?.codes : needs?.approvals) ?? 0;
}

/** What the estimate reads of the session: each credential's cost, the cheap probes' rotation, info.methods. */
function codeFacts(session: CscSession): CodeFacts {
  const fact = (c: CredentialDescription): CredentialFact => ({
    credentialID: c.credentialID,
    signer: c.signer,
    // activation.ts: an out-of-band credential is authorized with a push approval, a multi-factor one with a code.
    second: c.outOfBand !== undefined ? "approval" : claimsTwoFactors(c) ? "code" : "none",
    usable: canAuthorize(session, c) && c.keyStatus !== "disabled",
    multisign: c.multisign,
  });
  return { credentials: allCredentials(session).map(fact), cheap: cheapCandidates(session).map(fact), judged: cheapCandidates(session, instrumentCredentials(session).map((c) => c.credentialID)).map(fact), methods: infoMethods(session) };
}

/** The methods `info` lists (strings only). */
export function infoMethods(session: CscSession): string[] {
  const methods = session.info.body.methods;
  return Array.isArray(methods) ? methods.filter((m): m is string => typeof m === "string") : [];
}

/**
 * How the probes have the provider sign: signatures/signHash where `info` lists it (or lists
 * neither), signatures/signDoc where it lists signDoc and not signHash (v2 §11.11; a provider
 * that builds the AdES signature itself). The SAD probes then run through signDoc unchanged.
 */
export function signingMethod(session: CscSession): SigningRoute {
  return signingMethodOf(infoMethods(session));
}

/** Whether authorizing this credential starts with credentials/sendOTP (online OTP announced, and the method offered). */
export function sendsOtp(session: CscSession, c: CredentialDescription): boolean {
  const methods = Array.isArray(session.info.body.methods) ? (session.info.body.methods as unknown[]) : [];
  return c.otpOnline === true && methods.includes("credentials/sendOTP");
}

async function openSigner(client: CscClient, t: Transcript, account: SignerAccount, scope: Map<string, ScopeEntry>): Promise<SignerSession> {
  const s: SignerSession = { account, listed: [], inScope: [], excluded: [], instruments: [], credentials: [], undescribed: [] };
  if (!account.password) return { ...s, problem: "no password configured for auth/login" };
  const login = await client.login(t, account.username, account.password.reveal());
  const token = login.body.access_token;
  if (!login.ok || typeof token !== "string") return { ...s, problem: `auth/login refused: HTTP ${login.status}` };
  s.token = token;
  const list = await client.call(t, `list ${account.id}'s credentials`, "credentials/list", {}, { auth: { bearer: token } });
  if (!list.ok || !Array.isArray(list.body.credentialIDs)) return { ...s, problem: `credentials/list answered HTTP ${list.status} without credentialIDs` };
  s.listed = list.body.credentialIDs.filter((id): id is string => typeof id === "string").slice(0, 50);
  // The scope applies from here: an excluded credential is not even described.
  ({ inScope: s.inScope, excluded: s.excluded } = splitListed(account.id, s.listed, scope));
  for (const id of s.inScope) {
    const reply = await client.call(t, `describe ${id} for ${account.id}`, "credentials/info", { credentialID: id, certificates: "chain", certInfo: true, authInfo: true }, { auth: { bearer: token } });
    const described = describeCredential(account.id, id, reply);
    if (typeof described === "string") s.undescribed.push({ credentialID: id, reason: described });
    else s.credentials.push(described);
  }
  // A test instrument: what authorizing and signing need (auth mode, PIN/OTP objects, key
  // algorithm) and the signer certificate alone, whose key verifies the signatures the probes ask
  // for; no chain, no certInfo — nothing a certificate check would judge.
  for (const e of s.excluded.filter((x) => x.instrument)) {
    const reply = await client.call(t, `describe ${e.credentialID} for ${account.id} (test instrument, out of scope)`, "credentials/info", { credentialID: e.credentialID, certificates: "single", certInfo: false, authInfo: true }, { auth: { bearer: token } });
    const described = describeCredential(account.id, e.credentialID, reply);
    if (typeof described !== "string") s.instruments.push({ ...described, instrument: true });
  }
  return s;
}

/** Signers that logged in. */
export function activeSigners(session: CscSession): SignerSession[] {
  return session.signers.filter((s) => s.token);
}

/** Every in-scope credential described, once (by ID; the first signer that owns it). */
export function allCredentials(session: CscSession): CredentialDescription[] {
  const seen = new Set<string>();
  const out: CredentialDescription[] = [];
  for (const s of session.signers) {
    for (const c of s.credentials) {
      if (!seen.has(c.credentialID)) {
        seen.add(c.credentialID);
        out.push(c);
      }
    }
  }
  return out;
}

export function signerOf(session: CscSession, credential: CredentialDescription): SignerSession {
  return session.signers.find((s) => s.account.id === credential.signer)!;
}

/**
 * Whether the assessor can authorize this credential: PIN configured, and a TOTP seed or another
 * OTP source if it is multi-factor. An out-of-band second factor (a push approval) is sought when
 * the provider asks for it; without an approval source that probe is `manual`, with the reason.
 */
export function canAuthorize(session: CscSession, c: CredentialDescription): boolean {
  const s = signerOf(session, c);
  if (!s.token || !s.account.pin) return false;
  return !claimsTwoFactors(c) || c.outOfBand !== undefined || session.otp.has(s.account.id);
}

/** How many times each session has handed out a multi-factor "cheap" credential (the turn of the rotation). */
const cheapTurns = new WeakMap<CscSession, number>();

/**
 * The cheapest credential to authorize: single-factor when there is one, else a two-factor one
 * (costs a TOTP code). Where every usable credential is multi-factor — at level 2, once the scope
 * has taken out the PIN-only ones — successive calls take the signers in turn: a code is good
 * once and each signer gets only a few per 30 s step, so the probes draw on every signer's steps
 * instead of queueing behind one.
 */
export function cheapCredential(session: CscSession, exclude: string[] = []): CredentialDescription | undefined {
  const candidates = cheapCandidates(session, exclude);
  if (candidates.length <= 1) return candidates[0];
  const turn = cheapTurns.get(session) ?? 0;
  cheapTurns.set(session, turn + 1);
  return candidates[turn % candidates.length];
}

/** The scope's test instruments (excluded, `instrument: true`): for the cheap probes only. */
export function instrumentCredentials(session: CscSession): CredentialDescription[] {
  return session.signers.flatMap((s) => s.instruments);
}

/**
 * Every credential `cheapCredential` may return: the single-factor one (in scope first, then a
 * test instrument), else the first usable one of each signer.
 */
export function cheapCandidates(session: CscSession, exclude: string[] = []): CredentialDescription[] {
  const usable = [...allCredentials(session), ...instrumentCredentials(session)].filter((c) => canAuthorize(session, c) && !exclude.includes(c.credentialID) && c.keyStatus !== "disabled");
  const single = usable.find((c) => !claimsTwoFactors(c));
  if (single) return [single];
  return [...new Set(usable.map((c) => c.signer))].map((signer) => usable.find((c) => c.signer === signer)!);
}

/**
 * The cheapest in-scope credential, for a probe whose judgement speaks of the credential's key
 * (csc.algo.signalgo-matches-key): never a test instrument, which is not judged.
 */
export function cheapJudgedCredential(session: CscSession): CredentialDescription | undefined {
  return cheapCredential(session, instrumentCredentials(session).map((c) => c.credentialID));
}

/** Two-factor credentials the assessor can authorize, the primary (first configured signer's) first. */
export function twoFactorCredentials(session: CscSession): CredentialDescription[] {
  return allCredentials(session).filter((c) => claimsTwoFactors(c) && canAuthorize(session, c) && c.keyStatus !== "disabled");
}
