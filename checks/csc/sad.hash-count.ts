/**
 * csc.sad.hash-count — SCAL 2: an authorization that announces more signatures than it sends
 * hashes (numSignatures 2, one hash) must not widen what the SAD signs. CSC says the count SHOULD
 * match and the service MAY refuse (v1 §11.6), so a refusal and an acceptance are both conformant;
 * when the provider accepts, the SAD must still sign only the hash sent (SCAL 2 binding, v2 §8.2):
 * a second, unauthorized hash is then tried. Spends one TOTP code, of a signer other than the
 * primary one when there is one.
 */
import { defineCheck } from "../../src/check/types.ts";
import { basis } from "../../src/check/basis.ts";
import { authorize, randomDigests, signHash } from "../../src/csc/activation.ts";
import { describeReply } from "../../src/csc/client.ts";
import { twoFactorCredentials } from "../../src/csc/session.ts";
import { classifyRefusal } from "./authorize.lockout.ts";
import { at, cannotConclude, mustRefuse, notApplicable, runProbe, conclude, type Judged } from "../../src/csc/probe.ts";
import { excludedByScope } from "../../src/csc/credential-scope.ts";
import { CHEAP_PROBE_TIMEOUT_MS } from "../../src/csc/scenarios.ts";

const BINDING = basis("CSC-API-2.0", { ja: "8.2 SCAL2: SADは署名対象のハッシュ値に結び付けられる", en: "8.2 SCAL2: the SAD is bound to the hash values to be signed" }, "shall");

export default defineCheck({
  id: "csc.sad.hash-count",
  family: "csc",
  title: { ja: "SCAL2: ハッシュ数がnumSignaturesより少なくても未認可のハッシュには署名できない", en: "SCAL 2: fewer hashes than numSignatures never widen the SAD" },
  description: {
    ja: "numSignatures=2に対してハッシュを1つだけ付けて認可を要求する。拒否（MAY）も受理も適合であり、受理された場合は認可していない2つ目のハッシュへの署名が拒否されることを確認する。",
    en: "Requests an authorization for numSignatures 2 with a single hash. A refusal (MAY) and an acceptance are both conformant; when accepted, a signature over a second, unauthorized hash must be refused.",
  },
  needs: ["csc", "csc.signer.second-factor"],
  intrusive: false,
  timeoutMs: CHEAP_PROBE_TIMEOUT_MS,
  async run(ctx) {
    return runProbe(ctx, "csc.sad.hash-count", async ({ session, t }) => {
      const candidates = twoFactorCredentials(session);
      const c = candidates.find((x) => x.signer !== candidates[0]?.signer) ?? candidates[0];
      if (!c) return excludedByScope(session.excluded) ?? notApplicable({ ja: "評価者が認可できる複数要素（SCAL 2）の鍵がない", en: "no multi-factor (SCAL 2) credential the assessor can authorize" }, at(session, "credentials/info", "SCAL"));
      if (c.multisign < 2) return notApplicable({ ja: `${c.credentialID}は1回の認可で1署名のみ許す`, en: `${c.credentialID} allows one signature per authorization` }, at(session, "credentials/info", c.credentialID));
      const [sent, other] = randomDigests(2);
      const where = at(session, "credentials/authorize", `2 signatures, 1 hash, ${c.credentialID}`);
      const a = await authorize(session, t, c, { numSignatures: 2, hashes: [sent!], step: "authorize numSignatures=2 with 1 hash" }, ctx.signal);
      if (!a.sad) {
        const refused = mustRefuse(a.reply, { ja: "拒否（MAY）又はSADの発行", en: "a refusal (MAY) or a SAD" }, where, "");
        if (refused.status !== "pass") return cannotConclude({ ja: `認可が拒否もSAD発行もしなかった: ${describeReply(a.reply)}`, en: `authorize neither refused nor issued a SAD: ${describeReply(a.reply)}` }, where);
        // A refusal of the authentication (or a locked credential) says nothing about the hash count.
        const kind = classifyRefusal(a.reply);
        if (kind === "auth-failure" || kind === "locked") return cannotConclude({ ja: `認可はハッシュ数ではなく認証を拒否した: ${describeReply(a.reply)}`, en: `authorize refused the authentication, not the hash count: ${describeReply(a.reply)}` }, where);
        return conclude([refused], { pass: { ja: "ハッシュ数の不一致は拒否される（MAY）", en: "a hash-count mismatch is refused (MAY)" }, fail: "" });
      }
      const judged: Judged[] = [
        { status: "pass", observation: { expected: { ja: "拒否（MAY）又はSADの発行", en: "a refusal (MAY) or a SAD" }, observed: { ja: "受理された（SHOULDからの逸脱は要求側のもの）。未認可のハッシュを試す", en: "accepted (the SHOULD binds the request); trying an unauthorized hash" }, where, subject: c.credentialID, ok: true } },
      ];
      const widened = await signHash(session, t, c, { sad: a.sad, hashes: [other!], step: "sign a hash the SAD did not authorize" }, ctx.signal);
      const j = mustRefuse(widened, { ja: "未認可のハッシュへの署名の拒否", en: "a refusal of the unauthorized hash" }, at(session, "signatures/signHash", `unauthorized hash, SAD for 2 with 1 hash, ${c.credentialID}`), { ja: "認可していないハッシュに署名した（numSignaturesの残りでSADが広がる）", en: "signed a hash the SAD did not authorize (the missing hash count widened the SAD)" }, c.credentialID);
      judged.push({ ...j, observation: { ...j.observation, basis: BINDING } });
      return conclude(judged, {
        pass: { ja: "ハッシュ数の不一致は受理されるが、SADは送ったハッシュにだけ結び付く", en: "a hash-count mismatch is accepted, and the SAD signs only the hash sent" },
        fail: { ja: "ハッシュ数の不一致でSADが未認可のハッシュに広がる", en: "a hash-count mismatch widens the SAD" },
      });
    });
  },
});
