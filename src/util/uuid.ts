import { createHash } from "node:crypto";

/**
 * A deterministic RFC 4122 version-5-shaped UUID from a name, so exports and reports built from
 * the same input are byte-identical (OSCAL needs UUIDs everywhere).
 */
export function stableUuid(...names: string[]): string {
  const h = createHash("sha256").update(names.join("\0")).digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
