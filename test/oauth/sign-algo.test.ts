/**
 * A credential token signs with the algorithm the credential's key/algo names (CSC v2 §11.10); a
 * credential that names none makes the probe stop with NoSignAlgo (the check says `error`) instead of
 * guessing ECDSA.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import type { CheckContext } from "../../src/check/types.ts";
import { NoSignAlgo, signWithToken } from "../../src/oauth/flows.ts";
import type { OAuthSession } from "../../src/oauth/session.ts";

test("signWithToken: the credential's signAlgo is sent; without one it rejects with NoSignAlgo and calls nothing", async () => {
  const calls: Array<Record<string, unknown>> = [];
  const session = {
    credentials: [{ credentialID: "cred-rsa", signer: "alice", signAlgo: "1.2.840.113549.1.1.11" }, { credentialID: "cred-none", signer: "alice" }],
    transcript: {},
    client: { call: async (_t: unknown, _step: string, _method: string, body: Record<string, unknown>) => (calls.push(body), { status: 200, ok: true, body: {} }) },
  } as unknown as OAuthSession;
  const ctx = { signal: undefined } as unknown as CheckContext;
  await signWithToken(ctx, session, "sign", "token", "cred-rsa", ["aGFzaA=="]);
  assert.equal(calls[0]!.signAlgo, "1.2.840.113549.1.1.11");
  await assert.rejects(signWithToken(ctx, session, "sign", "token", "cred-none", ["aGFzaA=="]), (e: unknown) => e instanceof NoSignAlgo && /cred-none: .*key\/algo names no signature algorithm/.test((e as Error).message));
  assert.equal(calls.length, 1);
});
