/**
 * csc.signdoc.ades-valid — what signatures/signDoc returns is the AdES signature asked for, over
 * the digest sent, by the credential (v2 §11.11 "An AdES signature will be created for each
 * input"): validated locally (src/cades) — CAdES-B-B detached for format C (ETSI EN 319 122-1),
 * and for format P the CMS placed in the /Contents of the PDF whose byte-range digest was sent
 * (ETSI EN 319 142-1): structure, content-type, message-digest = the submitted digest,
 * signing-certificate-v2 naming the credential's certificate, signing-time (C) / none (P), the
 * signer, the signature value with the certificate's key, the chain. Runs wherever info lists signDoc.
 */
import { defineCheck, type Observation } from "../../src/check/types.ts";
import { basis } from "../../src/check/basis.ts";
import { TOTP_SCENARIO_TIMEOUT_MS } from "../../src/csc/scenarios.ts";
import { signDocScenario } from "../../src/csc/signdoc/scenario.ts";
import { signDocVerdicts } from "../../src/csc/signdoc/judge.ts";
import { validatePades } from "../../src/cades/pades.ts";
import { embedCms } from "../../src/cades/pdf-template.ts";
import { CMS_ITEM_JA, type CmsFinding, type CmsItem, type CmsVerdict } from "../../src/cades/validate.ts";
import { at, cannotConclude, conclude, notApplicable, runProbe, type Judged } from "../../src/csc/probe.ts";
import { decodeBase64Any } from "../../src/csc/base64.ts";
import { signatureObjectsOf } from "../../src/csc/client.ts";

/** The rule each finding rests on (ETSI baseline B; CSC for what the RSSP must sign). */
const ITEM_BASIS: Record<CmsItem, ReturnType<typeof basis>> = {
  structure: basis("CSC-API-2.0", { ja: "11.11 SignatureObject: Base64符号化された分離署名", en: "11.11 SignatureObject: Base64-encoded detached signatures" }, "shall"),
  "content-type": basis("ETSI-EN-319-122-1", { ja: "5.2.1 content-typeが存在しなければならない", en: "5.2.1 content-type shall be present" }, "shall"),
  "message-digest": basis("CSC-API-2.0", { ja: "11.11 各入力（送ったダイジェスト）のAdES署名", en: "11.11 the AdES signature of each input (the digest sent)" }, "shall"),
  "signing-certificate-v2": basis("ETSI-EN-319-122-1", { ja: "5.2.2.3 ESS signing-certificate-v2は署名証明書を特定しなければならない", en: "5.2.2.3 ESS signing-certificate-v2 shall identify the signing certificate" }, "shall"),
  "signing-time": basis("ETSI-EN-319-122-1", { ja: "6.3 CAdES-B-B: signing-timeが存在しなければならない（EN 319 142-1 6.3 PAdES-B-B: 存在してはならない）", en: "6.3 CAdES-B-B: signing-time shall be present (EN 319 142-1 6.3 PAdES-B-B: shall not)" }, "shall"),
  signer: basis("ETSI-EN-319-122-1", { ja: "6.3 署名証明書はSignedData.certificatesに含まれなければならない", en: "6.3 the signing certificate shall be in SignedData.certificates" }, "shall"),
  "signature-value": basis("CSC-API-2.0", { ja: "11.11 クレデンシャルで作成されたAdES署名", en: "11.11 the AdES signature created with the credential" }, "shall"),
  chain: basis("CSC-API-2.0", { ja: "11.5 cert/certificates: クレデンシャルの証明書チェーン", en: "11.5 cert/certificates: the certificate chain of the credential" }, "shall"),
};

const EXPECTED = { ja: "送ったダイジェストに対する有効なAdES署名（CAdES-B-B/PAdES-B-B）", en: "a valid AdES signature (CAdES-B-B / PAdES-B-B) over the digest sent" };

function judged(verdict: CmsVerdict | string, what: { ja: string; en: string }, where: string, subject: string): Judged[] {
  if (typeof verdict === "string") return [{ status: "fail", observation: { expected: EXPECTED, observed: { ja: `${what.ja}: ${verdict}`, en: `${what.en}: ${verdict}` }, where, subject, ok: false, basis: ITEM_BASIS.structure } }];
  const bad = verdict.findings.filter((f) => !f.ok);
  if (!bad.length) return [{ status: "pass", observation: { expected: EXPECTED, observed: { ja: `${what.ja}: ${verdict.findings.map((f) => CMS_ITEM_JA[f.item]).join("、")}はすべて適合`, en: `${what.en}: ${verdict.findings.map((f) => f.item).join(", ")} valid` }, where, subject, ok: true } }];
  return bad.map((f: CmsFinding): Judged => {
    const observation: Observation = { expected: EXPECTED, observed: { ja: `${what.ja}: ${CMS_ITEM_JA[f.item]}が不適合（${f.detail}）`, en: `${what.en}: ${f.item}: ${f.detail}` }, where, subject, ok: false, basis: ITEM_BASIS[f.item] };
    return { status: "fail", observation };
  });
}

export default defineCheck({
  id: "csc.signdoc.ades-valid",
  family: "csc",
  title: { ja: "signDocが返すAdES署名が検証できる", en: "The AdES signatures signDoc returns validate" },
  description: {
    ja: "signatures/signDocでCAdES（detached）及びPAdES（本ツールが用意したPDFのByteRangeダイジェスト）の署名を要求し、返されたCMSを検証する：署名属性、message-digestが送ったダイジェストと一致、signing-certificate-v2が資格情報の証明書を指す、署名値、証明書チェーン。",
    en: "Requests CAdES (detached) and PAdES (the ByteRange digest of a PDF the toolkit prepared) signatures from signatures/signDoc and validates the returned CMS: signed attributes, message-digest = the digest sent, signing-certificate-v2 naming the credential's certificate, signature value, chain.",
  },
  needs: ["csc", "csc.signer"],
  intrusive: false,
  timeoutMs: TOTP_SCENARIO_TIMEOUT_MS,
  async run(ctx) {
    return runProbe(ctx, "csc.signdoc.ades-valid", async ({ session, uses }) => {
      const s = await signDocScenario(ctx);
      const where = (step: string) => at(session, "signatures/signDoc", step);
      if (!("transcript" in s)) return s.notApplicable ? notApplicable(s.unavailable, where("scenario")) : cannotConclude(s.unavailable, where("scenario"));
      uses(s.transcript);
      const subject = s.credential.credentialID;
      if (!s.signed.ok) return cannotConclude(`signDoc refused the authorized digests: HTTP ${s.signed.status}`, where(`authorized digests, ${subject}`));
      const out: Judged[] = [];
      const objects = signatureObjectsOf(s.signed, decodeBase64Any);
      for (const [i, format] of s.formats.entries()) {
        const w = where(`${format === "C" ? "CAdES" : "PAdES"} object ${i + 1}, ${subject}`);
        if (format === "C") {
          const v = signDocVerdicts({ ...s.signed, body: { SignatureObject: (s.signed.body.SignatureObject as unknown[] | undefined)?.slice(i, i + 1) } }, [s.digests[i]!], s.credential, "C");
          out.push(...judged(typeof v === "string" ? v : v[0]!, { ja: `CAdES署名オブジェクト${i + 1}`, en: `CAdES object ${i + 1}` }, w, subject));
          continue;
        }
        if (typeof objects === "string" || !objects.objects[i]) {
          out.push(...judged(typeof objects === "string" ? objects : `no signature object ${i + 1}`, { ja: `PAdES署名オブジェクト${i + 1}`, en: `PAdES object ${i + 1}` }, w, subject));
          continue;
        }
        const pdf = s.pdf ? embedCms(s.pdf, objects.objects[i]!) : "no PDF prepared";
        out.push(...judged(typeof pdf === "string" ? pdf : validatePades(pdf, { chain: s.credential.certificates, submittedDigest: s.digests[i]! }), { ja: `PDFに格納したPAdES署名オブジェクト${i + 1}`, en: `PAdES object ${i + 1} in the PDF` }, w, subject));
      }
      return conclude(out, { pass: { ja: `signDocの${s.formats.join("・")}署名が検証できる`, en: `signDoc's ${s.formats.join(", ")} signatures validate` }, fail: { ja: "signDocが返した署名が検証できない", en: "a signature signDoc returned does not validate" } });
    });
  },
});
