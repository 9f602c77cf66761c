/**
 * csc.response.no-secrets — no response carries a secret it was not meant to carry: every reply
 * of the assessment so far (including a PIN + TOTP authorization) is scanned for the passwords,
 * PINs, TOTP seeds, OTP codes, SADs and tokens the assessor holds or sent, before the reply's own
 * new SAD or token is known (so only echoes count).
 */
import { defineCheck, messageIn } from "../../src/check/types.ts";
import { scal2Scenario, TOTP_SCENARIO_TIMEOUT_MS } from "../../src/csc/scenarios.ts";
import { factorsOf } from "../../src/csc/factors.ts";
import { cheapCredential } from "../../src/csc/session.ts";
import { authorize, randomDigests } from "../../src/csc/activation.ts";
import { at, runProbe } from "../../src/csc/probe.ts";

export default defineCheck({
  id: "csc.response.no-secrets",
  family: "csc",
  title: { ja: "応答にPIN・OTP・パスワード・SAD・トークンを含めない", en: "No response echoes a PIN, OTP, password, SAD or token" },
  description: {
    ja: "評価中の全応答（PIN＋TOTP、OTP又はプッシュ承認による複数要素の認可を含む）を、評価者が保持または送信した秘密情報の値で走査し、本来運ぶべきでない応答に現れないことを確認する。",
    en: "Scans every reply of the assessment (including a multi-factor authorization: PIN + TOTP, OTP or push approval) for the secret values the assessor holds or sent, and confirms none is echoed where it does not belong.",
  },
  needs: ["csc", "csc.signer"],
  intrusive: false,
  timeoutMs: TOTP_SCENARIO_TIMEOUT_MS,
  async run(ctx) {
    return runProbe(ctx, "csc.response.no-secrets", async ({ session, t, uses }) => {
      const scenario = await scal2Scenario(ctx);
      if ("transcript" in scenario) uses(scenario.transcript);
      const cheap = cheapCredential(session);
      if (cheap) await authorize(session, t, cheap, { numSignatures: 1, hashes: randomDigests(1), step: "authorize (scanned for echoes)" }, ctx.signal);
      const leaks = session.client.leaks;
      const scanned = session.client.responsesScanned;
      const coverage = "transcript" in scenario ? { ja: `${factorsOf(session, scenario.credential).ja}の認可を含む`, en: `including a ${factorsOf(session, scenario.credential).en} authorization` } : { ja: `複数要素の認可なし（${messageIn(scenario.unavailable, "ja")}）`, en: `without a multi-factor authorization (${messageIn(scenario.unavailable, "en")})` };
      if (leaks.length) {
        return {
          status: "fail",
          summary: { ja: `応答に秘密情報が含まれた: ${leaks[0]!.method}への応答に${leaks[0]!.kind}`, en: `a response echoed a secret: ${leaks[0]!.kind} in the reply to ${leaks[0]!.method}` },
          observations: leaks.slice(0, 10).map((l) => ({ expected: { ja: "応答に秘密情報を含まない", en: "no secret in the response" }, observed: { ja: `応答に${l.kind}が現れる`, en: `the ${l.kind} appears in the response` }, where: at(session, l.method, l.step), ok: false })),
        };
      }
      return {
        status: "pass",
        summary: { ja: `${scanned}件の応答を走査し、秘密情報は含まれていない`, en: `${scanned} responses scanned, no secret echoed` },
        observations: [{ expected: { ja: "どの応答にも秘密情報を含まない", en: "no secret in any response" }, observed: { ja: `${scanned}件の応答を走査（${coverage.ja}）: 秘密情報を含むものはない`, en: `${scanned} responses scanned ${coverage.en}; none carried a secret` }, where: session.client.baseUrl, ok: true }],
      };
    });
  },
});
