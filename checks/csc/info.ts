/**
 * csc.info — `info` answers, names a CSC version this tool knows, lists the methods a remote
 * signing service needs, and announces only known authentication types. The reply is
 * attacker-controlled: values are reported, never followed.
 */
import { defineCheck } from "../../src/check/types.ts";
import { at, oneLine, runProbe, type Judged, conclude } from "../../src/csc/probe.ts";

/** Methods every explicit-authorization service offers (CSC v1 §11, v2 §11). */
const REQUIRED = ["credentials/list", "credentials/info", "credentials/authorize", "signatures/signHash"];
const AUTH_TYPES = new Set(["external", "TLS", "basic", "digest", "oauth2code", "oauth2implicit", "oauth2client"]);

/** Judges an info body (pure). */
export function judgeInfo(body: Record<string, unknown>, where: string): Judged[] {
  const specs = typeof body.specs === "string" ? body.specs : "";
  const methods = Array.isArray(body.methods) ? body.methods.filter((m): m is string => typeof m === "string") : [];
  const authType = Array.isArray(body.authType) ? body.authType.filter((m): m is string => typeof m === "string") : [];
  const missing = REQUIRED.filter((m) => !methods.includes(m));
  const unknownAuth = authType.filter((a) => !AUTH_TYPES.has(a));
  return [
    {
      status: /^(1\.0\.[34]\.\d+|2\.\d+\.\d+\.\d+)$/.test(specs) ? "pass" : "fail",
      observation: { expected: "specs 1.0.3.x/1.0.4.x or 2.x.x.x", observed: `specs ${oneLine(JSON.stringify(body.specs ?? null), 60)}`, where, ok: /^(1\.0\.[34]\.\d+|2\.\d+\.\d+\.\d+)$/.test(specs) },
    },
    {
      status: missing.length === 0 ? "pass" : "fail",
      observation: { expected: `methods include ${REQUIRED.join(", ")}`, observed: missing.length ? `missing ${missing.join(", ")}` : `${methods.length} methods listed`, where, ok: missing.length === 0 },
    },
    {
      status: authType.length > 0 && unknownAuth.length === 0 ? "pass" : "fail",
      observation: {
        expected: "authType lists at least one known type",
        observed: authType.length ? `authType ${oneLine(authType.join(", "), 120)}${unknownAuth.length ? ` (unknown: ${oneLine(unknownAuth.join(", "), 80)})` : ""}` : "no authType",
        where,
        ok: authType.length > 0 && unknownAuth.length === 0,
      },
    },
  ];
}

export default defineCheck({
  id: "csc.info",
  family: "csc",
  title: { ja: "info応答が妥当である", en: "info answers with a known version, methods and auth types" },
  description: {
    ja: "infoメソッドが応答し、既知のCSC仕様バージョン、必要なメソッド（一覧・情報・認可・署名）、既知の認証方式を返すことを確認する。",
    en: "Calls info and confirms a known CSC specification version, the methods an explicit-authorization service needs (list, info, authorize, signHash) and only known authentication types.",
  },
  needs: ["csc"],
  intrusive: false,
  async run(ctx) {
    return runProbe(ctx, "csc.info", async ({ session }) =>
      conclude(judgeInfo(session.info.body, at(session, "info", "discovery")), { pass: `CSC ${String(session.info.body.specs)} (${session.client.version} field names)`, fail: "info is incomplete" }),
    );
  },
});
