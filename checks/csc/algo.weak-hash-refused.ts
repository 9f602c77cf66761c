/**
 * csc.algo.weak-hash-refused — SHA-1 and MD5 hashes are refused, at authorize (where the
 * credential binds hashes) or at signHash. Runs on the cheapest credential.
 */
import { defineCheck } from "../../src/check/types.ts";
import { authorize, randomDigests, signHash } from "../../src/csc/activation.ts";
import { HASH, HASH_NAME, DIGEST_LENGTH } from "../../src/csc/algorithms.ts";
import { claimsTwoFactors } from "../../src/csc/credentials.ts";
import { describeReply } from "../../src/csc/client.ts";
import { cheapCredential } from "../../src/csc/session.ts";
import { at, cannotConclude, mustRefuse, runProbe, conclude, type Judged } from "../../src/csc/probe.ts";
import { excludedByScope } from "../../src/csc/credential-scope.ts";
import { CHEAP_PROBE_TIMEOUT_MS } from "../../src/csc/scenarios.ts";

export default defineCheck({
  id: "csc.algo.weak-hash-refused",
  family: "csc",
  title: { ja: "SHA-1及びMD5のハッシュは拒否される", en: "SHA-1 and MD5 hashes are refused" },
  description: {
    ja: "SHA-1及びMD5のハッシュ（OIDと長さを正しく付けて）で認可・署名を要求し、拒否されることを確認する。",
    en: "Requests authorization and signatures for SHA-1 and MD5 hashes (correct OID and length) and expects refusals.",
  },
  needs: ["csc", "csc.signer"],
  intrusive: false,
  timeoutMs: CHEAP_PROBE_TIMEOUT_MS,
  async run(ctx) {
    return runProbe(ctx, "csc.algo.weak-hash-refused", async ({ session, t }) => {
      const c = cheapCredential(session);
      if (!c) return excludedByScope(session.excluded) ?? cannotConclude({ ja: "評価者が認可できる鍵がない", en: "no credential the assessor can authorize" }, at(session, "credentials/list", "credentials"));
      const judged: Judged[] = [];
      for (const oid of [HASH.sha1, HASH.md5]) {
        const name = HASH_NAME[oid]!;
        const hashes = randomDigests(1, DIGEST_LENGTH[oid]);
        const a = await authorize(session, t, c, { numSignatures: 1, hashes, hashAlgorithmOID: oid, step: `authorize a ${name} hash`, expectRefusal: claimsTwoFactors(c) }, ctx.signal);
        if (!a.sad) {
          if (claimsTwoFactors(c)) judged.push(mustRefuse(a.reply, { ja: `${name}の拒否`, en: `${name} refused` }, at(session, "credentials/authorize", `${name}, ${c.credentialID}`), "", c.credentialID));
          else judged.push({ status: "error", observation: { expected: { ja: "SADの発行", en: "a SAD" }, observed: { ja: `認可が拒否された: ${describeReply(a.reply)}`, en: `authorize refused: ${describeReply(a.reply)}` }, where: at(session, "credentials/authorize", c.credentialID), ok: false } });
          continue;
        }
        const reply = await signHash(session, t, c, { sad: a.sad, hashes, hashAlgorithmOID: oid, step: `sign a ${name} hash` }, ctx.signal);
        judged.push(mustRefuse(reply, { ja: `${name}の拒否`, en: `${name} refused` }, at(session, "signatures/signHash", `${name} (${oid}), ${c.credentialID}`), { ja: `${name}のハッシュに署名した`, en: `a ${name} hash was signed` }, c.credentialID));
      }
      return conclude(judged, { pass: { ja: "SHA-1及びMD5は拒否される", en: "SHA-1 and MD5 are refused" }, fail: { ja: "弱いハッシュアルゴリズムが受理される", en: "a weak hash algorithm is accepted" } });
    });
  },
});
