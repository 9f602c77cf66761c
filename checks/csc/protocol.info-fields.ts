/**
 * csc.protocol.info-fields — the `info` reply carries what the version it announces REQUIRES
 * (v1.0.4.0 §11.1; v2.0.0.2 §11.1, including signAlgorithms, signature_formats and
 * conformance_levels, and exactly one of oauth2 / oauth2Issuer when OAuth is offered). Judged on
 * the session's discovery exchange: no extra call.
 */
import { defineCheck, type Text } from "../../src/check/types.ts";
import { at, oneLine, runProbe, type Judged } from "../../src/csc/probe.ts";
import { announcedVersion, concludeProtocol, cscBasis } from "../../src/csc/protocol.ts";

const COMMON = ["specs", "name", "logo", "region", "lang", "description", "authType", "methods"];
const V2_ONLY = ["signAlgorithms", "signature_formats", "conformance_levels"];

/** Judges an info body against the version it announces (pure). */
export function judgeInfoFields(body: Record<string, unknown>, fallback: "v1" | "v2", where: string): Judged[] {
  const version = announcedVersion(body.specs, fallback);
  const b = cscBasis(version, { v1: "11.1", v2: "11.1" });
  const required = version === "v2" ? [...COMMON, ...V2_ONLY] : COMMON;
  const missing = required.filter((k) => body[k] === undefined || body[k] === null);
  const sa = body.signAlgorithms as Record<string, unknown> | undefined;
  const sf = body.signature_formats as Record<string, unknown> | undefined;
  const shapes: string[] = [];
  if (version === "v2") {
    if (sa !== undefined && !(sa && typeof sa === "object" && Array.isArray(sa.algos))) shapes.push("signAlgorithms/algos");
    if (sf !== undefined && !(sf && typeof sf === "object" && Array.isArray(sf.formats))) shapes.push("signature_formats/formats");
    if (body.conformance_levels !== undefined && !Array.isArray(body.conformance_levels)) shapes.push("conformance_levels");
  }
  const oauthOffered = Array.isArray(body.authType) && body.authType.some((a) => a === "oauth2code" || a === "oauth2client");
  const hasOauth2 = typeof body.oauth2 === "string";
  const hasIssuer = typeof body.oauth2Issuer === "string";
  const oauthOk = !oauthOffered || (version === "v2" ? hasOauth2 !== hasIssuer : hasOauth2);
  const oauthExpected: Text = version === "v2" ? { ja: "OAuth認証方式ではoauth2とoauth2Issuerのいずれか一方のみ", en: "with an OAuth authType: exactly one of oauth2 / oauth2Issuer" } : { ja: "OAuth認証方式ではoauth2", en: "with an OAuth authType: oauth2" };
  const present: Text = hasOauth2 && hasIssuer ? { ja: "oauth2とoauth2Issuerの両方", en: "oauth2 and oauth2Issuer" } : hasOauth2 ? { ja: "oauth2のみ", en: "oauth2" } : hasIssuer ? { ja: "oauth2Issuerのみ", en: "oauth2Issuer" } : { ja: "oauth2もoauth2Issuerもない", en: "neither oauth2 nor oauth2Issuer" };
  const ok = missing.length === 0 && shapes.length === 0;
  return [
    {
      status: ok ? "pass" : "fail",
      observation: {
        expected: { ja: `CSC ${version}のinfo必須項目: ${required.join("、")}`, en: `the REQUIRED info fields of CSC ${version}: ${required.join(", ")}` },
        observed: ok ? { ja: "すべてあり", en: "all present" } : { ja: oneLine([...missing.map((m) => `${m}がない`), ...shapes.map((s) => `${s}が配列でない`)].join("; ")), en: oneLine([...missing.map((m) => `missing ${m}`), ...shapes.map((s) => `${s} is not an array`)].join("; ")) },
        where,
        ok,
        ...(ok ? {} : { basis: b }),
      },
    },
    {
      status: oauthOk ? "pass" : "fail",
      observation: {
        expected: oauthExpected,
        observed: oauthOffered ? present : { ja: "OAuth認証方式なし", en: "no OAuth authType" },
        where,
        ok: oauthOk,
        ...(oauthOk ? {} : { basis: b }),
      },
    },
  ];
}

export default defineCheck({
  id: "csc.protocol.info-fields",
  family: "csc",
  title: { ja: "infoが宣言したCSC版の必須項目を返す", en: "info returns the fields its announced CSC version requires" },
  description: {
    ja: "info応答が、宣言したCSC APIの版（v1.0.4.0 §11.1 / v2.0.0.2 §11.1）の必須項目を含み、v2ではoauth2とoauth2Issuerのいずれか一方のみを返すことを、探索時の応答で確認する（相互運用性。ガイドラインの本文外）。",
    en: "Confirms from the discovery exchange that info carries the REQUIRED fields of the CSC version it announces (v1.0.4.0 §11.1 / v2.0.0.2 §11.1) and, on v2, exactly one of oauth2 / oauth2Issuer (interoperability, beyond the guideline's text).",
  },
  needs: ["csc"],
  intrusive: false,
  async run(ctx) {
    return runProbe(ctx, "csc.protocol.info-fields", async ({ session }) =>
      concludeProtocol(judgeInfoFields(session.info.body, session.client.version, at(session, "info", "discovery")), {
        pass: { ja: `infoはCSC ${oneLine(String(session.info.body.specs), 20)}の必須項目を返す`, en: `info carries what CSC ${oneLine(String(session.info.body.specs), 20)} requires` },
        fail: { ja: "infoが宣言したCSC版に沿わない", en: "info departs from its announced CSC version" },
      }),
    );
  },
});
