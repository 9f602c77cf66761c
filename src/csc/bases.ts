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
  "csc.algo.key-size": basis("JP-ESA", { ja: "施行規則第2条（パラメータ crypto.minRsaBits, crypto.minEcBits）", en: "施行規則第2条 (parameters crypto.minRsaBits, crypto.minEcBits)" }, "shall"),
  "csc.algo.signalgo-matches-key": basis("CSC-API-2.0", { ja: "11.10 signAlgo: key/algoの値のいずれか", en: "11.10 signAlgo: one of the values of key/algo" }, "shall"),
  "csc.algo.weak-hash-refused": basis("CSC-API-2.0", { ja: "5 SHA-256と同等以上の強度のハッシュアルゴリズムを用いなければならない", en: "5 Hash algorithms as strong or stronger than SHA-256 SHALL be used" }, "shall"),
  "csc.auth.bearer-required": basis("CSC-API-2.0", { ja: "8.1 サービス認可: メソッドにはアクセストークンが必要", en: "8.1 service authorization: methods need an access token" }, "shall"),
  "csc.auth.revoked-token": basis("CSC-API-2.0", { ja: "11.3 auth/revoke: アクセストークンを無効化する", en: "11.3 auth/revoke: invalidate the access token" }, "shall"),
  "csc.auth.userid-refused": basis("CSC-API-2.0", { ja: "11.4 利用者固有の認可ではuserIDを指定してはならない", en: "11.4 userID SHALL NOT be specified under user-specific authorization" }, "shall"),
  "csc.authorize.lockout": basis("CSC-API-1.0.4", { ja: "11.6 NOTE 1（ロックしてもよい）をパラメータ ua.lockoutThresholdにより必須とする", en: "11.6 NOTE 1 (MAY lock) made binding by parameter ua.lockoutThreshold" }, "shall"),
  "csc.authorize.num-signatures-bounds": basis("CSC-API-2.0", { ja: "9 RSSPは認可された署名数の超過を防がなければならない; 11.6 numSignatures < 1, > multisign はエラー", en: "9 the RSSP SHALL prevent exceeding the authorized number; 11.6 errors numSignatures < 1, > multisign" }, "shall"),
  "csc.authorize.level-factors": basis("JT2A-RSG-2", { ja: "パートⅡ §3 署名鍵の活性化（鍵認可）: 評価レベルの要素数を、運用中のクレデンシャルごとに", en: "パートⅡ §3 署名鍵の活性化（鍵認可）: the assessed level's number of factors, per credential in service" }, "shall"),
  "csc.authorize.otp-replay": basis("RFC-6238", { ja: "5.2 検証者は同じOTPの二度目の試行を受け付けてはならない", en: "5.2 the verifier MUST NOT accept the second attempt of the same OTP" }, "shall"),
  "csc.authorize.otp-required": basis("JT2A-RSG-2", "§3 レベル2 複数要素認証しなければならない", "shall"),
  "csc.authorize.wrong-pin": basis("CSC-API-2.0", { ja: "11.6 認証データが不正 → 400 invalid_authentication_data", en: "11.6 Invalid authentication data → 400 invalid_authentication_data" }, "shall"),
  "csc.info": basis("CSC-API-2.0", { ja: "11.1 infoを実装しなければならない; specs, authType, methods は必須", en: "11.1 info SHALL be implemented; specs, authType, methods REQUIRED" }, "shall"),
  "csc.info.no-existence-oracle": basis("CSC-API-2.0", { ja: "11.4 他の利用者のクレデンシャルを取得できてはならない; 11.5 不正なcredentialID → 400 invalid_request", en: "11.4 SHALL NOT be allowed to get credentials of a different user; 11.5 Invalid credentialID → 400 invalid_request" }, "shall"),
  "csc.info.no-implicit-grant": basis("CSC-API-2.0", { ja: "8.4 インプリシットグラントを用いてはならない", en: "8.4 The implicit grant SHALL NOT be used" }, "shall"),
  "csc.list.isolation": basis("CSC-API-2.0", { ja: "11.4 他の利用者のクレデンシャルを取得できてはならない", en: "11.4 SHALL NOT be allowed to get credentials of a different user" }, "shall"),
  "csc.response.no-secrets": basis("JT2A-RSG-2", "SC-L2-08: SADは保護されない形で保存、記録又は応答に含められてはならない", "guideline"),
  "csc.sad.cross-credential": basis("JT2A-RSG-2", "§3 FU1 SAD要素間のリンク (SC-L2-03)", "guideline"),
  "csc.sad.cross-user": basis("JT2A-RSG-2", "§3 FU1 SAD要素間のリンク (SC-L2-03)", "guideline"),
  "csc.sad.digest-length": basis("CSC-API-2.0", { ja: "11.10 hashes: hashAlgorithmOIDによるメッセージダイジェストそのもの", en: "11.10 hashes: raw message digests of hashAlgorithmOID" }, "shall"),
  "csc.sad.expiry": basis("CSC-API-2.0", { ja: "11.6 expiresIn: SADの有効期間", en: "11.6 expiresIn: SAD lifetime" }, "shall"),
  "csc.sad.extend-expired": basis("CSC-API-2.0", { ja: "11.9 SAD: 現在有効な期限切れでないSAD", en: "11.9 SAD: current unexpired SAD" }, "shall"),
  "csc.sad.hash-binding": basis("CSC-API-2.0", { ja: "8.2 SCAL2: SADは署名対象のハッシュ値に結び付けられる", en: "8.2 SCAL2: the SAD is bound to the hash values to be signed" }, "shall"),
  "csc.sad.hash-count": basis("CSC-API-2.0", { ja: "8.2 SCAL2の結び付け（件数そのもの: CSC-API-1.0.4 11.6 一致することが望ましく、失敗してもよい — どちらも適合）", en: "8.2 SCAL2 binding (the count itself: CSC-API-1.0.4 11.6 SHOULD correspond, MAY fail — both branches conformant)" }, "shall"),
  "csc.sad.max-uses": basis("JT2A-RSG-2", { ja: "パートⅡ 附録1: SADは一度だけ使われるべき（パラメータ sad.maxUsesによってのみ必須）", en: "パートⅡ 附録1: a SAD べき be used once (binding only through parameter sad.maxUses)" }, "should"),
  "csc.sad.num-signatures": basis("CSC-API-2.0", { ja: "9 RSSPは認可された署名数の超過を防がなければならない; 11.9 SADを無効化しなければならない", en: "9 the RSSP SHALL prevent exceeding the authorized number; 11.9 SHALL invalidate the SAD" }, "shall"),
  "csc.sad.required": basis("CSC-API-2.0", { ja: "11.10 auth/modeがexplicit: SADを渡さなければならない", en: "11.10 auth/mode explicit: MUST pass SAD" }, "shall"),
  "csc.sad.single-use": basis("CSC-API-2.0", { ja: "11.9 認可された数の署名が作成されたらRSSPはSADを無効化しなければならない（パラメータ sad.maxUses）", en: "11.9 the RSSP SHALL invalidate the SAD when the authorized number of signatures has been created (parameter sad.maxUses)" }, "shall"),
  "csc.signdoc.ades-valid": basis("CSC-API-2.0", { ja: "11.11 signDoc: 入力ごとにAdES署名が作成される", en: "11.11 signDoc: an AdES signature will be created for each input" }, "shall"),
  "csc.signdoc.announced-formats": basis("CSC-API-2.0", { ja: "11.1 signature_formats, conformance_levels: 必須、RSSPが対応するもの", en: "11.1 signature_formats, conformance_levels: REQUIRED, those supported by the RSSP" }, "shall"),
  "csc.signdoc.digest-binding": basis("CSC-API-2.0", { ja: "11.11 documentDigests/hashes: RSSPは各ハッシュが認可時のいずれかと一致することを検証しなければならない", en: "11.11 documentDigests/hashes: the RSSP SHALL verify each hash matches one from the authorization" }, "shall"),
  "csc.signature.verifies": basis("CSC-API-2.0", { ja: "11.10 signHash: 各ハッシュの署名を順に", en: "11.10 signHash: the signature of each hash, in order" }, "shall"),
  "csc.transport.https-only": basis("CSC-API-2.0", { ja: "7.3 すべてのAPI通信はTLSを用いなければならない", en: "7.3 All API communication SHALL use TLS" }, "shall"),
};

/** The basis of a csc check (undefined for a check this table does not know: a test finds it). */
export function cscBasis(checkId: string): Basis | undefined {
  return CSC_BASES[checkId];
}
