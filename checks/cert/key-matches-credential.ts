/**
 * cert.key-matches-credential — the key in the certificate is the key that signs for the
 * credential: signatures the credential made (shared signature batch) verify with the
 * certificate's public key, and the declared key/len and key/curve agree with it.
 */
import { withBasis } from "../../src/check/with-basis.ts";
import { concat } from "../../src/check/message.ts";
import { certBasis } from "../../src/cert/bases.ts";
import type { CheckOutcome } from "../../src/check/types.ts";
import { defineCheck } from "../../src/check/types.ts";
import { parseCertificate, publicKeyFacts } from "../../src/cert/certificate.ts";
import { signatureSamples, TOTP_SCENARIO_TIMEOUT_MS } from "../../src/csc/scenarios.ts";
import { at, cannotConclude, runProbe, conclude, type Judged } from "../../src/csc/probe.ts";
import { judgeSample } from "../csc/signature.verifies.ts";
import { excludedByScope } from "../../src/csc/credential-scope.ts";

const CURVE_OIDS: Record<string, string> = { "1.2.840.10045.3.1.7": "prime256v1", "1.3.132.0.34": "secp384r1", "1.3.132.0.35": "secp521r1" };

const VERIFIES = { ja: "証明書の公開鍵で鍵の署名を検証できること", en: "the certificate's key verifies the credential's signatures" };

export default defineCheck({
  id: "cert.key-matches-credential",
  family: "cert",
  title: { ja: "証明書の公開鍵が鍵の署名鍵と一致する", en: "The certificate's key equals the credential's key" },
  description: {
    ja: "各鍵で作成した署名が証明書の公開鍵で検証できること（署名鍵と証明書の鍵が同一であること）、及びkey/len・key/curveの申告が証明書と一致することを確認する。",
    en: "Confirms signatures made by each credential verify with its certificate's public key (the signing key is the certified key), and that key/len and key/curve agree with the certificate.",
  },
  needs: ["csc", "csc.signer"],
  intrusive: false,
  timeoutMs: TOTP_SCENARIO_TIMEOUT_MS,
  async run(ctx) {
    return withBasis(await (async (): Promise<CheckOutcome> => {
    return runProbe(ctx, "cert.key-matches-credential", async ({ session, uses }) => {
      const { transcript, samples } = await signatureSamples(ctx);
      uses(transcript);
      if (!samples.length) return excludedByScope(session.excluded) ?? cannotConclude({ ja: "署名に使える鍵がない", en: "no credential to sign with" }, at(session, "credentials/list", "credentials"));
      const judged: Judged[] = [];
      for (const s of samples) {
        const c = s.credential;
        const where = at(session, "signatures/signHash", `${c.credentialID} against cert/certificates[0]`);
        const sig = judgeSample(s, where);
        if (sig.status === "error" && !s.reply) continue; // not authorizable by the assessor: not held against the provider
        judged.push(
          sig.status === "fail"
            ? { status: "fail", observation: { ...sig.observation, expected: VERIFIES, observed: concat({ ja: "鍵が証明書の公開鍵で署名しない: ", en: "the credential does not sign with the certified key: " }, sig.observation.observed) } }
            : { ...sig, observation: { ...sig.observation, expected: VERIFIES } },
        );
        const cert = c.certificates[0] ? parseCertificate(c.certificates[0]) : undefined;
        const facts = cert && typeof cert !== "string" ? publicKeyFacts(cert) : undefined;
        if (facts && typeof facts !== "string") {
          const mismatches = [
            c.keyLen !== undefined && c.keyLen !== facts.bits ? `key/len ${c.keyLen} ≠ ${facts.bits}` : "",
            c.curve && CURVE_OIDS[c.curve] && CURVE_OIDS[c.curve] !== facts.curve ? `key/curve ${c.curve} ≠ ${facts.curve ?? "-"}` : "",
          ].filter(Boolean);
          judged.push({ status: mismatches.length ? "fail" : "pass", observation: { expected: { ja: "証明書どおりのkey/len・key/curve", en: "key/len and key/curve as in the certificate" }, observed: mismatches.length ? { ja: `証明書と異なる申告: ${mismatches.join("、")}`, en: `declared otherwise than the certificate: ${mismatches.join("; ")}` } : { ja: `申告どおり ${facts.kind} ${facts.bits}${facts.curve ? ` ${facts.curve}` : ""}`, en: `${facts.kind} ${facts.bits}${facts.curve ? ` ${facts.curve}` : ""} as declared` }, where: at(session, "credentials/info", `${c.credentialID} key`), subject: c.credentialID, ok: !mismatches.length } });
        }
      }
      if (!judged.length) return cannotConclude({ ja: "署名のために鍵認可できる鍵がない", en: "no credential could be authorized to sign" }, at(session, "credentials/authorize", "credentials"));
      return conclude(judged, { pass: { ja: "各証明書の公開鍵が鍵の署名鍵と一致する", en: "each certificate's key is the credential's signing key" }, fail: { ja: "証明書の公開鍵が鍵の署名鍵と一致しないものがある", en: "a certificate's key is not the credential's key" } });
    });
    })(), certBasis("cert.key-matches-credential"));
  },
});
