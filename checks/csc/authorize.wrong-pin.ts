/**
 * csc.authorize.wrong-pin — credentials/authorize with a wrong PIN is refused. One wrong attempt
 * only (non-destructive), on the cheapest credential, followed by a correct authorization so that
 * the provider's failure counter is reset.
 */
import { randomInt } from "node:crypto";
import { defineCheck } from "../../src/check/types.ts";
import { authorize, randomDigests } from "../../src/csc/activation.ts";
import { cheapCredential, signerOf } from "../../src/csc/session.ts";
import { at, cannotConclude, mustRefuse, runProbe, conclude } from "../../src/csc/probe.ts";
import { describeReply } from "../../src/csc/client.ts";
import { excludedByScope } from "../../src/csc/credential-scope.ts";
import { CHEAP_PROBE_TIMEOUT_MS } from "../../src/csc/scenarios.ts";

/** A PIN of the same shape that differs from the real one. */
export function wrongPinFor(pin: string): string {
  for (;;) {
    const candidate = /^\d+$/.test(pin) ? String(randomInt(10 ** Math.max(pin.length - 1, 3), 10 ** Math.max(pin.length, 4))) : `${pin}x`;
    if (candidate !== pin) return candidate;
  }
}

export default defineCheck({
  id: "csc.authorize.wrong-pin",
  family: "csc",
  title: { ja: "誤ったPINによる認可は拒否される", en: "Authorize with a wrong PIN is refused" },
  description: {
    ja: "誤ったPINでcredentials/authorizeを1回だけ呼び、拒否されることを確認する。その後正しいPINで認可し失敗回数をリセットする。",
    en: "Calls credentials/authorize once with a wrong PIN and expects a refusal, then authorizes correctly so the failure counter is reset.",
  },
  needs: ["csc", "csc.signer"],
  intrusive: false,
  timeoutMs: CHEAP_PROBE_TIMEOUT_MS,
  async run(ctx) {
    return runProbe(ctx, "csc.authorize.wrong-pin", async ({ session, t }) => {
      const c = cheapCredential(session);
      if (!c) return excludedByScope(session.excluded) ?? cannotConclude({ ja: "評価者が認可できる鍵がない", en: "no credential the assessor can authorize" }, at(session, "credentials/list", "credentials"));
      const pin = signerOf(session, c).account.pin!.reveal();
      const hashes = randomDigests(1);
      const wrong = await authorize(session, t, c, { numSignatures: 1, hashes, pin: wrongPinFor(pin), step: "authorize with a wrong PIN" }, ctx.signal);
      const judged = [mustRefuse(wrong.reply, { ja: "拒否", en: "a refusal" }, at(session, "credentials/authorize", `wrong PIN on ${c.credentialID}`), { ja: "誤ったPINが受理されSADが発行された", en: "a wrong PIN was accepted and a SAD issued" }, c.credentialID)];
      const reset = await authorize(session, t, c, { numSignatures: 1, hashes, step: "authorize correctly (resets the failure counter)" }, ctx.signal);
      judged.push({
        status: reset.sad ? "pass" : "error",
        observation: { expected: { ja: "その後も正しいPINは受理される", en: "the correct PIN still accepted afterwards" }, observed: reset.sad ? { ja: "受理（失敗回数はリセット）", en: "accepted (failure counter reset)" } : { ja: `拒否: ${describeReply(reset.reply)}`, en: `refused: ${describeReply(reset.reply)}` }, where: at(session, "credentials/authorize", `correct PIN on ${c.credentialID}`), subject: c.credentialID, ok: Boolean(reset.sad) },
      });
      return conclude(judged, { pass: { ja: `誤ったPINは拒否される（${c.credentialID}）`, en: `a wrong PIN is refused (${c.credentialID})` }, fail: { ja: "誤ったPINが受理される", en: "a wrong PIN is accepted" } });
    });
  },
});
