/**
 * csc.authorize.otp-required — on every credential that asks for an OTP or claims SCAL 2, the PIN
 * alone does not authorize: the declared SCAL is tested, never trusted. No TOTP code is spent
 * (none is sent); a credential that accepts the PIN alone fails.
 */
import { defineCheck } from "../../src/check/types.ts";
import { authorize, randomDigests } from "../../src/csc/activation.ts";
import { claimsTwoFactors } from "../../src/csc/credentials.ts";
import { allCredentials, signerOf } from "../../src/csc/session.ts";
import { at, mustRefuse, notApplicable, runProbe, conclude } from "../../src/csc/probe.ts";
import { excludedByScope } from "../../src/csc/credential-scope.ts";

const MAX_CREDENTIALS = 4;

export default defineCheck({
  id: "csc.authorize.otp-required",
  family: "csc",
  title: { ja: "OTPを要する鍵（SCAL2）はPINのみでは認可されない", en: "PIN without OTP is refused where both are required" },
  description: {
    ja: "OTPを要求する、またはSCAL2を称する全ての鍵について、正しいPINのみでcredentials/authorizeを呼び、拒否されることを確認する（自己申告のSCALを信用しない）。",
    en: "For every credential that asks for an OTP or claims SCAL 2, calls credentials/authorize with the correct PIN alone and expects a refusal (the declared SCAL is tested, not trusted).",
  },
  needs: ["csc", "csc.signer"],
  intrusive: false,
  async run(ctx) {
    return runProbe(ctx, "csc.authorize.otp-required", async ({ session, t }) => {
      const targets = allCredentials(session).filter((c) => claimsTwoFactors(c) && signerOf(session, c).token && signerOf(session, c).account.pin).slice(0, MAX_CREDENTIALS);
      if (!targets.length) return excludedByScope(session.excluded) ?? notApplicable({ ja: "OTPを求める鍵もSCAL 2を宣言する鍵もない", en: "no credential asks for an OTP or claims SCAL 2" }, at(session, "credentials/info", "auth objects / SCAL"));
      const judged = [];
      for (const c of targets) {
        const n = Math.min(2, c.multisign);
        const a = await authorize(session, t, c, { numSignatures: n, hashes: randomDigests(n), otp: "omit", step: `authorize ${c.credentialID} with the PIN alone`, expectRefusal: true }, ctx.signal);
        const claim = `SCAL ${c.scal ?? "?"}${c.asksOtp ? ", OTP declared" : ""}`;
        judged.push(mustRefuse(a.reply, { ja: `拒否（${claim}）`, en: `a refusal (${claim})` }, at(session, "credentials/authorize", `PIN only on ${c.credentialID}`), { ja: `PINのみで${claim}を宣言する鍵が認可された — 単一要素の活性化`, en: `the PIN alone authorized a credential declaring ${claim} — single-factor activation` }, c.credentialID));
      }
      return conclude(judged, { pass: { ja: `複数要素の鍵${targets.length}個はPINのみを拒否する`, en: `${targets.length} multi-factor credential(s) refuse the PIN alone` }, fail: { ja: "複数要素の鍵がPINのみで認可される", en: "a multi-factor credential authorizes with the PIN alone" } });
    });
  },
});
