/**
 * csc.sad.extend-expired — credentials/extendTransaction on a SAD past its expiresIn is refused:
 * an expired authorization must not be revived. Not applicable when the service does not offer
 * extendTransaction or its SADs live too long to wait out.
 */
import { defineCheck } from "../../src/check/types.ts";
import { expiredSads, MAX_EXPIRY_WAIT_SECONDS, TOTP_SCENARIO_TIMEOUT_MS } from "../../src/csc/scenarios.ts";
import { signerOf } from "../../src/csc/session.ts";
import { at, cannotConclude, mustRefuse, notApplicable, runProbe, conclude } from "../../src/csc/probe.ts";

export default defineCheck({
  id: "csc.sad.extend-expired",
  family: "csc",
  title: { ja: "期限切れSADの延長は拒否される", en: "extendTransaction on an expired SAD is refused" },
  description: {
    ja: "expiresInを過ぎたSADでcredentials/extendTransactionを呼び、拒否されることを確認する。",
    en: "Calls credentials/extendTransaction with a SAD past its expiresIn and expects a refusal.",
  },
  needs: ["csc", "csc.signer"],
  intrusive: false,
  // The two authorizations (each may wait for a TOTP step), then the SAD lifetime waited out.
  timeoutMs: TOTP_SCENARIO_TIMEOUT_MS + MAX_EXPIRY_WAIT_SECONDS * 1000 + 40_000,
  async run(ctx) {
    return runProbe(ctx, "csc.sad.extend-expired", async ({ session, t, uses }) => {
      const methods = Array.isArray(session.info.body.methods) ? session.info.body.methods : [];
      if (!methods.includes("credentials/extendTransaction")) return notApplicable({ ja: "サービスがcredentials/extendTransactionを提供していない", en: "the service does not offer credentials/extendTransaction" }, at(session, "info", "methods"));
      const e = await expiredSads(ctx);
      if (!("sads" in e)) return e.notApplicable ? notApplicable(e.unavailable, at(session, "credentials/authorize", "expiresIn")) : cannotConclude(e.unavailable, at(session, "credentials/authorize", "expiresIn"));
      uses(e.transcript);
      const reply = await session.client.extendTransaction(t, "extend an expired SAD", { bearer: signerOf(session, e.credential).token!, credentialID: e.credential.credentialID, sad: e.sads[1]! }, ctx.signal);
      return conclude([mustRefuse(reply, { ja: "拒否", en: "a refusal" }, at(session, "credentials/extendTransaction", `expired SAD, ${e.credential.credentialID}`), { ja: "期限切れのSADが新しいSADに延長された", en: "an expired SAD was extended into a fresh one" }, e.credential.credentialID)], {
        pass: { ja: "期限切れのSADは延長できない", en: "an expired SAD cannot be extended" },
        fail: { ja: "期限切れのSADがextendTransactionで復活する", en: "an expired SAD is revived by extendTransaction" },
      });
    });
  },
});
