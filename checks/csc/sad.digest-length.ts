/**
 * csc.sad.digest-length — a "hash" whose length does not match the declared hash algorithm (31
 * and 48 bytes as SHA-256) is refused rather than signed (a signing oracle over arbitrary bytes).
 */
import { defineCheck } from "../../src/check/types.ts";
import { authorize, randomDigests, signHash } from "../../src/csc/activation.ts";
import { claimsTwoFactors } from "../../src/csc/credentials.ts";
import { describeReply } from "../../src/csc/client.ts";
import { cheapCredential } from "../../src/csc/session.ts";
import { at, cannotConclude, mustRefuse, runProbe, conclude, type Judged } from "../../src/csc/probe.ts";
import { excludedByScope } from "../../src/csc/credential-scope.ts";
import { CHEAP_PROBE_TIMEOUT_MS } from "../../src/csc/scenarios.ts";

export default defineCheck({
  id: "csc.sad.digest-length",
  family: "csc",
  title: { ja: "ハッシュ長がアルゴリズムと一致しない要求は拒否される", en: "The digest length is checked against the hash algorithm" },
  description: {
    ja: "SHA-256と宣言して31バイト及び48バイトの値を署名要求し、拒否されることを確認する。",
    en: "Sends 31-byte and 48-byte values declared as SHA-256 and expects refusals.",
  },
  needs: ["csc", "csc.signer"],
  intrusive: false,
  timeoutMs: CHEAP_PROBE_TIMEOUT_MS,
  async run(ctx) {
    return runProbe(ctx, "csc.sad.digest-length", async ({ session, t }) => {
      const c = cheapCredential(session);
      if (!c) return excludedByScope(session.excluded) ?? cannotConclude({ ja: "評価者が認可できる鍵がない", en: "no credential the assessor can authorize" }, at(session, "credentials/list", "credentials"));
      const judged: Judged[] = [];
      for (const length of [31, 48]) {
        const hashes = randomDigests(1, length);
        const a = await authorize(session, t, c, { numSignatures: 1, hashes, step: `authorize a ${length}-byte "SHA-256" hash`, expectRefusal: claimsTwoFactors(c) }, ctx.signal);
        const where = at(session, "credentials/authorize", `${length}-byte SHA-256, ${c.credentialID}`);
        if (!a.sad) {
          // A multi-factor credential sees the hash at authorize: refusing there is the right answer.
          if (claimsTwoFactors(c)) judged.push(mustRefuse(a.reply, { ja: "拒否", en: "a refusal" }, where, "", c.credentialID));
          else judged.push({ status: "error", observation: { expected: { ja: "SADの発行", en: "a SAD" }, observed: { ja: `認可が拒否された: ${describeReply(a.reply)}`, en: `authorize refused: ${describeReply(a.reply)}` }, where, ok: false } });
          continue;
        }
        const reply = await signHash(session, t, c, { sad: a.sad, hashes, step: `sign a ${length}-byte value as SHA-256` }, ctx.signal);
        judged.push(mustRefuse(reply, { ja: "拒否", en: "a refusal" }, at(session, "signatures/signHash", `${length}-byte SHA-256, ${c.credentialID}`), { ja: `SHA-256（32バイト）と宣言された${length}バイトの値に署名した`, en: `signed a ${length}-byte value declared as SHA-256 (32 bytes)` }, c.credentialID));
      }
      return conclude(judged, { pass: { ja: "ハッシュ値の長さが検査される", en: "digest lengths are checked" }, fail: { ja: "ハッシュ値の長さが検査されない", en: "digest lengths are not checked" } });
    });
  },
});
