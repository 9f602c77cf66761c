/**
 * The factors the SCAL 2 steps name (src/csc/factors.ts): from the signer's code source (a TOTP
 * seed, or an `otp:` source) and the credential's auth objects (out of band: a push approval).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { codeNameOf, factorsOf } from "../../src/csc/factors.ts";
import { OtpAllocator } from "../../src/csc/otp.ts";
import { externalSource, Prompter } from "../../src/csc/otp-source.ts";
import type { CredentialDescription } from "../../src/csc/credentials.ts";
import type { CscSession } from "../../src/csc/session.ts";

// alice has a TOTP seed; bob's codes come from a command (an SMS gateway, say).
const otp = new OtpAllocator([{ signer: "alice", seed: "JBSWY3DPEHPK3PXP" }], [{ signer: "bob", source: externalSource({ kind: "command", command: "echo 123456", timeoutSeconds: 5 }, new Prompter(undefined)) }]);
const session = { otp } as Pick<CscSession, "otp"> as CscSession;
const cred = (signer: string, more: Partial<CredentialDescription> = {}): CredentialDescription => ({ credentialID: `cred-${signer}`, signer, keyAlgos: [], certificates: [], asksPin: true, asksOtp: true, scal: "2", multisign: 1, ...more });

test("PIN + TOTP with a seed, PIN + OTP from an otp source, PIN + push approval out of band (v1 implicit: the approval alone)", () => {
  assert.deepEqual(factorsOf(session, cred("alice")), { ja: "PIN + TOTP", en: "PIN + TOTP" });
  assert.deepEqual(factorsOf(session, cred("bob")), { ja: "PIN + OTP", en: "PIN + OTP" });
  assert.deepEqual(factorsOf(session, cred("alice", { asksOtp: false, outOfBand: "v2-objects" })), { ja: "PIN + プッシュ承認", en: "PIN + push approval" });
  assert.deepEqual(factorsOf(session, cred("bob", { asksOtp: false, outOfBand: "v1-implicit" })), { ja: "プッシュ承認", en: "push approval" });
  assert.equal(codeNameOf(session, cred("alice")), "TOTP code");
  assert.equal(codeNameOf(session, cred("bob")), "one-time code");
});
