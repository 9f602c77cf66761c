/**
 * csc.info — `info` answers (the one method CSC requires: v2 §11 "The info method SHALL be
 * implemented. All other methods are OPTIONAL") with its REQUIRED fields: `specs`, `authType` and
 * `methods` (v2 §11.1). Which optional methods the provider lists is its choice: the check reports
 * which parts of the assessment cannot be reached without a method the provider does not list,
 * and fails nothing for it. The reply is attacker-controlled: values are reported, never followed.
 */
import { defineCheck } from "../../src/check/types.ts";
import { basis } from "../../src/check/basis.ts";
import { at, oneLine, runProbe, type Judged, conclude } from "../../src/csc/probe.ts";

/** The optional methods the assessment uses, and what cannot be assessed without each. */
const USED: ReadonlyArray<[method: string, needed: { ja: string; en: string }]> = [
  ["credentials/list", { ja: "鍵の一覧と利用者間の分離", en: "credential discovery and isolation between users" }],
  ["credentials/info", { ja: "鍵・証明書・認可方式の確認", en: "keys, certificates and authorization modes" }],
  ["credentials/authorize", { ja: "明示的な鍵認可（PIN・OTP・SAD）", en: "explicit credential authorization (PIN, OTP, SAD)" }],
  ["signatures/signHash", { ja: "署名とSADの結び付き", en: "signatures and SAD binding" }],
  ["auth/revoke", { ja: "失効したトークンの拒否", en: "refusal of revoked tokens" }],
  ["credentials/extendTransaction", { ja: "期限切れSADの延長拒否", en: "refusal to extend an expired SAD" }],
];
const AUTH_TYPES = new Set(["external", "TLS", "basic", "digest", "oauth2code", "oauth2implicit", "oauth2client"]);
const REQUIRED_FIELD = (field: string) => basis("CSC-API-2.0", { ja: `11.1 infoの出力: ${field}は必須`, en: `11.1 info output: ${field} REQUIRED` }, "shall");

/** Judges an info body (pure). */
export function judgeInfo(body: Record<string, unknown>, where: string): Judged[] {
  const specs = typeof body.specs === "string" ? body.specs : undefined;
  const methods = Array.isArray(body.methods) ? body.methods.filter((m): m is string => typeof m === "string") : undefined;
  const authType = Array.isArray(body.authType) ? body.authType.filter((m): m is string => typeof m === "string") : [];
  const judged: Judged[] = [];
  const known = specs !== undefined && /^(1\.0\.[34]\.\d+|2\.\d+\.\d+\.\d+)$/.test(specs);
  judged.push({
    // An unknown version is not the provider's fault: the tool cannot say how to read it (error).
    status: specs === undefined ? "fail" : known ? "pass" : "error",
    observation: {
      expected: { ja: "specs（1.0.3.x/1.0.4.x又は2.x.x.x）", en: "specs 1.0.3.x/1.0.4.x or 2.x.x.x" },
      observed: specs === undefined ? { ja: "specsがない", en: "no specs" } : `specs ${oneLine(JSON.stringify(specs), 60)}${known ? "" : " (a version this tool does not know)"}`,
      where,
      ok: known,
      ...(specs === undefined ? { basis: REQUIRED_FIELD("specs") } : {}),
    },
  });
  if (!methods) {
    judged.push({ status: "fail", observation: { expected: { ja: "methodsの配列", en: "a methods array" }, observed: { ja: "methodsがない", en: "no methods array" }, where, ok: false, basis: REQUIRED_FIELD("methods") } });
  } else {
    // signDoc serves what signHash would (src/csc/session.ts signingMethod).
    const missing = USED.filter(([m]) => !methods.includes(m) && !(m === "signatures/signHash" && methods.includes("signatures/signDoc")));
    judged.push({
      status: "pass",
      observation: {
        expected: { ja: "評価に使うメソッド（info以外は任意）", en: "the methods the assessment uses (all but info are optional)" },
        observed: missing.length
          ? { ja: `${methods.length}件を掲載。未掲載のため評価できない: ${missing.map(([m, n]) => `${m}（${n.ja}）`).join("、")}`, en: `${methods.length} listed; not listed, so not assessed: ${missing.map(([m, n]) => `${m} (${n.en})`).join("; ")}` }
          : { ja: `${methods.length}件を掲載`, en: `${methods.length} methods listed` },
        where,
        ok: true,
      },
    });
  }
  const unknownAuth = authType.filter((a) => !AUTH_TYPES.has(a));
  judged.push({
    status: authType.length > 0 ? "pass" : "fail",
    observation: {
      expected: { ja: "authTypeに1つ以上の方式", en: "authType lists at least one type" },
      observed: authType.length ? `authType ${oneLine(authType.join(", "), 120)}${unknownAuth.length ? ` (not defined by CSC: ${oneLine(unknownAuth.join(", "), 80)})` : ""}` : { ja: "authTypeがない", en: "no authType" },
      where,
      ok: authType.length > 0,
      ...(authType.length ? {} : { basis: REQUIRED_FIELD("authType") }),
    },
  });
  return judged;
}

export default defineCheck({
  id: "csc.info",
  family: "csc",
  title: { ja: "info応答が必須項目を含む", en: "info answers with its required fields" },
  description: {
    ja: "infoメソッドが応答し、必須項目（specs、authType、methods）を返すことを確認する。info以外のメソッドは任意のため、未掲載のメソッドは不適合とせず、それにより評価できない項目を記録する。",
    en: "Calls info and confirms its required fields (specs, authType, methods). Methods other than info are optional: one not listed is no finding; the check records what cannot be assessed without it.",
  },
  needs: ["csc"],
  intrusive: false,
  async run(ctx) {
    return runProbe(ctx, "csc.info", async ({ session }) =>
      conclude(judgeInfo(session.info.body, at(session, "info", "discovery")), {
        pass: { ja: `CSC ${String(session.info.body.specs)}（${session.client.version}のフィールド名）`, en: `CSC ${String(session.info.body.specs)} (${session.client.version} field names)` },
        fail: { ja: "infoに必須項目がない", en: "info lacks a required field" },
      }),
    );
  },
});
