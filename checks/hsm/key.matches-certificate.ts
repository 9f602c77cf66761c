/**
 * hsm.key.matches-certificate — the public key in the HSM is the one certified: each certificate
 * on the token with a signing key's CKA_ID certifies that key, and each CSC credential's
 * end-entity certificate certifies a signing key on this token. Keys are compared as canonical
 * SubjectPublicKeyInfo bytes. Without certificates on the token and from the CSC API, the check
 * does not apply (and says why).
 */
import { withBasis, controlBasis } from "../../src/check/with-basis.ts";
import { defineCheck, type CheckOutcome, type Observation, type Text as BilingualText } from "../../src/check/types.ts";
import { HSM_CHECK_TIMEOUT_MS, tokenSurvey } from "../../src/hsm/assessment-survey.ts";
import { credentialCertificates, type CredentialCertificatesResult } from "../../src/hsm/credential-certificates.ts";
import { certificateSpki } from "../../src/hsm/public-key.ts";
import { describeKey, isSigningKey, type TokenSurvey } from "../../src/hsm/survey-types.ts";
import { where } from "../../src/hsm/judge-keys.ts";

/** Pure: the observations comparing signing keys with the certificates available. */
export function compareKeysWithCertificates(survey: TokenSurvey, csc: CredentialCertificatesResult): Observation[] {
  const keys = survey.privateKeys.filter(isSigningKey);
  const observations: Observation[] = [];
  for (const cert of survey.certificates) {
    const twin = keys.find((k) => k.idHex !== "" && k.idHex === cert.idHex);
    const certified = cert.spki ? keys.find((k) => k.spki === cert.spki) : undefined;
    if (!twin && !certified) continue; // a CA or unrelated certificate
    const subject = describeKey(twin ?? certified!);
    const expected: BilingualText = twin ? { ja: `証明書「${cert.subject}」が同じCKA_IDの署名鍵（${describeKey(twin)}）を証明する`, en: `certificate "${cert.subject}" certifies the signing key with the same CKA_ID (${describeKey(twin)})` } : { ja: "証明書がトークン上の署名鍵を証明する", en: "the certificate certifies a signing key on the token" };
    if (!cert.spki) {
      observations.push({ expected, observed: cert.problem ?? { ja: "証明書を読み取れない", en: "certificate unreadable" }, where: where(cert.uri, "CKA_VALUE"), subject });
    } else if (!twin || !twin.spki) {
      observations.push({ expected, observed: twin ? { ja: `鍵の公開鍵を再構成できなかった（${twin.spkiSource}）`, en: `the key's public key could not be rebuilt (${twin.spkiSource})` } : { ja: `${describeKey(certified!)}を証明する`, en: `certifies ${describeKey(certified!)}` }, where: where(cert.uri, "CKA_VALUE"), subject, ...(twin ? {} : { ok: true }) });
    } else {
      const same = twin.spki === cert.spki;
      observations.push({ expected, observed: same ? { ja: "同じ公開鍵（SubjectPublicKeyInfoが一致）", en: "same public key (SubjectPublicKeyInfo identical)" } : { ja: `異なる公開鍵${certified ? `：${describeKey(certified)}を証明する` : "：このトークン上の鍵ではない"}`, en: `DIFFERENT public key${certified ? ` — it certifies ${describeKey(certified)}` : " — not a key on this token"}` }, where: where(cert.uri, "CKA_VALUE"), subject, ok: same });
    }
  }
  if ("credentials" in csc) {
    for (const credential of csc.credentials) {
      const at = `CSC credential ${credential.credentialID}${credential.signer ? ` (signer ${credential.signer})` : ""} cert/certificates[0]`;
      const expected = { ja: `クレデンシャルの証明書がトークン「${survey.token.label}」上の署名鍵を証明する`, en: `the credential's certificate certifies a signing key on token "${survey.token.label}"` };
      const endEntity = credential.certificates[0];
      let spki: string | undefined;
      try {
        spki = endEntity ? certificateSpki(Buffer.from(endEntity, "base64")).toString("base64") : undefined;
      } catch {
        spki = undefined;
      }
      if (!spki) {
        observations.push({ expected, observed: endEntity ? { ja: "証明書を解析できない", en: "certificate does not parse" } : { ja: "証明書が返されなかった", en: "no certificate returned" }, where: at, subject: credential.credentialID });
        continue;
      }
      const key = keys.find((k) => k.spki === spki);
      observations.push({ expected, observed: key ? { ja: `${describeKey(key)}（${key.uri}）を証明する`, en: `certifies ${describeKey(key)} (${key.uri})` } : { ja: "その公開鍵はトークン上のどの署名鍵の公開鍵でもない", en: "its public key is not the public key of any signing key on the token" }, where: at, subject: key ? describeKey(key) : credential.credentialID, ok: Boolean(key) });
    }
  }
  return observations;
}

/** What a departure of this check rests on (design §3a; docs/CHECKS.md). */
const BASIS = controlBasis("KM-08");

export default defineCheck({
  id: "hsm.key.matches-certificate",
  family: "hsm",
  title: { ja: "HSM内の公開鍵が証明書（クレデンシャル）の公開鍵と一致する", en: "The HSM public key equals the certificate's (credential's) key" },
  description: {
    ja: "トークン上の証明書（署名鍵と同じCKA_IDを持つもの）およびCSC APIのクレデンシャル証明書について、証明された公開鍵がHSM内の署名鍵の公開鍵とSubjectPublicKeyInfoのバイト列で一致することを確認する。どちらの証明書も得られない場合は適用外とし、理由を示す。",
    en: "For certificates on the token (with a signing key's CKA_ID) and for the CSC API's credential certificates, checks that the certified public key equals a signing key's public key in the HSM, byte for byte as SubjectPublicKeyInfo. When neither kind of certificate is available the check does not apply, and says why.",
  },
  needs: ["hsm"],
  intrusive: false,
  timeoutMs: HSM_CHECK_TIMEOUT_MS,
  async run(ctx) {
    return withBasis(await (async (): Promise<CheckOutcome> => {
    const survey = await tokenSurvey(ctx);
    const csc = await credentialCertificates(ctx);
    const observations = compareKeysWithCertificates(survey, csc);
    const cscNote = "unavailable" in csc ? { ja: `CSCクレデンシャルの証明書：${csc.unavailable}`, en: `CSC credential certificates: ${csc.unavailable}` } : { ja: `CSCクレデンシャル${csc.credentials.length}件`, en: `${csc.credentials.length} CSC credential(s)` };
    if (observations.length === 0) {
      return { status: "not-applicable", summary: { ja: `照合する証明書がない：トークン「${survey.token.label}」に署名鍵の証明書がない。${cscNote.ja}`, en: `no certificate to compare: none on token "${survey.token.label}" for its signing keys; ${cscNote.en}` }, observations: [] };
    }
    const facts = { cscCredentials: "credentials" in csc ? csc.credentials.length : 0, cscUnavailable: "unavailable" in csc ? csc.unavailable : null };
    const bad = observations.filter((o) => o.ok === false);
    if (bad.length) return { status: "fail", summary: { ja: `証明書${bad.length}件が対応するHSMの鍵を証明していない：${bad.map((o) => o.subject).join("; ")}`, en: `${bad.length} certificate(s) do not certify the HSM key they belong to: ${bad.map((o) => o.subject).join("; ")}` }, observations, facts };
    if (observations.some((o) => o.ok === undefined)) return { status: "error", summary: { ja: "一部の証明書または公開鍵を照合できなかった", en: "some certificates or public keys could not be compared" }, observations, facts };
    return { status: "pass", summary: { ja: `証明書${observations.length}件がトークン上の署名鍵を証明する（${cscNote.ja}）`, en: `${observations.length} certificate(s) certify signing keys on the token (${cscNote.en})` }, observations, facts };
    })(), BASIS);
  },
});
