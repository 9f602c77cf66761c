/**
 * Judging what signatures/signDoc returned (v2 §11.11): each SignatureObject, in the order of the
 * digests sent, validated locally as the format asked for (src/cades/validate.ts). Used by
 * csc.signature.verifies when the provider signs through signDoc, and by the csc.signdoc.* checks.
 */
import type { Observation } from "../../check/types.ts";
import { CMS_ITEM_JA, validateCms, type CmsFormat, type CmsVerdict } from "../../cades/validate.ts";
import { concat, text } from "../../check/message.ts";
import type { Message } from "../../check/types.ts";
import { decodeBase64Any } from "../base64.ts";
import { describeReply, signatureObjectsOf, type CscReply } from "../client.ts";
import type { CredentialDescription } from "../credentials.ts";
import type { Judged } from "../probe.ts";

/** Whether a reply is a signDoc answer (it carries signature objects, not signHash's `signatures`). */
export function isSignDocReply(reply: CscReply | undefined): reply is CscReply {
  return !!reply && reply.ok && (Array.isArray(reply.body.SignatureObject) || Array.isArray(reply.body.DocumentWithSignature)) && !Array.isArray(reply.body.signatures);
}

/** The verdict on each returned object, or why the reply cannot be judged. */
export function signDocVerdicts(reply: CscReply, digests: Uint8Array[], credential: CredentialDescription, format: CmsFormat): CmsVerdict[] | Message {
  if (!reply.ok) return text(`signDocが拒否した: ${describeReply(reply)}`, `signDoc refused: ${describeReply(reply)}`);
  const got = signatureObjectsOf(reply, decodeBase64Any);
  if (!("objects" in got)) return got;
  if (got.field !== "SignatureObject") return text(`分離署名を要求したが、応答は${got.field}である`, `detached signatures were asked for, the reply has ${got.field}`);
  if (got.objects.length !== digests.length) return text(`${digests.length}個のダイジェストに対し署名オブジェクトが${got.objects.length}個返された`, `${got.objects.length} signature object(s) returned for ${digests.length} digest(s)`);
  return got.objects.map((cms, i) => validateCms(cms, { format, digest: digests[i]!, chain: credential.certificates }));
}

const EXPECTED = { ja: "各署名オブジェクトが送ったダイジェストに対する有効なAdES署名（CMS）である", en: "each signature object is a valid AdES (CMS) signature over the digest sent" };

/** One judgement for a signDoc batch: pass when every object validates, fail naming the first broken rule. */
export function judgeSignDoc(reply: CscReply, digests: Uint8Array[], credential: CredentialDescription, format: CmsFormat, where: string): Judged {
  const subject = credential.credentialID;
  const verdicts = signDocVerdicts(reply, digests, credential, format);
  const obs = (observed: Message, ok: boolean): Observation => ({ expected: EXPECTED, observed, where, subject, ok });
  if (!Array.isArray(verdicts)) return { status: reply.ok ? "fail" : "error", observation: obs(verdicts, false) };
  const bad = verdicts.flatMap((v, i) => v.findings.filter((f) => !f.ok).map((f) => ({ ja: `署名オブジェクト${i + 1}: ${CMS_ITEM_JA[f.item]}が不適合（${f.detail.ja}）`, en: `object ${i + 1}: ${f.item}: ${f.detail.en}` })));
  if (bad.length) return { status: "fail", observation: obs(concat(...bad.slice(0, 3).flatMap((b, i) => (i ? ["; ", b] : [b]))), false) };
  const name = format === "C" ? "CAdES-B-B" : "PAdES-B-B (CMS)";
  return { status: "pass", observation: obs({ ja: `${verdicts.length}件の${name}署名オブジェクトを検証できた（署名属性、送ったダイジェストとのmessage-digestの一致、signing-certificate-v2、署名値、チェーン）`, en: `${verdicts.length} ${name} signature object(s) validate: signed attributes, message-digest = the digest sent, signing-certificate-v2, signature value, chain` }, true) };
}
