/**
 * RFC 6238 TOTP (HMAC-SHA-1, 30 s steps, 6 digits, the common authenticator-app profile) from a
 * base32 seed (RFC 4648). The seed is a secret: it never leaves this module except as a code.
 */
import { createHmac } from "node:crypto";

export const TOTP_STEP_SECONDS = 30;
const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/** RFC 4648 base32 (case-insensitive, padding and spaces ignored). Throws on other characters. */
export function base32ToBytes(text: string): Buffer {
  const clean = text.replace(/[\s=]/g, "").toUpperCase();
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const ch of clean) {
    const i = ALPHABET.indexOf(ch);
    if (i < 0) throw new Error("the TOTP seed is not base32");
    value = ((value << 5) | i) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** The time step (counter) at a given instant. */
export function totpStepAt(ms: number = Date.now()): number {
  return Math.floor(ms / 1000 / TOTP_STEP_SECONDS);
}

/** Milliseconds until the next step begins. */
export function msUntilNextStep(ms: number = Date.now()): number {
  return TOTP_STEP_SECONDS * 1000 - (ms % (TOTP_STEP_SECONDS * 1000));
}

/** The 6-digit code of a step. */
export function totpCode(seedBase32: string, step: number, digits = 6): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac("sha1", base32ToBytes(seedBase32)).update(counter).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  const code = (mac.readUInt32BE(offset) & 0x7fffffff) % 10 ** digits;
  return code.toString().padStart(digits, "0");
}
