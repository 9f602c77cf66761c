/**
 * csc.algo.signalgo-matches-key — a signAlgo outside the credential's `key/algo` (an algorithm of
 * the other key type) is refused rather than silently replaced.
 */
import { defineCheck } from "../../src/check/types.ts";
import { authorize, keyKindOf, randomDigests, signHash } from "../../src/csc/activation.ts";
import { foreignSignAlgo, SIGN_ALGO } from "../../src/csc/algorithms.ts";
import { describeReply } from "../../src/csc/client.ts";
import { cheapJudgedCredential } from "../../src/csc/session.ts";
import { at, cannotConclude, mustRefuse, runProbe, conclude } from "../../src/csc/probe.ts";
import { excludedByScope } from "../../src/csc/credential-scope.ts";
import { CHEAP_PROBE_TIMEOUT_MS } from "../../src/csc/scenarios.ts";

export default defineCheck({
  id: "csc.algo.signalgo-matches-key",
  family: "csc",
  title: { ja: "鍵のalgoにない署名アルゴリズムは拒否される", en: "A signAlgo outside key/algo is refused" },
  description: {
    ja: "鍵の種類と異なる署名アルゴリズム（key/algoに含まれない）で署名を要求し、拒否されることを確認する。",
    en: "Requests a signature with a signAlgo of the other key type (not in key/algo) and expects a refusal.",
  },
  needs: ["csc", "csc.signer"],
  intrusive: false,
  timeoutMs: CHEAP_PROBE_TIMEOUT_MS,
  async run(ctx) {
    return runProbe(ctx, "csc.algo.signalgo-matches-key", async ({ session, t }) => {
      // Its judgement is about this credential's key: an in-scope one, never a test instrument.
      const c = cheapJudgedCredential(session);
      const kind = c && keyKindOf(c);
      if (!c || !kind) return excludedByScope(session.excluded) ?? cannotConclude({ ja: "評価者が認可でき鍵種別の分かる鍵がない", en: "no credential with a known key type the assessor can authorize" }, at(session, "credentials/list", "credentials"));
      const algo = foreignSignAlgo(kind);
      if (c.keyAlgos.includes(algo)) return cannotConclude({ ja: `${c.credentialID}は鍵が${kind}であるのに${algo}を挙げている`, en: `${c.credentialID} lists ${algo} although its key is ${kind}` }, at(session, "credentials/info", c.credentialID));
      const hashes = randomDigests(1);
      const a = await authorize(session, t, c, { numSignatures: 1, hashes, step: "authorize 1 signature" }, ctx.signal);
      if (!a.sad) return cannotConclude({ ja: `認可が拒否された: ${describeReply(a.reply)}`, en: `authorize refused: ${describeReply(a.reply)}` }, at(session, "credentials/authorize", c.credentialID));
      const reply = await signHash(session, t, c, { sad: a.sad, hashes, signAlgo: algo, step: `sign with ${SIGN_ALGO[algo]!.name} on a ${kind} key` }, ctx.signal);
      return conclude([mustRefuse(reply, { ja: "拒否", en: "a refusal" }, at(session, "signatures/signHash", `signAlgo ${algo} on ${c.credentialID} (${kind} key)`), { ja: `key/algoにない${SIGN_ALGO[algo]!.name}で署名した`, en: `signed with ${SIGN_ALGO[algo]!.name}, which is not in key/algo` }, c.credentialID)], {
        pass: { ja: "key/algo以外のsignAlgoは拒否される", en: "a signAlgo outside key/algo is refused" },
        fail: { ja: "key/algo以外のsignAlgoが受理される", en: "a signAlgo outside key/algo is accepted" },
      });
    });
  },
});
