/**
 * The shared signatures/signDoc scenario (v2 §11.11), run once per assessment where `info` lists
 * signDoc, whether or not it also lists signHash: one credential authorized for two digests — a
 * SCAL 2 one where there is one (the SAD binds the digests), of another signer than the SCAL 2
 * scenario's if possible (one code more, not one time step more) — then
 *
 *   1. signDoc on a digest the SAD did not authorize (must be refused: csc.signdoc.digest-binding);
 *   2. signDoc on the two authorized digests in one call: a CAdES detached signature over a random
 *      digest, and the CMS of a PAdES signature over the byte ranges of a PDF the toolkit prepared
 *      (pdf-template.ts), each in a format `info` announces where it announces one
 *      (csc.signdoc.ades-valid, csc.signdoc.announced-formats).
 */
import type { CheckContext } from "../../check/types.ts";
import { authorize, randomDigests, signAlgoFor, signDoc } from "../activation.ts";
import { describeReply, type CscReply } from "../client.ts";
import type { CredentialDescription } from "../credentials.ts";
import { HASH } from "../algorithms.ts";
import { scopeNote } from "../credential-scope.ts";
import { cheapCredential, cscSession, infoMethods, signerOf, twoFactorCredentials, type CscSession } from "../session.ts";
import { Transcript } from "../transcript.ts";
import { preparePdf, type PreparedPdf } from "../../cades/pdf-template.ts";
import type { Unavailable } from "../scenarios.ts";

/** What info says of signDoc (v2 §11.1), as received. */
export interface Announced {
  formats: unknown;
  envelopeProperties: unknown;
  levels: unknown;
}

export interface SignDocScenario {
  transcript: Transcript;
  credential: CredentialDescription;
  /** Whether the credential binds the SAD to digests (SCAL 2, or hashes demanded). */
  bound: boolean;
  announced: Announced;
  /** The formats asked for, in the order of the digests. */
  formats: Array<"C" | "P">;
  /** The conformance level asked for (one announced, else the default Ades-B-B). */
  level: string;
  digests: Uint8Array[];
  /** The PDF whose byte-range digest was sent (for format P). */
  pdf?: PreparedPdf;
  /** 1: a digest the SAD did not authorize. */
  unbound: CscReply;
  /** 2: the authorized digests. */
  signed: CscReply;
}

/** The levels of v2 §11.11 (case-insensitive: the text writes both "Ades-B-B" and "AdES-B-B"). */
export const CONFORMANCE_LEVELS = ["Ades-B-B", "Ades-B-T", "Ades-B-LT", "Ades-B-LTA", "Ades-B", "Ades-T", "Ades-LT", "Ades-LTA"];

export function announcedOf(session: CscSession): Announced {
  const b = session.info.body;
  const sf = (b.signature_formats && typeof b.signature_formats === "object" ? b.signature_formats : {}) as Record<string, unknown>;
  return { formats: sf.formats, envelopeProperties: sf.envelope_properties, levels: b.conformance_levels };
}

export function signDocScenario(ctx: CheckContext): Promise<SignDocScenario | Unavailable> {
  return ctx.shared("csc:signdoc-scenario", async () => {
    const session = await cscSession(ctx);
    if (!infoMethods(session).includes("signatures/signDoc")) return { unavailable: "info.methods does not list signatures/signDoc", notApplicable: true };
    const t = new Transcript("shared: signatures/signDoc scenario");
    const scal2 = twoFactorCredentials(session);
    const credential = scal2.find((c) => c.signer !== scal2[0]!.signer) ?? scal2[0] ?? cheapCredential(session);
    if (!credential) return { unavailable: `no credential the assessor can authorize${scopeNote(session.excluded).en}`, notApplicable: session.excluded.length > 0 };
    const bound = scal2.includes(credential);
    const announced = announcedOf(session);
    const offered = Array.isArray(announced.formats) ? announced.formats.filter((f): f is string => typeof f === "string") : [];
    // Each format the toolkit validates that info announces; C when it announces neither (the probe still learns what signDoc does).
    const wanted = (["C", "P"] as const).filter((f) => offered.includes(f));
    const formats: Array<"C" | "P"> = wanted.length === 2 ? ["C", "P"] : wanted.length === 1 ? [wanted[0]!, wanted[0]!] : ["C", "C"];
    const levels = Array.isArray(announced.levels) ? announced.levels.filter((l): l is string => typeof l === "string") : [];
    const level = levels.find((l) => /^ades-b-b$/i.test(l)) ?? "Ades-B-B";
    const pdf = formats.includes("P") ? preparePdf() : undefined;
    const digests = formats.map((f, i) => (f === "P" && pdf && i === formats.indexOf("P") ? pdf.digest : randomDigests(1)[0]!));
    const a = await authorize(session, t, credential, { numSignatures: 2, hashes: digests, bindHashes: true, step: "authorize 2 signatures for signDoc" });
    if (!a.sad) return { unavailable: `authorizing ${credential.credentialID} failed: ${describeReply(a.reply)}`, notApplicable: false };
    const signAlgo = signAlgoFor(credential);
    const unbound = await signDoc(session, t, credential, { sad: a.sad, hashes: randomDigests(1), signAlgo, format: formats[0], conformanceLevel: level, step: "signDoc on a digest the SAD did not authorize" });
    const signer = signerOf(session, credential);
    const signBoth = (sad: string, again: string) =>
      session.client.signDoc(
        t,
        `signDoc on the 2 authorized digests (${formats.join(", ")}, ${level})${again}`,
        {
          bearer: signer.token!,
          credentialID: credential.credentialID,
          sad,
          documentDigests: digests.map((d, i) => ({ hashes: [d], hashAlgorithmOID: HASH.sha256, signAlgo: signAlgo ?? "1.2.840.10045.4.3.2", format: formats[i]!, conformanceLevel: level })),
        },
        ctx.signal,
      );
    let signed = await signBoth(a.sad, "");
    if (!signed.ok) {
      // The misuse may have voided the SAD (stricter than required) or, accepted, spent one of its signatures: a fresh one.
      const b = await authorize(session, t, credential, { numSignatures: 2, hashes: digests, bindHashes: true, step: "authorize the 2 signatures again (the first SAD is spent or void)" });
      if (b.sad) signed = await signBoth(b.sad, " with the fresh SAD");
    }
    return { transcript: t, credential, bound, announced, formats, level, digests, ...(pdf ? { pdf } : {}), unbound, signed };
  });
}
