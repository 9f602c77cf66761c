/**
 * csc.sad.expiry — a SAD is refused after `expiresIn`, and `expiresIn` itself is within the
 * policy (parameter sad.ttlSeconds). The probe waits out the SAD only when it is short (see
 * MAX_EXPIRY_WAIT_SECONDS); otherwise enforcement is not-applicable, with why.
 */
import { defineCheck } from "../../src/check/types.ts";
import { basis } from "../../src/check/basis.ts";
import { signHash } from "../../src/csc/activation.ts";
import { expiredSads, MAX_EXPIRY_WAIT_SECONDS, TOTP_SCENARIO_TIMEOUT_MS } from "../../src/csc/scenarios.ts";
import { at, cannotConclude, mustRefuse, notApplicable, runProbe, conclude } from "../../src/csc/probe.ts";

export default defineCheck({
  id: "csc.sad.expiry",
  family: "csc",
  title: { ja: "有効期限切れのSADは拒否される", en: "A SAD is refused after expiresIn" },
  description: {
    ja: "SADのexpiresInが方針(sad.ttlSeconds)以内であることを確認し、短い場合は期限経過まで待ってから署名を要求し拒否されることを確認する。",
    en: "Checks expiresIn against the policy (sad.ttlSeconds) and, when it is short, waits it out and expects signHash to be refused.",
  },
  needs: ["csc", "csc.signer"],
  parameters: ["sad.ttlSeconds"],
  intrusive: false,
  // The two authorizations (each may wait for a TOTP step), then the SAD lifetime waited out.
  timeoutMs: TOTP_SCENARIO_TIMEOUT_MS + MAX_EXPIRY_WAIT_SECONDS * 1000 + 40_000,
  async run(ctx) {
    return runProbe(ctx, "csc.sad.expiry", async ({ session, t, uses }) => {
      const e = await expiredSads(ctx);
      if (!("sads" in e)) return e.notApplicable ? notApplicable(e.unavailable, at(session, "credentials/authorize", "expiresIn")) : cannotConclude(e.unavailable, at(session, "credentials/authorize", "expiresIn"));
      uses(e.transcript);
      const ttl = Number(ctx.parameters["sad.ttlSeconds"] ?? 300);
      // CSC sets no longest lifetime (its 3600 s is a default): the catalog's figure is advice,
      // binding when the assessment sets sad.ttlSeconds (design §3a). Honouring the announced
      // expiresIn is CSC's own requirement (the check's basis).
      const ttlBasis = ctx.parametersSet?.has("sad.ttlSeconds") ? basis("ASSESSMENT", "parameters.sad.ttlSeconds", "shall") : basis("catalog", "parameter sad.ttlSeconds (default; no text sets a figure)", "should");
      const reply = await signHash(session, t, e.credential, { sad: e.sads[0]!, hashes: e.hashes, step: `signHash ${(e.waitedMs / 1000).toFixed(1)} s after authorize (expiresIn ${e.expiresIn} s)` }, ctx.signal);
      return conclude(
        [
          {
            status: e.expiresIn <= ttl ? "pass" : "fail",
            observation: { expected: { ja: `expiresIn ${ttl}秒以下（sad.ttlSeconds）`, en: `expiresIn ≤ ${ttl} s (sad.ttlSeconds)` }, observed: `expiresIn ${e.expiresIn} s`, where: at(session, "credentials/authorize", e.credential.credentialID), ok: e.expiresIn <= ttl, ...(e.expiresIn <= ttl ? {} : { basis: ttlBasis }) },
          },
          mustRefuse(reply, { ja: "期限切れSADの拒否", en: "a refusal of the expired SAD" }, at(session, "signatures/signHash", `after expiresIn, ${e.credential.credentialID}`), { ja: `expiresInが${e.expiresIn}秒なのに認可の${(e.waitedMs / 1000).toFixed(1)}秒後もSADで署名できた — 期限切れにならない`, en: `the SAD still signed ${(e.waitedMs / 1000).toFixed(1)} s after authorization although expiresIn was ${e.expiresIn} s — it never expires` }, e.credential.credentialID),
        ],
        { pass: { ja: `SADは${e.expiresIn}秒で期限切れになる`, en: `SADs expire after ${e.expiresIn} s` }, fail: { ja: "SADの有効期限が守られない", en: "SAD expiry is not enforced" } },
      );
    });
  },
});
