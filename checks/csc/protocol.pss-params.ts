/**
 * csc.protocol.pss-params — RSASSA-PSS follows the `signAlgoParams` given (v1.0.4.0 §11.9,
 * v2.0.0.2 §11.10: signAlgoParams REQUIRED Conditional, "Base64-encoded DER-encoded ASN.1
 * signature parameters", RSASSA-PSS-params of RFC 8017 A.2.3). Signs one hash with
 * SHA-256 / MGF1-SHA-256 / salt 64 — not the salt a service might fix — and verifies it here with
 * exactly those parameters; PSS without signAlgoParams must be refused (400 "Missing (or invalid
 * type) string parameter signAlgoParams"). From the shared protocol signing scenario.
 */
import { constants, createPublicKey, verify } from "node:crypto";
import { defineCheck } from "../../src/check/types.ts";
import { at, notApplicable, oneLine, runProbe, type Judged } from "../../src/csc/probe.ts";
import { announcedVersion, concludeProtocol, cscBasis, rule, type CscVersion } from "../../src/csc/protocol.ts";
import { describeReply, type CscReply } from "../../src/csc/client.ts";
import { decodeBase64Any } from "../../src/csc/base64.ts";
import { parseCertificate } from "../../src/cert/certificate.ts";
import { PSS_SALT, protocolSigning, type Signed } from "../../src/csc/protocol-signing.ts";

/** Whether a PSS signature verifies with SHA-256, MGF1-SHA-256 and the given salt length (pure). */
export function verifiesPss(spkiOrCert: Uint8Array, data: Uint8Array, signature: Uint8Array, saltLength: number): boolean {
  try {
    const key = createPublicKey({ key: Buffer.from(spkiOrCert), format: "der", type: "spki" });
    return verify("sha256", data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength }, signature);
  } catch {
    return false;
  }
}

/** Judges the PSS probes (pure): the salt-64 signature verifies; PSS without parameters is refused. */
export function judgePss(version: CscVersion, spki: Uint8Array, pss: Signed, withoutParams: CscReply | undefined, where: string): Judged[] {
  const b = cscBasis(version, { v1: { ja: "11.9 signAlgoParams（RSASSA-PSS-params, RFC 8017 A.2.3）: RSASSA-PSSでは必須、ない場合 → 400", en: "11.9 signAlgoParams (RSASSA-PSS-params, RFC 8017 A.2.3): REQUIRED for RSASSA-PSS, missing → 400" }, v2: { ja: "11.10 signAlgoParams（RSASSA-PSS-params, RFC 8017 A.2.3）: RSASSA-PSSでは必須、ない場合 → 400", en: "11.10 signAlgoParams (RSASSA-PSS-params, RFC 8017 A.2.3): REQUIRED for RSASSA-PSS, missing → 400" } });
  const out: Judged[] = [];
  const expected = { ja: `SHA-256/MGF1-SHA-256/ソルト長${PSS_SALT}で検証できる署名`, en: `a signature that verifies with SHA-256 / MGF1-SHA-256 / salt ${PSS_SALT}` };
  const list = pss.reply.body.signatures;
  const sig = pss.reply.ok && Array.isArray(list) ? decodeBase64Any(list[0]) : null;
  if (!pss.reply.ok) out.push(rule(false, { expected, observed: { ja: `拒否された: ${oneLine(describeReply(pss.reply))}`, en: `refused: ${oneLine(describeReply(pss.reply))}` }, where, basis: b }));
  else if (!sig) out.push(rule(false, { expected, observed: { ja: "署名値がない（base64でない）", en: "no signature (not base64)" }, where, basis: b }));
  else {
    const ok = verifiesPss(spki, pss.data, sig, PSS_SALT);
    const other = ok ? undefined : [20, 32, 48, 64].find((s) => s !== PSS_SALT && verifiesPss(spki, pss.data, sig, s));
    out.push(
      rule(ok, {
        expected,
        observed: ok
          ? { ja: "検証できた", en: "verifies" }
          : other !== undefined
            ? { ja: `signAlgoParamsが無視された: ソルト長${other}の署名`, en: `signAlgoParams ignored: the signature has salt length ${other}` }
            : { ja: "指定したパラメータでは検証できない", en: "does not verify with the parameters given" },
        where,
        basis: b,
      }),
    );
  }
  if (withoutParams) {
    const refused = !withoutParams.ok;
    out.push(
      rule(refused, {
        expected: { ja: "signAlgoParamsのないRSASSA-PSSは400で拒否", en: "RSASSA-PSS without signAlgoParams refused (400)" },
        observed: refused ? { ja: `拒否: ${oneLine(describeReply(withoutParams))}`, en: `refused: ${oneLine(describeReply(withoutParams))}` } : { ja: "パラメータなしで署名された", en: "signed without parameters" },
        where,
        basis: b,
      }),
    );
  }
  return out;
}

export default defineCheck({
  id: "csc.protocol.pss-params",
  family: "csc",
  title: { ja: "RSASSA-PSSは指定したパラメータで署名する", en: "RSASSA-PSS honours the signAlgoParams given" },
  description: {
    ja: `RSA鍵の認証情報でRSASSA-PSS（SHA-256、MGF1-SHA-256、ソルト長${PSS_SALT}）の署名を1件求め、そのパラメータで手元で検証する。signAlgoParamsのないPSS要求が拒否されることも確認する（相互運用性。ガイドラインの本文外）。`,
    en: `Asks an RSA credential for one RSASSA-PSS signature with SHA-256, MGF1-SHA-256 and salt length ${PSS_SALT}, verifies it locally with those parameters, and expects PSS without signAlgoParams to be refused (interoperability, beyond the guideline's text).`,
  },
  needs: ["csc", "csc.signer"],
  intrusive: false,
  async run(ctx) {
    return runProbe(ctx, "csc.protocol.pss-params", async ({ session, uses }) => {
      const where = at(session, "signatures/signHash", "RSASSA-PSS");
      const s = await protocolSigning(ctx);
      if ("unavailable" in s) return notApplicable(s.unavailable, where);
      uses(s.transcript);
      if (!s.pss) return notApplicable(`${s.credential.credentialID}'s key/algo does not list RSASSA-PSS`, where);
      const cert = s.credential.certificates[0];
      const spki = cert ? spkiOf(cert) : undefined;
      if (!spki) return notApplicable(`${s.credential.credentialID} has no readable certificate to verify against`, where);
      const version = announcedVersion(session.info.body.specs, session.client.version);
      return concludeProtocol(judgePss(version, spki, s.pss, s.pssWithoutParams, `${where}, ${s.credential.credentialID}`), {
        pass: { ja: `RSASSA-PSSはsignAlgoParams（ソルト長${PSS_SALT}）に従う`, en: `RSASSA-PSS follows signAlgoParams (salt ${PSS_SALT})` },
        fail: { ja: "RSASSA-PSSがsignAlgoParamsに従わない", en: "RSASSA-PSS departs from signAlgoParams" },
      });
    });
  },
});

function spkiOf(der: Uint8Array): Uint8Array | undefined {
  const cert = parseCertificate(der);
  return typeof cert === "string" ? undefined : new Uint8Array(cert.publicKey.rawData);
}
