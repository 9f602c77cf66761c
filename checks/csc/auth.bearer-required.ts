/**
 * csc.auth.bearer-required — calls without a bearer token, or with one the provider never issued,
 * get 401. Any 2xx fails; another 4xx is a refusal, advisory only (RFC 6750 §3.1 SHOULD).
 */
import { defineCheck, type CheckStatus, type Message } from "../../src/check/types.ts";
import { basis } from "../../src/check/basis.ts";
import { concat } from "../../src/check/message.ts";
import { describeReply, type CallAuth } from "../../src/csc/client.ts";
import { at, conclude, runProbe, type Judged } from "../../src/csc/probe.ts";
import { signingMethod } from "../../src/csc/session.ts";
import { randomBytes } from "node:crypto";

export default defineCheck({
  id: "csc.auth.bearer-required",
  family: "csc",
  title: { ja: "ベアラートークンなしの呼び出しは401で拒否される", en: "Calls without a bearer token get 401" },
  description: {
    ja: "credentials/list、credentials/info、signatures/signHashをトークンなし及び発行されていないトークンで呼び出し、401で拒否されることを確認する。",
    en: "Calls credentials/list, credentials/info and signatures/signHash without a token and with a token never issued, and expects 401.",
  },
  needs: ["csc"],
  intrusive: false,
  async run(ctx) {
    return runProbe(ctx, "csc.auth.bearer-required", async ({ session, t }) => {
      const someCredential = session.signers.find((s) => s.inScope.length)?.inScope[0] ?? "unknown-credential";
      const calls: Array<[string, Record<string, unknown>]> = [
        ["credentials/list", {}],
        ["credentials/info", { credentialID: someCredential }],
        signingMethod(session) === "signatures/signDoc"
          ? ["signatures/signDoc", { credentialID: someCredential, documentDigests: [{ hashes: [randomBytes(32).toString("base64")], hashAlgorithmOID: "2.16.840.1.101.3.4.2.1", signature_format: "C", signAlgo: "1.2.840.10045.4.3.2" }] }]
          : ["signatures/signHash", { credentialID: someCredential, hashes: [randomBytes(32).toString("base64")], hashAlgorithmOID: "2.16.840.1.101.3.4.2.1", signAlgo: "1.2.840.10045.4.3.2" }],
      ];
      const auths: Array<[string, CallAuth]> = [
        ["no Authorization header", undefined],
        ["a bearer token never issued", { bearer: randomBytes(24).toString("base64url") }],
      ];
      const judged: Judged[] = [];
      for (const [method, body] of calls) {
        for (const [label, auth] of auths) {
          const reply = await session.client.call(t, `${method} with ${label}`, method, body, { auth, allowNonJson: true, signal: ctx.signal });
          // A 2xx serves an unauthenticated call (SHALL); another 4xx than 401 refuses it, departing only from RFC 6750 §3.1's SHOULD.
          const refused = reply.status >= 400 && reply.status < 500;
          const status: CheckStatus = reply.ok ? "fail" : refused && reply.status !== 401 ? "fail" : refused ? "pass" : "error";
          const note: Message = reply.status === 401 ? "" : reply.ok ? { ja: " — 認証なしで応答した", en: " — served without authentication" } : refused ? { ja: "（拒否されたが401ではない）", en: " (refused, but not with 401)" } : "";
          judged.push({
            status,
            observation: {
              expected: { ja: "HTTP 401", en: "HTTP 401" },
              observed: concat(describeReply(reply), note),
              where: at(session, method, label),
              ok: status === "pass",
              ...(refused && reply.status !== 401 ? { basis: basis("RFC-6750", { ja: "3.1 invalid_token / 資格情報なし: リソースサーバは401で応答することが望ましい", en: "3.1 invalid_token / missing credentials: the resource server SHOULD respond 401" }, "should") } : {}),
            },
          });
        }
      }
      return conclude(judged, { pass: { ja: "有効なアクセストークンのない呼出しはすべて拒否された", en: "every call without a valid bearer token was refused" }, fail: { ja: "有効なアクセストークンのない呼出しが処理された", en: "a call without a valid bearer token was served" } });
    });
  },
});
