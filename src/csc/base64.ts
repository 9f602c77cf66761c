/**
 * Base64 and base64url, canonicalised to bytes. CSC v1 and v2 both say "base64" but providers
 * send either alphabet, padded or not; comparing bytes (never strings) keeps probes honest.
 * Input is attacker-controlled: anything that is not base64 of either alphabet is `null`.
 */

/** Bytes of a base64 or base64url string (padding optional); null when it is neither. */
export function decodeBase64Any(value: unknown): Uint8Array | null {
  if (typeof value !== "string") return null;
  const text = value.replace(/\s+/g, "");
  if (text.length === 0 || !/^[A-Za-z0-9+/_-]+={0,2}$/.test(text)) return null;
  if (/[+/]/.test(text) && /[-_]/.test(text)) return null; // mixed alphabets: not a real encoding
  const standard = text.replace(/-/g, "+").replace(/_/g, "/").replace(/=+$/, "");
  if (standard.length % 4 === 1) return null;
  return new Uint8Array(Buffer.from(standard, "base64"));
}

/** Standard base64 with padding (what CSC examples use). */
export function encodeBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString("base64");
}

/** Lowercase hex, for observations. */
export function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString("hex");
}

/** Byte equality. */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.from(a).equals(Buffer.from(b));
}
