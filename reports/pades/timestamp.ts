/**
 * PAdES B-T (ETSI EN 319 142-1 §6.3, B-T level): an RFC 3161 time-stamp token over the SignerInfo's
 * signature value, carried as the unsigned attribute id-aa-signatureTimeStampToken (RFC 3161
 * Appendix A). The request goes over HTTP as `application/timestamp-query` (RFC 3161 §3.4) with a
 * random nonce and certReq; the response is accepted only if its status is granted (0) or
 * grantedWithMods (1), its token's message imprint is the SHA-256 of the signature value we sent,
 * and its nonce is ours (§2.4.2) — anything else is refused, never attached.
 */
import { createHash, randomBytes } from "node:crypto";
import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { CannotFinishError } from "../../src/util/errors.ts";

export const OID_SIGNATURE_TIME_STAMP_TOKEN = "1.2.840.113549.1.9.16.2.14";
const OID_SHA256 = "2.16.840.1.101.3.4.2.1";
const OID_SIGNED_DATA = "1.2.840.113549.1.7.2";

/** The TSA could not be reached or answered something we cannot use: a run that could not finish (exit 3). */
export class TimestampError extends CannotFinishError {}

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest();
const ab = (u: Uint8Array) => u.buffer.slice(u.byteOffset, u.byteOffset + u.byteLength) as ArrayBuffer;

export function timestampRequest(data: Uint8Array, nonce: Uint8Array): Uint8Array {
  const req = new pkijs.TimeStampReq({
    version: 1,
    messageImprint: new pkijs.MessageImprint({ hashAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: OID_SHA256 }), hashedMessage: new asn1js.OctetString({ valueHex: ab(sha256(data)) }) }),
    nonce: new asn1js.Integer({ valueHex: ab(nonce) }),
    certReq: true,
  });
  return new Uint8Array(req.toSchema().toBER(false));
}

/** The token's TSTInfo (the encapsulated content of its SignedData). */
export function tstInfoOf(token: pkijs.ContentInfo): pkijs.TSTInfo {
  const sd = new pkijs.SignedData({ schema: token.content });
  const content = sd.encapContentInfo.eContent;
  if (!content) throw new TimestampError("the time-stamp token has no TSTInfo");
  return pkijs.TSTInfo.fromBER(content.getValue());
}

/** Checks a TimeStampResp against what we asked; returns the token. */
export function acceptResponse(der: Uint8Array, data: Uint8Array, nonce: Uint8Array, url: string): pkijs.ContentInfo {
  let resp: pkijs.TimeStampResp;
  try {
    resp = pkijs.TimeStampResp.fromBER(ab(der));
  } catch {
    throw new TimestampError(`${url}: the answer is not an RFC 3161 TimeStampResp`);
  }
  const status = resp.status.status;
  if (status !== 0 && status !== 1) throw new TimestampError(`${url}: the TSA refused the request (PKIStatus ${status}${resp.status.statusStrings?.length ? `: ${resp.status.statusStrings.map((s) => s.valueBlock.value).join("; ")}` : ""})`);
  if (!resp.timeStampToken) throw new TimestampError(`${url}: granted but no time-stamp token`);
  const info = tstInfoOf(resp.timeStampToken);
  if (info.messageImprint.hashAlgorithm.algorithmId !== OID_SHA256 || !Buffer.from(info.messageImprint.hashedMessage.valueBlock.valueHexView).equals(sha256(data))) {
    throw new TimestampError(`${url}: the token's message imprint is not the signature value's SHA-256`);
  }
  if (!info.nonce || !Buffer.from(info.nonce.valueBlock.valueHexView).equals(Buffer.from(new asn1js.Integer({ valueHex: ab(nonce) }).valueBlock.valueHexView))) {
    throw new TimestampError(`${url}: the token's nonce is not ours`);
  }
  return resp.timeStampToken;
}

/** Asks the TSA at `url` for a token over `data` (RFC 3161 over HTTP, §3.4). */
export async function requestTimestamp(url: string, data: Uint8Array, timeoutMs = 15_000): Promise<pkijs.ContentInfo> {
  const nonce = randomBytes(8);
  nonce[0] = nonce[0]! & 0x7f; // a positive INTEGER without a leading zero byte
  let body: Uint8Array;
  try {
    const res = await fetch(url, { method: "POST", headers: { "content-type": "application/timestamp-query" }, body: Buffer.from(timestampRequest(data, nonce)), signal: AbortSignal.timeout(timeoutMs) });
    if (!res.ok) throw new TimestampError(`${url}: HTTP ${res.status}`);
    body = new Uint8Array(await res.arrayBuffer());
  } catch (error) {
    if (error instanceof TimestampError) throw error;
    throw new TimestampError(`${url}: the TSA could not be reached (${error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error)})`);
  }
  return acceptResponse(body, data, nonce, url);
}

/** The signature value of a CMS SignedData's (only) SignerInfo: what the B-T token is over. */
export function signatureValueOf(cms: Uint8Array): Uint8Array {
  const sd = new pkijs.SignedData({ schema: pkijs.ContentInfo.fromBER(ab(cms)).content });
  return new Uint8Array(sd.signerInfos[0]!.signature.valueBlock.valueHexView);
}

/** The CMS with the token added as the signer's id-aa-signatureTimeStampToken unsigned attribute. */
export function withSignatureTimestamp(cms: Uint8Array, token: pkijs.ContentInfo): Uint8Array {
  const sd = new pkijs.SignedData({ schema: pkijs.ContentInfo.fromBER(ab(cms)).content });
  sd.signerInfos[0]!.unsignedAttrs = new pkijs.SignedAndUnsignedAttributes({ type: 1, attributes: [new pkijs.Attribute({ type: OID_SIGNATURE_TIME_STAMP_TOKEN, values: [token.toSchema()] })] });
  return new Uint8Array(new pkijs.ContentInfo({ contentType: OID_SIGNED_DATA, content: sd.toSchema(true) }).toSchema().toBER(false));
}

/** The signer's time-stamp token, if the CMS carries one. */
export function signatureTimestampOf(cms: Uint8Array): pkijs.ContentInfo | undefined {
  const sd = new pkijs.SignedData({ schema: pkijs.ContentInfo.fromBER(ab(cms)).content });
  const attr = sd.signerInfos[0]?.unsignedAttrs?.attributes.find((a) => a.type === OID_SIGNATURE_TIME_STAMP_TOKEN);
  return attr ? new pkijs.ContentInfo({ schema: attr.values[0] }) : undefined;
}
