/**
 * csc.sad.max-uses — how many signature requests (signHash calls) one SAD may authorise
 * (sad.maxUses). Part II 附録1: 同じSADの利用は1回のみに限定すべき — a SHOULD, so by default a SAD
 * that signs in several calls is an observation (advisory); CSC lets one authorization cover
 * numSignatures signatures across calls, so a provider following CSC is not at fault for it. An
 * assessment that sets sad.maxUses itself makes the limit binding (design §3a). The probe
 * authorizes maxUses+1 signatures (within multisign) and signs one authorised hash per call: the
 * call after the maxUses-th must be refused.
 */
import { defineCheck } from "../../src/check/types.ts";
import { basis, parameterClause } from "../../src/check/basis.ts";
import { authorize, randomDigests, signHash } from "../../src/csc/activation.ts";
import { describeReply } from "../../src/csc/client.ts";
import { cheapCredential } from "../../src/csc/session.ts";
import { at, cannotConclude, conclude, mustRefuse, notApplicable, runProbe } from "../../src/csc/probe.ts";
import { excludedByScope } from "../../src/csc/credential-scope.ts";
import { CHEAP_PROBE_TIMEOUT_MS } from "../../src/csc/scenarios.ts";

/** Calls probed at most (sad.maxUses above this is not probed beyond it). */
const MAX_CALLS = 10;

export default defineCheck({
  id: "csc.sad.max-uses",
  family: "csc",
  title: { ja: "一つのSADで行える署名要求の回数（sad.maxUses）", en: "Signature requests one SAD authorises (sad.maxUses)" },
  description: {
    ja: "sad.maxUses+1件の署名を認可したSADで、1回に1件ずつ署名を要求し、sad.maxUses回を超える要求が拒否されることを確認する。パートⅡ 附録1「同じSADの利用は1回のみに限定すべき」はべき（SHOULD）であるため既定では観察事項とし、評価がsad.maxUsesを指定した場合は不適合とする。",
    en: "With a SAD authorised for sad.maxUses+1 signatures, requests one signature per call and expects the call after the sad.maxUses-th to be refused. Part II 附録1 (同じSADの利用は1回のみに限定すべき) is a SHOULD: by default a departure is advisory; an assessment that sets sad.maxUses makes it a nonconformity.",
  },
  needs: ["csc", "csc.signer"],
  parameters: ["sad.maxUses"],
  intrusive: false,
  timeoutMs: CHEAP_PROBE_TIMEOUT_MS,
  async run(ctx) {
    return runProbe(ctx, "csc.sad.max-uses", async ({ session, t }) => {
      const maxUses = Math.max(1, Math.trunc(Number(ctx.parameters["sad.maxUses"] ?? 1)) || 1);
      const binding = ctx.parametersSet?.has("sad.maxUses") ?? false;
      const why = binding ? basis("ASSESSMENT", parameterClause("sad.maxUses"), "shall") : basis("JT2A-RSG-2", "パートⅡ 附録1", "should");
      const c = cheapCredential(session);
      if (!c) return excludedByScope(session.excluded) ?? cannotConclude({ ja: "評価者が認可できる範囲内の鍵がない", en: "no credential in scope the assessor can authorize" }, at(session, "credentials/list", "credentials"));
      if (maxUses >= MAX_CALLS) return notApplicable({ ja: `sad.maxUses ${maxUses}はプローブが試す回数（${MAX_CALLS - 1}回）を超える`, en: `sad.maxUses ${maxUses} is beyond what the probe tries (${MAX_CALLS - 1} calls)` }, at(session, "credentials/authorize", c.credentialID));
      const n = maxUses + 1;
      if (c.multisign < n) {
        return conclude([{ status: "pass", observation: { expected: { ja: `SAD1つあたりsignHash呼出し${maxUses}回以下（sad.maxUses）`, en: `at most ${maxUses} signHash call(s) per SAD (sad.maxUses)` }, observed: { ja: `${c.credentialID}はSAD1つで最大${c.multisign}署名（multisign）のため、${n}回に達するSADはない`, en: `${c.credentialID} authorises at most ${c.multisign} signature(s) per SAD (multisign), so no SAD reaches ${n} calls` }, where: at(session, "credentials/info", c.credentialID), subject: c.credentialID, ok: true } }], { pass: { ja: `SADは${maxUses}回を超えて使えない`, en: `a SAD cannot serve more than ${maxUses} call(s)` }, fail: "" });
      }
      const hashes = randomDigests(n);
      const a = await authorize(session, t, c, { numSignatures: n, hashes, step: `authorize ${n} signatures` }, ctx.signal);
      if (!a.sad) return cannotConclude({ ja: `認可が拒否された: ${describeReply(a.reply)}`, en: `authorize refused: ${describeReply(a.reply)}` }, at(session, "credentials/authorize", c.credentialID));
      for (let i = 0; i < maxUses; i++) {
        const r = await signHash(session, t, c, { sad: a.sad, hashes: [hashes[i]!], step: `call ${i + 1} of ${n}: one authorised hash` }, ctx.signal);
        if (!r.ok) return cannotConclude({ ja: `SADによる${i + 1}回目の呼出し（sad.maxUses ${maxUses}以内）が拒否された: ${describeReply(r)}`, en: `call ${i + 1} with the SAD (within sad.maxUses ${maxUses}) was refused: ${describeReply(r)}` }, at(session, "signatures/signHash", `call ${i + 1}`));
      }
      const last = await signHash(session, t, c, { sad: a.sad, hashes: [hashes[maxUses]!], step: `call ${n} of ${n}: beyond sad.maxUses` }, ctx.signal);
      const j = mustRefuse(last, { ja: `${n}回目の呼出しの拒否（sad.maxUses ${maxUses}${binding ? "、評価が指定" : "、附録1 べき"}）`, en: `a refusal of call ${n} (sad.maxUses ${maxUses}${binding ? ", set by the assessment" : ", 附録1 べき"})` }, at(session, "signatures/signHash", `call ${n} with one SAD, ${c.credentialID}`), { ja: `${n}回目の呼出しでもSADで署名できた（sad.maxUses ${maxUses}）`, en: `the SAD signed again in call ${n} (sad.maxUses ${maxUses})` }, c.credentialID);
      const outcome = conclude([{ status: j.status, observation: { ...j.observation, ...(j.status === "fail" ? { basis: why } : {}) } }], {
        pass: { ja: `SADはsignHash呼出し${maxUses}回までしか使えない`, en: `a SAD serves at most ${maxUses} signHash call(s)` },
        fail: { ja: `1つのSADで${maxUses}回を超えて署名できる`, en: `one SAD signs in more than ${maxUses} call(s)` },
      });
      return outcome;
    });
  },
});
