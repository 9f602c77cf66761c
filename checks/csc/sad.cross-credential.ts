/**
 * csc.sad.cross-credential — a SAD of credential A does not sign with credential B of the same
 * signer (shared SCAL 2 scenario), through signHash and, where info lists it beside signHash,
 * through signDoc with the same SAD. Not applicable when no signer owns two credentials.
 */
import { defineCheck } from "../../src/check/types.ts";
import { scal2Scenario, TOTP_SCENARIO_TIMEOUT_MS } from "../../src/csc/scenarios.ts";
import { routeWhere } from "../../src/csc/signdoc/routes.ts";
import { at, cannotConclude, mustRefuse, notApplicable, runProbe, conclude, type Judged } from "../../src/csc/probe.ts";

export default defineCheck({
  id: "csc.sad.cross-credential",
  family: "csc",
  title: { ja: "鍵Aで得たSADで鍵Bの署名はできない", en: "A SAD of credential A is refused with credential B" },
  description: {
    ja: "同じ署名者の鍵Aで認可したSADを鍵Bの署名要求（signHash、提供されていればsignDocも）に用い、拒否されることを確認する。",
    en: "Uses a SAD authorized for credential A in a signHash (and a signDoc, where offered) for credential B of the same signer and expects a refusal.",
  },
  needs: ["csc", "csc.signer"],
  intrusive: false,
  timeoutMs: TOTP_SCENARIO_TIMEOUT_MS,
  async run(ctx) {
    return runProbe(ctx, "csc.sad.cross-credential", async ({ session, uses }) => {
      const s = await scal2Scenario(ctx);
      if (!("transcript" in s)) return s.notApplicable ? notApplicable(s.unavailable, at(session, "credentials/authorize", "SCAL 2")) : cannotConclude(s.unavailable, at(session, "credentials/authorize", "SCAL 2"));
      uses(s.transcript);
      if (!s.crossCredential) return notApplicable({ ja: `アカウント不足: ${s.credential.signer}はSADを試す2つ目の鍵を持たない`, en: `lack of accounts: ${s.credential.signer} owns no second credential to try the SAD with` }, at(session, "credentials/list", s.credential.signer));
      const { other, reply } = s.crossCredential;
      const judged: Judged[] = [mustRefuse(reply, { ja: "拒否", en: "a refusal" }, at(session, "signatures/signHash", `SAD of ${s.credential.credentialID} with ${other.credentialID}`), { ja: `${s.credential.credentialID}のSADで${other.credentialID}による署名ができた`, en: `the SAD of ${s.credential.credentialID} signed with ${other.credentialID}` }, other.credentialID)];
      const viaSignDoc = s.signDoc?.crossCredential;
      if (viaSignDoc) judged.push(mustRefuse(viaSignDoc, { ja: "拒否（signatures/signDoc）", en: "a refusal (signatures/signDoc)" }, routeWhere(session, "signatures/signDoc", `SAD of ${s.credential.credentialID} with ${other.credentialID}`), { ja: `${s.credential.credentialID}のSADでsignDocが${other.credentialID}による署名をした`, en: `signDoc signed with ${other.credentialID} on the SAD of ${s.credential.credentialID}` }, other.credentialID));
      return conclude(judged, {
        pass: { ja: "SADはその鍵に結び付いている", en: "a SAD is bound to its credential" },
        fail: { ja: "SADで別の鍵による署名ができる", en: "a SAD signs with another credential" },
      });
    });
  },
});
