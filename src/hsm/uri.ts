/**
 * PKCS#11 URIs (RFC 7512) naming the objects a finding is about, e.g.
 * `pkcs11:token=rssp-signers;object=alice;id=%01%a2`. Labels are percent-encoded so that a label
 * containing `;` or `%` cannot forge another path component.
 */

/** Percent-encodes everything outside RFC 7512's unreserved path characters. */
function encodeComponent(value: string): string {
  return Array.from(new TextEncoder().encode(value), (b) => {
    const c = String.fromCharCode(b);
    return /[A-Za-z0-9\-._~:[\]@!$'()*+,=&]/.test(c) && b < 0x80 ? c : `%${b.toString(16).padStart(2, "0")}`;
  }).join("");
}

/** The URI of an object on a token; `idHex` is the CKA_ID in hex (empty when the object has none). */
export function objectUri(token: string, label: string, idHex: string): string {
  const id = idHex.match(/../g)?.map((b) => `%${b}`).join("") ?? "";
  return `pkcs11:token=${encodeComponent(token)};object=${encodeComponent(label)}${id ? `;id=${id}` : ""}`;
}

/** The URI of the token itself. */
export function tokenUri(token: string): string {
  return `pkcs11:token=${encodeComponent(token)}`;
}
