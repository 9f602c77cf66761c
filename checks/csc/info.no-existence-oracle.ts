/**
 * csc.info.no-existence-oracle — asking for another user's credential gets exactly the same
 * refusal (status, error, description) as asking for an ID that does not exist; otherwise the API
 * tells an attacker which credential IDs exist.
 */
import { randomBytes } from "node:crypto";
import { defineCheck } from "../../src/check/types.ts";
import { describeReply, type CscReply } from "../../src/csc/client.ts";
import { activeSigners } from "../../src/csc/session.ts";
import { at, notApplicable, runProbe, conclude, type Judged } from "../../src/csc/probe.ts";

/** The parts of a refusal an attacker can compare. */
export function refusalShape(r: CscReply): string {
  return `${r.status} ${r.error ?? ""} ${r.errorDescription ?? ""}`;
}

export default defineCheck({
  id: "csc.info.no-existence-oracle",
  family: "csc",
  title: { ja: "他者の鍵IDと存在しないIDで同じエラーを返す", en: "Another user's credential gets the same error as an unknown ID" },
  description: {
    ja: "ある署名者のトークンで他の署名者の鍵IDと存在しない鍵IDのcredentials/infoを呼び、応答（ステータス、エラー、説明）が同一であることを確認する。",
    en: "As one signer, asks credentials/info for another signer's credential and for an unknown ID, and confirms the refusals are identical (status, error, description).",
  },
  needs: ["csc", "csc.signers.2"],
  intrusive: false,
  async run(ctx) {
    return runProbe(ctx, "csc.info.no-existence-oracle", async ({ session, t }) => {
      const active = activeSigners(session);
      const me = active[0];
      const mine = (id: string) => me?.credentials.some((c) => c.credentialID === id) ?? false;
      const victim = active.find((s) => s !== me && s.credentials.some((c) => !mine(c.credentialID)));
      if (!me || !victim) return notApplicable("lack of accounts: needs two signers, one owning a credential the other does not", at(session, "credentials/list", "signers"));
      const foreignId = victim.credentials.find((c) => !mine(c.credentialID))!.credentialID;
      const unknownId = `${foreignId.slice(0, 8)}-${randomBytes(8).toString("hex")}`;
      const foreign = await session.client.call(t, `info on ${victim.account.id}'s credential as ${me.account.id}`, "credentials/info", { credentialID: foreignId }, { auth: { bearer: me.token! }, signal: ctx.signal });
      const unknown = await session.client.call(t, `info on an unknown ID as ${me.account.id}`, "credentials/info", { credentialID: unknownId }, { auth: { bearer: me.token! }, signal: ctx.signal });
      const where = at(session, "credentials/info", `as ${me.account.id}`);
      const judged: Judged[] = [];
      if (foreign.ok) judged.push({ status: "fail", observation: { expected: "a refusal", observed: `another user's credential was described (${describeReply(foreign)})`, where, subject: foreignId, ok: false } });
      else if (unknown.ok) judged.push({ status: "error", observation: { expected: "a refusal of an unknown ID", observed: `an unknown ID was described (${describeReply(unknown)})`, where, ok: false } });
      else {
        const same = refusalShape(foreign) === refusalShape(unknown);
        judged.push({
          status: same ? "pass" : "fail",
          observation: {
            expected: "identical refusals for a foreign and an unknown credential",
            observed: same ? `both: ${describeReply(foreign)}` : `another user's credential: ${describeReply(foreign)}; unknown ID: ${describeReply(unknown)} — the difference reveals that the credential exists`,
            where,
            subject: foreignId,
            ok: same,
          },
        });
      }
      return conclude(judged, { pass: "foreign and unknown credentials are indistinguishable", fail: "credentials/info is an existence oracle" });
    });
  },
});
