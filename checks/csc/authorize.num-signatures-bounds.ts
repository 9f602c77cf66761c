/**
 * csc.authorize.num-signatures-bounds — credentials/authorize refuses numSignatures 0 and
 * numSignatures above the credential's declared `multisign`; a `multisign` above the batch policy
 * (parameter sad.maxBatch) is reported too. Runs on the cheapest credential (no TOTP code spent
 * when a single-factor one exists).
 */
import { defineCheck } from "../../src/check/types.ts";
import { basis, parameterClause } from "../../src/check/basis.ts";
import { authorize, randomDigests } from "../../src/csc/activation.ts";
import { cheapCredential } from "../../src/csc/session.ts";
import { at, cannotConclude, mustRefuse, runProbe, conclude, type Judged } from "../../src/csc/probe.ts";
import { excludedByScope } from "../../src/csc/credential-scope.ts";
import { CHEAP_PROBE_TIMEOUT_MS } from "../../src/csc/scenarios.ts";

export default defineCheck({
  id: "csc.authorize.num-signatures-bounds",
  family: "csc",
  title: { ja: "numSignaturesの範囲外（0・multisign超過）は拒否される", en: "numSignatures 0 and above multisign are refused" },
  description: {
    ja: "numSignatures=0及びmultisign+1でcredentials/authorizeを呼び、拒否されることを確認する。multisignが方針(sad.maxBatch)を超える場合も報告する。",
    en: "Calls credentials/authorize with numSignatures 0 and multisign + 1 and expects refusals; a multisign above the policy (sad.maxBatch) is reported.",
  },
  needs: ["csc", "csc.signer"],
  parameters: ["sad.maxBatch"],
  intrusive: false,
  timeoutMs: CHEAP_PROBE_TIMEOUT_MS,
  async run(ctx) {
    return runProbe(ctx, "csc.authorize.num-signatures-bounds", async ({ session, t }) => {
      const c = cheapCredential(session);
      if (!c) return excludedByScope(session.excluded) ?? cannotConclude({ ja: "評価者が認可できる鍵がない", en: "no credential the assessor can authorize" }, at(session, "credentials/list", "credentials"));
      const judged: Judged[] = [];
      for (const n of [0, c.multisign + 1]) {
        const a = await authorize(session, t, c, { numSignatures: n, hashes: randomDigests(Math.max(n, 1)), step: `authorize numSignatures=${n}`, expectRefusal: true }, ctx.signal);
        judged.push(mustRefuse(a.reply, { ja: "拒否", en: "a refusal" }, at(session, "credentials/authorize", `numSignatures=${n} (multisign ${c.multisign}) on ${c.credentialID}`), { ja: `numSignatures=${n}が受理された`, en: `numSignatures=${n} was accepted` }, c.credentialID));
      }
      const maxBatch = Number(ctx.parameters["sad.maxBatch"] ?? 100);
      // No text sets a figure (CSC leaves multisign to the provider; Part II 附録1 accepts batches):
      // the catalog default is advice, binding only when the assessment sets sad.maxBatch (design §3a).
      const batchBasis = ctx.parametersSet?.has("sad.maxBatch") ? basis("ASSESSMENT", parameterClause("sad.maxBatch"), "shall") : basis("catalog", { ja: "パラメータ sad.maxBatch（既定値; 数値を定める文言はない）", en: "parameter sad.maxBatch (default; no text sets a figure)" }, "should");
      const batchOk = c.multisign <= maxBatch;
      judged.push({
        status: batchOk ? "pass" : "fail",
        observation: { expected: { ja: `multisign ${maxBatch}以下（sad.maxBatch）`, en: `multisign ≤ ${maxBatch} (sad.maxBatch)` }, observed: `multisign ${c.multisign}`, where: at(session, "credentials/info", c.credentialID), subject: c.credentialID, ok: batchOk, ...(batchOk ? {} : { basis: batchBasis }) },
      });
      return conclude(judged, { pass: { ja: `1..${c.multisign}の範囲外のnumSignaturesは拒否される`, en: `numSignatures outside 1..${c.multisign} is refused` }, fail: { ja: "numSignaturesの範囲が守られない", en: "numSignatures bounds are not enforced" } });
    });
  },
});
