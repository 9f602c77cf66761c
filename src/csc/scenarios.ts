/**
 * Shared probe scenarios: sequences of exchanges that several checks judge, run once per
 * assessment (ctx.shared) so that one authorization — one TOTP code — serves them all.
 *
 * - `scal2Scenario`: one SCAL 2 authorization (numSignatures 2, hashes h1 h2) of the primary
 *   multi-factor credential; its TOTP code replayed at once; the SAD tried with another credential
 *   of the same signer, under another signer's bearer, and on a hash it did not authorize — every
 *   one of which must be refused and so leaves the SAD intact — and finally used as authorized.
 *   Where info lists signDoc beside signHash, the cross-credential and cross-user misuses are
 *   tried through signDoc too, with the same SAD (no code more: a refusal leaves it intact).
 * - `expiredSads`: two SADs of the cheapest credential, waited past `expiresIn` together, for
 *   csc.sad.expiry and csc.sad.extend-expired (a third for csc.sad.expiry's signDoc route where
 *   info lists signDoc beside signHash: the wait is shared, and the cheap credential costs no code).
 * - `signatureSamples`: signatures by every credential the assessor can authorize, for
 *   csc.signature.verifies and cert.key-matches-credential.
 *
 * Each chooses among the session's credentials, which are the in-scope ones only (an excluded
 * credential is never authorized or signed with: src/csc/credential-scope.ts).
 */
import type { CheckContext, Message } from "../check/types.ts";
import type { CscReply } from "./client.ts";
import type { CredentialDescription } from "./credentials.ts";
import { authorize, randomDigests, signAlgoFor, signHash, type Authorization } from "./activation.ts";
import { activeSigners, canAuthorize, cheapCredential, cscSession, twoFactorCredentials, allCredentials, type CscSession } from "./session.ts";
import { Transcript } from "./transcript.ts";
import { scopeNote } from "./credential-scope.ts";
import { totpStepAt } from "./totp.ts";
import { sleep } from "./rate-limit.ts";
import { describeReply } from "./client.ts";
import { NoCode } from "./otp-source.ts";
import { signDocBeside, signVia } from "./signdoc/routes.ts";
import { MAX_SAMPLES } from "./codes-needed.ts";
import { codeNameOf, factorsOf } from "./factors.ts";

/** Why a scenario did not run; `refused`: the first authorization's reply, when that was refused (csc.protocol.authorize-inputs). */
export type Unavailable = { unavailable: Message; notApplicable: boolean; refused?: CscReply };

export interface Scal2Scenario {
  transcript: Transcript;
  credential: CredentialDescription;
  authorization: Authorization;
  hashes: Uint8Array[];
  /** The same TOTP code sent again at once (with fresh hashes); none when no code was used (a push approval). */
  otpReplay?: { reply: CscReply; sameStep: boolean; wrongOtp?: CscReply };
  /** SAD with another credential of the same signer. */
  crossCredential?: { reply: CscReply; other: CredentialDescription };
  /** SAD under another signer's bearer: with that signer's credential, and with the SAD's own. */
  crossUser?: { signer: string; own?: { reply: CscReply; other: CredentialDescription }; foreign: CscReply };
  /** The same misuses through signatures/signDoc, where info lists it beside signHash (src/csc/signdoc/routes.ts). */
  signDoc?: { crossCredential?: CscReply; crossUser?: { own?: CscReply; foreign: CscReply } };
  /** SAD on a hash it did not authorize. */
  hashBinding: CscReply;
  /** SAD used as authorized, for h1 and h2. */
  final: CscReply;
}

export function scal2Scenario(ctx: CheckContext): Promise<Scal2Scenario | Unavailable> {
  return ctx.shared("csc:scal2-scenario", async () => {
    const session = await cscSession(ctx);
    const t = new Transcript("shared: SCAL 2 authorization scenario");
    const credential = twoFactorCredentials(session)[0];
    if (!credential) {
      const scope = scopeNote(session.excluded);
      return { unavailable: { ja: `評価者が認可できる複数要素（SCAL 2）の鍵がない（PINと、TOTPシード、OTPの入手元又はプッシュ承認の入手元を持つ署名者が必要）${scope.ja}`, en: `no multi-factor (SCAL 2) credential the assessor can authorize (needs a signer with a PIN and a TOTP seed, an otp source or an approval source)${scope.en}` }, notApplicable: true };
    }
    const hashes = randomDigests(2);
    // The step names the factors the credential really takes (they appear in prompts and transcripts).
    const factors = factorsOf(session, credential);
    const authorization = await authorize(session, t, credential, { numSignatures: 2, hashes, step: `authorize 2 signatures (${factors.en})` });
    if (!authorization.sad) return { unavailable: { ja: `${factors.ja}による${credential.credentialID}の認可に失敗した: ${describeReply(authorization.reply)}`, en: `authorizing ${credential.credentialID} with ${factors.en} failed: ${describeReply(authorization.reply)}` }, notApplicable: false, refused: authorization.reply };
    const grant = authorization.otp;
    const stepBefore = totpStepAt();
    // Without a code (the second factor was a push approval) there is nothing to replay.
    const replay = grant ? await authorize(session, t, credential, { numSignatures: 1, hashes: randomDigests(1), otp: grant.code, step: `replay the same ${codeNameOf(session, credential)}` }) : undefined;
    // A replay accepted may mean the OTP is not checked at all: a wrong code tells them apart.
    const wrongOtp = replay?.reply.ok
      ? (await authorize(session, t, credential, { numSignatures: 1, hashes: randomDigests(1), otp: wrongCode(grant?.code), step: `authorize with a wrong ${codeNameOf(session, credential)} (control)`, expectRefusal: true })).reply
      : undefined;
    const otpReplay = replay ? { reply: replay.reply, sameStep: totpStepAt() === stepBefore, ...(wrongOtp ? { wrongOtp } : {}) } : undefined;
    const sad = authorization.sad;
    const other = allCredentials(session).find((c) => c.signer === credential.signer && c.credentialID !== credential.credentialID);
    const crossCredential = other
      ? { other, reply: await signHash(session, t, other, { sad, hashes: [hashes[0]!], signAlgo: signAlgoFor(credential), step: `use the SAD of ${credential.credentialID} with ${other.credentialID}` }) }
      : undefined;
    const otherSigner = activeSigners(session).find((s) => s.account.id !== credential.signer);
    let crossUser: Scal2Scenario["crossUser"];
    if (otherSigner) {
      const theirs = otherSigner.credentials[0];
      const own = theirs
        ? { other: theirs, reply: await signHash(session, t, theirs, { sad, hashes: [hashes[0]!], signAlgo: signAlgoFor(credential), step: `use ${credential.signer}'s SAD under ${otherSigner.account.id}'s bearer with ${theirs.credentialID}` }) }
        : undefined;
      const foreign = await signHash(session, t, credential, { bearerOf: otherSigner.account.id, sad, hashes: [hashes[0]!], step: `use ${credential.signer}'s SAD under ${otherSigner.account.id}'s bearer with ${credential.credentialID}` });
      crossUser = { signer: otherSigner.account.id, own, foreign };
    }
    const signDoc = signDocBeside(session) ? await signDocMisuses(session, t, credential, sad, hashes[0]!, crossCredential?.other, otherSigner && crossUser ? { signer: otherSigner.account.id, theirs: crossUser.own?.other } : undefined) : undefined;
    const hashBinding = await signHash(session, t, credential, { sad, hashes: randomDigests(1), step: "sign a hash the SAD did not authorize" });
    const final = await signHash(session, t, credential, { sad, hashes, step: "sign the two authorized hashes" });
    return { transcript: t, credential, authorization, hashes, ...(otpReplay ? { otpReplay } : {}), crossCredential, crossUser, ...(signDoc ? { signDoc } : {}), hashBinding, final };
  });
}

/** The scenario's cross-credential and cross-user misuses of the SAD, through signatures/signDoc. */
async function signDocMisuses(session: CscSession, t: Transcript, credential: CredentialDescription, sad: string, hash: Uint8Array, other: CredentialDescription | undefined, user: { signer: string; theirs?: CredentialDescription } | undefined): Promise<NonNullable<Scal2Scenario["signDoc"]>> {
  const route = "signatures/signDoc";
  const signAlgo = signAlgoFor(credential);
  const crossCredential = other ? await signVia(route, session, t, other, { sad, hashes: [hash], signAlgo, step: `use the SAD of ${credential.credentialID} with ${other.credentialID}` }) : undefined;
  let crossUser: NonNullable<Scal2Scenario["signDoc"]>["crossUser"];
  if (user) {
    const own = user.theirs ? await signVia(route, session, t, user.theirs, { sad, hashes: [hash], signAlgo, step: `use ${credential.signer}'s SAD under ${user.signer}'s bearer with ${user.theirs.credentialID}` }) : undefined;
    const foreign = await signVia(route, session, t, credential, { bearerOf: user.signer, sad, hashes: [hash], step: `use ${credential.signer}'s SAD under ${user.signer}'s bearer with ${credential.credentialID}` });
    crossUser = { ...(own ? { own } : {}), foreign };
  }
  return { ...(crossCredential ? { crossCredential } : {}), ...(crossUser ? { crossUser } : {}) };
}

/** A six-digit code that differs from the given one. */
function wrongCode(code: string | undefined): string {
  const n = (Number(code ?? "0") + 500_001) % 1_000_000;
  return String(n).padStart(6, "0");
}

export interface ExpiredSads {
  transcript: Transcript;
  credential: CredentialDescription;
  sads: string[];
  /** A SAD for the signDoc route, where info lists signDoc beside signHash (src/csc/signdoc/routes.ts). */
  signDocSad?: string;
  hashes: Uint8Array[];
  expiresIn: number;
  waitedMs: number;
}

/** Longest SAD lifetime the probes wait out (seconds): longer ones are not-applicable. */
export const MAX_EXPIRY_WAIT_SECONDS = 20;

export function expiredSads(ctx: CheckContext): Promise<ExpiredSads | Unavailable> {
  return ctx.shared("csc:expired-sads", async () => {
    const session = await cscSession(ctx);
    const t = new Transcript("shared: SADs waited past expiresIn");
    const credential = cheapCredential(session);
    if (!credential) {
      const scope = scopeNote(session.excluded);
      return { unavailable: { ja: `評価者が認可できる鍵がない${scope.ja}`, en: `no credential the assessor can authorize${scope.en}` }, notApplicable: session.excluded.length > 0 };
    }
    const hashes = randomDigests(1);
    const a = await authorize(session, t, credential, { numSignatures: 1, hashes, step: "authorize (SAD to let expire, 1/2)" });
    if (!a.sad) return { unavailable: { ja: `認可が拒否された: ${describeReply(a.reply)}`, en: `authorize refused: ${describeReply(a.reply)}` }, notApplicable: false };
    const expiresIn = a.expiresIn ?? 3600;
    if (expiresIn > MAX_EXPIRY_WAIT_SECONDS) {
      return { unavailable: { ja: `SADの有効期間${expiresIn}秒（expiresIn）は、プローブが待つ${MAX_EXPIRY_WAIT_SECONDS}秒より長い`, en: `the SAD lives ${expiresIn} s (expiresIn), longer than the ${MAX_EXPIRY_WAIT_SECONDS} s a probe waits` }, notApplicable: true };
    }
    // Before the last one: the wait is measured from it.
    const forSignDoc = signDocBeside(session) ? await authorize(session, t, credential, { numSignatures: 1, hashes, step: "authorize (SAD to let expire, for signatures/signDoc)" }) : undefined;
    if (forSignDoc && !forSignDoc.sad) return { unavailable: { ja: `認可が拒否された: ${describeReply(forSignDoc.reply)}`, en: `authorize refused: ${describeReply(forSignDoc.reply)}` }, notApplicable: false };
    const b = await authorize(session, t, credential, { numSignatures: 1, hashes, step: "authorize (SAD to let expire, 2/2)" });
    if (!b.sad) return { unavailable: { ja: `認可が拒否された: ${describeReply(b.reply)}`, en: `authorize refused: ${describeReply(b.reply)}` }, notApplicable: false };
    const waitedMs = expiresIn * 1000 + 1500;
    t.notes.push(`waited ${(waitedMs / 1000).toFixed(1)} s for SADs to pass expiresIn (${expiresIn} s)`);
    await sleep(waitedMs);
    return { transcript: t, credential, sads: [a.sad, b.sad], ...(forSignDoc?.sad ? { signDocSad: forSignDoc.sad } : {}), hashes, expiresIn, waitedMs };
  });
}

export interface SignatureSample {
  credential: CredentialDescription;
  hashes: Uint8Array[];
  signAlgo?: string;
  /** The signHash reply, or why there is none. */
  reply?: CscReply;
  problem?: string;
  /** No one-time code could be had for it (the judgement is `manual`). */
  noCode?: boolean;
}


/**
 * Time budget of a check that takes part in these scenarios, or that authorizes a credential which
 * may be multi-factor (the cheap credential is, where the scope leaves only multi-factor ones). A TOTP code is good once, so each
 * further multi-factor authorization of the same signer waits for the next 30-second time step
 * (RFC 6238 §5.2); the SCAL 2 scenario and the samples of a signer's other multi-factor
 * credentials can need three or four steps. The default 30 s budget would cut off a provider that
 * does everything right (one that voids a misused SAD costs one step more). Where the scope leaves
 * only multi-factor credentials the cheap probes spend codes too, and a scenario queues behind them
 * on the signers' 30-second steps (about 20 codes against the reference RSSP at level 2, with two
 * signers: about five minutes in all).
 */
export const TOTP_SCENARIO_TIMEOUT_MS = 300_000;

/** Time budget of a probe that authorizes the cheap credential: multi-factor where the scope leaves no other (see above). */
export const CHEAP_PROBE_TIMEOUT_MS = TOTP_SCENARIO_TIMEOUT_MS;

export function signatureSamples(ctx: CheckContext): Promise<{ transcript: Transcript; samples: SignatureSample[] }> {
  return ctx.shared("csc:signature-samples", async () => {
    const session = await cscSession(ctx);
    const t = new Transcript("shared: one signature batch per credential");
    const scenario = await scal2Scenario(ctx).catch((error: unknown): Unavailable => {
      if (error instanceof NoCode) return { unavailable: error.message, notApplicable: false };
      throw error;
    });
    const samples = await Promise.all(
      allCredentials(session)
        .slice(0, MAX_SAMPLES)
        .map(async (c): Promise<SignatureSample> => {
          // Reuse the scenario's authorized batch unless an earlier (wrongly accepted) step spent it.
          if ("final" in scenario && scenario.final.ok && scenario.credential.credentialID === c.credentialID) {
            return { credential: c, hashes: scenario.hashes, signAlgo: signAlgoFor(c), reply: scenario.final };
          }
          return sampleOne(session, t, c);
        }),
    );
    return { transcript: t, samples };
  });
}

async function sampleOne(session: CscSession, t: Transcript, c: CredentialDescription): Promise<SignatureSample> {
  try {
    return await signOnce(session, t, c);
  } catch (error) {
    // One credential without a code must not cost the samples of the others.
    if (error instanceof NoCode) return { credential: c, hashes: [], signAlgo: signAlgoFor(c), problem: error.message, noCode: true };
    throw error;
  }
}

async function signOnce(session: CscSession, t: Transcript, c: CredentialDescription): Promise<SignatureSample> {
  const hashes = randomDigests(2);
  const signAlgo = signAlgoFor(c);
  if (!canAuthorize(session, c)) return { credential: c, hashes, signAlgo, problem: "the assessor cannot authorize it (no PIN, or no TOTP seed for a multi-factor credential)" };
  if (c.multisign < 2) {
    const a = await authorize(session, t, c, { numSignatures: 1, hashes: hashes.slice(0, 1), step: `authorize 1 signature with ${c.credentialID}` });
    if (!a.sad) return { credential: c, hashes, signAlgo, problem: `authorize refused: ${describeReply(a.reply)}` };
    return { credential: c, hashes: hashes.slice(0, 1), signAlgo, reply: await signHash(session, t, c, { sad: a.sad, hashes: hashes.slice(0, 1), signAlgo, step: "sign 1 hash" }) };
  }
  const a = await authorize(session, t, c, { numSignatures: 2, hashes, step: `authorize 2 signatures with ${c.credentialID}` });
  if (!a.sad) return { credential: c, hashes, signAlgo, problem: `authorize refused: ${describeReply(a.reply)}` };
  return { credential: c, hashes, signAlgo, reply: await signHash(session, t, c, { sad: a.sad, hashes, signAlgo, step: "sign 2 hashes in one call" }) };
}
