/**
 * What the verifier can find, as codes (a string union, so reports and tests can rely on them)
 * with their severity. Errors make a log not intact; warnings are reported but leave it intact.
 */

export type ProblemCode =
  // the file as a whole
  | "log.empty" //                 no record at all
  | "problems.capped" //           more problems than are kept in memory; the rest are counted
  // one line
  | "record.malformed" //          not a JSON object with seq / time / prev in the documented form
  | "record.too-long" //           longer than MAX_LINE_BYTES: hashed, not parsed
  | "record.unterminated" //       the last line has no `\n` (a partial write or a cut)
  // the chain
  | "record.modified" //           a record's hash no longer matches the next record's prev
  | "record.deleted" //            seqs missing and the chain broken where they were
  | "record.inserted" //           a line that is not part of the chain, or repeats an earlier seq
  | "record.reordered" //          a record that is in the chain, at the wrong place
  | "chain.broken" //              prev does not match and nothing more precise can be said
  | "chain.starts-mid-log" //      the first line has seq > 0 (earlier segments not supplied)
  | "seq.gap" //                   chain intact but seq jumps forward
  | "seq.out-of-order" //          chain intact but seq does not increase
  | "time.backwards" //            earlier than the previous record's time
  // checkpoints and the log-signing certificate
  | "checkpoint.malformed" //      detail missing or with fields of the wrong type
  | "checkpoint.missing-signature"
  | "checkpoint.bad-signature" //  does not verify with the log-signing certificate's key
  | "checkpoint.unsupported-alg" //  alg is none of the accepted names (signature-alg.ts)
  | "checkpoint.alg-key-mismatch" // the certificate's key is not the one alg is defined for
  | "checkpoint.size-mismatch" //  detail.size differs from the checkpoint's seq
  | "checkpoint.head-mismatch" //  detail.head differs from the checkpoint's prev
  | "checkpoint.log-id-changed" // a different logId than earlier checkpoints of the same log
  | "checkpoint.unverified" //     no certificate given: signatures were not checked
  | "cert.invalid" //              the certificate cannot be read or has an unusable key
  | "cert.untrusted" //            does not chain to a trust anchor
  | "cert.chain-unchecked" //      no trust anchor given: the chain was not checked
  | "cert.expired" //              not valid at the checkpoint's time
  | "tail.unprotected" //          records after the last checkpoint
  // RFC 3161 time-stamp tokens on checkpoints (detail.tst, optional)
  | "tst.invalid" //               not a valid token: unparseable, altered, bad signature, not a TSA certificate
  | "tst.imprint-mismatch" //      the token time-stamps other data than this checkpoint's signature input
  | "tst.untrusted" //             the TSA does not chain to a TSA trust anchor, or was not valid at genTime
  | "tst.time" //                  the checkpoint claims a time later than the token's genTime
  | "tst.chain-unchecked" //       no TSA trust anchor given: the TSA was not checked
  // the sealed layouts: rotated files with RFC 3161 tokens, or signed digest manifests
  | "file.unsealed" //             a log file without its time-stamp token
  | "file.deleted" //              a token or manifest entry whose log file is gone
  | "file.modified" //             the file's digest differs from what its token or manifest covers
  | "file.truncated" //            ... and the file ends early (gzip cut short, last line cut)
  | "file.unlisted" //             a log file no manifest lists (the file being written: tail.unprotected)
  | "rotation.gap" //              files missing from the rotation sequence (by name, seq or prev)
  | "rotation.overlap" //          files out of order: seq or time goes back across files
  | "seal.early" //                records dated after the token's genTime (written after sealing)
  | "seal.after-next" //           sealed after the next file had started
  | "seal.late" //                 sealed long after the file's last record (log.seal.maxDelaySeconds)
  | "manifest.malformed" //        not a manifest in the documented form
  | "manifest.unsigned" //         no .p7s or .jws beside it
  | "manifest.bad-signature" //    the signature does not verify over the manifest (content replaced)
  | "manifest.untrusted" //        signed by a certificate that does not chain to a trust anchor (re-signed)
  | "manifest.missing" //          a manifest seq missing from the chain
  | "manifest.replaced" //         the next manifest's prev is not this manifest's digest
  | "manifest.inconsistent" //     a listed file's records/first/last differ though its digest matches
  // against a head kept from an earlier assessment
  | "head.truncated" //            the log ends before the expected head
  | "head.rewritten" //            the record at the expected seq has another hash (or is gone)
  | "head.unchecked"; //           the log starts after the expected head: cannot compare

export type Severity = "error" | "warning";

const WARNINGS: ReadonlySet<ProblemCode> = new Set<ProblemCode>([
  "problems.capped",
  "chain.starts-mid-log",
  "checkpoint.unverified",
  "cert.chain-unchecked",
  "tail.unprotected",
  "tst.chain-unchecked",
  "head.unchecked",
]);

export function severityOf(code: ProblemCode): Severity {
  return WARNINGS.has(code) ? "warning" : "error";
}

/** One finding, located by file, line (1-based; 0 for the file or log as a whole) and seq. */
export interface VerifyProblem {
  code: ProblemCode;
  severity: Severity;
  file: string;
  line: number;
  seq: number | null;
  message: string;
}
