/**
 * The text each oauth.* judgement rests on (design §3a), in one table so that the checks and the
 * check inventory (docs/CHECKS.md) name the same clause. Clause numbers are
 * those of CSC API v2.0.0.2 (source CSC-API-2.0) and the RFCs.
 */
import { basis } from "../check/basis.ts";

export const OAUTH_BASES = {
  /** §8.4.2 oauth2/authorize: code_challenge REQUIRED (RFC 7636). */
  pkce: basis("CSC-API-2.0", { ja: "8.4.2 code_challenge（必須）", en: "8.4.2 code_challenge (REQUIRED)" }, "shall"),
  /** RFC 6749 §4.1.2: state REQUIRED in the response if it was in the request. */
  state: basis("RFC-6749", "4.1.2", "shall"),
  /** RFC 6749 §3.1.2.3 (simple string comparison) and §4.1.2.1 (MUST NOT redirect to an invalid URI). */
  redirectUri: basis("RFC-6749", "3.1.2.3, 4.1.2.1", "shall"),
  /** §8.4: the implicit grant SHALL NOT be used; §8.4.2 response_type SHALL be "code". */
  implicit: basis("CSC-API-2.0", "8.4, 8.4.2 response_type", "shall"),
  /** RFC 6749 §3.2.1: confidential clients MUST authenticate at the token endpoint. */
  clientAuth: basis("RFC-6749", "3.2.1", "shall"),
  /** The order (client before grant) is good practice, not a requirement: RFC 6749 §5.2 invalid_client. */
  clientAuthOrder: basis("RFC-6749", "5.2 invalid_client", "should"),
  /** §8.4.4: refresh_token only when the scope is "service". */
  refreshServiceOnly: basis("CSC-API-2.0", "8.4.4 refresh_token", "shall"),
  /** §11.10 (Hash is not authorized) and §11.11: the RSSP SHALL verify each hash against the authorization. */
  hashBinding: basis("CSC-API-2.0", "11.10, 11.11 hashes", "shall"),
  /** §8.4: a credential-scope token covers "the corresponding credential" only. */
  credentialBinding: basis("CSC-API-2.0", { ja: "8.4 scope credential（クレデンシャル用スコープ）", en: "8.4 scope credential" }, "shall"),
  /** §11.4 userID: SHALL NOT be allowed to use credentials of a different user. */
  userBinding: basis("CSC-API-2.0", "8.4, 11.4 userID", "shall"),
  /** §9: the RSSP SHALL prevent exceeding the authorized number of signatures. */
  singleUse: basis("CSC-API-2.0", "9", "shall"),
  /**
   * §8.4.4 oauth2/token (v1.0.4 §8.3.3): expires_in is the token's lifetime in seconds (default 3600,
   * RFC 6749 §5.1); §10.1: the service SHALL support 401 for an expired authorization token. A token
   * honoured after the lifetime it was issued with outlives what the provider said it would.
   */
  tokenExpiry: basis("CSC-API-2.0", { ja: "8.4.4 oauth2/token expires_in: アクセストークンの有効期間（v1.0.4 8.3.3; RFC 6749 5.1）; 10.1 期限切れトークンには401", en: "8.4.4 oauth2/token expires_in: the access token's lifetime (v1.0.4 8.3.3; RFC 6749 5.1); 10.1 401 for an expired token" }, "shall"),
  /** No text sets a figure for the lifetime ("short-lived", §8.4.4, has no modal verb): the catalog default of sad.ttlSeconds is practice. */
  tokenLifetimeDefault: basis("catalog", { ja: "パラメータ sad.ttlSeconds（既定値; CSC v2 8.4.4はアクセストークンを短命とするが、数値も助動詞もない）", en: "parameter sad.ttlSeconds (default; CSC v2 8.4.4 calls the access token short-lived without a figure or modal verb)" }, "should"),
  /** The jti "protects from replay attacks"; the text has no modal verb for refusing a replay. */
  accountTokenReplay: basis("CSC-API-2.0", "8.4.1 jti", "should"),
  /** The signer sees what is authorised (catalog PT-12, from ETSI TS 119 431-1 SIG-6.3.1-09). */
  consent: basis("ETSI-TS-119-431-1", "SIG-6.3.1-09", "shall"),
} as const;

/** A catalog parameter the assessment set counts as `shall` (design §3a). */
export const parameterBasis = (name: string) => basis("catalog", `parameter ${name}`, "shall");

/**
 * Pushed authorization requests and authorization_details (RFC 9126, RFC 9396; CSC v2 §8.4.2–8.4.4
 * name both). Strengths from the texts: RFC 9126 §4 "SHOULD treat request_uri values as one-time
 * use" (and MAY allow a reload's duplicate, so the probe reuses it only after the authorization
 * completed), "An expired request_uri MUST be rejected"; the PAR-only policy of §5 metadata has no
 * BCP 14 keyword ("will refuse", §4), so a provider that serves classical requests despite its
 * metadata is an advisory finding.
 */
export const PAR_BASES = {
  singleUse: basis("RFC-9126", { ja: "4（request_uriは一度限りの使用）", en: "4 (request_uri one-time use)" }, "should"),
  expiry: basis("RFC-9126", { ja: "4（期限切れのrequest_uriは拒否しなければならない）", en: "4 (an expired request_uri MUST be rejected)" }, "shall"),
  expiresIn: basis("RFC-9126", "2.2 expires_in", "shall"),
  required: basis("RFC-9126", "4, 5 require_pushed_authorization_requests", "should"),
  /** RFC 9396 §7: the AS MUST return the authorization_details granted with the token. */
  detailsReturned: basis("RFC-9396", "7", "shall"),
  /** CSC v2 §8.4.2 documentDigests REQUIRED for type credential; §11.10/11.11 the hashes are verified against the authorization. */
  detailsBound: basis("CSC-API-2.0", "8.4.2 authorization_details documentDigests; 11.10, 11.11", "shall"),
} as const;
