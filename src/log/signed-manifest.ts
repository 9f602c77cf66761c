/**
 * Layout `signed-manifest`: rotated log files and periodic manifests listing them
 * (`{file, sha256, records, first, last}`) with the SHA-256 of the previous manifest, each signed
 * as a detached CMS (`<manifest>.p7s`, DER or PEM) or a detached JWS (`<manifest>.jws`), the way
 * cloud audit trails deliver digest files. What is checked (docs/AUDIT-LOG.md):
 *  - each manifest's signature, by a certificate that chains to a trust anchor and was valid at
 *    the manifest's time (else replaced content, or re-signed by someone else);
 *  - the chain of manifests: seqs without gaps (a missing manifest), each `prev` the digest of the
 *    one before (else that one was replaced, or re-signed by a key holder, after its successor);
 *  - every listed file's digest (modified, truncated, deleted) and records/first/last, files
 *    present but listed nowhere, and the rotation sequence (folder.ts);
 *  - against `--expect-head SEQ:HASH`, the manifest the assessor kept is still there unchanged.
 * Log files are streamed one at a time; manifests are small and read whole (at most 16 MiB each).
 */
import { X509Certificate, createHash } from "node:crypto";
import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { describeError } from "../util/errors.ts";
import type { VerifyOutcome } from "./chain-verifier.ts";
import { scanLogFile, type FileFacts } from "./file-facts.ts";
import { Findings, LOG_FILE, MANIFEST_FILE, byName, checkContinuity, folderOutcome, listFolder, nameGaps } from "./folder.ts";
import { ZERO_HASH, type ChainHead } from "./format.ts";
import { parseManifest, type ManifestEntry, type ManifestFields } from "./manifest-file.ts";
import { keyMismatch, resolveAlg, verifyWith } from "./signature-alg.ts";
import { buildPath, oneLine, parsePemCertificates, pathInvalidAt } from "./signing-cert.ts";

const MAX_MANIFEST_BYTES = 16 << 20;

export interface ManifestOptions {
  /** PEM of the manifest-signing certificate: required for JWS without x5c, optional otherwise. */
  certPem?: string;
  /** PEM texts of trust anchors for the manifest-signing certificate. */
  trustAnchorsPem?: readonly string[];
  /** The last manifest the assessor kept: its seq and SHA-256. */
  expectHead?: ChainHead;
  maxProblems?: number;
}

interface Manifest extends ManifestFields {
  name: string;
  digest: string;
}

export async function verifyManifestFolder(dir: string, o: ManifestOptions): Promise<VerifyOutcome> {
  const f = new Findings(dir, o.maxProblems);
  const names = await listFolder(dir);
  const anchors = readAnchors(o.trustAnchorsPem ?? [], f);
  const givenCert = o.certPem !== undefined ? readGivenCert(o.certPem, f) : undefined;
  if (anchors.length === 0) f.add("cert.chain-unchecked", "", "no trust anchor given: the manifest-signing certificate's chain was not checked");

  // 1. every manifest: parsed, signature verified
  const manifests: Manifest[] = [];
  let verified = 0;
  for (const name of names.filter((n) => MANIFEST_FILE.test(n)).sort(byName)) {
    const m = await readManifest(dir, name, f);
    if (!m) continue;
    manifests.push(m.manifest);
    if (await checkSignature(dir, name, names, m.bytes, m.manifest, anchors, givenCert, f)) verified++;
  }
  if (manifests.length === 0) f.add("log.empty", "", "no manifest (manifest*.json) in the folder");

  // 2. the chain of manifests
  manifests.sort((a, b) => a.seq - b.seq);
  const first = manifests[0];
  if (first && first.seq === 0 && first.prev !== ZERO_HASH) f.add("manifest.replaced", first.name, "the manifest with seq 0 must have prev = 64 zeros");
  if (first && first.seq > 0) f.add("chain.starts-mid-log", first.name, `the manifests start at seq ${first.seq}: earlier ones were not supplied, so the first link cannot be checked`, 0, first.seq);
  for (let i = 1; i < manifests.length; i++) {
    const a = manifests[i - 1]!;
    const b = manifests[i]!;
    if (b.seq === a.seq) f.add("manifest.replaced", b.name, `${a.name} and ${b.name} both claim seq ${b.seq}: one replaces the other`, 0, b.seq);
    else if (b.seq > a.seq + 1) f.add("manifest.missing", b.name, `manifest ${b.seq === a.seq + 2 ? `seq ${a.seq + 1}` : `seqs ${a.seq + 1}–${b.seq - 1}`} missing between ${a.name} and ${b.name}`, 0, a.seq + 1);
    else if (b.prev !== a.digest) f.add("manifest.replaced", a.name, `its SHA-256 is not the prev of ${b.name}: it was replaced (or re-signed) after ${b.name} was written`, 0, a.seq);
  }

  // 3. the files
  const listings = new Map<string, Array<{ entry: ManifestEntry; manifest: Manifest }>>();
  for (const m of manifests) for (const entry of m.files) listings.set(entry.file, [...(listings.get(entry.file) ?? []), { entry, manifest: m }]);
  const logs = names.filter((n) => LOG_FILE.test(n));
  const isLog = new Set(logs);
  const all = [...new Set([...logs, ...listings.keys()])].sort(byName);
  for (const gap of nameGaps(all)) f.add("rotation.gap", gap.before, `file ${gap.missing} missing between ${gap.after} and ${gap.before} (listed nowhere, present nowhere)`);
  let records = 0;
  let tail: FileFacts | null = null;
  let prev: { name: string; facts: FileFacts } | null = null;
  let firstFacts: FileFacts | null = null;
  const lastListed = [...listings.keys()].sort(byName).at(-1);
  for (const name of all) {
    const listed = listings.get(name);
    if (!isLog.has(name)) {
      const by = listed!.map((l) => l.manifest.name).join(", ");
      f.add("file.deleted", name, `listed in ${by} but not in the folder: the file was deleted or renamed`);
      prev = null;
      continue;
    }
    let facts: FileFacts;
    try {
      facts = await scanLogFile(join(dir, name), ["sha256"]);
    } catch (error) {
      f.add("file.modified", name, `cannot be read: ${describeError(error)}`);
      continue;
    }
    firstFacts ??= facts;
    records += facts.records;
    if (!listed) {
      const active = name === all.at(-1) && (lastListed === undefined || byName(name, lastListed) > 0);
      if (active) tail = facts;
      if (active) f.add("tail.unprotected", name, `not yet listed in a manifest (the file being written?): its ${facts.records} record(s) are not covered by a signed manifest`);
      else f.add("file.unlisted", name, "listed in no manifest: a file slipped in, or its listing was removed");
    } else checkListings(f, name, facts, listed);
    if (prev) checkContinuity(f, prev.name, prev.facts, name, facts);
    prev = { name, facts };
  }

  // 4. the head the assessor kept
  const last = manifests.at(-1);
  const expect = o.expectHead;
  if (expect) {
    const kept = manifests.find((m) => m.seq === expect.seq);
    if (!kept) {
      if (!last || last.seq < expect.seq) f.add("head.truncated", "", `the manifests end at ${last ? `seq ${last.seq}` : "nothing"}, before the expected head seq ${expect.seq}: manifests were removed from the end`, 0, expect.seq);
      else f.add("head.rewritten", "", `no manifest with the expected head seq ${expect.seq}: the manifests were rewritten`, 0, expect.seq);
    } else if (kept.digest !== expect.hash) {
      f.add("head.rewritten", kept.name, `has SHA-256 ${kept.digest.slice(0, 16)}…, the assessor kept ${expect.hash.slice(0, 16)}…: it was replaced`, 0, expect.seq);
    }
  }
  return folderOutcome("signed-manifest", f, {
    records,
    files: logs.length,
    seals: manifests.length,
    verifiedSeals: verified,
    timestamped: 0,
    first: firstFacts,
    last: prev?.facts ?? null,
    head: last ? { seq: last.seq, hash: last.digest } : null,
    tail,
  });
}

/** Compares a file with each manifest that lists it; reports the first disagreement. */
function checkListings(f: Findings, name: string, facts: FileFacts, listed: ReadonlyArray<{ entry: ManifestEntry; manifest: Manifest }>): void {
  for (const { entry, manifest } of listed) {
    if (entry.sha256 !== facts.digests.sha256) {
      const cut = facts.truncated ?? (facts.records < entry.records ? `${facts.records} record(s) where ${manifest.name} lists ${entry.records}` : null);
      if (cut) f.add("file.truncated", name, `${cut}; its SHA-256 differs from ${manifest.name}'s: the file was cut after it was listed`, facts.last?.line ?? 0, facts.last?.seq ?? null);
      else f.add("file.modified", name, `its SHA-256 differs from the one ${manifest.name} lists: modified after it was listed`);
      return;
    }
    const differs = [
      entry.records !== facts.records ? `records ${entry.records} listed, ${facts.records} found` : null,
      entry.first !== null && facts.first?.time && entry.first !== facts.first.time ? `first ${entry.first} listed, ${facts.first.time} found` : null,
      entry.last !== null && facts.last?.time && entry.last !== facts.last.time ? `last ${entry.last} listed, ${facts.last.time} found` : null,
    ].filter((d): d is string => d !== null);
    if (differs.length > 0) {
      f.add("manifest.inconsistent", manifest.name, `lists ${name} with its digest but ${differs.join("; ")}`);
      return;
    }
  }
}

async function readManifest(dir: string, name: string, f: Findings): Promise<{ manifest: Manifest; bytes: Buffer } | undefined> {
  let bytes: Buffer;
  try {
    const s = await stat(join(dir, name));
    if (s.size > MAX_MANIFEST_BYTES) {
      f.add("manifest.malformed", name, `${s.size} bytes: larger than the ${MAX_MANIFEST_BYTES}-byte limit, not read`);
      return undefined;
    }
    bytes = await readFile(join(dir, name));
  } catch (error) {
    f.add("manifest.malformed", name, `cannot read: ${describeError(error)}`);
    return undefined;
  }
  const parsed = await parseManifest(bytes);
  if ("message" in parsed) {
    f.add("manifest.malformed", name, `${parsed.column !== undefined ? `column ${parsed.column}: ` : ""}${parsed.message}`, parsed.line ?? 0);
    return undefined;
  }
  return { manifest: { ...parsed, name, digest: createHash("sha256").update(bytes).digest("hex") }, bytes };
}

function readAnchors(pems: readonly string[], f: Findings): X509Certificate[] {
  try {
    return pems.flatMap(parsePemCertificates);
  } catch (error) {
    f.add("cert.invalid", "", `trust anchor: ${describeError(error)}`);
    return [];
  }
}

function readGivenCert(pem: string, f: Findings): X509Certificate[] | undefined {
  try {
    return parsePemCertificates(pem);
  } catch (error) {
    f.add("cert.invalid", "", `manifest-signing certificate: ${describeError(error)}`);
    return undefined;
  }
}

/** Verifies `<name>.p7s` or `<name>.jws`; true when the signature verifies by a trusted certificate. */
async function checkSignature(dir: string, name: string, names: readonly string[], bytes: Buffer, m: Manifest, anchors: X509Certificate[], given: X509Certificate[] | undefined, f: Findings): Promise<boolean> {
  const sigName = [`${name}.p7s`, `${name}.jws`].find((n) => names.includes(n));
  if (!sigName) {
    f.add("manifest.unsigned", name, `no signature beside it (${name}.p7s or ${name}.jws)`, 0, m.seq);
    return false;
  }
  let sig: Buffer;
  try {
    sig = await readFile(join(dir, sigName));
  } catch (error) {
    f.add("manifest.bad-signature", sigName, `cannot read: ${describeError(error)}`, 0, m.seq);
    return false;
  }
  const result = sigName.endsWith(".p7s") ? await verifyCms(sig, bytes, given) : verifyJws(sig, bytes, given);
  if ("error" in result) {
    f.add("manifest.bad-signature", name, `${sigName}: ${result.error}: the manifest was replaced, or signed by another key`, 0, m.seq);
    return false;
  }
  if (anchors.length === 0) return true;
  const path = buildPath(result.signer, result.others, anchors);
  if (typeof path === "string") {
    f.add("manifest.untrusted", name, `signed by ${oneLine(result.signer.subject)}, which ${path}: re-signed by someone else`, 0, m.seq);
    return false;
  }
  const why = pathInvalidAt(path, Date.parse(m.time));
  if (why) {
    f.add("cert.expired", name, `manifest-signing certificate not valid at the manifest's time ${m.time}: ${why}`, 0, m.seq);
    return false;
  }
  return true;
}

type SigResult = { signer: X509Certificate; others: X509Certificate[] } | { error: string };

const toArrayBuffer = (b: Buffer): ArrayBuffer => b.buffer.slice(b.byteOffset, b.byteOffset + b.length) as ArrayBuffer;

/** A detached CMS SignedData over `content` (pkijs checks the message digest and the signature). */
async function verifyCms(sig: Buffer, content: Buffer, given: X509Certificate[] | undefined): Promise<SigResult> {
  const text = sig.toString("latin1");
  const der = text.includes("-----BEGIN") ? Buffer.from(text.replace(/-----[^-]+-----/g, "").replace(/\s+/g, ""), "base64") : sig;
  try {
    const asn1 = asn1js.fromBER(der);
    if (asn1.offset === -1) return { error: "not a DER or PEM CMS signature" };
    const ci = new pkijs.ContentInfo({ schema: asn1.result });
    if (ci.contentType !== "1.2.840.113549.1.7.2") return { error: "not a CMS SignedData" };
    const sd = new pkijs.SignedData({ schema: ci.content });
    if (sd.signerInfos.length !== 1) return { error: `${sd.signerInfos.length} signers; one expected` };
    if (sd.encapContentInfo.eContent) return { error: "the signature is not detached (it carries its own content)" };
    if (given) sd.certificates = [...(sd.certificates ?? []), ...given.map((c) => pkijs.Certificate.fromBER(c.raw))];
    const r = await sd.verify({ signer: 0, data: toArrayBuffer(content), extendedMode: true, checkChain: false });
    if (!r.signatureVerified || !r.signerCertificate) return { error: "the CMS signature does not verify over the manifest" };
    const signer = new X509Certificate(Buffer.from(r.signerCertificate.toSchema().toBER()));
    const others = (sd.certificates ?? []).filter((c): c is pkijs.Certificate => c instanceof pkijs.Certificate).map((c) => new X509Certificate(Buffer.from(c.toSchema().toBER())));
    return { signer, others: others.filter((c) => c.fingerprint256 !== signer.fingerprint256) };
  } catch (error) {
    const message = (error as { message?: unknown }).message;
    return { error: `the CMS signature does not verify over the manifest (${typeof message === "string" ? message : describeError(error)})` };
  }
}

const b64url = (b: Buffer): string => b.toString("base64url");

/**
 * A detached JWS (RFC 7515 Appendix F: `header..signature`, compact) over the manifest's bytes;
 * the key from the header's x5c, else the given certificate. `b64: false` (RFC 7797) signs the raw bytes.
 */
function verifyJws(sig: Buffer, content: Buffer, given: X509Certificate[] | undefined): SigResult {
  const parts = sig.toString("latin1").trim().split(".");
  if (parts.length !== 3 || parts[1] !== "" || !/^[A-Za-z0-9_-]+$/.test(parts[0]!) || !/^[A-Za-z0-9_-]+$/.test(parts[2]!)) return { error: "not a detached compact JWS (header..signature)" };
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(Buffer.from(parts[0]!, "base64url").toString("utf8")) as Record<string, unknown>;
    if (typeof header !== "object" || header === null) throw new Error("not an object");
  } catch {
    return { error: "the JWS header is not JSON" };
  }
  const alg = resolveAlg(header.alg);
  if (!alg) return { error: `JWS alg ${JSON.stringify(String(header.alg).slice(0, 20))} not supported` };
  let chain: X509Certificate[];
  try {
    chain = Array.isArray(header.x5c) && header.x5c.length > 0 ? header.x5c.map((c) => new X509Certificate(Buffer.from(String(c), "base64"))) : (given ?? []);
  } catch {
    return { error: "the JWS x5c certificates cannot be read" };
  }
  const signer = chain[0];
  if (!signer) return { error: "no key: the JWS has no x5c and no manifest-signing certificate was given" };
  const mismatch = keyMismatch(alg, signer.publicKey);
  if (mismatch) return { error: mismatch.replace("log-signing", "manifest-signing") };
  const input = header.b64 === false ? Buffer.concat([Buffer.from(`${parts[0]}.`), content]) : Buffer.from(`${parts[0]}.${b64url(content)}`);
  if (!verifyWith(alg, signer.publicKey, input, Buffer.from(parts[2]!, "base64url"))) return { error: "the JWS signature does not verify over the manifest" };
  return { signer, others: chain.slice(1) };
}
