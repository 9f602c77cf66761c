/**
 * The text each cert.* check enforces (design §3a): source (controls/catalog.yaml `sources`, or
 * `catalog` for a catalog control or parameter), clause, and the text's own strength. A check gives
 * every departure without a basis of its own its check's basis (`withBasis`); the departures that
 * rest on another clause (a SHOULD, a parameter the assessment set) name theirs. docs/CHECKS.md lists
 * the table; test/cert/bases.test.ts keeps the two in step.
 */
import { basis } from "../check/basis.ts";
import type { Basis } from "../check/types.ts";

export const CERT_BASES: Readonly<Record<string, Basis>> = {
  "cert.chain": basis("RFC-5280", { ja: "6.1 評価者のトラストアンカーまでの証明書パス検証（カタログ PT-11）", en: "6.1 path validation to the assessor's trust anchors (catalog PT-11)" }, "shall"),
  "cert.validity": basis("RFC-5280", { ja: "4.1.2.5 validity: 証明書はnotBefore〜notAfterの期間内に使用される（カタログ PT-11）", en: "4.1.2.5 validity: the certificate is used within notBefore–notAfter (catalog PT-11)" }, "shall"),
  "cert.key-usage": basis("catalog", { ja: "管理策 KM-12: 証明書の鍵用途が署名用である（RFC 5280 4.2.1.3 digitalSignature又はnonRepudiation）", en: "control KM-12: the certificate's key usage is a signing one (RFC 5280 4.2.1.3 digitalSignature or nonRepudiation)" }, "guideline"),
  "cert.subject-matches-signer": basis("catalog", { ja: "管理策 UA-09: 署名鍵の署名者が証明書の主体者である（JT2A-RSG-2 パートⅡ §2 注2）", en: "control UA-09: the key's signer is the certificate's subject (JT2A-RSG-2 パートⅡ §2 注2)" }, "guideline"),
  "cert.key-matches-credential": basis("catalog", { ja: "管理策 KM-08: 証明された鍵がそのクレデンシャルで署名する鍵である", en: "control KM-08: the certified key is the key that signs for the credential" }, "guideline"),
  "cert.unique-keys": basis("catalog", { ja: "管理策 KM-08: 一つの鍵に一人の署名者、一つのクレデンシャル", en: "control KM-08: one key, one signer, one credential" }, "guideline"),
  "cert.policies": basis("ASSESSMENT", { ja: "パラメータ cert.requiredPolicies、又はservice-policy証跡のpolicyOids（RFC 5280 4.2.1.4ではこの拡張は任意）", en: "parameter cert.requiredPolicies, or the service-policy evidence's policyOids (RFC 5280 4.2.1.4 makes the extension optional)" }, "shall"),
  "cert.retention-horizon": basis("catalog", { ja: "パラメータ retention.years（JT2A-CRIT RK-b）: 記録をnotAfter + retention.yearsまで保存する", en: "parameter retention.years (JT2A-CRIT RK-b): records kept until notAfter + retention.years" }, "shall"),
};

/** Departures that rest on another clause than their check's. */
export const CERT_CLAUSES = {
  /** CSC v1.0.4 §11.5 cert/status: "SHOULD only return a value that is accurate and consistent with the actual validity status". */
  certStatus: basis("CSC-API-1.0.4", { ja: "11.5 cert/status: 証明書の有効性と正確に一致していることが望ましい", en: "11.5 cert/status: SHOULD be accurate and consistent with the certificate's validity" }, "should"),
  /** CSC §11.5 cert/validTo, cert/subjectDN: the values "from the X.509v3 end entity certificate". */
  certFields: basis("CSC-API-2.0", { ja: "11.5 cert/validTo, cert/subjectDN: エンドエンティティ証明書の値", en: "11.5 cert/validTo, cert/subjectDN: the values of the end-entity certificate" }, "shall"),
  /** No text of the guideline asks for nonRepudiation; it is the practice for signatures a person stands behind. */
  nonRepudiation: basis("catalog", { ja: "管理策 KM-12 の慣行: 本人が責任を負う署名にはkeyUsage nonRepudiation（contentCommitment）; ガイドラインにこのビットを求める文言はない", en: "control KM-12 practice: keyUsage nonRepudiation (contentCommitment) for signatures a person stands behind; no guideline text requires the bit" }, "should"),
} as const;

/** The basis of a cert check (throws on an unknown ID: a typo must not pass silently). */
export function certBasis(id: string): Basis {
  const b = CERT_BASES[id];
  if (!b) throw new Error(`no basis for ${id} in src/cert/bases.ts`);
  return b;
}
