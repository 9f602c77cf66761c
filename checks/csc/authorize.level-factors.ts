/**
 * csc.authorize.level-factors — at the assessed level, every credential in service asks for as
 * many activation factors as the level requires (activation.minFactors; Part II §3: level 2
 * 複数要素認証しなければならない), whatever SCAL it declares. A SCAL 1 credential protected by a PIN
 * alone is in service too: unless the assessment's scope excludes it (with a reason, shown in the
 * report), it must refuse the PIN alone at level 2. The probe sends the correct PIN without an OTP:
 * an authorization proves one factor suffices (no TOTP code is spent; a refused OTP is no PIN
 * failure, so no lock-out counter moves).
 */
import { defineCheck, type Observation } from "../../src/check/types.ts";
import { basis } from "../../src/check/basis.ts";
import { authorize, randomDigests } from "../../src/csc/activation.ts";
import { allCredentials, signerOf } from "../../src/csc/session.ts";
import { at, cannotConclude, conclude, mustRefuse, notApplicable, runProbe, type Judged } from "../../src/csc/probe.ts";
import { excludedByScope } from "../../src/csc/credential-scope.ts";

/** Credentials probed at most (each costs one authorize call). */
const MAX_CREDENTIALS = 8;

/** `activation.minFactors` at a level: a per-level map ({"2": 2, "3": 2}) or one number; 1 where unset. */
export function minFactorsAt(value: unknown, level: 1 | 2 | 3): number {
  if (typeof value === "number" && Number.isInteger(value) && value >= 1) return value;
  if (value && typeof value === "object") {
    const v = (value as Record<string, unknown>)[String(level)];
    if (typeof v === "number" && Number.isInteger(v) && v >= 1) return v;
  }
  return 1;
}

const LEVEL_TEXT = (level: number) => basis("JT2A-RSG-2", `パートⅡ §3 署名鍵の活性化（鍵認可） レベル${level}`, "shall");

export default defineCheck({
  id: "csc.authorize.level-factors",
  family: "csc",
  title: { ja: "提供中の全ての鍵がレベルの要求する認証要素数で活性化される", en: "Every credential in service asks for the level's activation factors" },
  description: {
    ja: "評価対象レベルで提供中の全てのクレデンシャル（SCAL 1を含む。評価範囲から理由付きで除外したものを除く）について、正しいPINのみでcredentials/authorizeを呼び、レベルが複数要素認証を要求する（activation.minFactors）場合に拒否されることを確認する。",
    en: "For every credential in service at the assessed level (SCAL 1 included; those the assessment's scope excludes with a reason are listed, not probed), calls credentials/authorize with the correct PIN alone and expects a refusal wherever the level requires more than one factor (activation.minFactors).",
  },
  needs: ["csc", "csc.signer"],
  parameters: ["activation.minFactors"],
  intrusive: false,
  async run(ctx) {
    return runProbe(ctx, "csc.authorize.level-factors", async ({ session, t }) => {
      const required = minFactorsAt(ctx.parameters["activation.minFactors"], ctx.level);
      // The session has dropped the scope's exclusions after credentials/list (src/csc/credential-scope.ts): listed here, never probed.
      const excluded = session.excluded;
      const notes: Observation[] = excluded.map((e) => ({ expected: { ja: `レベル${ctx.level}の活性化要素${required}個、又は明示的な除外`, en: `${required} activation factor(s) at level ${ctx.level}, or an explicit exclusion` }, observed: { ja: `評価の範囲から除外: ${e.reason}`, en: `excluded by the assessment's scope: ${e.reason}` }, where: at(session, "credentials/list", e.credentialID), subject: e.credentialID, ok: true }));
      const credentials = allCredentials(session);
      if (credentials.length === 0) {
        const out = excludedByScope(excluded);
        if (out) return { ...out, observations: [...out.observations, ...notes] };
        return cannotConclude({ ja: "設定された署名者の鍵が列挙されない", en: "no credential listed for the configured signers" }, at(session, "credentials/list", "credentials"));
      }
      const inService = credentials.filter((c) => c.keyStatus !== "disabled");
      if (inService.length === 0) {
        const none = notApplicable({ ja: "範囲内の鍵はすべて無効（key/status disabled）で、提供中の鍵がない", en: "no credential in service: every one in scope is disabled (key/status)" }, at(session, "credentials/info", "key/status"));
        return { ...none, observations: [...none.observations, ...notes] };
      }
      const judged: Judged[] = [];
      for (const c of inService.slice(0, MAX_CREDENTIALS)) {
        const claim = `SCAL ${c.scal ?? "not declared"}, ${c.asksOtp ? "PIN and OTP declared" : "PIN only declared"}`;
        const where = at(session, "credentials/authorize", `PIN alone on ${c.credentialID}`);
        if (required <= 1) {
          judged.push({ status: "pass", observation: { expected: { ja: `レベル${ctx.level}で活性化要素1個以上`, en: `at least 1 activation factor at level ${ctx.level}` }, observed: { ja: `レベル${ctx.level}は1要素を求める（${claim}）`, en: `level ${ctx.level} asks for one factor (${claim})` }, where, subject: c.credentialID, ok: true } });
          continue;
        }
        const signer = signerOf(session, c);
        if (!signer.token || !signer.account.pin) {
          judged.push({ status: "manual", observation: { expected: { ja: `活性化要素${required}個`, en: `${required} activation factors` }, observed: { ja: `${c.credentialID}（${claim}）はプローブできない（${signer.token ? "PINが設定されていない" : "署名者がログインしていない"}）: 評価者が活性化を判断する`, en: `${c.credentialID} (${claim}) could not be probed: ${signer.token ? "no PIN configured" : "its signer did not log in"}; the assessor must judge its activation` }, where, subject: c.credentialID } });
          continue;
        }
        const a = await authorize(session, t, c, { numSignatures: 1, hashes: randomDigests(1), otp: "omit", step: `authorize ${c.credentialID} with the PIN alone`, expectRefusal: true }, ctx.signal);
        const j = mustRefuse(a.reply, { ja: `拒否（レベル${ctx.level}は活性化要素${required}個を要する、${claim}）`, en: `a refusal: level ${ctx.level} requires ${required} activation factors (${claim})` }, where, { ja: `PINのみで${c.credentialID}（${claim}）が活性化された — レベル${ctx.level}は${required}要素を要するのに1要素`, en: `the PIN alone activated ${c.credentialID} (${claim}) — one factor where level ${ctx.level} requires ${required}` }, c.credentialID);
        judged.push({ status: j.status, observation: { ...j.observation, ...(j.status === "fail" ? { basis: LEVEL_TEXT(ctx.level) } : {}) } });
      }
      const skipped = inService.length - Math.min(inService.length, MAX_CREDENTIALS);
      if (skipped > 0) {
        judged.push({ status: "manual", observation: { expected: { ja: "稼働中のすべての鍵のプローブ", en: "every credential in service probed" }, observed: { ja: `さらに${skipped}個の鍵はプローブしていない（1評価あたり最大${MAX_CREDENTIALS}個）`, en: `${skipped} further credential(s) not probed (at most ${MAX_CREDENTIALS} per assessment)` }, where: at(session, "credentials/list", "credentials") } });
      }
      const outcome = conclude(judged, {
        pass: { ja: `稼働中の鍵${judged.length}個は${required}要素未満の活性化を拒否する${excluded.length ? `（${excluded.length}個は範囲外）` : ""}`, en: `${judged.length} credential(s) in service refuse activation with fewer than ${required} factor(s)${excluded.length ? `; ${excluded.length} excluded by scope` : ""}` },
        fail: { ja: `レベル${ctx.level}が要する数より少ない要素で活性化される鍵がある`, en: `a credential in service activates with fewer factors than level ${ctx.level} requires` },
      });
      const summary = outcome.status === "manual" ? `the assessor must judge ${judged.filter((j) => j.status === "manual").length} credential(s) the probe could not reach; the others refuse fewer than ${required} factor(s)` : outcome.summary;
      return { ...outcome, summary, observations: [...outcome.observations, ...notes] };
    });
  },
});
