/**
 * The one signing scenario the csc.protocol.* checks share (ctx.shared "csc:protocol-signing"):
 * ONE authorization of the cheapest RSA credential (single-factor when there is one — no OTP
 * spent), preceded by one wrong PIN on it when it is single-factor (the error code the method
 * table names; the correct authorization right after resets the failure counter), and then a
 * series of signHash requests judged by csc.protocol.pss-params, csc.protocol.hash-algo and
 * csc.protocol.signalgo-in-key-algo. The requests that must be accepted go first, so that a
 * provider voiding a SAD on a refused request (stricter than required) still answers them.
 */
import { createHash, randomBytes } from "node:crypto";
import type { CheckContext } from "../check/types.ts";
import type { CscReply } from "./client.ts";
import { describeReply } from "./client.ts";
import { claimsTwoFactors, type CredentialDescription } from "./credentials.ts";
import { authorize, keyKindOf } from "./activation.ts";
import { HASH, SIGN_ALGO } from "./algorithms.ts";
import { encodeBase64 } from "./base64.ts";
import { pssParamsDer } from "./protocol-der.ts";
import { scopeNote } from "./credential-scope.ts";
import { allCredentials, canAuthorize, cheapCredential, cscSession, signerOf, signingMethod, type CscSession } from "./session.ts";
import { Transcript } from "./transcript.ts";

export const RSA_ENCRYPTION = "1.2.840.113549.1.1.1";
export const SHA256_WITH_RSA = "1.2.840.113549.1.1.11";
export const RSASSA_PSS = "1.2.840.113549.1.1.10";
/** The non-default salt the PSS probe asks for (RFC 8017 default: 20; many services fix 32). */
export const PSS_SALT = 64;

/** Data signed in a probe: random bytes and their SHA-256 digest (what is sent). */
export interface Signed {
  data: Uint8Array;
  digest: Uint8Array;
  reply: CscReply;
}

export interface ProtocolSigning {
  transcript: Transcript;
  credential: CredentialDescription;
  /** A wrong PIN (single-factor credentials only), before the authorization. */
  wrongPin?: CscReply;
  /** v2, single-factor credentials only: authorize with hashes and the correct PIN but no hashAlgorithmOID (v2 §11.6: REQUIRED with hashes). */
  authorizeWithoutHashAlgo?: CscReply;
  authorize: CscReply;
  /** RSASSA-PSS with SHA-256 / MGF1-SHA-256 / salt 64 in signAlgoParams (when key/algo lists PSS). */
  pss?: Signed;
  /** sha256WithRSAEncryption with hashAlgorithmOID SHA-512 over a SHA-256 digest: the hashAlgo must be ignored. */
  impliedHash?: Signed;
  /** RSASSA-PSS without signAlgoParams. */
  pssWithoutParams?: CscReply;
  /** rsaEncryption without hashAlgorithmOID / hashAlgo. */
  rsaWithoutHashAlgo?: CscReply;
  /** rsaEncryption with SHA-256 named and a 48-byte value. */
  wrongLength?: CscReply;
  /** An RSA signAlgo the credential's key/algo does not list. */
  outsideKeyAlgo?: { signAlgo: string; reply: CscReply };
}

export type ProtocolSigningUnavailable = { unavailable: string };

/** A PIN of the same shape that differs from the real one (digits stay digits). */
function otherPin(pin: string): string {
  if (!/^\d+$/.test(pin)) return `${pin}x`;
  const last = (Number(pin.at(-1)) + 1) % 10;
  return `${pin.slice(0, -1)}${last}`;
}

function signed(): { data: Uint8Array; digest: Uint8Array } {
  const data = new Uint8Array(randomBytes(48));
  return { data, digest: new Uint8Array(createHash("sha256").update(data).digest()) };
}

/** The RSA credential for the scenario: one the assessor can authorize, single-factor first. */
export function rsaCredential(session: CscSession): CredentialDescription | undefined {
  // The cheapest credential first: the intrusive lock-out probe spares it (authorize.lockout).
  const cheap = cheapCredential(session);
  if (cheap && keyKindOf(cheap) === "rsa") return cheap;
  const usable = allCredentials(session).filter((c) => canAuthorize(session, c) && c.keyStatus !== "disabled" && keyKindOf(c) === "rsa");
  return usable.find((c) => !claimsTwoFactors(c)) ?? usable[0];
}

export function protocolSigning(ctx: CheckContext): Promise<ProtocolSigning | ProtocolSigningUnavailable> {
  return ctx.shared("csc:protocol-signing", async () => {
    const session = await cscSession(ctx);
    // A signDoc-only provider (v2 §11.11) implements no signHash: these signHash probes do not apply.
    if (signingMethod(session) !== "signatures/signHash") return { unavailable: "the provider offers no signatures/signHash (it signs through signatures/signDoc)" };
    const c = rsaCredential(session);
    if (!c) return { unavailable: `no RSA credential the assessor can authorize${scopeNote(session.excluded).en}` };
    const t = new Transcript("shared: protocol signing probes (one authorization of an RSA credential)");
    const signer = signerOf(session, c);
    const twoFactor = claimsTwoFactors(c);
    const out: Partial<ProtocolSigning> = { transcript: t, credential: c };
    if (!twoFactor) {
      const wrong = await authorize(session, t, c, { numSignatures: 1, pin: otherPin(signer.account.pin!.reveal()), otp: "omit", step: "authorize with a wrong PIN (error code of the method table)", expectRefusal: true }, ctx.signal);
      out.wrongPin = wrong.reply;
      // v2 §11.6: hashAlgorithmOID is REQUIRED with hashes. Tried on the single-factor credential
      // only, with the correct PIN: no OTP is spent, and a conformant provider issues no SAD (one
      // that takes the request issues one this scenario leaves unused — the only extra authorization,
      // and only where the departure is). A two-factor credential would cost a code: not tried.
      if (session.client.version === "v2") {
        const unnamed = signed();
        out.authorizeWithoutHashAlgo = await session.client.authorize(t, "authorize with hashes but no hashAlgorithmOID (v2 §11.6)", { bearer: signer.token!, credentialID: c.credentialID, numSignatures: 1, hashes: [unnamed.digest], pin: signer.account.pin!.reveal(), ...(c.pinId ? { pinId: c.pinId } : {}) }, ctx.signal);
      }
    }
    const pssListed = c.keyAlgos.includes(RSASSA_PSS);
    const pss = signed();
    const implied = signed();
    const plain = [signed(), signed(), signed(), signed()];
    const outside = Object.keys(SIGN_ALGO).find((a) => SIGN_ALGO[a]!.key === "rsa" && !c.keyAlgos.includes(a));
    // Hashes bound for SCAL 2 (the 48-byte value is not: a SAD cannot bind a value of another length).
    // Up to six requests may be accepted (each wrongly accepted one spends a signature).
    const numSignatures = Math.min(Math.max(c.multisign, 1), 6);
    const bound = [...(pssListed ? [pss.digest] : []), implied.digest, ...plain.map((p) => p.digest)].slice(0, numSignatures);
    const a = await authorize(session, t, c, { numSignatures: twoFactor ? bound.length : numSignatures, hashes: bound, hashAlgorithmOID: HASH.sha256, step: `authorize ${numSignatures} signatures for the protocol probes` }, ctx.signal);
    out.authorize = a.reply;
    if (!a.sad) return { unavailable: `authorizing ${c.credentialID} failed: ${describeReply(a.reply)}` };
    const sad = a.sad;
    const call = (step: string, body: Record<string, unknown>) =>
      session.client.call(t, step, "signatures/signHash", { credentialID: c.credentialID, SAD: sad, ...body }, { auth: { bearer: signer.token! }, signal: ctx.signal });
    const v2 = session.client.version === "v2";
    const hashes = (d: Uint8Array[]) => (v2 ? { hashes: d.map(encodeBase64) } : { hash: d.map(encodeBase64) });
    const hashAlgo = (oid: string) => (v2 ? { hashAlgorithmOID: oid } : { hashAlgo: oid });
    if (pssListed) {
      const reply = await call(`RSASSA-PSS, signAlgoParams SHA-256/MGF1-SHA-256/salt ${PSS_SALT}`, { ...hashes([pss.digest]), ...hashAlgo(HASH.sha256), signAlgo: RSASSA_PSS, signAlgoParams: encodeBase64(pssParamsDer("sha256", PSS_SALT)) });
      out.pss = { ...pss, reply };
    }
    // A request that must be accepted needs a signature of the SAD (and, for SCAL 2, a bound hash) of its own.
    if (c.keyAlgos.includes(SHA256_WITH_RSA) && numSignatures >= (pssListed ? 2 : 1)) {
      const reply = await call("sha256WithRSAEncryption with hashAlgo SHA-512 (to be ignored) over a SHA-256 digest", { ...hashes([implied.digest]), ...hashAlgo(HASH.sha512), signAlgo: SHA256_WITH_RSA });
      out.impliedHash = { ...implied, reply };
    }
    if (pssListed) out.pssWithoutParams = await call("RSASSA-PSS without signAlgoParams", { ...hashes([plain[0]!.digest]), ...hashAlgo(HASH.sha256), signAlgo: RSASSA_PSS });
    if (c.keyAlgos.includes(RSA_ENCRYPTION)) {
      out.rsaWithoutHashAlgo = await call("rsaEncryption without a hash algorithm", { ...hashes([plain[1]!.digest]), signAlgo: RSA_ENCRYPTION });
      out.wrongLength = await call("rsaEncryption, SHA-256 named, a 48-byte value", { ...hashes([new Uint8Array(randomBytes(48))]), ...hashAlgo(HASH.sha256), signAlgo: RSA_ENCRYPTION });
    }
    if (outside) out.outsideKeyAlgo = { signAlgo: outside, reply: await call(`signAlgo ${outside}, not in key/algo`, { ...hashes([plain[2]!.digest]), ...hashAlgo(HASH.sha256), signAlgo: outside }) };
    return out as ProtocolSigning;
  });
}
