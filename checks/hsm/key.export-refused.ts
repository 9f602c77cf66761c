/**
 * hsm.key.export-refused — the device really refuses to give a signing key out, whatever its
 * attributes say: reading the secret value (CKA_VALUE / CKA_PRIVATE_EXPONENT) must fail with
 * CKR_ATTRIBUTE_SENSITIVE, and C_WrapKey must fail (CKR_KEY_UNEXTRACTABLE). If either succeeds the
 * bytes are zeroised at once and never written or printed; only their length is reported.
 */
import { withBasis, controlBasis } from "../../src/check/with-basis.ts";
import { defineCheck, messageIn, type CheckOutcome, type Text } from "../../src/check/types.ts";
import { HSM_CHECK_TIMEOUT_MS, tokenSurvey } from "../../src/hsm/assessment-survey.ts";
import { judgeSigningKeys, type KeyFinding } from "../../src/hsm/judge-keys.ts";
import type { ExportAttempt, TokenSurvey, WrapProbeKey } from "../../src/hsm/survey-types.ts";

function findingOf(attempt: ExportAttempt | undefined, expectedCode: string): KeyFinding {
  const expected = { ja: `拒否される（${expectedCode}）`, en: `refused (${expectedCode})` };
  if (!attempt) return { looked: "export attempt", expected, observed: { ja: "試行していない", en: "not attempted" }, ok: undefined };
  switch (attempt.outcome) {
    case "refused":
      return { looked: attempt.how, expected, observed: { ja: `拒否された：${attempt.code}`, en: `refused: ${attempt.code}` }, ok: true };
    case "exported":
      return { looked: attempt.how, expected, observed: { ja: `成功した：トークンが鍵素材${attempt.bytes}バイトを返した（直ちにメモリ上でゼロ化し、保存も表示もしていない）`, en: `SUCCEEDED: the token returned ${attempt.bytes} bytes of key material (zeroised in memory at once, never stored or shown)` }, ok: false };
    case "inconclusive":
      return { looked: attempt.how, expected, observed: { ja: `判定不能：${messageIn(attempt.reason, "ja")}`, en: `inconclusive: ${messageIn(attempt.reason, "en")}` }, ok: undefined };
  }
}

function describeWrappingKey(k: WrapProbeKey): Text {
  switch (k.kind) {
    case "token":
      return { ja: `トークン上のラップ用鍵 ${k.identity.uri}（${k.mechanism}）`, en: `token wrapping key ${k.identity.uri} with ${k.mechanism}` };
    case "session":
      return { ja: `この試行のために${k.mechanism}用に生成した一時的なAES-256セッション鍵（CKA_TOKEN=false）：トークンには保存されず、読み取り専用セッションの終了時に破棄されたため、試行は何も変更していない`, en: `a temporary AES-256 SESSION key (CKA_TOKEN=false) generated for this probe with ${k.mechanism}: it was never stored on the token and was destroyed when the read-only session closed, so the probe changed nothing` };
    case "none":
      return { ja: `ラップ用鍵がない：${messageIn(k.reason, "ja")}`, en: `no wrapping key: ${messageIn(k.reason, "en")}` };
  }
}

/** What a departure of this check rests on (design §3a; docs/CHECKS.md). */
const BASIS = controlBasis("KM-04");

export default defineCheck({
  id: "hsm.key.export-refused",
  family: "hsm",
  title: { ja: "署名鍵の取り出しが実際に拒否される", en: "Exporting a signing key is actually refused" },
  description: {
    ja: "各署名鍵について、秘密値（CKA_VALUE／CKA_PRIVATE_EXPONENT）の読み出しがCKR_ATTRIBUTE_SENSITIVEで拒否され、C_WrapKeyによるラップが拒否されることを実際に試して確認する。トークンにラップ用の鍵がない場合は、セッションオブジェクトとして一時的なAES鍵を生成する（トークンには保存されず、非破壊）。取り出しに成功した場合は即座にメモリ上でゼロ化し、出力も保存もせず不合格とする。",
    en: "Actually tries, for every signing key, to read its secret value (CKA_VALUE / CKA_PRIVATE_EXPONENT: expects CKR_ATTRIBUTE_SENSITIVE) and to wrap it with C_WrapKey (expects a refusal). Without a wrapping key on the token, a temporary AES key is generated as a session object: it is never stored on the token, so the probe is non-destructive. Material that does come out is zeroised in memory at once, never written or printed, and the check fails.",
  },
  needs: ["hsm"],
  intrusive: false,
  timeoutMs: HSM_CHECK_TIMEOUT_MS,
  async run(ctx) {
    return withBasis(await (async (): Promise<CheckOutcome> => {
    const survey: TokenSurvey = await tokenSurvey(ctx);
    const outcome = judgeSigningKeys(
      survey,
      (key) => [findingOf(key.exportAttempts?.read, "CKR_ATTRIBUTE_SENSITIVE"), findingOf(key.exportAttempts?.wrap, "CKR_KEY_UNEXTRACTABLE")],
      { pass: { ja: "読み出しとラップの両方を拒否した", en: "refused both reading and wrapping" }, fail: { ja: "エクスポートできた", en: "could be exported" } },
    );
    const wrapping = { expected: { ja: "C_WrapKeyを試行するためのラップ可能な鍵", en: "a key able to wrap, to attempt C_WrapKey" }, observed: describeWrappingKey(survey.wrapProbeKey), where: survey.uri, ...(survey.wrapProbeKey.kind === "none" ? { ok: false } : {}) };
    return { ...outcome, observations: [wrapping, ...outcome.observations] };
    })(), BASIS);
  },
});
