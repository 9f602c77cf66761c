/**
 * csc.protocol.authorize-inputs — credentials/authorize takes the inputs of the announced
 * version's method table and demands no other: v1.0.4.0 §11.6 defines `hash`, `PIN`, `OTP` and no
 * hash algorithm (a v1 client sends none; the SAD binds the values and signHash names the
 * algorithm); v2.0.0.2 §11.6 `hashes` with `hashAlgorithmOID` and `authData`. Judged on the
 * shared SCAL 2 scenario's first authorization (built from the version's names only): a refusal
 * that asks for a parameter the version does not define is a departure. No extra authorization.
 */
import { defineCheck } from "../../src/check/types.ts";
import { at, cannotConclude, notApplicable, oneLine, runProbe, type Judged } from "../../src/csc/probe.ts";
import { announcedVersion, concludeProtocol, cscBasis, rule, type CscVersion } from "../../src/csc/protocol.ts";
import { describeReply, type CscReply } from "../../src/csc/client.ts";
import { scal2Scenario, TOTP_SCENARIO_TIMEOUT_MS } from "../../src/csc/scenarios.ts";

/** The inputs of credentials/authorize per version (v1 §11.6, v2 §11.6). */
export const AUTHORIZE_INPUTS: Record<CscVersion, readonly string[]> = {
  v1: ["credentialID", "numSignatures", "hash", "PIN", "OTP", "description", "clientData"],
  v2: ["credentialID", "numSignatures", "hashes", "hashAlgorithmOID", "authData", "description", "clientData"],
};

/** The parameter a refusal asks for ("Missing (or invalid type) … parameter X"), if it names one. */
export function demandedParameter(reply: CscReply): string | undefined {
  const m = /missing[^.]*?parameter\s+([A-Za-z][A-Za-z0-9_]*)/i.exec(reply.errorDescription ?? "");
  return m?.[1];
}

/** Judges the first SCAL 2 authorization of the scenario (pure). */
export function judgeAuthorizeInputs(version: CscVersion, reply: CscReply, where: string): Judged {
  const demanded = reply.ok ? undefined : demandedParameter(reply);
  const foreign = demanded !== undefined && !AUTHORIZE_INPUTS[version].includes(demanded);
  if (!reply.ok && !foreign) {
    return { status: "error", observation: { expected: { ja: "判定できるSCAL 2の認可の応答", en: "a SCAL 2 authorization reply to judge" }, observed: { ja: `版の入力以外の理由で拒否された: ${oneLine(describeReply(reply))}`, en: `refused for another reason: ${oneLine(describeReply(reply))}` }, where, ok: false } };
  }
  return rule(!foreign, {
    expected: { ja: `CSC ${version}の入力（${AUTHORIZE_INPUTS[version].slice(2, 5).join(", ")}）だけによる認可が受理される`, en: `an authorization made of CSC ${version}'s inputs alone (${AUTHORIZE_INPUTS[version].slice(2, 5).join(", ")}) is accepted` },
    observed: foreign ? { ja: `版にない入力${demanded}を要求された: ${oneLine(describeReply(reply))}`, en: `demands ${demanded}, which this version does not define: ${oneLine(describeReply(reply))}` } : { ja: "受理された", en: "accepted" },
    where,
    basis: cscBasis(version, { v1: { ja: "11.6 入力パラメータ: hash, PIN, OTP（ハッシュアルゴリズムなし）", en: "11.6 input parameters: hash, PIN, OTP (no hash algorithm)" }, v2: { ja: "11.6 入力パラメータ: hashes, hashAlgorithmOID, authData", en: "11.6 input parameters: hashes, hashAlgorithmOID, authData" } }),
  });
}

export default defineCheck({
  id: "csc.protocol.authorize-inputs",
  family: "csc",
  title: { ja: "鍵認可は宣言した版の入力だけを求める", en: "Authorize asks only for the inputs of the announced version" },
  description: {
    ja: "SCAL 2の鍵認可（共有シナリオの最初の認可、宣言した版の項目名だけで組み立てたもの）が、その版にない入力（v1でのhashAlgoなど）を求めて拒否されないことを確認する（相互運用性。ガイドラインの本文外）。",
    en: "Confirms that the SCAL 2 authorization of the shared scenario, built from the announced version's names alone, is not refused for want of an input that version does not define (hashAlgo on v1…) (interoperability, beyond the guideline's text).",
  },
  needs: ["csc", "csc.signer", "csc.signer.second-factor"],
  intrusive: false,
  timeoutMs: TOTP_SCENARIO_TIMEOUT_MS,
  async run(ctx) {
    return runProbe(ctx, "csc.protocol.authorize-inputs", async ({ session, uses }) => {
      const where = at(session, "credentials/authorize", "SCAL 2 scenario");
      const s = await scal2Scenario(ctx);
      const version = announcedVersion(session.info.body.specs, session.client.version);
      if ("unavailable" in s) {
        if (!s.refused) return s.notApplicable ? notApplicable(s.unavailable, where) : cannotConclude(s.unavailable, where);
        return concludeProtocol([judgeAuthorizeInputs(version, s.refused, where)], summaries);
      }
      uses(s.transcript);
      return concludeProtocol([judgeAuthorizeInputs(version, s.authorization.reply, `${where}, ${s.credential.credentialID}`)], summaries);
    });
  },
});

const summaries = {
  pass: { ja: "鍵認可は宣言した版の入力だけで受理される", en: "authorize accepts the announced version's inputs alone" },
  fail: { ja: "鍵認可が宣言した版にない入力を求める", en: "authorize demands an input its version does not define" },
};
