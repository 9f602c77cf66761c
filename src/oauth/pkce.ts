/** PKCE (RFC 7636, S256) and `state` values for one authorization-code flow. */
import { createHash, randomBytes } from "node:crypto";

export interface PkcePair {
  verifier: string;
  challenge: string;
  method: "S256";
}

export function newPkce(): PkcePair {
  const verifier = randomBytes(32).toString("base64url");
  return { verifier, challenge: createHash("sha256").update(verifier).digest("base64url"), method: "S256" };
}

export function newState(): string {
  return randomBytes(16).toString("base64url");
}
