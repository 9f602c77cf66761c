/**
 * csc.protocol.hash-algo — signHash treats the hash algorithm as the method table says
 * (v1.0.4.0 §11.9 hashAlgo, v2.0.0.2 §11.10 hashAlgorithmOID): REQUIRED with rsaEncryption
 * (400 "Missing (or invalid type) string parameter hashAlgo(rithmOID)"), "SHALL be omitted or
 * ignored" when signAlgo implies the hash (sha256WithRSAEncryption with SHA-512 named still signs
 * the SHA-256 digest as SHA-256), and a value whose length is not the algorithm's is refused
 * ("Invalid digest value length"). A refusal of a missing hash algorithm is judged on its answer
 * too: 400 invalid_request "Missing (or invalid type) string parameter hashAlgo(rithmOID)" (the
 * table's row; the status a SHALL, v1 §10.1 / v2 §10.2, the description RECOMMENDED: should).
 * On v2, credentials/authorize with hashes but without hashAlgorithmOID (v2 §11.6 REQUIRED
 * Conditional: it names the hashes' algorithm) must be refused the same way — the authorize table
 * has no row for it, so the refusal rests on Table 3 invalid_request "missing required
 * parameter" (should). From the shared protocol signing scenario (src/csc/protocol-signing.ts:
 * the authorize probe is made on its single-factor credential with the correct PIN, no OTP spent).
 */
import { constants, createPublicKey, verify } from "node:crypto";
import { defineCheck, type Message } from "../../src/check/types.ts";
import { at, notApplicable, oneLine, runProbe, type Judged } from "../../src/csc/probe.ts";
import { announcedVersion, concludeProtocol, cscBasis, rule, type CscVersion } from "../../src/csc/protocol.ts";
import { describeReply, type CscReply } from "../../src/csc/client.ts";
import { decodeBase64Any } from "../../src/csc/base64.ts";
import { parseCertificate } from "../../src/cert/certificate.ts";
import { protocolSigning, type Signed } from "../../src/csc/protocol-signing.ts";

const refusedText = (r: CscReply) => ({ ja: `拒否: ${oneLine(describeReply(r))}`, en: `refused: ${oneLine(describeReply(r))}` });

/** Whether a PKCS#1 v1.5 signature verifies as sha256WithRSAEncryption over the data (pure). */
export function verifiesSha256Rsa(spki: Uint8Array, data: Uint8Array, signature: Uint8Array): boolean {
  try {
    const key = createPublicKey({ key: Buffer.from(spki), format: "der", type: "spki" });
    return verify("sha256", data, { key, padding: constants.RSA_PKCS1_PADDING }, signature);
  } catch {
    return false;
  }
}

export interface HashAlgoProbes {
  implied?: Signed;
  withoutHashAlgo?: CscReply;
  wrongLength?: CscReply;
  /** v2: credentials/authorize with hashes and no hashAlgorithmOID. */
  authorizeWithoutHashAlgo?: CscReply;
}

/**
 * How a refused request that lacks a parameter was answered (pure): 400 invalid_request with the
 * table's description "Missing (or invalid type) string parameter NAME" (a description that
 * contains it passes: providers add detail). A pass when so; otherwise the departure, a 400 with
 * other words at `should`, another status at `shall`.
 */
export function judgeMissingParameterAnswer(version: CscVersion, reply: CscReply, name: string, where: string, clauses: { v1: Message; v2: Message }): Judged {
  const text = `Missing (or invalid type) string parameter ${name}`;
  const seen = oneLine(`HTTP ${reply.status} ${reply.error ?? "(no error)"} "${reply.errorDescription ?? ""}"`, 200);
  const ok = reply.status === 400 && reply.error === "invalid_request" && (reply.errorDescription ?? "").toLowerCase().includes(text.toLowerCase());
  const out = rule(ok, {
    expected: { ja: `400 invalid_request "${text}"`, en: `400 invalid_request "${text}"` },
    observed: ok ? seen : { ja: `別の応答で拒否: ${seen}`, en: `refused with another answer: ${seen}` },
    where,
    basis: cscBasis(version, clauses, reply.status === 400 ? "should" : "shall"),
  });
  return out;
}

/** Judges the hash-algorithm probes (pure). */
export function judgeHashAlgo(version: CscVersion, spki: Uint8Array | undefined, p: HashAlgoProbes, where: string, authorizeWhere = where): Judged[] {
  const name = version === "v1" ? "hashAlgo" : "hashAlgorithmOID";
  const clause = version === "v1" ? "11.9" : "11.10";
  const out: Judged[] = [];
  if (p.withoutHashAlgo) {
    const r = p.withoutHashAlgo;
    out.push(
      rule(!r.ok, {
        expected: { ja: `rsaEncryptionで${name}がない要求は400で拒否`, en: `rsaEncryption without ${name} refused (400)` },
        observed: r.ok ? { ja: `${name}なしで署名された（既定のハッシュを仮定）`, en: `signed without ${name} (a default hash assumed)` } : refusedText(r),
        where,
        basis: cscBasis(version, { v1: { ja: `${clause} hashAlgo: signAlgoがrsaEncryptionのとき必須（ない場合 → 400）`, en: `${clause} hashAlgo: REQUIRED when signAlgo is rsaEncryption (missing → 400)` }, v2: { ja: `${clause} hashAlgorithmOID: signAlgoがrsaEncryptionのとき必須（ない場合 → 400）`, en: `${clause} hashAlgorithmOID: REQUIRED when signAlgo is rsaEncryption (missing → 400)` } }),
      }),
    );
    if (!r.ok) out.push(judgeMissingParameterAnswer(version, r, name, where, { v1: { ja: `${clause} hashAlgoがない → 400 invalid_request; 10.1 error_descriptionは推奨`, en: `${clause} Missing hashAlgo → 400 invalid_request; 10.1 error_description RECOMMENDED` }, v2: { ja: `${clause} 必須のhashAlgorithmOIDがない → 400 invalid_request; 10.2 error_descriptionは推奨`, en: `${clause} Missing hashAlgorithmOID when required → 400 invalid_request; 10.2 error_description RECOMMENDED` } }));
  }
  if (version === "v2" && p.authorizeWithoutHashAlgo) {
    const r = p.authorizeWithoutHashAlgo;
    const basis = { v1: "", v2: { ja: "11.6 hashAlgorithmOID: 条件付き必須（hashesがある場合）; 10.2 Table 3 invalid_request: 必須パラメータの欠落", en: "11.6 hashAlgorithmOID: REQUIRED Conditional (with hashes); 10.2 Table 3 invalid_request: missing required parameter" } };
    out.push(
      r.ok
        ? {
            status: "fail",
            observation: { expected: { ja: "hashesがありhashAlgorithmOIDのない認可は拒否", en: "an authorization with hashes but no hashAlgorithmOID refused" }, observed: { ja: "hashAlgorithmOIDなしでSADが発行された（ハッシュのアルゴリズムが不明のまま）", en: "a SAD was issued without hashAlgorithmOID (the hashes' algorithm unknown)" }, where: authorizeWhere, ok: false, basis: cscBasis(version, basis, "should") },
          }
        : judgeMissingParameterAnswer(version, r, "hashAlgorithmOID", authorizeWhere, basis),
    );
  }
  if (p.implied) {
    const r = p.implied.reply;
    const list = r.body.signatures;
    const sig = r.ok && Array.isArray(list) ? decodeBase64Any(list[0]) : null;
    const verifies = Boolean(sig && spki && verifiesSha256Rsa(spki, p.implied.data, sig));
    out.push(
      rule(verifies, {
        expected: { ja: `signAlgoがハッシュを含む場合（sha256WithRSAEncryption）${name}（SHA-512）は無視され、SHA-256で署名される`, en: `with a signAlgo that implies the hash (sha256WithRSAEncryption) ${name} (SHA-512) is ignored and SHA-256 signed` },
        observed: verifies
          ? { ja: "SHA-256の署名として検証できた", en: "verifies as SHA-256" }
          : !r.ok
            ? { ja: `${name}に従って拒否された: ${oneLine(describeReply(r))}`, en: `${name} honoured, refused: ${oneLine(describeReply(r))}` }
            : { ja: `SHA-256の署名として検証できない（${name}に従った）`, en: `does not verify as SHA-256 (${name} honoured)` },
        where,
        basis: cscBasis(version, { v1: { ja: `${clause} signAlgoから定まる場合、hashAlgoは省略するか無視しなければならない`, en: `${clause} hashAlgo SHALL be omitted or ignored if implied by signAlgo` }, v2: { ja: `${clause} signAlgoから定まる場合、hashAlgorithmOIDは省略するか無視しなければならない`, en: `${clause} hashAlgorithmOID SHALL be omitted or ignored if implied by signAlgo` } }),
      }),
    );
  }
  if (p.wrongLength) {
    const r = p.wrongLength;
    out.push(
      rule(!r.ok, {
        expected: { ja: "SHA-256と指定した48バイトの値は拒否（Invalid digest value length）", en: "a 48-byte value named SHA-256 refused (Invalid digest value length)" },
        observed: r.ok ? { ja: "長さの合わない値が署名された", en: "a value of the wrong length was signed" } : refusedText(r),
        where,
        basis: cscBasis(version, { v1: { ja: `${clause} ハッシュ長が不正 → 400 「Invalid digest value length」`, en: `${clause} Invalid hash length → 400 Invalid digest value length` }, v2: { ja: `${clause} hashesの要素長が不正 → 400 「Invalid digest value length」`, en: `${clause} Invalid hashes element length → 400 Invalid digest value length` } }),
      }),
    );
  }
  return out;
}

export default defineCheck({
  id: "csc.protocol.hash-algo",
  family: "csc",
  title: { ja: "signHashはハッシュアルゴリズムを仕様どおりに扱う", en: "signHash treats the hash algorithm as the method table says" },
  description: {
    ja: "rsaEncryptionでハッシュアルゴリズムのない要求がメソッド表の応答で拒否されること、v2ではhashesがありhashAlgorithmOIDのない鍵認可も拒否されること、signAlgoがハッシュを含むときは指定したハッシュアルゴリズムが無視されること、長さの合わないハッシュ値が拒否されることを確認する（相互運用性。ガイドラインの本文外）。",
    en: "Expects rsaEncryption without a hash algorithm to be refused with the method table's answer (and, on v2, an authorization with hashes but no hashAlgorithmOID to be refused), a hash algorithm named beside a signAlgo that implies one to be ignored, and a value of the wrong length to be refused (interoperability, beyond the guideline's text).",
  },
  needs: ["csc", "csc.signer"],
  intrusive: false,
  async run(ctx) {
    return runProbe(ctx, "csc.protocol.hash-algo", async ({ session, uses }) => {
      const where = at(session, "signatures/signHash", "hash algorithm");
      const s = await protocolSigning(ctx);
      if ("unavailable" in s) return notApplicable(s.unavailable, where);
      uses(s.transcript);
      if (!s.impliedHash && !s.rsaWithoutHashAlgo && !s.authorizeWithoutHashAlgo) return notApplicable(`${s.credential.credentialID}'s key/algo lists neither rsaEncryption nor sha256WithRSAEncryption`, where);
      const cert = s.credential.certificates[0] ? parseCertificate(s.credential.certificates[0]) : undefined;
      const spki = cert && typeof cert !== "string" ? new Uint8Array(cert.publicKey.rawData) : undefined;
      const version = announcedVersion(session.info.body.specs, session.client.version);
      return concludeProtocol(judgeHashAlgo(version, spki, { implied: s.impliedHash, withoutHashAlgo: s.rsaWithoutHashAlgo, wrongLength: s.wrongLength, authorizeWithoutHashAlgo: s.authorizeWithoutHashAlgo }, `${where}, ${s.credential.credentialID}`, `${at(session, "credentials/authorize", "hashes without hashAlgorithmOID")}, ${s.credential.credentialID}`), {
        pass: { ja: "ハッシュアルゴリズムの要否・無視・長さは仕様どおり", en: "hash algorithm required, ignored and length-checked as specified" },
        fail: { ja: "signHashのハッシュアルゴリズムの扱いが仕様と異なる", en: "signHash departs from the text on the hash algorithm" },
      });
    });
  },
});
