/**
 * Builds a certificate path from a signer certificate to one of the assessor's trust anchors,
 * using only the intermediates the provider sent (attacker-controlled): each link needs the
 * issuer's name to match, the issuer's signature to verify, and the issuer to be a CA valid at
 * `at`. The end entity's own validity is cert.validity's business, not the path's.
 */
import { isCa, x509 } from "./certificate.ts";

export interface ChainResult {
  ok: boolean;
  /** Subjects from the end entity to the anchor. */
  path: string[];
  /** Why the path fails, one line. */
  problem?: string;
}

const MAX_DEPTH = 8;

export async function buildChain(leaf: x509.X509Certificate, intermediates: x509.X509Certificate[], anchors: x509.X509Certificate[], at: Date): Promise<ChainResult> {
  const path = [leaf.subject];
  let current = leaf;
  for (let depth = 0; depth < MAX_DEPTH; depth++) {
    for (const anchor of anchors) {
      if (anchor.subject === current.issuer && (await signedBy(current, anchor))) {
        if (Buffer.from(anchor.rawData).equals(Buffer.from(current.rawData))) return { ok: true, path };
        return { ok: true, path: [...path, anchor.subject] };
      }
    }
    const candidates = intermediates.filter((c) => c.subject === current.issuer && c !== current);
    let next: x509.X509Certificate | undefined;
    for (const c of candidates) if (await signedBy(current, c)) next = c;
    if (!next) {
      return {
        ok: false,
        path,
        problem: candidates.length ? `no certificate named ${current.issuer} verifies the signature of ${current.subject}` : `issuer ${current.issuer} of ${current.subject} is neither a trust anchor nor in the chain sent`,
      };
    }
    if (!isCa(next)) return { ok: false, path, problem: `${next.subject} signs certificates but is not a CA (basicConstraints)` };
    if (next.notBefore > at || next.notAfter < at) return { ok: false, path, problem: `intermediate ${next.subject} is not valid at ${at.toISOString()}` };
    path.push(next.subject);
    current = next;
  }
  return { ok: false, path, problem: `no trust anchor within ${MAX_DEPTH} certificates` };
}

async function signedBy(cert: x509.X509Certificate, issuer: x509.X509Certificate): Promise<boolean> {
  try {
    return await cert.verify({ publicKey: issuer.publicKey, signatureOnly: true });
  } catch {
    return false;
  }
}
