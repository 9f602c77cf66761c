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
      if (!s.authorization.otp || !s.otpReplay) return cannotConclude({ ja: "最初の認可でTOTPコードが使われなかった", en: "the first authorization used no TOTP code" }, at(session, "credentials/authorize", "SCAL 2"));
      const where = at(session, "credentials/authorize", `same TOTP code again on ${s.credential.credentialID}`);
      if (s.otpReplay.wrongOtp?.ok) {
        return cannotConclude({ ja: "誤ったTOTPコードも受理されるため、OTPがそもそも検証されていない（csc.authorize.otp-required参照）: 再使用の検知は判定できない", en: "a wrong TOTP code is accepted too, so the OTP is not verified at all (see csc.authorize.otp-required); replay detection cannot be judged" }, at(session, "credentials/authorize", `wrong TOTP code on ${s.credential.credentialID}`));
      }
      const judged = mustRefuse(s.otpReplay.reply, { ja: "再使用されたコードの拒否", en: "a refusal of the replayed code" }, where, { ja: "同じTOTPコードが2回目も受理された", en: "the same TOTP code was accepted a second time" }, s.credential.credentialID);
      if (judged.status === "pass" && !s.otpReplay.sameStep) {
        return cannotConclude({ ja: "2回の試行の間にTOTPの時間ステップが変わったため、拒否は再使用の検知ではなく期限切れによるものかもしれない", en: "the TOTP time step changed between the two attempts, so the refusal may be expiry rather than replay detection" }, where);
      }
      return conclude([judged], { pass: { ja: "再使用されたTOTPコードは拒否される", en: "a replayed TOTP code is refused" }, fail: { ja: "TOTPコードを再使用できる", en: "a TOTP code can be replayed" } });
    });
  },
});
