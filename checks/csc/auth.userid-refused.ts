/**
 * csc.auth.userid-refused — under user authentication the user is the token's: a `userID`
 * parameter (here another test signer's) must be refused (CSC v1 §11.4, v2 §11.4), or a caller
 * could name whose credentials it sees.
 */
import { defineCheck } from "../../src/check/types.ts";
import { activeSigners } from "../../src/csc/session.ts";
import { at, cannotConclude, mustRefuse, runProbe, conclude } from "../../src/csc/probe.ts";

export default defineCheck({
  id: "csc.auth.userid-refused",
  family: "csc",
  title: { ja: "利用者認証下でuserIDは拒否される", en: "userID is refused under user authentication" },
  description: {
    ja: "利用者のトークンでcredentials/listにuserID（他の試験用署名者）を付けて呼び出し、拒否されることを確認する。",
    en: "Calls credentials/list under a user's token with userID set (to another test signer) and expects a refusal.",
  },
  needs: ["csc", "csc.signer"],
  intrusive: false,
  async run(ctx) {
    return runProbe(ctx, "csc.auth.userid-refused", async ({ session, t }) => {
      const [me, other] = activeSigners(session);
      if (!me) return cannotConclude({ ja: "設定された署名者がログインできない", en: "no configured signer could log in" }, at(session, "auth/login", "login"));
      const userID = other?.account.username ?? `${me.account.username}-other`;
      const reply = await session.client.call(t, `list with userID=${userID}`, "credentials/list", { userID }, { auth: { bearer: me.token! }, signal: ctx.signal });
      const leaked = reply.ok && Array.isArray(reply.body.credentialIDs) ? reply.body.credentialIDs.filter((id) => !me.listed.includes(String(id))) : [];
      const judged = mustRefuse(reply, { ja: "拒否（userIDはトークンから定まる）", en: "a refusal (userID is implicit in the token)" }, at(session, "credentials/list", `userID of another user under ${me.account.id}'s token`), leaked.length ? { ja: `受理され、${me.account.id}のものでない鍵${leaked.length}個が列挙された`, en: `accepted, and listed ${leaked.length} credential(s) not ${me.account.id}'s` } : { ja: "userIDパラメータが受理された", en: "accepted the userID parameter" });
      return conclude([judged], { pass: { ja: "利用者認証の下でuserIDは拒否される", en: "userID is refused under user authentication" }, fail: { ja: "利用者認証の下でuserIDが受理される", en: "userID is accepted under user authentication" } });
    });
  },
});
