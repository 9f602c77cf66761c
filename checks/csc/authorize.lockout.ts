/**
 * csc.authorize.lockout (intrusive) — after ua.lockoutThreshold failed authentications the
 * credential is locked: the correct PIN (and a fresh OTP) is then refused. This LOCKS a test
 * credential, so it runs only with --intrusive, on a credential the other probes do not rely on.
 *
 * Each attempt sends complete authentication data that is wrong (a wrong PIN, and a well-formed
 * OTP where the credential asks for one): a provider may refuse an incomplete request as a format
 * error before comparing any secret, and need not count it (CSC leaves lock-out policy open,
 * v1 §11.6 NOTE 1, v2 §11.6 Note 29). Each refusal is classified; refusals that are not
 * authentication failures prove nothing, and the check then says `error`. A provider that locks
 * after fewer failures than the threshold passes.
 */
import { randomInt } from "node:crypto";
import { defineCheck, type Message } from "../../src/check/types.ts";
import { authorize, randomDigests } from "../../src/csc/activation.ts";
import { allCredentials, canAuthorize, cheapCredential, signerOf, twoFactorCredentials } from "../../src/csc/session.ts";
import { claimsTwoFactors } from "../../src/csc/credentials.ts";
import { describeReply, type CscReply } from "../../src/csc/client.ts";
import { at, cannotConclude, mustRefuse, runProbe, conclude, type Judged } from "../../src/csc/probe.ts";
import { wrongPinFor } from "./authorize.wrong-pin.ts";

export type Refusal = "accepted" | "auth-failure" | "locked" | "format" | "server-error";

/**
 * What one refused attempt was (pure): v1 names invalid_pin/invalid_otp, v2 invalid_authentication_data;
 * "PIN locked" / "Credential locked" / a disabled key is a lock. Anything else in 4xx is a format error.
 */
export function classifyRefusal(r: CscReply): Refusal {
  if (r.ok) return "accepted";
  if (r.status >= 500 || r.status < 400) return "server-error";
  const text = `${r.error ?? ""} ${r.errorDescription ?? ""}`;
  if (/lock|disabled|suspend|blocked/i.test(text)) return "locked";
  if (/^(invalid_pin|invalid_otp|invalid_authentication_data|access_denied|authentication_error)$/i.test(r.error ?? "")) return "auth-failure";
  if (!/missing|required|malformed|format/i.test(text) && /\b(pin|otp|password|passcode|authentication data)\b.*\b(invalid|wrong|incorrect)|\b(invalid|wrong|incorrect)\b.*\b(pin|otp|password|passcode|authentication data)\b/i.test(text)) return "auth-failure";
  return "format";
}

/** A well-formed one-time code (six digits, the TOTP format) that is almost surely not the current one. */
export function wellFormedOtp(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, "0");
}

export default defineCheck({
  id: "csc.authorize.lockout",
  family: "csc",
  title: { ja: "連続した認証失敗で鍵がロックされる（侵襲的）", en: "Repeated failures lock the credential (intrusive)" },
  description: {
    ja: "誤ったPIN（OTPを要する鍵には形式の正しいOTPを添えた完全な認証データ）でua.lockoutThreshold回まで認可を試み、各拒否が認証失敗であることを確かめた後、正しいPIN（及びOTP）でも拒否されることを確認する。試験用の鍵をロックするため--intrusive指定時のみ実行する。",
    en: "Tries up to ua.lockoutThreshold authorizations with complete but wrong authentication data (a wrong PIN, with a well-formed OTP where one is asked for), confirms each refusal is an authentication failure, then expects the correct PIN (and OTP) to be refused. It locks a test credential, so it runs only with --intrusive.",
  },
  needs: ["csc", "csc.signer"],
  parameters: ["ua.lockoutThreshold"],
  intrusive: true,
  timeoutMs: 60_000,
  async run(ctx) {
    return runProbe(ctx, "csc.authorize.lockout", async ({ session, t }) => {
      // Spare the credentials other probes rely on: the cheapest and the primary multi-factor one.
      // (and the second signer's multi-factor one, which csc.sad.hash-count uses).
      const twoFactors = twoFactorCredentials(session);
      const reserved = [cheapCredential(session)?.credentialID, twoFactors[0]?.credentialID, twoFactors.find((x) => x.signer !== twoFactors[0]?.signer)?.credentialID];
      const candidates = allCredentials(session).filter((c) => canAuthorize(session, c));
      const c = [...candidates].reverse().find((x) => !reserved.includes(x.credentialID)) ?? candidates[candidates.length - 1];
      if (!c) return cannotConclude("no credential the assessor can authorize", at(session, "credentials/list", "credentials"));
      const threshold = Math.max(1, Number(ctx.parameters["ua.lockoutThreshold"] ?? 10));
      const pin = signerOf(session, c).account.pin!.reveal();
      const twoFactor = claimsTwoFactors(c);
      const hashes = randomDigests(1);
      const where = at(session, "credentials/authorize", c.credentialID);
      const seen: Record<Refusal, number> = { accepted: 0, "auth-failure": 0, locked: 0, format: 0, "server-error": 0 };
      let lockedAt: number | undefined;
      let lastFormat = "";
      for (let i = 1; i <= threshold; i++) {
        const wrong = await authorize(session, t, c, { numSignatures: 1, hashes, pin: wrongPinFor(pin), otp: twoFactor ? wellFormedOtp() : "omit", step: `wrong PIN${twoFactor ? " with a well-formed OTP" : ""} ${i}/${threshold}`, expectRefusal: true }, ctx.signal);
        const kind = classifyRefusal(wrong.reply);
        seen[kind]++;
        if (kind === "format") lastFormat = describeReply(wrong.reply);
        if (kind === "locked") {
          lockedAt = i;
          break;
        }
      }
      const judged: Judged[] = [];
      const tally: Message = {
        ja: `認証失敗 ${seen["auth-failure"]}、ロック ${seen.locked}、形式エラー ${seen.format}、受理 ${seen.accepted}、サーバエラー ${seen["server-error"]}`,
        en: `${seen["auth-failure"]} authentication failure(s), ${seen.locked} lock refusal(s), ${seen.format} format error(s), ${seen.accepted} accepted, ${seen["server-error"]} server error(s)`,
      };
      if (seen.accepted) {
        judged.push({ status: "fail", observation: { expected: { ja: "誤ったPINは拒否される", en: "wrong PINs refused" }, observed: { ja: `誤ったPINが${seen.accepted}回受理された`, en: `${seen.accepted} wrong PIN(s) accepted` }, where, subject: c.credentialID, ok: false } });
      }
      if (!seen["auth-failure"] && lockedAt === undefined) {
        // Nothing was counted as a failed authentication: the probe cannot tell a lock-out from its absence.
        judged.push({
          status: "error",
          observation: { expected: { ja: "認証失敗としての拒否", en: "refusals as authentication failures" }, observed: { ja: `認証失敗と判別できる拒否がない（${tally.ja}${lastFormat ? `; ${lastFormat}` : ""}）`, en: `no refusal was an authentication failure (${tally.en}${lastFormat ? `; ${lastFormat}` : ""}): the refusals prove nothing` }, where, subject: c.credentialID, ok: false },
        });
        return conclude(judged, { pass: "", fail: { ja: "誤ったPINが受理される", en: "wrong PINs are accepted" } });
      }
      judged.push({ status: "pass", observation: { expected: { ja: `最大${threshold}回の認証失敗`, en: `up to ${threshold} authentication failures` }, observed: lockedAt ? { ja: `${lockedAt}回目の試行でロック済み（${tally.ja}）`, en: `locked at attempt ${lockedAt} (${tally.en})` } : tally, where, subject: c.credentialID, ok: true } });
      const failures = lockedAt ? lockedAt - 1 : threshold;
      const after = await authorize(session, t, c, { numSignatures: 1, hashes, step: "correct PIN after the failures", expectRefusal: true }, ctx.signal);
      judged.push(
        mustRefuse(
          after.reply,
          { ja: `${failures}回の認証失敗の後は拒否される（ロック）`, en: `a refusal after ${failures} authentication failures (locked)` },
          at(session, "credentials/authorize", `correct PIN on ${c.credentialID} after ${failures} failures`),
          { ja: `ロックされない: ${threshold}回連続の誤ったPINの後も正しいPINで認可される`, en: `not locked: the correct PIN still authorizes after ${threshold} consecutive wrong PINs` },
          c.credentialID,
        ),
      );
      const info = await session.client.call(t, "key status after the failures", "credentials/info", { credentialID: c.credentialID }, { auth: { bearer: signerOf(session, c).token! }, signal: ctx.signal });
      const key = info.body.key as Record<string, unknown> | undefined;
      judged.push({ status: "pass", observation: { expected: "key/status reported", observed: info.ok ? `key/status ${String(key?.status ?? "absent")}` : describeReply(info), where: at(session, "credentials/info", c.credentialID), subject: c.credentialID, ok: true } });
      return conclude(judged, {
        pass: { ja: `${c.credentialID}は${failures}回以下の認証失敗でロックされる（閾値${threshold}）`, en: `${c.credentialID} locked after ${failures} authentication failure(s) (threshold ${threshold})` },
        fail: { ja: "連続した認証失敗の後もロックされない", en: "no lock-out after repeated wrong PINs" },
      });
    });
  },
});
