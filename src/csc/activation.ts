/**
 * Authorizing a credential (credentials/authorize) and signing with the SAD (signatures/signHash):
 * the PIN from the signer's Secret, a TOTP code from the allocator when the credential is
 * multi-factor — or, where its second factor is out of band, the signer's push approval —, hashes
 * generated here (random digests: nothing of value is ever signed).
 */
import { randomBytes } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { describeReply, type CscReply } from "./client.ts";
import { NoApproval, whileApproving } from "./approval.ts";
import { claimsTwoFactors, type CredentialDescription } from "./credentials.ts";
import { HASH, chooseSignAlgo, type KeyKind } from "./algorithms.ts";
import type { OtpGrant } from "./otp.ts";
import { sendsOtp, signerOf, signingMethod, type CscSession } from "./session.ts";
import type { Transcript } from "./transcript.ts";
import { parseCertificate, publicKeyFacts } from "../cert/certificate.ts";

export interface Authorization {
  credential: CredentialDescription;
  reply: CscReply;
  /** The SAD, when the provider issued one (a secret: registered for redaction). */
  sad?: string;
  expiresIn?: number;
  /** The TOTP code used (kept in memory for the replay probe only). */
  otp?: OtpGrant;
}

export interface AuthorizeOptions {
  numSignatures: number;
  /** Sent for multi-factor credentials always (SCAL 2 binds them); for others only with `bindHashes`. */
  hashes?: Uint8Array[];
  hashAlgorithmOID?: string;
  bindHashes?: boolean;
  /** Override the PIN (wrong-PIN probes); `null` sends none. */
  pin?: string | null;
  /** `auto`: a fresh code when the credential is multi-factor; `omit`: none; a string: that code. */
  otp?: "auto" | "omit" | string;
  step: string;
  /** The probe expects a refusal: its outcome says nothing about which TOTP steps are accepted. */
  expectRefusal?: boolean;
}

/** Random digests of the given length (SHA-256 size by default). */
export function randomDigests(n: number, length = 32): Uint8Array[] {
  return Array.from({ length: n }, () => new Uint8Array(randomBytes(length)));
}

export function authorize(session: CscSession, t: Transcript, c: CredentialDescription, o: AuthorizeOptions, signal?: AbortSignal): Promise<Authorization> {
  if (pushed(c, o)) return session.approvals.exclusive(c.signer, () => authorizeOnce(session, t, c, o, signal));
  const external = (o.otp ?? "auto") === "auto" && claimsTwoFactors(c) && session.otp.isExternal(c.signer);
  return external ? session.otp.exclusive(c.signer, () => authorizeOnce(session, t, c, o, signal)) : authorizeOnce(session, t, c, o, signal);
}

async function authorizeOnce(session: CscSession, t: Transcript, c: CredentialDescription, o: AuthorizeOptions, signal?: AbortSignal): Promise<Authorization> {
  const signer = signerOf(session, c);
  const twoFactor = claimsTwoFactors(c);
  // v1 implicit authorization: the provider collects the factors from the signer itself; no PIN is sent (v1 §11.6).
  const implicit = c.outOfBand === "v1-implicit" && o.pin === undefined;
  const pin = o.pin === null || implicit ? undefined : (o.pin ?? signer.account.pin?.reveal());
  const withHashes = twoFactor || o.bindHashes;
  const hashes = withHashes ? o.hashes : undefined;
  const hashAlgorithmOID = hashes ? (o.hashAlgorithmOID ?? HASH.sha256) : undefined;
  const mode = o.otp ?? "auto";
  const id = signer.account.id;
  const external = mode === "auto" && twoFactor && session.otp.isExternal(id);
  for (let attempt = 1; ; attempt++) {
    let grant: OtpGrant | undefined;
    let reused = false;
    if (external) {
      // A code a refusal did not spend is used first; otherwise the provider is asked to send one (online OTP).
      grant = attempt === 1 ? session.otp.takeUnspent(id) : undefined;
      reused = grant !== undefined;
      if (!grant) {
        const sent = sendsOtp(session, c);
        if (sent) {
          const reply = await session.client.call(t, `${o.step}: credentials/sendOTP`, "credentials/sendOTP", { credentialID: c.credentialID }, { auth: { bearer: signer.token! } });
          if (!reply.ok) return { credential: c, reply };
        }
        grant = await session.otp.next(id, signal, { check: t.name, step: o.step, sent });
      }
    } else if (mode === "auto" && twoFactor && session.otp.has(id)) grant = await session.otp.next(id, signal);
    const otp = grant?.code ?? (mode !== "auto" && mode !== "omit" ? mode : undefined);
    if (grant && grant.waitedMs > 0) t.notes.push(`waited ${Math.round(grant.waitedMs / 1000)} s for a fresh TOTP time step of ${signer.account.id}`);
    const push = pushed(c, o);
    // v1 implicit: the provider holds the request until the device answers; v2: 202 + handle, polled (§11.6/§11.7).
    const held = push && c.outOfBand === "v1-implicit";
    const request = (s?: AbortSignal) =>
      session.client.authorize(t, o.step, { bearer: signer.token!, credentialID: c.credentialID, numSignatures: o.numSignatures, hashes, hashAlgorithmOID, pin, otp, pinId: c.pinId, otpId: c.otpId, ...(push && c.oobIds ? { oobIds: c.oobIds } : {}), ...(held ? { heldMs: MAX_UNDERWAY_MS } : {}) }, s);
    let reply = held ? await approved(session, t, c, o.step, request, "held", signal) : await request(signal);
    if (push && reply.status === 202) {
      const first = reply;
      reply = await approved(session, t, c, o.step, (s) => pollUnderway(session, t, c, o.step, first, s), "underway", signal);
    }
    const sad = typeof reply.body.SAD === "string" ? reply.body.SAD : undefined;
    if (grant?.external && !reply.ok) {
      const aboutOtp = /otp|one.?time|authentication.?data/i.test(`${reply.error ?? ""} ${reply.errorDescription ?? ""}`);
      if (reused && aboutOtp && attempt === 1) continue; // the kept code had been spent after all: a fresh one
      if (!aboutOtp && reply.status >= 400 && reply.status < 500) session.otp.giveBack(id, grant);
    }
    if (grant?.adjacent && !o.expectRefusal) {
      if (reply.ok) session.otp.adjacentAccepted();
      else if (attempt === 1 && o.pin === undefined && /otp|one.?time|totp|authentication.?data/i.test(`${reply.error ?? ""} ${reply.errorDescription ?? ""}`)) {
        // The provider may accept only the current step: stop offering adjacent codes and retry once.
        session.otp.adjacentRefused();
        t.notes.push(`the provider refused a code of an adjacent TOTP step; only current-step codes are used from now on`);
        continue;
      }
    }
    const expiresIn = typeof reply.body.expiresIn === "number" ? reply.body.expiresIn : sad ? 3600 : undefined;
    return { credential: c, reply, ...(sad ? { sad } : {}), ...(expiresIn !== undefined ? { expiresIn } : {}), ...(grant ? { otp: grant } : {}) };
  }
}

/** An authorization that asks for the credential's out-of-band factor (a probe that names its own OTP, or none, does not). */
function pushed(c: CredentialDescription, o: AuthorizeOptions): boolean {
  return c.outOfBand !== undefined && (o.otp ?? "auto") === "auto";
}

/**
 * The provider's answer to an authorization it completes once the signer approves on the device,
 * with the approval sought alongside it. A refusal then (the device denied, or the approval did
 * not come in time) says nothing about the provider: `NoApproval`, so the check is `manual`.
 * An authorization `underway` (v2 202) was refused after the push went out; a `held` one (v1
 * implicit) may also be refused before (a malformed request: invalid_request, v1 §11.6 error table), which is
 * the provider's own judgement and is returned as such.
 */
async function approved(session: CscSession, t: Transcript, c: CredentialDescription, step: string, held: (signal: AbortSignal) => Promise<CscReply>, how: "held" | "underway", signal?: AbortSignal): Promise<CscReply> {
  const source = session.approvals.source(c.signer);
  if (!source) throw new NoApproval(`${c.credentialID} is authorized by a push approval on ${c.signer}'s device, and assessment.yaml gives ${c.signer} no approval source (approval: prompt or approval: { command })`);
  const reply = await whileApproving(held, source, { signer: c.signer, check: t.name, step }, signal);
  if (how === "held" && reply.error === "invalid_request") return reply;
  if (!reply.ok) throw new NoApproval(`the provider refused to authorize ${c.credentialID} once the push approval was sought (${describeReply(reply)}): the signer denied it on the device, or it did not come in time`);
  return reply;
}

const POLL_INTERVAL_MS = 1000;
/** How long an authorization may stay underway (beyond any approval timeout an assessor sets). */
const MAX_UNDERWAY_MS = 300_000;

/** credentials/authorizeCheck with the handle until the provider stops answering 202 (v2 §11.7). */
async function pollUnderway(session: CscSession, t: Transcript, c: CredentialDescription, step: string, first: CscReply, signal: AbortSignal): Promise<CscReply> {
  const bearer = signerOf(session, c).token!;
  const started = Date.now();
  let reply = first;
  for (let n = 1; reply.status === 202; n++) {
    const handle = reply.body.handle;
    if (typeof handle !== "string" || handle === "") throw new Error(`${reply.method} answered HTTP 202 without a handle (CSC v2 §11.6, §11.7 require one)`);
    if (Date.now() - started > MAX_UNDERWAY_MS) throw new Error(`the authorization of ${c.credentialID} was still underway after ${MAX_UNDERWAY_MS / 1000} s`);
    // Whoever holds the handle and the bearer can collect the SAD: a secret like it.
    session.secrets.add(handle, "authorization handle");
    await sleep(POLL_INTERVAL_MS, undefined, { signal });
    reply = await session.client.call(t, `${step}: credentials/authorizeCheck (${n})`, "credentials/authorizeCheck", { handle }, { auth: { bearer }, signal });
  }
  if (typeof reply.body.SAD === "string") session.secrets.add(reply.body.SAD, "SAD");
  return reply;
}

/** The key type of a credential: from its certificate (not the declared algos) when possible. */
export function keyKindOf(c: CredentialDescription): KeyKind | undefined {
  const cert = c.certificates[0] ? parseCertificate(c.certificates[0]) : undefined;
  if (cert && typeof cert !== "string") {
    const facts = publicKeyFacts(cert);
    if (typeof facts !== "string" && facts.kind !== "other") return facts.kind;
  }
  if (c.keyAlgos.some((a) => a.startsWith("1.2.840.10045"))) return "ec";
  if (c.keyAlgos.some((a) => a.startsWith("1.2.840.113549.1.1"))) return "rsa";
  return undefined;
}

/** The signAlgo to use with a credential (one it announces, matching its key), or undefined. */
export function signAlgoFor(c: CredentialDescription): string | undefined {
  const kind = keyKindOf(c);
  return kind ? (chooseSignAlgo(c.keyAlgos, kind) ?? (kind === "ec" ? "1.2.840.10045.4.3.2" : "1.2.840.113549.1.1.11")) : undefined;
}

export interface SignRequest {
  bearerOf?: string;
  credentialID?: string;
  sad?: string;
  hashes: Uint8Array[];
  hashAlgorithmOID?: string;
  signAlgo?: string;
  step: string;
  /** Through signDoc: the signature format asked for (default C, CAdES detached). */
  format?: "C" | "P";
}

/**
 * Has the provider sign the hashes for a credential, under its owner's bearer unless another
 * signer's is named: signatures/signHash, or signatures/signDoc (one documentDigests entry per
 * hash, CAdES detached unless `format` says otherwise) where the provider offers only signDoc
 * (session.ts signingMethod). The SAD probes judge acceptance and refusal the same either way.
 */
export function signHash(session: CscSession, t: Transcript, c: CredentialDescription, r: SignRequest, signal?: AbortSignal): Promise<CscReply> {
  return signingMethod(session) === "signatures/signDoc" ? signDoc(session, t, c, r, signal) : signHashOnly(session, t, c, r, signal);
}

/** signatures/signDoc with one documentDigests entry per hash (all of one format). */
export function signDoc(session: CscSession, t: Transcript, c: CredentialDescription, r: SignRequest & { conformanceLevel?: string }, signal?: AbortSignal): Promise<CscReply> {
  const bearerSigner = r.bearerOf ? session.signers.find((s) => s.account.id === r.bearerOf)! : signerOf(session, c);
  const entry = { hashAlgorithmOID: r.hashAlgorithmOID ?? HASH.sha256, signAlgo: r.signAlgo ?? signAlgoFor(c) ?? "1.2.840.10045.4.3.2", format: r.format ?? ("C" as const), ...(r.conformanceLevel ? { conformanceLevel: r.conformanceLevel } : {}) };
  return session.client.signDoc(t, r.step, { bearer: bearerSigner.token!, credentialID: r.credentialID ?? c.credentialID, sad: r.sad, documentDigests: r.hashes.map((h) => ({ ...entry, hashes: [h] })) }, signal);
}

/** signatures/signHash itself. */
function signHashOnly(session: CscSession, t: Transcript, c: CredentialDescription, r: SignRequest, signal?: AbortSignal): Promise<CscReply> {
  const bearerSigner = r.bearerOf ? session.signers.find((s) => s.account.id === r.bearerOf)! : signerOf(session, c);
  return session.client.signHash(
    t,
    r.step,
    {
      bearer: bearerSigner.token!,
      credentialID: r.credentialID ?? c.credentialID,
      sad: r.sad,
      hashes: r.hashes,
      hashAlgorithmOID: r.hashAlgorithmOID ?? HASH.sha256,
      signAlgo: r.signAlgo ?? signAlgoFor(c) ?? "1.2.840.10045.4.3.2",
    },
    signal,
  );
}
