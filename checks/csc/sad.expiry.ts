/**
 * csc.sad.expiry — a SAD is refused after `expiresIn`, and `expiresIn` itself is within the
 * policy (parameter sad.ttlSeconds). The probe waits out the SAD only when it is short (see
 * MAX_EXPIRY_WAIT_SECONDS); otherwise enforcement is not-applicable, with why. Enforcement is
 * probed on every signing route (src/csc/signdoc/routes.ts): where info lists signDoc beside
 * signHash, a SAD of its own, waited out with the others, is tried with signDoc.
 */
import { defineCheck } from "../../src/check/types.ts";
import { basis, parameterClause } from "../../src/check/basis.ts";
import { expiredSads, MAX_EXPIRY_WAIT_SECONDS, TOTP_SCENARIO_TIMEOUT_MS } from "../../src/csc/scenarios.ts";
import { routeWhere, signingRoutes, signVia } from "../../src/csc/signdoc/routes.ts";
import { at, cannotConclude, mustRefuse, notApplicable, runProbe, conclude, type Judged } from "../../src/csc/probe.ts";

export default defineCheck({
  id: "csc.sad.expiry",
  family: "csc",
  title: { ja: "有効期限切れのSADは拒否される", en: "A SAD is refused after expiresIn" },
  description: {
    ja: "SADのexpiresInが方針(sad.ttlSeconds)以内であることを確認し、短い場合は期限経過まで待ってから署名を要求し拒否されることを確認する（signDocが提供されていればsignDocでも）。",
    en: "Checks expiresIn against the policy (sad.ttlSeconds) and, when it is short, waits it out and expects signHash (and signDoc, where offered) to be refused.",
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
      const ttlBasis = ctx.parametersSet?.has("sad.ttlSeconds") ? basis("ASSESSMENT", parameterClause("sad.ttlSeconds"), "shall") : basis("catalog", { ja: "パラメータ sad.ttlSeconds（既定値; 数値を定める文言はない）", en: "parameter sad.ttlSeconds (default; no text sets a figure)" }, "should");
      const waited = (e.waitedMs / 1000).toFixed(1);
      const routes = signingRoutes(session);
      const enforced: Judged[] = [];
      for (const [i, route] of routes.entries()) {
        const sad = i === 0 ? e.sads[0] : e.signDocSad;
        if (!sad) continue;
        const reply = await signVia(route, session, t, e.credential, { sad, hashes: e.hashes, step: `sign ${waited} s after authorize (expiresIn ${e.expiresIn} s)` }, ctx.signal);
        enforced.push(mustRefuse(reply, { ja: `期限切れSADの拒否（${route}）`, en: `a refusal of the expired SAD (${route})` }, routeWhere(session, route, `after expiresIn, ${e.credential.credentialID}`), { ja: `expiresInが${e.expiresIn}秒なのに認可の${waited}秒後もSADで署名できた — 期限切れにならない（${route}）`, en: `the SAD still signed ${waited} s after authorization although expiresIn was ${e.expiresIn} s — it never expires (${route})` }, e.credential.credentialID));
      }
      return conclude(
        [
          {
            status: e.expiresIn <= ttl ? "pass" : "fail",
            observation: { expected: { ja: `expiresIn ${ttl}秒以下（sad.ttlSeconds）`, en: `expiresIn ≤ ${ttl} s (sad.ttlSeconds)` }, observed: `expiresIn ${e.expiresIn} s`, where: at(session, "credentials/authorize", e.credential.credentialID), ok: e.expiresIn <= ttl, ...(e.expiresIn <= ttl ? {} : { basis: ttlBasis }) },
          },
          ...enforced,
        ],
        { pass: { ja: `SADは${e.expiresIn}秒で期限切れになる`, en: `SADs expire after ${e.expiresIn} s` }, fail: { ja: "SADの有効期限が守られない", en: "SAD expiry is not enforced" } },
      );
    });
  },
});
