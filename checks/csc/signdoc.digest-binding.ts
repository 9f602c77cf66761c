/**
 * csc.signdoc.digest-binding — signatures/signDoc signs only the document digests the SAD was
 * authorized for (v2 §11.11: "If hashes were provided in credential authorization, RSSP SHALL
 * verify each hash matches one from the authorization"): a SAD for two digests does not sign a
 * third. Runs wherever info lists signDoc (shared signDoc scenario); not applicable without a
 * credential whose SAD binds digests (SCAL 2).
 */
import { defineCheck } from "../../src/check/types.ts";
import { TOTP_SCENARIO_TIMEOUT_MS } from "../../src/csc/scenarios.ts";
import { signDocScenario } from "../../src/csc/signdoc/scenario.ts";
import { at, cannotConclude, conclude, mustRefuse, notApplicable, runProbe } from "../../src/csc/probe.ts";

export default defineCheck({
  id: "csc.signdoc.digest-binding",
  family: "csc",
  title: { ja: "signDoc: 認可されていない文書ダイジェストは署名されない", en: "signDoc: a document digest not authorized is refused" },
  description: {
    ja: "2つの文書ダイジェストに対して認可したSADで、別のダイジェストのsignatures/signDocを要求し、拒否されることを確認する（SCAL2のクレデンシャル）。",
    en: "With a SAD authorized for two document digests, requests signatures/signDoc over a third digest and expects a refusal (SCAL 2 credential).",
  },
  needs: ["csc", "csc.signer"],
  intrusive: false,
  timeoutMs: TOTP_SCENARIO_TIMEOUT_MS,
  async run(ctx) {
    return runProbe(ctx, "csc.signdoc.digest-binding", async ({ session, uses }) => {
      const s = await signDocScenario(ctx);
      const where = (step: string) => at(session, "signatures/signDoc", step);
      if (!("transcript" in s)) return s.notApplicable ? notApplicable(s.unavailable, where("scenario")) : cannotConclude(s.unavailable, where("scenario"));
      uses(s.transcript);
      if (!s.bound) return notApplicable(`${s.credential.credentialID} is SCAL 1 (no multi-factor credential the assessor can authorize): its SAD is not bound to document digests`, where("SCAL 1"));
      return conclude(
        [mustRefuse(s.unbound, { ja: "拒否", en: "a refusal" }, where(`unauthorized digest, ${s.credential.credentialID}`), { ja: "SADが認可していない文書ダイジェストに署名した（SADが文書ダイジェストに結び付いていない）", en: "a document digest the SAD did not authorize was signed — the SAD is not bound to the document digests" }, s.credential.credentialID)],
        { pass: { ja: "signDocのSADは文書ダイジェストに結び付いている", en: "the SAD is bound to its document digests in signDoc" }, fail: { ja: "signDocのSADが文書ダイジェストに結び付いていない", en: "signDoc signs document digests the SAD did not authorize" } },
      );
    });
  },
});
