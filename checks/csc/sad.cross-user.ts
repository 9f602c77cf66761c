/**
 * csc.sad.cross-user — a SAD of user A is refused under user B's bearer, both with B's own
 * credential and with A's (shared SCAL 2 scenario), through signHash and, where info lists it
 * beside signHash, through signDoc with the same SAD. Needs two signers.
 */
import { defineCheck } from "../../src/check/types.ts";
import { scal2Scenario, TOTP_SCENARIO_TIMEOUT_MS } from "../../src/csc/scenarios.ts";
import { routeWhere } from "../../src/csc/signdoc/routes.ts";
import { at, cannotConclude, mustRefuse, notApplicable, runProbe, conclude } from "../../src/csc/probe.ts";

export default defineCheck({
  id: "csc.sad.cross-user",
  family: "csc",
  title: { ja: "利用者AのSADは利用者Bのトークンでは使えない", en: "A SAD of user A is refused under user B's bearer" },
  description: {
    ja: "利用者Aが得たSADを利用者Bのアクセストークンで（Bの鍵及びAの鍵に対して、signHash及び提供されていればsignDocで）用い、拒否されることを確認する。",
    en: "Uses user A's SAD under user B's access token, with B's credential and with A's, and expects refusals (through signHash, and signDoc where offered).",
  },
  needs: ["csc", "csc.signers.2"],
  intrusive: false,
  timeoutMs: TOTP_SCENARIO_TIMEOUT_MS,
  async run(ctx) {
    return runProbe(ctx, "csc.sad.cross-user", async ({ session, uses }) => {
      const s = await scal2Scenario(ctx);
      if (!("transcript" in s)) return s.notApplicable ? notApplicable(s.unavailable, at(session, "credentials/authorize", "SCAL 2")) : cannotConclude(s.unavailable, at(session, "credentials/authorize", "SCAL 2"));
      uses(s.transcript);
      if (!s.crossUser) return notApplicable({ ja: "アカウント不足: 2人目の署名者がログインできない", en: "lack of accounts: no second signer could log in" }, at(session, "auth/login", "signers"));
      const u = s.crossUser;
      const judged = [mustRefuse(u.foreign, { ja: "拒否", en: "a refusal" }, at(session, "signatures/signHash", `${s.credential.signer}'s SAD and credential under ${u.signer}'s bearer`), { ja: `${u.signer}が${s.credential.signer}のSADと鍵で署名できた`, en: `${u.signer} signed with ${s.credential.signer}'s SAD and credential` }, s.credential.credentialID)];
      if (u.own) judged.push(mustRefuse(u.own.reply, { ja: "拒否", en: "a refusal" }, at(session, "signatures/signHash", `${s.credential.signer}'s SAD with ${u.own.other.credentialID} under ${u.signer}'s bearer`), { ja: `${u.signer}が${s.credential.signer}のSADで署名できた`, en: `${u.signer} signed with ${s.credential.signer}'s SAD` }, u.own.other.credentialID));
      const d = s.signDoc?.crossUser;
      const doc = (step: string) => routeWhere(session, "signatures/signDoc", step);
      if (d) judged.push(mustRefuse(d.foreign, { ja: "拒否（signatures/signDoc）", en: "a refusal (signatures/signDoc)" }, doc(`${s.credential.signer}'s SAD and credential under ${u.signer}'s bearer`), { ja: `${u.signer}が${s.credential.signer}のSADと鍵でsignDocの署名ができた`, en: `${u.signer} signed through signDoc with ${s.credential.signer}'s SAD and credential` }, s.credential.credentialID));
      if (d?.own && u.own) judged.push(mustRefuse(d.own, { ja: "拒否（signatures/signDoc）", en: "a refusal (signatures/signDoc)" }, doc(`${s.credential.signer}'s SAD with ${u.own.other.credentialID} under ${u.signer}'s bearer`), { ja: `${u.signer}が${s.credential.signer}のSADでsignDocの署名ができた`, en: `${u.signer} signed through signDoc with ${s.credential.signer}'s SAD` }, u.own.other.credentialID));
      return conclude(judged, { pass: { ja: "SADはその利用者に結び付いている", en: "a SAD is bound to its user" }, fail: { ja: "SADが別の利用者にも使える", en: "a SAD works for another user" } });
    });
  },
});
