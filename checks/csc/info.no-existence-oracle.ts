/**
 * csc.info.no-existence-oracle — asking for another user's credential gets the same refusal
 * (HTTP status and `error` code) as asking for an ID that does not exist; otherwise the API tells
 * an attacker which credential IDs exist. error_description is free text: a description that
 * differs only by echoing the requested ID is the same answer; one that differs otherwise is an
 * advisory finding (SHOULD), not a failure.
 */
import { randomBytes } from "node:crypto";
import { defineCheck } from "../../src/check/types.ts";
import { describeReply, type CscReply } from "../../src/csc/client.ts";
import { activeSigners } from "../../src/csc/session.ts";
import { basis } from "../../src/check/basis.ts";
import { at, notApplicable, oneLine, runProbe, conclude, type Judged } from "../../src/csc/probe.ts";

/** The parts of a refusal CSC fixes: HTTP status and `error` code (error_description is optional free text, v2 §10.2). */
export function refusalShape(r: CscReply): string {
  return `${r.status} ${r.error ?? ""}`;
}

/** A description with the requested ID taken out: one that only echoes the ID says nothing more. */
export function normalisedDescription(r: CscReply, requestedId: string): string {
  return (r.errorDescription ?? "").split(requestedId).join("<ID>").trim();
}

/** Judges the two refusals (pure): status+error decide; a description differing beyond the ID is advisory. */
export function judgeRefusals(foreign: CscReply, unknown: CscReply, foreignId: string, unknownId: string, where: string): Judged[] {
  const expected = { ja: "他者の鍵IDと存在しないIDに同じ拒否（ステータスとerror）", en: "the same refusal (status and error) for a foreign and an unknown credential" };
  if (refusalShape(foreign) !== refusalShape(unknown)) {
    return [{ status: "fail", observation: { expected, observed: { ja: `他者の鍵: ${describeReply(foreign)}、存在しないID: ${describeReply(unknown)} — 差異により鍵の存在が分かる`, en: `another user's credential: ${describeReply(foreign)}; unknown ID: ${describeReply(unknown)} — the difference reveals that the credential exists` }, where, subject: foreignId, ok: false }}];
  }
  const judged: Judged[] = [{ status: "pass", observation: { expected, observed: { ja: `いずれも ${refusalShape(foreign)}`, en: `both: ${refusalShape(foreign)}` }, where, subject: foreignId, ok: true } }];
  const df = normalisedDescription(foreign, foreignId);
  const du = normalisedDescription(unknown, unknownId);
  if (df !== du) {
    judged.push({
      status: "fail",
      observation: {
        expected: { ja: "同じerror_description（要求したIDの反映を除く）", en: "the same error_description (apart from echoing the requested ID)" },
        observed: { ja: `説明が異なる: 「${oneLine(foreign.errorDescription ?? "", 120)}」と「${oneLine(unknown.errorDescription ?? "", 120)}」`, en: `descriptions differ: "${oneLine(foreign.errorDescription ?? "", 120)}" vs "${oneLine(unknown.errorDescription ?? "", 120)}"` },
        where,
        subject: foreignId,
        ok: false,
        basis: basis("CSC-API-2.0", { ja: "10.2 error_descriptionは任意の自由記述（推奨）: 文言の違いでも存在が漏れうる", en: "10.2 error_description is OPTIONAL free text (RECOMMENDED): a differing text may still reveal existence" }, "should"),
      },
    });
  }
  return judged;
}

export default defineCheck({
  id: "csc.info.no-existence-oracle",
  family: "csc",
  title: { ja: "他者の鍵IDと存在しないIDで同じエラーを返す", en: "Another user's credential gets the same error as an unknown ID" },
  description: {
    ja: "ある署名者のトークンで他の署名者の鍵IDと存在しない鍵IDのcredentials/infoを呼び、応答のステータスとerrorが同一であることを確認する（error_descriptionは要求したIDの反映を除いて比較し、差異は観察事項とする）。",
    en: "As one signer, asks credentials/info for another signer's credential and for an unknown ID, and confirms the refusals have the same status and error code (error_description is compared apart from an echoed ID; a difference is advisory).",
  },
  needs: ["csc", "csc.signers.2"],
  intrusive: false,
  async run(ctx) {
    return runProbe(ctx, "csc.info.no-existence-oracle", async ({ session, t }) => {
      const active = activeSigners(session);
      const me = active[0];
      const mine = (id: string) => me?.credentials.some((c) => c.credentialID === id) ?? false;
      const victim = active.find((s) => s !== me && s.credentials.some((c) => !mine(c.credentialID)));
      if (!me || !victim) return notApplicable({ ja: "アカウント不足: 一方だけが鍵を持つ2人の署名者が必要", en: "lack of accounts: needs two signers, one owning a credential the other does not" }, at(session, "credentials/list", "signers"));
      const foreignId = victim.credentials.find((c) => !mine(c.credentialID))!.credentialID;
      const unknownId = `${foreignId.slice(0, 8)}-${randomBytes(8).toString("hex")}`;
      const foreign = await session.client.call(t, `info on ${victim.account.id}'s credential as ${me.account.id}`, "credentials/info", { credentialID: foreignId }, { auth: { bearer: me.token! }, signal: ctx.signal });
      const unknown = await session.client.call(t, `info on an unknown ID as ${me.account.id}`, "credentials/info", { credentialID: unknownId }, { auth: { bearer: me.token! }, signal: ctx.signal });
      const where = at(session, "credentials/info", `as ${me.account.id}`);
      const judged: Judged[] = [];
      if (foreign.ok) judged.push({ status: "fail", observation: { expected: { ja: "拒否", en: "a refusal" }, observed: { ja: `他の利用者の鍵が記述された（${describeReply(foreign)}）`, en: `another user's credential was described (${describeReply(foreign)})` }, where, subject: foreignId, ok: false } });
      else if (unknown.ok) judged.push({ status: "error", observation: { expected: { ja: "未知のIDの拒否", en: "a refusal of an unknown ID" }, observed: { ja: `未知のIDが記述された（${describeReply(unknown)}）`, en: `an unknown ID was described (${describeReply(unknown)})` }, where, ok: false } });
      else judged.push(...judgeRefusals(foreign, unknown, foreignId, unknownId, where));
      return conclude(judged, { pass: { ja: "他人の鍵と存在しない鍵は区別できない", en: "foreign and unknown credentials are indistinguishable" }, fail: { ja: "credentials/infoから鍵の存在が分かる", en: "credentials/info is an existence oracle" } });
    });
  },
});
