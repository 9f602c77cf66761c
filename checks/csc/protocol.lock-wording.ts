/**
 * csc.protocol.lock-wording — a locked credential is refused as the announced version's method
 * table says: v1.0.4.0 §11.6 "PIN locked" / "OTP locked" (400 invalid_request, the description the
 * same words), v2.0.0.2 §11.6 "Credential locked" (400 invalid_request); on either, the row
 * "Signing key for credentialID is disabled" (400 invalid_request "The credential identified by
 * credentialID is disabled") also describes a lock, since the lock policy is the provider's
 * (v1 §11.6 NOTE 1, v2 Note 29). Which factor a v1 provider locks is its choice too, so either v1
 * wording is accepted. Strength: the status code is a SHALL (v1 §10.1 "SHALL return the
 * corresponding HTTP status code"; v2 §10.2); the error code and description are the table's
 * answer to a defined case, but error_description is "OPTIONAL but highly RECOMMENDED" and custom
 * messages are allowed (v1 §10.1), so a different wording is a SHOULD-level departure.
 *
 * Seen only after a lock-out: the refusals are those csc.authorize.lockout collects (the shared
 * lock-out run, never repeated). Without --intrusive nothing is locked and this check is
 * not-applicable, saying so. With --intrusive it reads the shared run, which it starts itself
 * when it is the first to need it (the lock-out check's credential choice and budget).
 */
import { defineCheck, type Message } from "../../src/check/types.ts";
import { at, notApplicable, oneLine, runProbe, type Judged } from "../../src/csc/probe.ts";
import { announcedVersion, concludeProtocol, cscBasis, type CscVersion } from "../../src/csc/protocol.ts";
import type { CscReply } from "../../src/csc/client.ts";
import { LOCKOUT_TIMEOUT_MS, lockoutRun } from "./authorize.lockout.ts";

/** The descriptions of the lock rows of each version's §11.6 table. */
export const LOCK_WORDINGS: Record<CscVersion, readonly string[]> = {
  v1: ["PIN locked", "OTP locked"],
  v2: ["Credential locked"],
};
/** §11.6 "Signing key for credentialID is disabled" (both versions). */
export const DISABLED_WORDING = "The credential identified by credentialID is disabled";

const normal = (s: string) => s.trim().replace(/\.$/, "").toLowerCase();

/** Judges one refusal of a locked credential (pure). */
export function judgeLockRefusal(version: CscVersion, reply: CscReply, where: string, subject?: string): Judged {
  const wordings = [...LOCK_WORDINGS[version], DISABLED_WORDING];
  const quoted = wordings.map((w) => `"${w}"`).join(" / ");
  const seen = oneLine(`HTTP ${reply.status} ${reply.error ?? "(no error)"} "${reply.errorDescription ?? ""}"`, 200);
  const expected: Message = { ja: `ロックされた鍵の拒否は400 invalid_request ${quoted}`, en: `a locked credential refused with 400 invalid_request ${quoted}` };
  const clause = { v1: { ja: "11.6 「PIN locked」/「OTP locked」 → 400 invalid_request", en: "11.6 PIN locked / OTP locked → 400 invalid_request" }, v2: { ja: "11.6 「Credential locked」 → 400 invalid_request", en: "11.6 Credential locked → 400 invalid_request" } };
  const codeOk = reply.status === 400 && reply.error === "invalid_request";
  const description = reply.errorDescription ?? "";
  const wordingOk = wordings.some((w) => normal(w) === normal(description));
  const other: CscVersion = version === "v1" ? "v2" : "v1";
  const otherVersion = LOCK_WORDINGS[other].some((w) => normal(w) === normal(description));
  const ok = codeOk && wordingOk;
  if (ok) return { status: "pass", observation: { expected, observed: seen, where, ok: true, ...(subject ? { subject } : {}) } };
  const observed: Message = otherVersion
    ? { ja: `${version}で${other}の文言: ${seen}`, en: `the ${other} wording on ${version}: ${seen}` }
    : !codeOk
      ? { ja: `ステータス又はエラーコードが異なる: ${seen}`, en: `another status or error code: ${seen}` }
      : { ja: `文言が表と異なる: ${seen}`, en: `a wording of its own: ${seen}` };
  // The status is the SHALL (§10.1/§10.2); the description the table's RECOMMENDED text.
  const strength = reply.status !== 400 ? "shall" : "should";
  return {
    status: "fail",
    observation: { expected, observed, where, ok: false, ...(subject ? { subject } : {}), basis: cscBasis(version, { v1: { ja: `${clause.v1.ja}; 10.1 error_descriptionは任意だが強く推奨`, en: `${clause.v1.en}; 10.1 error_description OPTIONAL but highly RECOMMENDED` }, v2: { ja: `${clause.v2.ja}; 10.2 error_descriptionは任意だが強く推奨`, en: `${clause.v2.en}; 10.2 error_description OPTIONAL but highly RECOMMENDED` } }, strength) },
  };
}

export default defineCheck({
  id: "csc.protocol.lock-wording",
  family: "csc",
  title: { ja: "ロックされた鍵の拒否は宣言した版の文言による", en: "A locked credential is refused in the announced version's words" },
  description: {
    ja: "連続した認証失敗でロックされた鍵への認可の拒否が、宣言した版のメソッド表のとおり400 invalid_requestで、v1では\"PIN locked\"又は\"OTP locked\"、v2では\"Credential locked\"（又は両版の\"The credential identified by credentialID is disabled\"）であることを、csc.authorize.lockoutの拒否から確認する（相互運用性。ガイドラインの本文外）。ロックは--intrusive指定時にのみ行うため、指定がなければ対象外とする。",
    en: "From the refusals csc.authorize.lockout collects, confirms that authorizing a credential locked by repeated failures is refused as the announced version's method table says: 400 invalid_request with \"PIN locked\" or \"OTP locked\" on v1, \"Credential locked\" on v2 (or, on either, \"The credential identified by credentialID is disabled\") (interoperability, beyond the guideline's text). Nothing is locked without --intrusive, and then the check does not apply.",
  },
  needs: ["csc", "csc.signer"],
  parameters: ["ua.lockoutThreshold"],
  intrusive: false,
  timeoutMs: LOCKOUT_TIMEOUT_MS,
  async run(ctx) {
    return runProbe(ctx, "csc.protocol.lock-wording", async ({ session, uses }) => {
      const where = at(session, "credentials/authorize", "locked credential");
      if (!ctx.intrusive) return notApplicable({ ja: "ロックの文言は鍵のロック後にのみ見える（ロックは侵襲的: --intrusive指定時のみ）", en: "the lock wording shows only once a credential is locked (intrusive: run with --intrusive)" }, where);
      const run = await lockoutRun(ctx, session);
      if (!run) return notApplicable({ ja: "評価者が認可できる鍵がない", en: "no credential the assessor can authorize" }, where);
      uses(run.transcript);
      const subject = run.credential.credentialID;
      const version = announcedVersion(session.info.body.specs, session.client.version);
      const refusals = [
        ...run.lockRefusals.map((r) => ({ reply: r.reply, where: at(session, "credentials/authorize", `${r.step} on ${subject}`) })),
        ...(run.after && !run.after.ok && run.after.status >= 400 && run.after.status < 500 ? [{ reply: run.after, where: run.afterWhere! }] : []),
      ];
      if (refusals.length === 0) return notApplicable({ ja: `${subject}はロックされなかった（csc.authorize.lockoutが報告する）`, en: `${subject} was not locked (csc.authorize.lockout reports it)` }, where);
      return concludeProtocol(
        refusals.map((r) => judgeLockRefusal(version, r.reply, r.where, subject)),
        {
          pass: { ja: "ロックされた鍵の拒否は宣言した版の文言による", en: "a locked credential is refused in the announced version's words" },
          fail: { ja: "ロックされた鍵の拒否がメソッド表の文言と異なる", en: "the lock refusal departs from the method table's words" },
        },
      );
    });
  },
});
