/**
 * csc.signature.verifies — every signature signHash returns verifies, over the hash submitted,
 * against the credential's certificate key, in the order of the hashes (DER and raw ECDSA, RSA
 * PKCS#1 v1.5 and PSS). Uses one signature batch per credential (shared).
 */
import { defineCheck, type Message, type Observation } from "../../src/check/types.ts";
import { parseCertificate } from "../../src/cert/certificate.ts";
import { verifyHashSignature } from "../../src/cert/verify-hash-signature.ts";
import { SIGN_ALGO } from "../../src/csc/algorithms.ts";
import { decodeBase64Any } from "../../src/csc/base64.ts";
import { describeReply, signaturesOf } from "../../src/csc/client.ts";
import { signatureSamples, type SignatureSample, TOTP_SCENARIO_TIMEOUT_MS } from "../../src/csc/scenarios.ts";
import { at, cannotConclude, runProbe, conclude, type Judged } from "../../src/csc/probe.ts";
import type { CheckStatus } from "../../src/check/types.ts";
import { isSignDocReply, judgeSignDoc } from "../../src/csc/signdoc/judge.ts";
import { excludedByScope } from "../../src/csc/credential-scope.ts";

/** Verifies one sample (pure apart from the arithmetic). */
export function judgeSample(s: SignatureSample, where: string): Judged {
  const subject = s.credential.credentialID;
  const fail = (status: CheckStatus, observed: Message): Judged => ({ status, observation: { expected: { ja: "各署名が順にそのハッシュに対して検証できる", en: "each signature verifies over its hash, in order" }, observed, where, subject, ok: false } });
  if (!s.reply) return fail(s.noCode ? "manual" : "error", { ja: `署名が得られない: ${s.problem ?? "不明"}`, en: `no signature obtained: ${s.problem ?? "unknown"}` });
  if (!s.reply.ok) return fail("error", { ja: `signHashが拒否された: ${describeReply(s.reply)}`, en: `signHash refused: ${describeReply(s.reply)}` });
  if (isSignDocReply(s.reply)) return judgeSignDoc(s.reply, s.hashes, s.credential, "C", where); // signDoc-only provider: the CAdES it built
  const sigs = signaturesOf(s.reply, decodeBase64Any);
  if (typeof sigs === "string") return fail("fail", sigs);
  if (sigs.length !== s.hashes.length) return fail("fail", { ja: `ハッシュ${s.hashes.length}個に対して署名${sigs.length}個が返された`, en: `${sigs.length} signature(s) returned for ${s.hashes.length} hash(es)` });
  const cert = s.credential.certificates[0] ? parseCertificate(s.credential.certificates[0]) : "no certificate returned";
  if (typeof cert === "string") return fail("error", cert);
  const scheme = SIGN_ALGO[s.signAlgo ?? ""]?.scheme;
  if (!scheme) return fail("error", { ja: `未知のsignAlgo ${s.signAlgo ?? "（なし）"}`, en: `unknown signAlgo ${s.signAlgo ?? "(none)"}` });
  const spki = new Uint8Array(cert.publicKey.rawData);
  const results = sigs.map((sig, i) => verifyHashSignature(spki, scheme, s.hashes[i]!, sig));
  const bad = results.map((r, i) => (r.valid ? -1 : i)).filter((i) => i >= 0);
  if (bad.length) {
    const swapped = sigs.length > 1 && verifyHashSignature(spki, scheme, s.hashes[1]!, sigs[0]!).valid;
    return fail("fail", {
      ja: `署名${sigs.length}個のうち${bad.map((i) => i + 1).join(", ")}番目が、送ったハッシュに対し証明書の鍵で検証できない（${results[bad[0]!]!.detail.ja}）${swapped ? "。別の順序のハッシュとは一致する" : ""}`,
      en: `signature(s) ${bad.map((i) => i + 1).join(", ")} of ${sigs.length} do not verify over the submitted hash with the certificate's key (${results[bad[0]!]!.detail.en})${swapped ? "; they match the hashes in another order" : ""}`,
    });
  }
  const obs: Observation = { expected: { ja: "各署名が順にそのハッシュに対して検証できる", en: "each signature verifies over its hash, in order" }, observed: { ja: `${sigs.length}個の署名が検証できる（${results[0]!.detail.ja}）`, en: `${sigs.length} signature(s) verify (${results[0]!.detail.en})` }, where, subject, ok: true };
  return { status: "pass", observation: obs };
}

export default defineCheck({
  id: "csc.signature.verifies",
  family: "csc",
  title: { ja: "返された署名が証明書の鍵で検証できる", en: "Each returned signature verifies against the credential's certificate" },
  description: {
    ja: "各鍵で2つのハッシュに署名させ、返された署名がそれぞれのハッシュに対し、証明書の公開鍵で、ハッシュの順に検証できることを確認する（ECDSAのDER形式・r||s形式の双方に対応）。",
    en: "Has each credential sign two hashes and verifies every signature over its hash with the certificate's public key, in the order of the hashes (ECDSA DER and raw r‖s both accepted).",
  },
  needs: ["csc", "csc.signer"],
  intrusive: false,
  timeoutMs: TOTP_SCENARIO_TIMEOUT_MS,
  async run(ctx) {
    return runProbe(ctx, "csc.signature.verifies", async ({ session, uses }) => {
      const { transcript, samples } = await signatureSamples(ctx);
      uses(transcript);
      if (!samples.length) return excludedByScope(session.excluded) ?? cannotConclude({ ja: "署名に使える鍵がない", en: "no credential to sign with" }, at(session, "credentials/list", "credentials"));
      const judged = samples.map((s) => judgeSample(s, at(session, "signatures/signHash", s.credential.credentialID)));
      // A credential the assessor cannot authorize (no seed…) is not held against the provider, as long as one signed.
      const usable = judged.filter((j, i) => !(j.status === "error" && !samples[i]!.reply && judged.some((k) => k.status !== "error")));
      return conclude(usable, { pass: { ja: `鍵${usable.length}個の署名が検証できる`, en: `signatures of ${usable.length} credential(s) verify` }, fail: { ja: "返された署名が検証できない", en: "a returned signature does not verify" } });
    });
  },
});
