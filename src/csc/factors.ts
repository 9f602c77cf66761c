/**
 * The factors authorizing a multi-factor credential takes, as the assessor's side supplies them —
 * named in the scenarios' step texts (prompts, transcripts) and in the messages reports show: a
 * TOTP where the signer's TOTP seed makes the code, an OTP where a code comes from the signer's
 * `otp:` source (typed, or printed by a command: SMS, e-mail, credentials/sendOTP), a push
 * approval where the second factor is out of band (v2 ChallengeResponseOOB/PasswordOOB objects;
 * v1 `implicit`, where the provider collects every factor itself and no PIN is sent).
 */
import type { CredentialDescription } from "./credentials.ts";
import type { CscSession } from "./session.ts";

export type SecondFactorKind = "totp" | "otp" | "push";

/** The kind of second factor the suite gives this credential. */
export function secondFactorOf(session: CscSession, c: CredentialDescription): SecondFactorKind {
  if (c.outOfBand !== undefined) return "push";
  return session.otp.isExternal(c.signer) ? "otp" : "totp";
}

const NAMES: Record<SecondFactorKind, { ja: string; en: string }> = {
  totp: { ja: "TOTP", en: "TOTP" },
  otp: { ja: "OTP", en: "OTP" },
  push: { ja: "プッシュ承認", en: "push approval" },
};

/** "PIN + TOTP", "PIN + OTP", "PIN + push approval" (v1 implicit: "push approval" — no PIN is sent). */
export function factorsOf(session: CscSession, c: CredentialDescription): { ja: string; en: string } {
  const second = NAMES[secondFactorOf(session, c)];
  if (c.outOfBand === "v1-implicit") return second;
  return { ja: `PIN + ${second.ja}`, en: `PIN + ${second.en}` };
}

/** The code the suite types for it: "TOTP code" or "one-time code" (a push approval has none). */
export function codeNameOf(session: CscSession, c: CredentialDescription): string {
  return secondFactorOf(session, c) === "totp" ? "TOTP code" : "one-time code";
}

