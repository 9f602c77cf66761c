/**
 * csc.sad.single-use — a SAD for one signature, once used, is refused the second time (the same
 * hash sent again). Runs on the cheapest credential.
 */
import { defineCheck } from "../../src/check/types.ts";
import { authorize, randomDigests, signHash } from "../../src/csc/activation.ts";
import { describeReply } from "../../src/csc/client.ts";
import { cheapCredential } from "../../src/csc/session.ts";
import { at, cannotConclude, mustRefuse, runProbe, conclude } from "../../src/csc/probe.ts";
import { excludedByScope } from "../../src/csc/credential-scope.ts";
import { CHEAP_PROBE_TIMEOUT_MS } from "../../src/csc/scenarios.ts";

export default defineCheck({
  id: "csc.sad.single-use",
  family: "csc",
  title: { ja: "SADは一度だけ使用できる", en: "A SAD can be used only once" },
  description: {
    ja: "numSignatures=1で認可したSADで一度署名した後、同じSADで再度署名を要求し、拒否されることを確認する。",
    en: "Signs once with a SAD authorized for one signature, then sends the same request again and expects a refusal.",
  },
  needs: ["csc", "csc.signer"],
  intrusive: false,
  timeoutMs: CHEAP_PROBE_TIMEOUT_MS,
  async run(ctx) {
    return runProbe(ctx, "csc.sad.single-use", async ({ session, t }) => {
      const c = cheapCredential(session);
      if (!c) return excludedByScope(session.excluded) ?? cannotConclude({ ja: "評価者が認可できる鍵がない", en: "no credential the assessor can authorize" }, at(session, "credentials/list", "credentials"));
      const hashes = randomDigests(1);
      const a = await authorize(session, t, c, { numSignatures: 1, hashes, step: "authorize 1 signature" }, ctx.signal);
      if (!a.sad) return cannotConclude({ ja: `認可が拒否された: ${describeReply(a.reply)}`, en: `authorize refused: ${describeReply(a.reply)}` }, at(session, "credentials/authorize", c.credentialID));
      const first = await signHash(session, t, c, { sad: a.sad, hashes, step: "first use of the SAD" }, ctx.signal);
      if (!first.ok) return cannotConclude({ ja: `SADの最初の使用が拒否された: ${describeReply(first)}`, en: `the first use of the SAD was refused: ${describeReply(first)}` }, at(session, "signatures/signHash", "first use"));
      const second = await signHash(session, t, c, { sad: a.sad, hashes, step: "second use of the same SAD" }, ctx.signal);
      return conclude([mustRefuse(second, { ja: "使用済みSADの拒否", en: "a refusal of the used SAD" }, at(session, "signatures/signHash", `second use, ${c.credentialID}`), { ja: "SADで2回目の署名ができた（再使用可能なSAD）", en: "the SAD signed a second time (reusable SAD)" }, c.credentialID)], {
        pass: { ja: "使用済みのSADは拒否される", en: "a used SAD is refused" },
        fail: { ja: "SADを2回使える", en: "a SAD can be used twice" },
      });
    });
  },
});
