/**
 * The CSC fault matrix on both conformant bases: every CSC fault of the reference RSSP, started on
 * the default profile and on `conformant-variant`, makes the check that targets it fail with an
 * observation naming the effect, and no failing or advisory outcome lacks a basis (design §3a).
 * One fixture start per (base, fault).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { departuresWithoutBasis } from "../../src/check/basis.ts";
import { assertFailsWith, runAgainstFault } from "./helpers/fault-case.ts";

interface Case {
  fault: string;
  /** check → the effect its failing observation names */
  fails: Record<string, RegExp>;
  intrusive?: boolean;
  /**
   * The fault sits on carol's credential, which the fixture's assessment excludes (a test
   * instrument, never judged): run without the scope, as an assessment that includes it would.
   */
  unscoped?: boolean;
  /** checks the variant base cannot reach (a method it does not list): not-applicable there */
  notOnVariant?: string[];
}

export const CSC_FAULT_MATRIX: Case[] = [
  { fault: "sad-reusable", fails: { "csc.sad.single-use": /SAD signed a second time/, "csc.sad.num-signatures": /3 signatures made with a SAD for 2/ } },
  { fault: "sad-not-bound-to-hash", fails: { "csc.sad.hash-binding": /hash the SAD did not authorize was signed/ } },
  { fault: "sad-never-expires", fails: { "csc.sad.expiry": /still signed .* after authorization/, "csc.sad.extend-expired": /expired SAD was extended/ }, notOnVariant: ["csc.sad.extend-expired"] },
  { fault: "sad-cross-credential", fails: { "csc.sad.cross-credential": /SAD of cred-alice-01 signed with cred-alice-02/ } },
  { fault: "sad-cross-user", fails: { "csc.sad.cross-user": /signed with .*'s SAD/ } },
  { fault: "service-token-signs", fails: { "csc.sad.required": /signed without a SAD/ } },
  { fault: "no-pin-lockout", fails: { "csc.authorize.lockout": /not locked: the correct PIN still authorizes after 10 consecutive wrong PINs/ }, intrusive: true },
  { fault: "otp-replay-accepted", fails: { "csc.authorize.otp-replay": /same TOTP code was accepted a second time/ } },
  { fault: "single-factor-scal2", fails: { "csc.authorize.otp-required": /PIN alone authorized a credential declaring SCAL 2/ } },
  { fault: "pin-not-checked", fails: { "csc.authorize.wrong-pin": /a wrong PIN was accepted/ } },
  { fault: "num-signatures-unbounded", fails: { "csc.authorize.num-signatures-bounds": /numSignatures=0 was accepted/ } },
  { fault: "sha1-accepted", fails: { "csc.algo.weak-hash-refused": /SHA-1 hash was signed/ } },
  { fault: "md5-accepted", fails: { "csc.algo.weak-hash-refused": /MD5 hash was signed/ } },
  { fault: "signalgo-unchecked", fails: { "csc.algo.signalgo-matches-key": /which is not in key\/algo/ } },
  { fault: "digest-length-unchecked", fails: { "csc.sad.digest-length": /signed a 31-byte value declared as SHA-256/ } },
  { fault: "weak-rsa-key", fails: { "csc.algo.key-size": /below the policy/ }, unscoped: true },
  { fault: "wrong-signature", fails: { "csc.signature.verifies": /do not verify over the submitted hash/ } },
  { fault: "list-leaks-other-users", fails: { "csc.list.isolation": /also listed for another signer/ } },
  { fault: "error-leaks-existence", fails: { "csc.info.no-existence-oracle": /the difference reveals that the credential exists/ } },
  { fault: "otp-in-response", fails: { "csc.response.no-secrets": /the OTP appears in the response/ } },
  { fault: "bearer-not-checked", fails: { "csc.auth.bearer-required": /served without authentication/ } },
  { fault: "revoke-ignored", fails: { "csc.auth.revoked-token": /the revoked access token still works/ } },
  { fault: "userid-accepted", fails: { "csc.auth.userid-refused": /accepted/ } },
];

for (const base of ["conformant", "conformant-variant"]) {
  for (const c of CSC_FAULT_MATRIX) {
    test(`${base} + ${c.fault}: ${Object.keys(c.fails).join(", ")} fail(s) naming the effect`, async () => {
      const runs = await runAgainstFault(c.fault, Object.keys(c.fails), { profile: base, intrusive: c.intrusive, unscoped: c.unscoped });
      for (const [id, effect] of Object.entries(c.fails)) {
        if (base !== "conformant" && c.notOnVariant?.includes(id)) {
          assert.equal(runs.get(id)!.outcome.status, "not-applicable", id);
          continue;
        }
        assertFailsWith(runs, id, effect);
      }
      for (const run of runs.values()) assert.deepEqual(departuresWithoutBasis(run.outcome), [], `${run.id} has a departure without a basis`);
    });
  }
}
