/**
 * cert.unique-keys — no two credentials visible to the assessor share a public key: a shared key
 * means a key imported twice, or one key bound to two signers (the signer no longer alone controls the key).
 */
import { withBasis } from "../../src/check/with-basis.ts";
import { certBasis } from "../../src/cert/bases.ts";
import { leafCertificate } from "../../src/cert/leaf.ts";
import type { CheckOutcome } from "../../src/check/types.ts";
import { defineCheck } from "../../src/check/types.ts";
import { publicKeyFacts } from "../../src/cert/certificate.ts";
import { allCredentials } from "../../src/csc/session.ts";
import { at, cannotConclude, runProbe, conclude, type Judged } from "../../src/csc/probe.ts";
import { excludedByScope } from "../../src/csc/credential-scope.ts";

/** Groups of credentials with the same SPKI fingerprint (pure). */
export function sharedKeys(keys: Array<{ credentialID: string; signer: string; spkiSha256: string }>): Array<{ fingerprint: string; holders: string[] }> {
  const by = new Map<string, string[]>();
  for (const k of keys) by.set(k.spkiSha256, [...(by.get(k.spkiSha256) ?? []), `${k.credentialID} (${k.signer})`]);
  return [...by.entries()].filter(([, h]) => h.length > 1).map(([fingerprint, holders]) => ({ fingerprint, holders }));
}

const ONE_PER_KEY = { ja: "一つの公開鍵に一つの鍵", en: "one credential per public key" };

export default defineCheck({
  id: "cert.unique-keys",
  family: "cert",
  title: { ja: "複数の鍵が同じ公開鍵を共有しない", en: "No two credentials share a public key" },
  description: {
    ja: "評価者から見える全ての鍵の証明書の公開鍵（SPKI）を比較し、同一の鍵が複数の鍵IDや署名者に結び付いていないことを確認する。",
    en: "Compares the public keys (SPKI) of every credential certificate the assessor can see and confirms no key is bound to two credentials or signers.",
  },
  needs: ["csc", "csc.signer"],
  intrusive: false,
  async run(ctx) {
    return withBasis(await (async (): Promise<CheckOutcome> => {
    return runProbe(ctx, "cert.unique-keys", async ({ session }) => {
      const credentials = allCredentials(session);
      if (!credentials.length) return excludedByScope(session.excluded) ?? cannotConclude({ ja: "鍵の記述がない", en: "no credential described" }, at(session, "credentials/list", "credentials"));
      const keys: Array<{ credentialID: string; signer: string; spkiSha256: string }> = [];
      const judged: Judged[] = [];
      for (const c of credentials) {
        const where = at(session, "credentials/info", c.credentialID);
        const leaf = leafCertificate(c, where);
        if ("error" in leaf) {
          judged.push({ status: "error", observation: leaf.error });
          continue;
        }
        const facts = publicKeyFacts(leaf.cert);
        if (typeof facts === "string") judged.push({ status: "error", observation: { expected: { ja: "読み取れる公開鍵", en: "a readable key" }, observed: { ja: `公開鍵を読み取れない: ${facts}`, en: facts }, where, subject: c.credentialID, ok: false } });
        else keys.push({ credentialID: c.credentialID, signer: c.signer, spkiSha256: facts.spkiSha256 });
      }
      const shared = sharedKeys(keys);
      for (const s of shared) {
        judged.push({ status: "fail", observation: { expected: ONE_PER_KEY, observed: { ja: `${s.holders.join("と")}が公開鍵（SHA-256 ${s.fingerprint.slice(0, 16)}…）を共有する`, en: `${s.holders.join(" and ")} share the public key SHA-256 ${s.fingerprint.slice(0, 16)}…` }, where: at(session, "credentials/info", "cert/certificates[0] SPKI"), ok: false } });
      }
      if (!shared.length) judged.push({ status: "pass", observation: { expected: ONE_PER_KEY, observed: { ja: `${keys.length}個の異なる公開鍵`, en: `${keys.length} distinct public keys` }, where: at(session, "credentials/info", "cert/certificates[0] SPKI"), ok: true } });
      return conclude(judged, { pass: { ja: `${keys.length}件の鍵、${keys.length}個の異なる公開鍵`, en: `${keys.length} credentials, ${keys.length} distinct keys` }, fail: { ja: "公開鍵を共有する鍵がある", en: "credentials share a public key" } });
    });
    })(), certBasis("cert.unique-keys"));
  },
});
