/**
 * csc.authorize.otp-replay — a TOTP code accepted once is refused the second time. Judged on the
 * shared SCAL 2 scenario, which replays its code immediately after the first acceptance (so the
 * code is still within its time step and only replay detection can refuse it).
 */
import { defineCheck } from "../../src/check/types.ts";
import { scal2Scenario, TOTP_SCENARIO_TIMEOUT_MS } from "../../src/csc/scenarios.ts";
import { at, cannotConclude, mustRefuse, notApplicable, runProbe, conclude } from "../../src/csc/probe.ts";

export default defineCheck({
  id: "csc.authorize.otp-replay",
  family: "csc",
  title: { ja: "一度受理されたTOTPは再利用できない", en: "A TOTP code accepted once is refused the second time" },
  description: {
    ja: "PIN＋TOTPで認可に成功した直後に、同じTOTPコードで再度認可を試み、拒否されることを確認する。",
    en: "Right after a successful PIN + TOTP authorization, sends the same TOTP code again and expects a refusal.",
  },
  needs: ["csc", "csc.signer.otp"],
  intrusive: false,
  timeoutMs: TOTP_SCENARIO_TIMEOUT_MS,
  async run(ctx) {
    return runProbe(ctx, "csc.authorize.otp-replay", async ({ session, uses }) => {
      const s = await scal2Scenario(ctx);
      if (!("transcript" in s)) return s.notApplicable ? notApplicable(s.unavailable, at(session, "credentials/authorize", "SCAL 2")) : cannotConclude(s.unavailable, at(session, "credentials/authorize", "SCAL 2"));
      uses(s.transcript);
      if (!s.authorization.otp) return cannotConclude("the first authorization used no TOTP code", at(session, "credentials/authorize", "SCAL 2"));
      const where = at(session, "credentials/authorize", `same TOTP code again on ${s.credential.credentialID}`);
      if (s.otpReplay.wrongOtp?.ok) {
        return cannotConclude("a wrong TOTP code is accepted too, so the OTP is not verified at all (see csc.authorize.otp-required); replay detection cannot be judged", at(session, "credentials/authorize", `wrong TOTP code on ${s.credential.credentialID}`));
      }
      const judged = mustRefuse(s.otpReplay.reply, "a refusal of the replayed code", where, "the same TOTP code was accepted a second time", s.credential.credentialID);
      if (judged.status === "pass" && !s.otpReplay.sameStep) {
        return cannotConclude("the TOTP time step changed between the two attempts, so the refusal may be expiry rather than replay detection", where);
      }
      return conclude([judged], { pass: "a replayed TOTP code is refused", fail: "a TOTP code can be replayed" });
    });
  },
});
