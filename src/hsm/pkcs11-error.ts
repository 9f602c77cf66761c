/**
 * Recognising PKCS#11 return values in thrown errors. pkcs11js throws a `Pkcs11Error` carrying
 * the CK_RV in `code`; everything else (dlopen failures, TypeErrors) has no code.
 */
import { returnValueName } from "./pkcs11-names.ts";

/** The CKR_… name of a PKCS#11 failure, or undefined when the error did not come from the module. */
export function pkcs11ReturnValue(error: unknown): string | undefined {
  if (error instanceof Error && error.name === "Pkcs11Error") {
    const code = (error as Error & { code?: unknown }).code;
    if (typeof code === "number") return returnValueName(code);
    const fromMessage = /^CKR_[A-Z0-9_]+/.exec(error.message)?.[0];
    if (fromMessage) return fromMessage;
  }
  return undefined;
}

/** A one-line reason for any failure of a PKCS#11 call, without pkcs11js's native stack. */
export function describePkcs11Failure(error: unknown): string {
  const rv = pkcs11ReturnValue(error);
  if (rv) return rv;
  if (error instanceof Error) return error.message.split("\n")[0] ?? error.name;
  return String(error);
}
