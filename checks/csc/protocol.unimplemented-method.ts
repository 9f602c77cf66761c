/**
 * csc.protocol.unimplemented-method — a method the service does not implement is answered 501
 * Not Implemented (v1.0.4.0 §10 Table 2, v2.0.0.2 §10.1 Table 2: "Returned when an unimplemented
 * method is requested"). Calls one method of the announced version that info.methods does not
 * list, chosen among those whose empty request can change nothing (signatures/timestamp,
 * credentials/authorizeCheck…), with the first signer's bearer.
 */
import { defineCheck } from "../../src/check/types.ts";
import { activeSigners } from "../../src/csc/session.ts";
import { at, notApplicable, oneLine, runProbe, type Judged } from "../../src/csc/probe.ts";
import { announcedVersion, concludeProtocol, cscBasis, rule, unlistedMethod, type CscVersion } from "../../src/csc/protocol.ts";
import { describeReply, type CscReply } from "../../src/csc/client.ts";

/** Judges the reply to an unlisted method (pure). */
export function judgeUnimplemented(version: CscVersion, method: string, reply: CscReply, where: string): Judged {
  const ok = reply.status === 501;
  return rule(ok, {
    expected: { ja: `info.methodsにない${method}は501 Not Implemented`, en: `${method}, not in info.methods: 501 Not Implemented` },
    observed: ok
      ? "HTTP 501"
      : reply.ok
        ? { ja: `HTTP ${reply.status}（info.methodsにないのに実装されている）`, en: `HTTP ${reply.status} (implemented, yet not listed in info.methods)` }
        : oneLine(describeReply(reply)),
    where,
    basis: cscBasis(version, { v1: { ja: "10 Table 2: 未実装のメソッドには501 Not Implemented", en: "10 Table 2: 501 Not Implemented for an unimplemented method" }, v2: { ja: "10.1 Table 2: 未実装のメソッドには501 Not Implemented", en: "10.1 Table 2: 501 Not Implemented for an unimplemented method" } }),
  });
}

export default defineCheck({
  id: "csc.protocol.unimplemented-method",
  family: "csc",
  title: { ja: "未実装のメソッドには501を返す", en: "An unimplemented method is answered 501" },
  description: {
    ja: "宣言した版のメソッドのうちinfo.methodsにない無害なもの（空の要求で何も変わらないもの）を1つ呼び、501 Not Implementedが返ることを確認する（相互運用性。ガイドラインの本文外）。",
    en: "Calls one harmless method of the announced version that info.methods does not list (one whose empty request changes nothing) and expects 501 Not Implemented (interoperability, beyond the guideline's text).",
  },
  needs: ["csc"],
  intrusive: false,
  async run(ctx) {
    return runProbe(ctx, "csc.protocol.unimplemented-method", async ({ session, t }) => {
      const version = announcedVersion(session.info.body.specs, session.client.version);
      const listed = Array.isArray(session.info.body.methods) ? (session.info.body.methods as unknown[]) : [];
      const method = unlistedMethod(version, listed);
      if (!method) return notApplicable("info.methods lists every method the probe may call harmlessly", at(session, "info", "methods"));
      const bearer = activeSigners(session)[0]?.token;
      const reply = await session.client.call(t, `call ${method}, which info.methods does not list`, method, {}, { ...(bearer ? { auth: { bearer } } : {}), allowNonJson: true, signal: ctx.signal });
      return concludeProtocol([judgeUnimplemented(version, method, reply, at(session, method, "unlisted method"))], {
        pass: { ja: `未実装の${method}に501を返す`, en: `${method} (not implemented) is answered 501` },
        fail: { ja: "未実装のメソッドに501を返さない", en: "an unimplemented method is not answered 501" },
      });
    });
  },
});
