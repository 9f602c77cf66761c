/**
 * csc.sad.num-signatures — a SAD signs at most numSignatures hashes: with numSignatures 2, a batch
 * of 3 is refused, and after the 2 authorized signatures a third is refused.
 */
import { defineCheck } from "../../src/check/types.ts";
import { authorize, randomDigests, signHash } from "../../src/csc/activation.ts";
import { describeReply } from "../../src/csc/client.ts";
import { cheapCredential } from "../../src/csc/session.ts";
import { at, cannotConclude, mustRefuse, notApplicable, runProbe, conclude } from "../../src/csc/probe.ts";
import { excludedByScope } from "../../src/csc/credential-scope.ts";
import { CHEAP_PROBE_TIMEOUT_MS } from "../../src/csc/scenarios.ts";

export default defineCheck({
  id: "csc.sad.num-signatures",
  family: "csc",
  title: { ja: "SADはnumSignaturesを超えて使用できない", en: "A SAD is refused beyond numSignatures" },
  description: {
    ja: "numSignatures=2で認可したSADで、3件の一括署名が拒否され、2件署名後の3件目も拒否されることを確認する。",
    en: "With a SAD for numSignatures 2, a batch of three is refused, and a third signature after the two authorized ones is refused.",
  },
  needs: ["csc", "csc.signer"],
  intrusive: false,
  timeoutMs: CHEAP_PROBE_TIMEOUT_MS,
  async run(ctx) {
    return runProbe(ctx, "csc.sad.num-signatures", async ({ session, t }) => {
      const c = cheapCredential(session);
      if (!c) return excludedByScope(session.excluded) ?? cannotConclude({ ja: "評価者が認可できる鍵がない", en: "no credential the assessor can authorize" }, at(session, "credentials/list", "credentials"));
      if (c.multisign < 2) return notApplicable({ ja: `${c.credentialID}は1回の認可で1署名のみ許す（multisign ${c.multisign}）: csc.sad.single-useが扱う`, en: `${c.credentialID} allows one signature per authorization (multisign ${c.multisign}); csc.sad.single-use covers it` }, at(session, "credentials/info", c.credentialID));
      const hashes = randomDigests(3);
      const a = await authorize(session, t, c, { numSignatures: 2, hashes: hashes.slice(0, 2), step: "authorize 2 signatures" }, ctx.signal);
      if (!a.sad) return cannotConclude({ ja: `認可が拒否された: ${describeReply(a.reply)}`, en: `authorize refused: ${describeReply(a.reply)}` }, at(session, "credentials/authorize", c.credentialID));
      const batch = await signHash(session, t, c, { sad: a.sad, hashes, step: "sign 3 hashes with a SAD for 2" }, ctx.signal);
      const judged = [mustRefuse(batch, { ja: "3つのハッシュの拒否", en: "a refusal of 3 hashes" }, at(session, "signatures/signHash", `3 hashes, numSignatures 2, ${c.credentialID}`), { ja: "2署名分のSADで3署名できた", en: "3 signatures made with a SAD for 2" }, c.credentialID)];
      if (judged[0]!.status === "pass") {
        let sad = a.sad;
        let two = await signHash(session, t, c, { sad, hashes: hashes.slice(0, 2), step: "sign the 2 authorized hashes" }, ctx.signal);
        if (!two.ok && two.status >= 400 && two.status < 500) {
          // A provider may void a SAD on misuse (stricter, not broken): a fresh SAD for 2 tests the third signature.
          judged.push({ status: "pass", observation: { expected: { ja: "SADの扱い", en: "how the SAD is treated" }, observed: { ja: `超過要求の後、SADは無効化された（より厳格）: ${describeReply(two)}`, en: `the SAD was voided after the oversized request (stricter): ${describeReply(two)}` }, where: at(session, "signatures/signHash", "2 authorized hashes"), subject: c.credentialID, ok: true } });
          const fresh = await authorize(session, t, c, { numSignatures: 2, hashes: hashes.slice(0, 2), step: "authorize 2 signatures again" }, ctx.signal);
          if (!fresh.sad) return cannotConclude({ ja: `認可が拒否された: ${describeReply(fresh.reply)}`, en: `authorize refused: ${describeReply(fresh.reply)}` }, at(session, "credentials/authorize", c.credentialID));
          sad = fresh.sad;
          two = await signHash(session, t, c, { sad, hashes: hashes.slice(0, 2), step: "sign the 2 authorized hashes with the fresh SAD" }, ctx.signal);
        }
        if (!two.ok) return cannotConclude({ ja: `認可された2署名が拒否された: ${describeReply(two)}`, en: `the 2 authorized signatures were refused: ${describeReply(two)}` }, at(session, "signatures/signHash", "2 authorized hashes"));
        const third = await signHash(session, t, c, { sad, hashes: hashes.slice(0, 1), step: "a third signature" }, ctx.signal);
        judged.push(mustRefuse(third, { ja: "3つ目の署名の拒否", en: "a refusal of a third signature" }, at(session, "signatures/signHash", `third signature, ${c.credentialID}`), { ja: "2署名分のSADで3つ目の署名ができた", en: "a third signature made with a SAD for 2" }, c.credentialID));
      }
      return conclude(judged, { pass: { ja: "SADはnumSignaturesに限られる", en: "the SAD is limited to numSignatures" }, fail: { ja: "SADでnumSignaturesを超えて署名できる", en: "a SAD signs beyond numSignatures" } });
    });
  },
});
