/**
 * csc.protocol.hash-algo — signHash treats the hash algorithm as the method table says
 * (v1.0.4.0 §11.9 hashAlgo, v2.0.0.2 §11.10 hashAlgorithmOID): REQUIRED with rsaEncryption
 * (400 "Missing (or invalid type) string parameter hashAlgo(rithmOID)"), "SHALL be omitted or
 * ignored" when signAlgo implies the hash (sha256WithRSAEncryption with SHA-512 named still signs
 * the SHA-256 digest as SHA-256), and a value whose length is not the algorithm's is refused
 * ("Invalid digest value length"). From the shared protocol signing scenario.
 */
import { constants, createPublicKey, verify } from "node:crypto";
import { defineCheck } from "../../src/check/types.ts";
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
}

/** Judges the hash-algorithm probes (pure). */
export function judgeHashAlgo(version: CscVersion, spki: Uint8Array | undefined, p: HashAlgoProbes, where: string): Judged[] {
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
        basis: cscBasis(version, { v1: `${clause} hashAlgo: REQUIRED when signAlgo is rsaEncryption (missing → 400)`, v2: `${clause} hashAlgorithmOID: REQUIRED when signAlgo is rsaEncryption (missing → 400)` }),
      }),
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
        basis: cscBasis(version, { v1: `${clause} hashAlgo SHALL be omitted or ignored if implied by signAlgo`, v2: `${clause} hashAlgorithmOID SHALL be omitted or ignored if implied by signAlgo` }),
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
        basis: cscBasis(version, { v1: `${clause} Invalid hash length → 400 Invalid digest value length`, v2: `${clause} Invalid hashes element length → 400 Invalid digest value length` }),
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
    ja: "rsaEncryptionでハッシュアルゴリズムのない要求が拒否されること、signAlgoがハッシュを含むときは指定したハッシュアルゴリズムが無視されること、長さの合わないハッシュ値が拒否されることを確認する（相互運用性。ガイドラインの本文外）。",
    en: "Expects rsaEncryption without a hash algorithm to be refused, a hash algorithm named beside a signAlgo that implies one to be ignored, and a value of the wrong length to be refused (interoperability, beyond the guideline's text).",
  },
  needs: ["csc", "csc.signer"],
  intrusive: false,
  async run(ctx) {
    return runProbe(ctx, "csc.protocol.hash-algo", async ({ session, uses }) => {
      const where = at(session, "signatures/signHash", "hash algorithm");
      const s = await protocolSigning(ctx);
      if ("unavailable" in s) return notApplicable(s.unavailable, where);
      uses(s.transcript);
      if (!s.impliedHash && !s.rsaWithoutHashAlgo) return notApplicable(`${s.credential.credentialID}'s key/algo lists neither rsaEncryption nor sha256WithRSAEncryption`, where);
      const cert = s.credential.certificates[0] ? parseCertificate(s.credential.certificates[0]) : undefined;
      const spki = cert && typeof cert !== "string" ? new Uint8Array(cert.publicKey.rawData) : undefined;
      const version = announcedVersion(session.info.body.specs, session.client.version);
      return concludeProtocol(judgeHashAlgo(version, spki, { implied: s.impliedHash, withoutHashAlgo: s.rsaWithoutHashAlgo, wrongLength: s.wrongLength }, `${where}, ${s.credential.credentialID}`), {
        pass: { ja: "ハッシュアルゴリズムの要否・無視・長さは仕様どおり", en: "hash algorithm required, ignored and length-checked as specified" },
        fail: { ja: "signHashのハッシュアルゴリズムの扱いが仕様と異なる", en: "signHash departs from the text on the hash algorithm" },
      });
    });
  },
});
