/**
 * csc.transport.https-only — the API is not served over plain HTTP: neither on the configured
 * port nor on port 80 does a plain-HTTP `info` get a CSC answer. A redirect to https is noted,
 * not failed; connection refused or reset means "not served". Probing port 80 is one request.
 */
import { defineCheck, type CheckContext, type CheckOutcome, type Observation } from "../../src/check/types.ts";
import { post } from "../../src/csc/http.ts";
import { oneLine, runProbe } from "../../src/csc/probe.ts";
import { concat } from "../../src/check/message.ts";
import { describeError } from "../../src/util/errors.ts";

/** What one plain-HTTP attempt showed (pure judgement of the attempt's result). */
export function judgePlainHttp(result: { status: number; body: string } | { error: string }, url: string): Observation {
  const expected = { ja: "平文HTTPではCSCの応答がない", en: "no CSC answer over plain HTTP" };
  if ("error" in result) return { expected, observed: { ja: `提供されない: ${oneLine(result.error, 160)}`, en: `not served: ${oneLine(result.error, 160)}` }, where: url, ok: true };
  if (result.status >= 300 && result.status < 400) return { expected, observed: { ja: `HTTP ${result.status} リダイレクト（APIの内容なし）`, en: `HTTP ${result.status} redirect (no API content)` }, where: url, ok: true };
  const looksLikeCsc = /"specs"|"methods"|"credentialIDs"|"access_token"/.test(result.body);
  if (result.status >= 200 && result.status < 300 && looksLikeCsc) return { expected, observed: { ja: `HTTP ${result.status}: CSC APIが平文HTTPで応答した`, en: `HTTP ${result.status}: the CSC API answered over plain HTTP` }, where: url, ok: false };
  return { expected, observed: { ja: `HTTP ${result.status}（APIの内容なし）`, en: `HTTP ${result.status} without API content` }, where: url, ok: !looksLikeCsc };
}

export default defineCheck({
  id: "csc.transport.https-only",
  family: "csc",
  title: { ja: "APIは平文HTTPで提供されない", en: "The API is not served over plain HTTP" },
  description: {
    ja: "設定ポートとポート80に平文HTTPでinfoを要求し、CSC APIが応答しないことを確認する（リダイレクトは記録のみ）。",
    en: "Sends info over plain HTTP to the configured port and to port 80 and confirms the CSC API does not answer (a redirect is noted).",
  },
  needs: ["csc"],
  intrusive: false,
  timeoutMs: 20_000,
  async run(ctx) {
    // Only meaningful when the API answers over HTTPS: otherwise "not served" is vacuous (error).
    return runProbe(ctx, "csc.transport.https-only", () => probePlainHttp(ctx));
  },
});

async function probePlainHttp(ctx: CheckContext): Promise<CheckOutcome> {
  {
    const base = new URL(ctx.target.csc!.baseUrl);
    const limits = { timeoutMs: Math.min(ctx.target.csc!.client?.timeoutMs ?? 5000, 5000), maxResponseBytes: 65_536 };
    const ports = [...new Set([base.port || (base.protocol === "https:" ? "443" : "80"), "80"])];
    const observations: Observation[] = [];
    for (const port of ports) {
      const url = `http://${base.hostname}:${port}${base.pathname.replace(/\/+$/, "")}/info`;
      try {
        const res = await post(url, { body: "{}", limits, signal: ctx.signal });
        observations.push(judgePlainHttp({ status: res.status, body: res.body.toString("utf8", 0, 4096) }, url));
      } catch (error) {
        observations.push(judgePlainHttp({ error: describeError(error) }, url));
      }
    }
    const bad = observations.find((o) => !o.ok);
    if (base.protocol !== "https:") {
      observations.unshift({ expected: { ja: "https://のベースURL", en: "an https:// base URL" }, observed: ctx.target.csc!.baseUrl, where: "target.csc.baseUrl", ok: false });
    }
    const failed = bad || base.protocol !== "https:";
    return {
      status: failed ? "fail" : "pass",
      summary: failed ? concat({ ja: "平文HTTPで提供されている: ", en: "served over plain HTTP: " }, bad?.observed ?? ctx.target.csc!.baseUrl) : { ja: "平文HTTPでは提供されない", en: "not served over plain HTTP" },
      observations,
    };
  }
}
