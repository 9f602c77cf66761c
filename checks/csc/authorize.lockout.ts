/**
 * csc.authorize.lockout (intrusive) — after repeated wrong PINs (parameter ua.lockoutThreshold)
 * the credential is locked: the correct PIN (and a fresh OTP) is then refused. This LOCKS a test
 * credential, so it runs only with --intrusive, on a credential the other probes do not rely on.
 */
import { defineCheck } from "../../src/check/types.ts";
import { authorize, randomDigests } from "../../src/csc/activation.ts";
import { allCredentials, canAuthorize, cheapCredential, signerOf, twoFactorCredentials } from "../../src/csc/session.ts";
import { describeReply } from "../../src/csc/client.ts";
import { at, cannotConclude, mustRefuse, runProbe, conclude, type Judged } from "../../src/csc/probe.ts";
import { wrongPinFor } from "./authorize.wrong-pin.ts";

export default defineCheck({
  id: "csc.authorize.lockout",
  family: "csc",
  title: { ja: "連続した認証失敗で鍵がロックされる（侵襲的）", en: "Repeated failures lock the credential (intrusive)" },
  description: {
    ja: "ua.lockoutThreshold回誤ったPINで認可を試みた後、正しいPIN（及びOTP）でも拒否されることを確認する。試験用の鍵をロックするため--intrusive指定時のみ実行する。",
    en: "Tries ua.lockoutThreshold wrong PINs, then the correct PIN (and OTP), which must be refused. It locks a test credential, so it runs only with --intrusive.",
  },
  needs: ["csc", "csc.signer"],
  parameters: ["ua.lockoutThreshold"],
  intrusive: true,
  timeoutMs: 60_000,
  async run(ctx) {
    return runProbe(ctx, "csc.authorize.lockout", async ({ session, t }) => {
      // Spare the credentials other probes rely on: the cheapest and the primary multi-factor one.
      const reserved = [cheapCredential(session)?.credentialID, twoFactorCredentials(session)[0]?.credentialID];
      const candidates = allCredentials(session).filter((c) => canAuthorize(session, c));
      const c = [...candidates].reverse().find((x) => !reserved.includes(x.credentialID)) ?? candidates[candidates.length - 1];
      if (!c) return cannotConclude("no credential the assessor can authorize", at(session, "credentials/list", "credentials"));
      const threshold = Math.max(1, Number(ctx.parameters["ua.lockoutThreshold"] ?? 10));
      const pin = signerOf(session, c).account.pin!.reveal();
      const hashes = randomDigests(1);
      let accepted = 0;
      for (let i = 1; i <= threshold; i++) {
        const wrong = await authorize(session, t, c, { numSignatures: 1, hashes, pin: wrongPinFor(pin), otp: "omit", step: `wrong PIN ${i}/${threshold}` }, ctx.signal);
        if (wrong.reply.ok) accepted++;
      }
      const judged: Judged[] = [];
      if (accepted) judged.push({ status: "fail", observation: { expected: "wrong PINs refused", observed: `${accepted} wrong PIN(s) accepted`, where: at(session, "credentials/authorize", c.credentialID), ok: false } });
      const after = await authorize(session, t, c, { numSignatures: 1, hashes, step: "correct PIN after the failures", expectRefusal: true }, ctx.signal);
      judged.push(mustRefuse(after.reply, `a refusal after ${threshold} wrong PINs (locked)`, at(session, "credentials/authorize", `correct PIN on ${c.credentialID} after ${threshold} failures`), `not locked: the correct PIN still authorizes after ${threshold} consecutive wrong PINs`, c.credentialID));
      const info = await session.client.call(t, "key status after the failures", "credentials/info", { credentialID: c.credentialID }, { auth: { bearer: signerOf(session, c).token! }, signal: ctx.signal });
      const key = info.body.key as Record<string, unknown> | undefined;
      judged.push({ status: "pass", observation: { expected: "key/status reported", observed: info.ok ? `key/status ${String(key?.status ?? "absent")}` : describeReply(info), where: at(session, "credentials/info", c.credentialID), subject: c.credentialID, ok: true } });
      return conclude(judged, { pass: `${c.credentialID} locked after at most ${threshold} wrong PINs`, fail: "no lock-out after repeated wrong PINs" });
    });
  },
});
