/**
 * csc.protocol.signalgo-in-key-algo — signHash refuses a signAlgo that the credential's key/algo
 * does not list, even one the key could compute (v1.0.4.0 §11.9 / v2.0.0.2 §11.10: signAlgo
 * "must be one of the values from key/algo"; 400 "Invalid parameter signAlgo"). The other key
 * type's algorithms are csc.algo.signalgo-matches-key's concern; this one asks for an RSA
 * algorithm of the same key that key/algo leaves out. From the shared protocol signing scenario.
 */
import { defineCheck } from "../../src/check/types.ts";
import { at, notApplicable, oneLine, runProbe, type Judged } from "../../src/csc/probe.ts";
import { announcedVersion, concludeProtocol, cscBasis, rule, type CscVersion } from "../../src/csc/protocol.ts";
import { describeReply, type CscReply } from "../../src/csc/client.ts";
import { SIGN_ALGO } from "../../src/csc/algorithms.ts";
import { protocolSigning } from "../../src/csc/protocol-signing.ts";

/** Judges the reply to a signAlgo outside key/algo (pure). */
export function judgeOutsideKeyAlgo(version: CscVersion, signAlgo: string, keyAlgos: string[], reply: CscReply, where: string): Judged {
  const name = SIGN_ALGO[signAlgo]?.name ?? signAlgo;
  return rule(!reply.ok, {
    expected: { ja: `key/algo（${keyAlgos.join(", ")}）にない${name}は400で拒否`, en: `${name}, not in key/algo (${keyAlgos.join(", ")}), refused (400)` },
    observed: reply.ok ? { ja: `${name}で署名された`, en: `signed with ${name}` } : { ja: `拒否: ${oneLine(describeReply(reply))}`, en: `refused: ${oneLine(describeReply(reply))}` },
    where,
    basis: cscBasis(version, { v1: { ja: "11.9 signAlgoはkey/algoの値のいずれかでなければならない", en: "11.9 signAlgo SHALL be one of the values of key/algo" }, v2: { ja: "11.10 signAlgo: key/algoの値のいずれか", en: "11.10 signAlgo: one of the values from key/algo" } }),
  });
}

export default defineCheck({
  id: "csc.protocol.signalgo-in-key-algo",
  family: "csc",
  title: { ja: "key/algoにない署名アルゴリズムは拒否される", en: "A signAlgo outside key/algo is refused" },
  description: {
    ja: "RSA鍵の認証情報に、key/algoに含まれないRSA系の署名アルゴリズムで署名を求め、拒否されることを確認する（相互運用性。ガイドラインの本文外）。",
    en: "Asks an RSA credential for a signature with an RSA algorithm its key/algo does not list and expects a refusal (interoperability, beyond the guideline's text).",
  },
  needs: ["csc", "csc.signer"],
  intrusive: false,
  async run(ctx) {
    return runProbe(ctx, "csc.protocol.signalgo-in-key-algo", async ({ session, uses }) => {
      const where = at(session, "signatures/signHash", "signAlgo outside key/algo");
      const s = await protocolSigning(ctx);
      if ("unavailable" in s) return notApplicable(s.unavailable, where);
      uses(s.transcript);
      if (!s.outsideKeyAlgo) return notApplicable(`${s.credential.credentialID}'s key/algo lists every RSA algorithm the probe knows`, where);
      const version = announcedVersion(session.info.body.specs, session.client.version);
      return concludeProtocol([judgeOutsideKeyAlgo(version, s.outsideKeyAlgo.signAlgo, s.credential.keyAlgos, s.outsideKeyAlgo.reply, `${where}, ${s.credential.credentialID}`)], {
        pass: { ja: "key/algoにない署名アルゴリズムは拒否される", en: "a signAlgo outside key/algo is refused" },
        fail: { ja: "key/algoにない署名アルゴリズムで署名する", en: "signs with a signAlgo outside key/algo" },
      });
    });
  },
});
