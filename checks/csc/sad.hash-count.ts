/**
 * csc.sad.hash-count — SCAL 2: an authorization whose number of hashes differs from
 * numSignatures (2 announced, 1 hash sent) is refused rather than silently widened. Spends one
 * TOTP code, of a signer other than the primary one when there is one.
 */
import { defineCheck } from "../../src/check/types.ts";
import { authorize, randomDigests } from "../../src/csc/activation.ts";
import { twoFactorCredentials } from "../../src/csc/session.ts";
import { at, mustRefuse, notApplicable, runProbe, conclude } from "../../src/csc/probe.ts";

export default defineCheck({
  id: "csc.sad.hash-count",
  family: "csc",
  title: { ja: "SCAL2: ハッシュ数の不一致は拒否される", en: "SCAL 2: a hash count different from numSignatures is refused" },
  description: {
    ja: "numSignatures=2に対してハッシュを1つだけ付けて認可を要求し、拒否されることを確認する。",
    en: "Requests an authorization for numSignatures 2 with a single hash and expects a refusal.",
  },
  needs: ["csc", "csc.signer.otp"],
  intrusive: false,
  async run(ctx) {
    return runProbe(ctx, "csc.sad.hash-count", async ({ session, t }) => {
      const candidates = twoFactorCredentials(session);
      const c = candidates.find((x) => x.signer !== candidates[0]?.signer) ?? candidates[0];
      if (!c) return notApplicable("no multi-factor (SCAL 2) credential the assessor can authorize", at(session, "credentials/info", "SCAL"));
      if (c.multisign < 2) return notApplicable(`${c.credentialID} allows one signature per authorization`, at(session, "credentials/info", c.credentialID));
      const a = await authorize(session, t, c, { numSignatures: 2, hashes: randomDigests(1), step: "authorize numSignatures=2 with 1 hash", expectRefusal: true }, ctx.signal);
      return conclude([mustRefuse(a.reply, "a refusal", at(session, "credentials/authorize", `2 signatures, 1 hash, ${c.credentialID}`), "accepted an authorization whose hash count differs from numSignatures", c.credentialID)], {
        pass: "a hash-count mismatch is refused",
        fail: "a hash-count mismatch is accepted",
      });
    });
  },
});
