/**
 * csc.authorize.lockout (intrusive) — after ua.lockoutThreshold failed authentications the
 * credential is locked: the correct PIN (and a fresh OTP) is then refused. This LOCKS a test
 * credential, so it runs only with --intrusive, on a credential the other probes do not rely on.
 *
 * Each attempt sends complete authentication data that is wrong: a provider may refuse an
 * incomplete request as a format error before comparing any secret, and need not count it (CSC
 * leaves lock-out policy open, v1 §11.6 NOTE 1 "a wrong PIN or OTP is provided several times",
 * v2 §11.6 Note 29). Two routes: a wrong PIN (with a well-formed OTP where the credential asks for
 * one) and, for a multi-factor credential whose provider refuses the first route's data as a format
 * error, the real PIN with a wrong OTP. Each refusal is classified; when no refusal of any route is
 * an authentication failure (or a lock), the refusals prove nothing and the check says `error`.
 * A provider that locks after fewer failures than the threshold passes.
 */
import { randomInt } from "node:crypto";
import { defineCheck, type CheckContext, type Message } from "../../src/check/types.ts";
import { authorize, randomDigests } from "../../src/csc/activation.ts";
import { allCredentials, canAuthorize, cheapCandidates, signerOf, twoFactorCredentials, type CscSession } from "../../src/csc/session.ts";
import { claimsTwoFactors, type CredentialDescription } from "../../src/csc/credentials.ts";
import { Transcript } from "../../src/csc/transcript.ts";
import { describeReply, type CscReply } from "../../src/csc/client.ts";
import { at, cannotConclude, mustRefuse, runProbe, conclude, type Judged } from "../../src/csc/probe.ts";
import { wrongPinFor } from "./authorize.wrong-pin.ts";
import { excludedByScope } from "../../src/csc/credential-scope.ts";

export type Refusal = "accepted" | "auth-failure" | "locked" | "format" | "server-error";

/**
 * What one refused attempt was (pure): v1 names invalid_pin/invalid_otp, v2 invalid_authentication_data;
 * "PIN locked" / "OTP locked" / "Credential locked" / a disabled key is a lock. CSC's own format-error
 * wordings ("Invalid parameter X", "Missing (or invalid type) …") are format errors, whatever X is.
 * Anything else in 4xx is a format error unless its text says a PIN/OTP was wrong.
 */
export function classifyRefusal(r: CscReply): Refusal {
  if (r.ok) return "accepted";
  if (r.status >= 500 || r.status < 400) return "server-error";
  const text = `${r.error ?? ""} ${r.errorDescription ?? ""}`;
  if (/lock|disabled|suspend|blocked/i.test(text)) return "locked";
  if (/^(invalid_pin|invalid_otp|invalid_authentication_data|access_denied|authentication_error)$/i.test(r.error ?? "")) return "auth-failure";
  if (/invalid parameter|invalid type|missing|required|malformed|format/i.test(text)) return "format";
  if (/\b(pin|otp|password|passcode|authentication data)\b.*\b(invalid|wrong|incorrect)|\b(invalid|wrong|incorrect)\b.*\b(pin|otp|password|passcode|authentication data)\b/i.test(text)) return "auth-failure";
  return "format";
}

/** A well-formed one-time code (six digits, the TOTP format) that is almost surely not the current one. */
export function wellFormedOtp(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, "0");
}

/**
 * The two ways to send complete but wrong authentication data (v1 §11.6 NOTE 1: "a wrong PIN or
 * OTP"): a wrong PIN with a well-formed OTP, or the real PIN with a wrong OTP. Single-factor
 * credentials have only the first.
 */
export type Route = "wrong-pin" | "wrong-otp";
export function routesFor(twoFactor: boolean): Route[] {
  return twoFactor ? ["wrong-pin", "wrong-otp"] : ["wrong-pin"];
}
const ROUTE_TEXT: Record<Route, { ja: string; en: string; plural: { ja: string; en: string } }> = {
  "wrong-pin": { ja: "誤ったPIN", en: "wrong PIN", plural: { ja: "誤ったPIN", en: "wrong PINs" } },
  "wrong-otp": { ja: "正しいPINと誤ったOTP", en: "real PIN with a wrong OTP", plural: { ja: "誤ったOTP", en: "wrong OTPs" } },
};

/**
 * Whether to leave a route (pure): after its first attempt, when that refusal was not an
 * authentication failure (nor a lock) and another route remains — the provider refused the form of
 * the data, so this route cannot count failures.
 */
export function abandonRoute(attempt: number, kind: Refusal, hasNext: boolean): boolean {
  return hasNext && attempt === 1 && (kind === "format" || kind === "server-error");
}

/** The lock-out's time budget (shared with csc.protocol.lock-wording, which may be the one to run it). */
export const LOCKOUT_TIMEOUT_MS = 60_000;

/** What the lock-out probe saw (shared "csc:lockout": csc.protocol.lock-wording judges its lock refusals). */
export interface LockoutRun {
  transcript: Transcript;
  credential: CredentialDescription;
  threshold: number;
  /** The route of the last attempts. */
  route: Route;
  tried: Route[];
  seen: Record<Refusal, number>;
  attempts: number;
  lockedAt?: number;
  lastFormat: string;
  /** Every refusal classified `locked` during the attempts, with its step. */
  lockRefusals: Array<{ reply: CscReply; step: string }>;
  /** The correct PIN (and OTP) after the failures; absent when no refusal was an authentication failure. */
  after?: CscReply;
  afterWhere?: string;
  info?: CscReply;
}

/**
 * Runs the lock-out once per assessment (ctx.shared "csc:lockout"), in a transcript of its own: the
 * intrusive probe locks a credential, so a second check reading its refusals must not repeat it.
 * Callers make sure ctx.intrusive is set. Undefined when no credential can be authorized.
 */
export function lockoutRun(ctx: CheckContext, session: CscSession): Promise<LockoutRun | undefined> {
  return ctx.shared("csc:lockout", async () => {
    const t = new Transcript("shared: lock-out probe (csc.authorize.lockout, intrusive)");
    // Spare the credentials other probes rely on: the cheapest (each signer's, where they take turns) and the primary multi-factor one.
    // (and the second signer's multi-factor one, which csc.sad.hash-count uses).
    const twoFactors = twoFactorCredentials(session);
    const reserved = [...cheapCandidates(session).map((x) => x.credentialID), twoFactors[0]?.credentialID, twoFactors.find((x) => x.signer !== twoFactors[0]?.signer)?.credentialID];
    const candidates = allCredentials(session).filter((c) => canAuthorize(session, c));
    const c = [...candidates].reverse().find((x) => !reserved.includes(x.credentialID)) ?? candidates[candidates.length - 1];
    if (!c) return undefined;
    const threshold = Math.max(1, Number(ctx.parameters["ua.lockoutThreshold"] ?? 10));
    const pin = signerOf(session, c).account.pin!.reveal();
    const twoFactor = claimsTwoFactors(c);
    const hashes = randomDigests(1);
    const seen: Record<Refusal, number> = { accepted: 0, "auth-failure": 0, locked: 0, format: 0, "server-error": 0 };
    const lockRefusals: LockoutRun["lockRefusals"] = [];
    let lockedAt: number | undefined;
    let lastFormat = "";
    let attempts = 0;
    const routes = routesFor(twoFactor);
    let route: Route = routes[0]!;
    const tried: Route[] = [];
    for (const [r, next] of routes.entries()) {
      route = next;
      tried.push(route);
      for (let i = 1; i <= threshold; i++) {
        attempts++;
        const data = route === "wrong-pin" ? { pin: wrongPinFor(pin), otp: twoFactor ? wellFormedOtp() : "omit" } : { otp: wellFormedOtp() };
        const label = route === "wrong-pin" ? `wrong PIN${twoFactor ? " with a well-formed OTP" : ""}` : "real PIN with a wrong OTP";
        const step = `${label} ${i}/${threshold}`;
        const wrong = await authorize(session, t, c, { numSignatures: 1, hashes, ...data, step, expectRefusal: true }, ctx.signal);
        const kind = classifyRefusal(wrong.reply);
        seen[kind]++;
        if (kind === "format" || kind === "server-error") lastFormat = describeReply(wrong.reply);
        if (kind === "locked") {
          lockRefusals.push({ reply: wrong.reply, step });
          lockedAt = attempts;
          break;
        }
        if (abandonRoute(i, kind, r < routes.length - 1)) break;
      }
      if (lockedAt !== undefined || seen["auth-failure"] > 0) break;
    }
    const out: LockoutRun = { transcript: t, credential: c, threshold, route, tried, seen, attempts, lastFormat, lockRefusals, ...(lockedAt !== undefined ? { lockedAt } : {}) };
    // Nothing was counted as a failed authentication: the probe cannot tell a lock-out from its absence.
    if (!seen["auth-failure"] && lockedAt === undefined) return out;
    const failures = lockedAt ? lockedAt - 1 : attempts;
    out.after = (await authorize(session, t, c, { numSignatures: 1, hashes, step: "correct PIN after the failures", expectRefusal: true }, ctx.signal)).reply;
    out.afterWhere = at(session, "credentials/authorize", `correct PIN on ${c.credentialID} after ${failures} failures`);
    out.info = await session.client.call(t, "key status after the failures", "credentials/info", { credentialID: c.credentialID }, { auth: { bearer: signerOf(session, c).token! }, signal: ctx.signal });
    return out;
  });
}

export default defineCheck({
  id: "csc.authorize.lockout",
  family: "csc",
  title: { ja: "連続した認証失敗で鍵がロックされる（侵襲的）", en: "Repeated failures lock the credential (intrusive)" },
  description: {
    ja: "完全だが誤った認証データ（誤ったPINと形式の正しいOTP、又はそれが形式エラーとして拒否される場合は正しいPINと誤ったOTP）でua.lockoutThreshold回まで認可を試み、各拒否が認証失敗であることを確かめた後、正しいPIN（及びOTP）でも拒否されることを確認する。どの拒否も認証失敗と判別できなければ判定不能（error）とする。試験用の鍵をロックするため--intrusive指定時のみ実行する。",
    en: "Tries up to ua.lockoutThreshold authorizations with complete but wrong authentication data (a wrong PIN with a well-formed OTP, or — when that is refused as a format error — the real PIN with a wrong OTP), confirms each refusal is an authentication failure, then expects the correct PIN (and OTP) to be refused. When no refusal is an authentication failure the check says error. It locks a test credential, so it runs only with --intrusive.",
  },
  needs: ["csc", "csc.signer"],
  parameters: ["ua.lockoutThreshold"],
  intrusive: true,
  timeoutMs: LOCKOUT_TIMEOUT_MS,
  async run(ctx) {
    return runProbe(ctx, "csc.authorize.lockout", async ({ session, uses }) => {
      const run = await lockoutRun(ctx, session);
      if (!run) return excludedByScope(session.excluded) ?? cannotConclude({ ja: "評価者が認可できる鍵がない", en: "no credential the assessor can authorize" }, at(session, "credentials/list", "credentials"));
      uses(run.transcript);
      const { credential: c, threshold, seen, attempts, lockedAt, tried, lastFormat } = run;
      const where = at(session, "credentials/authorize", c.credentialID);
      const how = ROUTE_TEXT[run.route];
      const judged: Judged[] = [];
      const tally: Message = {
        ja: `認証失敗 ${seen["auth-failure"]}、ロック ${seen.locked}、形式エラー ${seen.format}、受理 ${seen.accepted}、サーバエラー ${seen["server-error"]}`,
        en: `${seen["auth-failure"]} authentication failure(s), ${seen.locked} lock refusal(s), ${seen.format} format error(s), ${seen.accepted} accepted, ${seen["server-error"]} server error(s)`,
      };
      if (seen.accepted) {
        judged.push({ status: "fail", observation: { expected: { ja: "誤った認証データは拒否される", en: "wrong authentication data refused" }, observed: { ja: `誤った認証データが${seen.accepted}回受理された`, en: `${seen.accepted} wrong authentication data accepted` }, where, subject: c.credentialID, ok: false } });
      }
      if (!run.after) {
        judged.push({
          status: "error",
          observation: { expected: { ja: "認証失敗としての拒否", en: "refusals as authentication failures" }, observed: { ja: `認証失敗と判別できる拒否がない（${tried.map((x) => ROUTE_TEXT[x].ja).join("、")}を試行; ${tally.ja}${lastFormat ? `; ${lastFormat}` : ""}）`, en: `no refusal was an authentication failure (tried: ${tried.map((x) => ROUTE_TEXT[x].en).join(", ")}; ${tally.en}${lastFormat ? `; ${lastFormat}` : ""}): the refusals prove nothing` }, where, subject: c.credentialID, ok: false },
        });
        return conclude(judged, { pass: "", fail: { ja: "誤った認証データが受理される", en: "wrong authentication data is accepted" } });
      }
      judged.push({ status: "pass", observation: { expected: { ja: `最大${threshold}回の認証失敗`, en: `up to ${threshold} authentication failures` }, observed: lockedAt ? { ja: `${how.ja}の${lockedAt}回目の試行でロック済み（${tally.ja}）`, en: `${how.en}: locked at attempt ${lockedAt} (${tally.en})` } : { ja: `${how.ja}: ${tally.ja}`, en: `${how.en}: ${tally.en}` }, where, subject: c.credentialID, ok: true } });
      const failures = lockedAt ? lockedAt - 1 : attempts;
      judged.push(
        mustRefuse(
          run.after,
          { ja: `${failures}回の認証失敗の後は拒否される（ロック）`, en: `a refusal after ${failures} authentication failures (locked)` },
          run.afterWhere!,
          { ja: `ロックされない: ${attempts}回連続の${how.plural.ja}の後も正しいPINで認可される`, en: `not locked: the correct PIN still authorizes after ${attempts} consecutive ${how.plural.en}` },
          c.credentialID,
        ),
      );
      const info = run.info!;
      const key = info.body.key as Record<string, unknown> | undefined;
      judged.push({ status: "pass", observation: { expected: { ja: "key/statusの報告", en: "key/status reported" }, observed: info.ok ? `key/status ${String(key?.status ?? "absent")}` : describeReply(info), where: at(session, "credentials/info", c.credentialID), subject: c.credentialID, ok: true } });
      return conclude(judged, {
        pass: { ja: `${c.credentialID}は${failures}回以下の認証失敗でロックされる（閾値${threshold}）`, en: `${c.credentialID} locked after ${failures} authentication failure(s) (threshold ${threshold})` },
        fail: { ja: "連続した認証失敗の後もロックされない", en: `no lock-out after repeated ${how.plural.en}` },
      });
    });
  },
});
