/**
 * The text each tls.* check enforces (design §3a): source (controls/catalog.yaml `sources`, or
 * `catalog` for a catalog parameter), clause and strength; and the clauses individual departures
 * rest on (a version, a cipher family). docs/CHECKS.md lists the table; test/cert/bases.test.ts keeps
 * the two in step.
 */
import { basis } from "../check/basis.ts";
import type { Basis } from "../check/types.ts";

/** CSC v1.0.4 §7.3: the service SHALL guarantee the channel's integrity and confidentiality; a client can only rely on a certificate it can verify. */
const CHANNEL = basis("CSC-API-1.0.4", { ja: "7.3 通信路の完全性と機密性を保証しなければならない（クライアントが検証できるサーバ証明書: 現在有効、ホスト名に一致、tlsCaへ連鎖）", en: "7.3 SHALL guarantee the integrity and confidentiality of the channel (a server certificate the client can verify: valid now, for the host, chaining to tlsCa)" }, "shall");

export const TLS_BASES: Readonly<Record<string, Basis>> = {
  "tls.reachable": CHANNEL,
  "tls.certificate": CHANNEL,
  "tls.protocol": basis("catalog", { ja: "パラメータ tls.minVersion（既定値TLSv1.2: RFC 8996 §2–3 TLS 1.0/1.1をネゴシエートしてはならない; CSC v1.0.4 §7.3はTLS 1.1の使用を認める）; CSC v1.0.4 §7.3 TLS 1.2をサポートしなければならない", en: "parameter tls.minVersion (default TLSv1.2: RFC 8996 §2–3 MUST NOT negotiate TLS 1.0/1.1; CSC v1.0.4 §7.3 lets TLS 1.1 be used); CSC v1.0.4 §7.3 TLS 1.2 SHALL be supported" }, "shall"),
  "tls.ciphers": basis("RFC-9325", { ja: "4.1 NULL、RC4、112ビット未満（輸出グレード）の暗号スイートをネゴシエートしてはならない; 128ビット未満（3DES）はネゴシエートしないことが望ましい", en: "4.1 MUST NOT negotiate NULL, RC4 or < 112-bit (export) cipher suites; SHOULD NOT < 128-bit (3DES)" }, "shall"),
};

/**
 * CSC v1.0.4 §7.3: "Until TLS 1.3 is widely adopted, the previous version TLS 1.2 as described in
 * RFC 5246 SHALL be supported by remote services conforming to this specification" — a TLS
 * 1.3-only server departs from it. (The v2.0.0.2 text keeps "SHALL use TLS" and names no version.)
 */
export const TLS12_SUPPORTED = basis("CSC-API-1.0.4", { ja: "7.3 TLS 1.3が広く普及するまで、TLS 1.2（RFC 5246）をサポートしなければならない", en: "7.3 Until TLS 1.3 is widely adopted, TLS 1.2 (RFC 5246) SHALL be supported" }, "shall");

/** CSC v2.0.0.2 §7.3: "All API communication SHALL use TLS" (an http:// base URL). */
export const TLS_REQUIRED = basis("CSC-API-2.0", { ja: "7.3 すべてのAPI通信はTLSを用いなければならない", en: "7.3 All API communication SHALL use TLS" }, "shall");

/** Why a version below the floor may not be accepted. */
export function versionBasis(version: string, floorSetByAssessment: boolean): Basis {
  if (floorSetByAssessment) return basis("ASSESSMENT", "parameter tls.minVersion", "shall");
  if (version === "TLSv1") return basis("RFC-8996", { ja: "2 TLS 1.0を用いてはならない（カタログ既定値 tls.minVersion）", en: "2 TLS 1.0 MUST NOT be used (catalog default tls.minVersion)" }, "shall");
  if (version === "TLSv1.1") return basis("RFC-8996", { ja: "3 TLS 1.1を用いてはならない（カタログ既定値 tls.minVersion; CSC v1.0.4 §7.3: してもよい）", en: "3 TLS 1.1 MUST NOT be used (catalog default tls.minVersion; CSC v1.0.4 §7.3: MAY)" }, "shall");
  return TLS_BASES["tls.protocol"]!;
}

/** The weak cipher families tls.ciphers offers one at a time, each with the clause that forbids (or discourages) it. */
export const CIPHER_FAMILIES: ReadonlyArray<{ family: string; ja: string; ciphers: string; basis: Basis }> = [
  { family: "NULL encryption", ja: "暗号化なし（NULL）", ciphers: "eNULL:@SECLEVEL=0", basis: basis("RFC-9325", { ja: "4.1 暗号化なし（NULL）の暗号スイートをネゴシエートしてはならない", en: "4.1 MUST NOT negotiate cipher suites with NULL encryption" }, "shall") },
  { family: "anonymous key exchange", ja: "匿名鍵交換", ciphers: "aNULL:!eNULL:@SECLEVEL=0", basis: basis("RFC-5246", { ja: "A.5 アプリケーションが求めない限り匿名暗号スイートを用いてはならない（CSC: サーバは認証される）", en: "A.5 anonymous cipher suites MUST NOT be used unless the application asks for them (CSC: server authenticated)" }, "shall") },
  { family: "EXPORT", ja: "輸出グレード（EXPORT）", ciphers: "EXPORT:@SECLEVEL=0", basis: basis("RFC-9325", { ja: "4.1 安全性112ビット未満（輸出グレード）の暗号スイートをネゴシエートしてはならない", en: "4.1 MUST NOT negotiate cipher suites offering less than 112 bits of security (export-level)" }, "shall") },
  { family: "RC4", ja: "RC4", ciphers: "RC4:@SECLEVEL=0", basis: basis("RFC-9325", { ja: "4.1 RC4暗号スイートをネゴシエートしてはならない（RFC 7465）", en: "4.1 MUST NOT negotiate RC4 cipher suites (RFC 7465)" }, "shall") },
  { family: "3DES", ja: "3DES", ciphers: "3DES:@SECLEVEL=0", basis: basis("RFC-9325", { ja: "4.1 安全性128ビット未満の暗号スイートはネゴシエートしないことが望ましい", en: "4.1 SHOULD NOT negotiate cipher suites offering less than 128 bits of security" }, "should") },
];

/** The tls check's basis (throws on an unknown ID). */
export function tlsBasis(id: string): Basis {
  const b = TLS_BASES[id];
  if (!b) throw new Error(`no basis for ${id} in src/net/tls-bases.ts`);
  return b;
}
