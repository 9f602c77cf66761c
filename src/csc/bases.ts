/**
 * The text each csc.* check enforces (design §3a): source (controls/catalog.yaml `sources`),
 * clause, and the text's own strength. The probe frame (probe.ts) gives every departure of a
 * failed or advisory outcome its check's basis unless the observation names a more precise one
 * (a check whose observations rest on different clauses sets them itself). docs/CHECKS.md lists
 * these; test/csc/bases.test.ts keeps the two in step.
 *
 * Clause numbers of CSC-API-2.0 are those of the v2.0.0.2 text; CSC-API-1.0.4 those of v1.0.4.0.
 */
import { basis } from "../check/basis.ts";
import type { Basis } from "../check/types.ts";

export const CSC_BASES: Readonly<Record<string, Basis>> = {
  "csc.algo.key-size": basis("JP-ESA", "施行規則第2条 (parameters crypto.minRsaBits, crypto.minEcBits)", "shall"),
  "csc.algo.signalgo-matches-key": basis("CSC-API-2.0", "11.10 signAlgo: one of the values of key/algo", "shall"),
  "csc.algo.weak-hash-refused": basis("CSC-API-2.0", "5 Hash algorithms as strong or stronger than SHA-256 SHALL be used", "shall"),
  "csc.auth.bearer-required": basis("CSC-API-2.0", "8.1 service authorization: methods need an access token", "shall"),
  "csc.auth.revoked-token": basis("CSC-API-2.0", "11.3 auth/revoke: invalidate the access token", "shall"),
  "csc.auth.userid-refused": basis("CSC-API-2.0", "11.4 userID SHALL NOT be specified under user-specific authorization", "shall"),
  "csc.authorize.lockout": basis("CSC-API-1.0.4", "11.6 NOTE 1 (MAY lock) made binding by parameter ua.lockoutThreshold", "shall"),
  "csc.authorize.num-signatures-bounds": basis("CSC-API-2.0", "9 the RSSP SHALL prevent exceeding the authorized number; 11.6 errors numSignatures < 1, > multisign", "shall"),
  "csc.authorize.level-factors": basis("JT2A-RSG-2", "パートⅡ §3 署名鍵の活性化（鍵認可）: the assessed level's number of factors, per credential in service", "shall"),
  "csc.authorize.otp-replay": basis("RFC-6238", "5.2 the verifier MUST NOT accept the second attempt of the same OTP", "shall"),
  "csc.authorize.otp-required": basis("JT2A-RSG-2", "§3 レベル2 複数要素認証しなければならない", "shall"),
  "csc.authorize.wrong-pin": basis("CSC-API-2.0", "11.6 Invalid authentication data → 400 invalid_authentication_data", "shall"),
  "csc.info": basis("CSC-API-2.0", "11.1 info SHALL be implemented; specs, authType, methods REQUIRED", "shall"),
  "csc.info.no-existence-oracle": basis("CSC-API-2.0", "11.4 SHALL NOT be allowed to get credentials of a different user; 11.5 Invalid credentialID → 400 invalid_request", "shall"),
  "csc.info.no-implicit-grant": basis("CSC-API-2.0", "8.4 The implicit grant SHALL NOT be used", "shall"),
  "csc.list.isolation": basis("CSC-API-2.0", "11.4 SHALL NOT be allowed to get credentials of a different user", "shall"),
  "csc.response.no-secrets": basis("JT2A-RSG-2", "SC-L2-08: SADは保護されない形で保存、記録又は応答に含められてはならない", "guideline"),
  "csc.sad.cross-credential": basis("JT2A-RSG-2", "§3 FU1 SAD要素間のリンク (SC-L2-03)", "guideline"),
  "csc.sad.cross-user": basis("JT2A-RSG-2", "§3 FU1 SAD要素間のリンク (SC-L2-03)", "guideline"),
  "csc.sad.digest-length": basis("CSC-API-2.0", "11.10 hashes: raw message digests of hashAlgorithmOID", "shall"),
  "csc.sad.expiry": basis("CSC-API-2.0", "11.6 expiresIn: SAD lifetime", "shall"),
  "csc.sad.extend-expired": basis("CSC-API-2.0", "11.9 SAD: current unexpired SAD", "shall"),
  "csc.sad.hash-binding": basis("CSC-API-2.0", "8.2 SCAL2: the SAD is bound to the hash values to be signed", "shall"),
  "csc.sad.hash-count": basis("CSC-API-2.0", "8.2 SCAL2 binding (the count itself: CSC-API-1.0.4 11.6 SHOULD correspond, MAY fail — both branches conformant)", "shall"),
  "csc.sad.max-uses": basis("JT2A-RSG-2", "パートⅡ 附録1: a SAD べき be used once (binding only through parameter sad.maxUses)", "should"),
  "csc.sad.num-signatures": basis("CSC-API-2.0", "9 the RSSP SHALL prevent exceeding the authorized number; 11.9 SHALL invalidate the SAD", "shall"),
  "csc.sad.required": basis("CSC-API-2.0", "11.10 auth/mode explicit: MUST pass SAD", "shall"),
  "csc.sad.single-use": basis("CSC-API-2.0", "11.9 the RSSP SHALL invalidate the SAD when the authorized number of signatures has been created (parameter sad.maxUses)", "shall"),
  "csc.signdoc.ades-valid": basis("CSC-API-2.0", "11.11 signDoc: an AdES signature will be created for each input", "shall"),
  "csc.signdoc.announced-formats": basis("CSC-API-2.0", "11.1 signature_formats, conformance_levels: REQUIRED, those supported by the RSSP", "shall"),
  "csc.signdoc.digest-binding": basis("CSC-API-2.0", "11.11 documentDigests/hashes: the RSSP SHALL verify each hash matches one from the authorization", "shall"),
  "csc.signature.verifies": basis("CSC-API-2.0", "11.10 signHash: the signature of each hash, in order", "shall"),
  "csc.transport.https-only": basis("CSC-API-2.0", "7.3 All API communication SHALL use TLS", "shall"),
};

/** The basis of a csc check (undefined for a check this table does not know: a test finds it). */
export function cscBasis(checkId: string): Basis | undefined {
  return CSC_BASES[checkId];
}
