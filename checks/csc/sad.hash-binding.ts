/**
 * csc.sad.hash-binding — SCAL 2: a SAD authorized for hashes h1, h2 does not sign another hash
 * (shared SCAL 2 scenario). Not applicable without a multi-factor credential.
 */
import { defineCheck } from "../../src/check/types.ts";
import { scal2Scenario, TOTP_SCENARIO_TIMEOUT_MS } from "../../src/csc/scenarios.ts";
import { at, cannotConclude, mustRefuse, notApplicable, runProbe, conclude } from "../../src/csc/probe.ts";

export default defineCheck({
  id: "csc.sad.hash-binding",
  family: "csc",
  title: { ja: "SCAL2: 認可されていないハッシュは署名されない", en: "SCAL 2: a hash not authorized is refused" },
  description: {
    ja: "2つのハッシュに対して認可したSADで、別のハッシュの署名を要求し、拒否されることを確認する。",
    en: "With a SAD authorized for two hashes, requests a signature over a third hash and expects a refusal.",
  },
  needs: ["csc", "csc.signer.second-factor"],
  intrusive: false,
  timeoutMs: TOTP_SCENARIO_TIMEOUT_MS,
  async run(ctx) {
    return runProbe(ctx, "csc.sad.hash-binding", async ({ session, uses }) => {
      const s = await scal2Scenario(ctx);
      if (!("transcript" in s)) return s.notApplicable ? notApplicable(s.unavailable, at(session, "credentials/authorize", "SCAL 2")) : cannotConclude(s.unavailable, at(session, "credentials/authorize", "SCAL 2"));
      uses(s.transcript);
      return conclude([mustRefuse(s.hashBinding, { ja: "拒否", en: "a refusal" }, at(session, "signatures/signHash", `unauthorized hash, ${s.credential.credentialID}`), { ja: "SADが認可していないハッシュに署名された — SADがハッシュに結び付いていない", en: "a hash the SAD did not authorize was signed — the SAD is not bound to the hashes" }, s.credential.credentialID)], {
        pass: { ja: "SADはそのハッシュに結び付いている", en: "the SAD is bound to its hashes" },
        fail: { ja: "SADがハッシュに結び付いていない", en: "the SAD is not bound to its hashes" },
      });
    });
  },
});
