/**
 * The log-signing certificate: reads it (PEM, optionally followed by its intermediates), checks
 * that it chains to one of the assessor's trust anchors, and verifies checkpoint signatures with
 * its key. The certificate file comes from the provider and is untrusted until it chains.
 */
import { X509Certificate, type KeyObject } from "node:crypto";
import { describeError } from "../util/errors.ts";
import { keyMismatch, unusableKey, verifyWith, type SignatureAlg } from "./signature-alg.ts";

/** Verifies checkpoint signatures and says whether the certificate path was valid at a time. */
export interface LogSigner {
  /** Subject of the log-signing certificate, for messages. */
  subject: string;
  /** undefined when the certificate's key is the one `alg` is defined for, else the mismatch in words. */
  mismatch(alg: SignatureAlg): string | undefined;
  /** Whether `sig` is a valid `alg` signature of `message` (ECDSA: DER, or raw r‖s). */
  verify(message: Buffer, sig: Buffer, alg: SignatureAlg): boolean;
  /** undefined when every certificate of the path is valid at `time` (ms), else why not. */
  invalidAt(time: number): string | undefined;
  /** Latest notAfter of the leaf (ms), for the retention horizon. */
  notAfter: number;
}

export type CertProblem =
  | { code: "cert.invalid"; message: string }
  | { code: "cert.untrusted"; message: string }
  | { code: "cert.chain-unchecked"; message: string };

export interface LoadedSigner {
  /** Absent when the certificate cannot be used at all (then `problems` says why). */
  signer?: LogSigner;
  problems: CertProblem[];
}

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** Every certificate in a PEM text, in order. Throws with a one-line reason on bad input. */
export function parsePemCertificates(pem: string): X509Certificate[] {
  const blocks = pem.match(PEM_BLOCK) ?? [];
  if (blocks.length === 0) throw new Error("no PEM certificate found");
  return blocks.map((b, i) => {
    try {
      return new X509Certificate(b);
    } catch (error) {
      throw new Error(`certificate ${i + 1}: ${describeError(error)}`);
    }
  });
}

const time = (s: string): number => Date.parse(s);

/**
 * Loads the log-signing certificate (first in `certPem`, intermediates after it) and builds its
 * path to one of `anchorsPem`. Without anchors the path is not checked (a warning).
 */
export function loadLogSigner(certPem: string, anchorsPem: readonly string[]): LoadedSigner {
  let certs: X509Certificate[];
  try {
    certs = parsePemCertificates(certPem);
  } catch (error) {
    return { problems: [{ code: "cert.invalid", message: `log-signing certificate: ${describeError(error)}` }] };
  }
  const leaf = certs[0]!;
  const key = leaf.publicKey;
  const unusable = unusableKey(key);
  if (unusable) return { problems: [{ code: "cert.invalid", message: `log-signing certificate ${oneLine(leaf.subject)}: ${unusable}` }] };
  const problems: CertProblem[] = [];
  let path: X509Certificate[] = [leaf];
  if (anchorsPem.length === 0) {
    problems.push({ code: "cert.chain-unchecked", message: "no trust anchor given: the log-signing certificate's chain was not checked" });
  } else {
    let anchors: X509Certificate[];
    try {
      anchors = anchorsPem.flatMap(parsePemCertificates);
    } catch (error) {
      return { problems: [{ code: "cert.invalid", message: `trust anchor: ${describeError(error)}` }] };
    }
    const built = buildPath(leaf, certs.slice(1), anchors);
    if (typeof built === "string") problems.push({ code: "cert.untrusted", message: `log-signing certificate ${oneLine(leaf.subject)}: ${built}` });
    else path = built;
  }
  return { signer: makeSigner(leaf, key, path), problems };
}

/** The path leaf → … → anchor, or why none exists. Each issuer must be a CA and sign its child. */
export function buildPath(leaf: X509Certificate, intermediates: X509Certificate[], anchors: X509Certificate[]): X509Certificate[] | string {
  const path = [leaf];
  let current = leaf;
  for (let depth = 0; depth < 8; depth++) {
    const anchor = anchors.find((a) => a.fingerprint256 === current.fingerprint256 || issues(a, current));
    if (anchor) {
      if (anchor.fingerprint256 !== current.fingerprint256) path.push(anchor);
      return path;
    }
    const next = intermediates.find((c) => c.ca && issues(c, current) && !path.includes(c));
    if (!next) return `does not chain to a trust anchor (issuer ${oneLine(current.issuer)} not found among the trust anchors)`;
    path.push(next);
    current = next;
  }
  return "certificate path too long";
}

function issues(issuer: X509Certificate, child: X509Certificate): boolean {
  try {
    return issuer.ca && child.checkIssued(issuer) && child.verify(issuer.publicKey);
  } catch {
    return false;
  }
}

function makeSigner(leaf: X509Certificate, key: KeyObject, path: X509Certificate[]): LogSigner {
  return {
    subject: oneLine(leaf.subject),
    notAfter: time(leaf.validTo),
    mismatch: (alg) => keyMismatch(alg, key),
    verify: (message, sig, alg) => verifyWith(alg, key, message, sig),
    invalidAt: (at) => pathInvalidAt(path, at),
  };
}

/** undefined when every certificate of `path` is valid at `at` (ms), else which one is not and why. */
export function pathInvalidAt(path: readonly X509Certificate[], at: number): string | undefined {
  for (const c of path) {
    if (at < time(c.validFrom)) return `${oneLine(c.subject)} not valid before ${new Date(time(c.validFrom)).toISOString()}`;
    if (at > time(c.validTo)) return `${oneLine(c.subject)} expired ${new Date(time(c.validTo)).toISOString()}`;
  }
  return undefined;
}

/** A distinguished name on one line (node prints one RDN per line). */
export function oneLine(dn: string): string {
  return dn.split("\n").join(", ");
}
