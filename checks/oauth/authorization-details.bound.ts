/**
 * oauth.authorization-details.bound — a credential token from authorization_details is bound to
 * their digests. Where the metadata lists authorization_details type credential (RFC 9396 §10,
 * CSC v2 §8.4.2), the shared credential login sends its two digests as documentDigests: the token
 * response must return the authorization_details granted (RFC 9396 §7 MUST), and the token must
 * refuse a digest outside them (CSC v2 §8.4.2 documentDigests, §11.10/11.11).
 * (Judged from the shared OAuth session: src/oauth/session.ts, src/oauth/flows.ts.)
 */
import { defineCheck, type CheckOutcome, type Observation } from "../../src/check/types.ts";
import { withOAuth, described, refusal } from "../../src/oauth/judge.ts";
import { PAR_BASES } from "../../src/oauth/bases.ts";
import { endpoints } from "../../src/oauth/session.ts";
import { bindingProbe } from "../../src/oauth/flows.ts";

export default defineCheck({
  id: "oauth.authorization-details.bound",
  family: "oauth",
  title: { ja: "authorization_detailsによるクレデンシャルトークンはそのハッシュ値に結び付く", en: "A token from authorization_details is bound to their digests" },
  description: {
    ja: "メタデータがauthorization_detailsの型credentialを掲げる場合（RFC 9396 §10、CSC v2 §8.4.2）、2つのハッシュ値をdocumentDigestsとして送る。トークン応答は許可されたauthorization_detailsを返さなければならず（RFC 9396 §7）、トークンはそれ以外のハッシュ値への署名を拒否しなければならない（CSC v2 §8.4.2、§11.10/11.11）。",
    en: "Where the metadata lists authorization_details type credential (RFC 9396 §10, CSC v2 §8.4.2), two digests go as documentDigests: the token response must return the authorization_details granted (RFC 9396 §7), and the token must refuse a digest outside them (CSC v2 §8.4.2, §11.10/11.11).",
  },
  needs: ["csc"],
  intrusive: false,
  timeoutMs: 90_000,
  async run(ctx) {
    return withOAuth(ctx, "OAuth 2.0 (oauth.authorization-details.bound)", async (s): Promise<CheckOutcome> => {
      if (!s.features.authorizationDetails) {
        return { status: "not-applicable", summary: { ja: "事業者はauthorization_detailsの型credentialを掲げていない（従来のhashesパラメータで認可する）", en: "the provider lists no authorization_details type credential (credential authorization uses the hashes parameter)" }, observations: [{ expected: { ja: "credentialを含むauthorization_details_types_supported", en: "authorization_details_types_supported including credential" }, observed: `authorization_details_types_supported ${JSON.stringify(s.metadata.authorization_details_types_supported ?? null)}`, where: `${s.issuer} metadata` }], notApplicableReason: "no-authorization-details" };
      }
      const p = await bindingProbe(ctx, s);
      if (!p.details || !p.tokenResponse || !p.otherHash) {
        return { status: "error", summary: { ja: `判定できない：authorization_detailsによるトークンが得られなかった（${p.problem ?? "不明"}）`, en: `could not conclude: no token from authorization_details (${p.problem ?? "unknown"})` }, observations: [{ expected: { ja: "クレデンシャルトークン", en: "a credential token" }, observed: p.problem ?? { ja: "なし", en: "none" }, where: endpoints(s).token }] };
      }
      const returned = p.tokenResponse.authorization_details;
      const echoed = Array.isArray(returned) && returned.some((d) => typeof d === "object" && d !== null && (d as { type?: unknown }).type === "credential");
      const r = refusal(p.otherHash);
      if (r === "inconclusive") {
        return { status: "error", summary: { ja: `判定できない：拒否か受理かを示す応答ではない（${described(p.otherHash)}）`, en: `could not conclude: the answer is neither a refusal nor an acceptance (${described(p.otherHash)})` }, observations: [{ expected: { ja: "拒否される", en: "refused" }, observed: described(p.otherHash), where: "signatures/signHash" }] };
      }
      const observations: Observation[] = [
        { expected: { ja: "トークン応答のauthorization_details（型credential）", en: "authorization_details (type credential) in the token response" }, observed: echoed ? { ja: "返された", en: "returned" } : { ja: `返されない（${JSON.stringify(returned ?? null).slice(0, 80)}）`, en: `not returned (${JSON.stringify(returned ?? null).slice(0, 80)})` }, where: `${endpoints(s).token} (authorization_details)`, subject: p.credential.credentialID, ok: echoed, basis: PAR_BASES.detailsReturned },
        { expected: { ja: "documentDigests以外のハッシュ値の拒否", en: "a digest outside documentDigests refused" }, observed: described(p.otherHash), where: "signatures/signHash (token from authorization_details, another digest)", subject: p.credential.credentialID, ok: r === "refused", basis: PAR_BASES.detailsBound },
      ];
      const bad = observations.filter((o) => !o.ok);
      if (bad.length === 0) return { status: "pass", summary: { ja: "authorization_detailsによるトークンはdocumentDigestsに結び付き、許可内容が返される", en: "the token from authorization_details is bound to its documentDigests, and the grant is returned" }, observations };
      const bound = observations[1]!.ok;
      return { status: "fail", summary: bound ? { ja: "トークン応答が許可されたauthorization_detailsを返さない", en: "the token response does not return the authorization_details granted" } : { ja: "authorization_detailsによるトークンでdocumentDigests以外のハッシュ値に署名できる", en: "a token from authorization_details signs digests outside its documentDigests" }, observations };
    });
  },
});
