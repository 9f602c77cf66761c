/**
 * csc.algo.key-size — every credential's key, read from its certificate (not from the declared
 * key/len), meets the policy: RSA ≥ crypto.minRsaBits, EC ≥ crypto.minEcBits; a declared key/len
 * that disagrees with the certificate is reported as a failure too.
 */
import { defineCheck, type CheckStatus } from "../../src/check/types.ts";
import { parseCertificate, publicKeyFacts } from "../../src/cert/certificate.ts";
import { allCredentials } from "../../src/csc/session.ts";
import { at, cannotConclude, runProbe, conclude, type Judged } from "../../src/csc/probe.ts";
import type { CredentialDescription } from "../../src/csc/credentials.ts";
import { excludedByScope } from "../../src/csc/credential-scope.ts";

/** Judges one credential's key size (pure). */
export function judgeKeySize(c: CredentialDescription, minRsa: number, minEc: number, where: string): Judged {
  const cert = c.certificates[0] ? parseCertificate(c.certificates[0]) : "no certificate returned";
  const facts = typeof cert === "string" ? cert : publicKeyFacts(cert);
  if (typeof facts === "string") return { status: "error", observation: { expected: { ja: "読み取れる証明書の公開鍵", en: "a readable certificate key" }, observed: facts, where, subject: c.credentialID, ok: false } };
  const min = facts.kind === "rsa" ? minRsa : facts.kind === "ec" ? minEc : Infinity;
  const declared = c.keyLen !== undefined && c.keyLen !== facts.bits ? `; key/len declares ${c.keyLen}` : "";
  const status: CheckStatus = facts.bits >= min && !declared ? "pass" : "fail";
  return {
    status,
    observation: {
      expected: { ja: `RSA ${minRsa}ビット以上、EC ${minEc}ビット以上、key/lenが証明書と一致`, en: `RSA ≥ ${minRsa} bits, EC ≥ ${minEc} bits, key/len as in the certificate` },
      observed: { ja: `${facts.kind.toUpperCase()} ${facts.bits}ビット${facts.curve ? ` (${facts.curve})` : ""}${facts.bits < min ? " — 基準未満" : ""}${declared}`, en: `${facts.kind.toUpperCase()} ${facts.bits} bits${facts.curve ? ` (${facts.curve})` : ""}${facts.bits < min ? " — below the policy" : ""}${declared}` },
      where,
      subject: c.credentialID,
      ok: status === "pass",
    },
  };
}

export default defineCheck({
  id: "csc.algo.key-size",
  family: "csc",
  title: { ja: "鍵長が方針以上である（RSA 2048・EC P-256）", en: "Key sizes meet the policy (RSA 2048, EC P-256)" },
  description: {
    ja: "各鍵の証明書から公開鍵を読み、RSAはcrypto.minRsaBits、ECはcrypto.minEcBits以上であること、key/lenの申告と一致することを確認する。",
    en: "Reads each credential's public key from its certificate and checks RSA ≥ crypto.minRsaBits and EC ≥ crypto.minEcBits, and that key/len agrees.",
  },
  needs: ["csc", "csc.signer"],
  parameters: ["crypto.minRsaBits", "crypto.minEcBits"],
  intrusive: false,
  async run(ctx) {
    return runProbe(ctx, "csc.algo.key-size", async ({ session }) => {
      const credentials = allCredentials(session);
      if (!credentials.length) return excludedByScope(session.excluded) ?? cannotConclude({ ja: "鍵の記述がない", en: "no credential described" }, at(session, "credentials/list", "credentials"));
      const minRsa = Number(ctx.parameters["crypto.minRsaBits"] ?? 2048);
      const minEc = Number(ctx.parameters["crypto.minEcBits"] ?? 256);
      const judged = credentials.map((c) => judgeKeySize(c, minRsa, minEc, at(session, "credentials/info", `${c.credentialID} cert/certificates[0]`)));
      return conclude(judged, { pass: { ja: `${credentials.length}個の鍵が基準を満たす`, en: `${credentials.length} credential key(s) meet the policy` }, fail: { ja: "基準未満の鍵がある", en: "a key is below the policy" } });
    });
  },
});
