/** Test targets built in memory (no config file): secrets as Secret objects. */
import type { Secret, Target } from "../../../src/check/types.ts";

export function secret(value: string, source = "test:inline"): Secret {
  return { reveal: () => value, source, toString: () => source } as Secret;
}

/** A target with two signers (alice with TOTP, bob) and short client limits. */
export function testTarget(baseUrl: string, tlsCa: string | undefined, limits = { timeoutMs: 1500, rateLimitPerSecond: 50, maxResponseBytes: 1_048_576 }): Target {
  return {
    name: "test target",
    csc: {
      baseUrl,
      tlsCa,
      client: limits,
      signers: [
        { id: "alice", username: "alice", password: secret("alice-password-1"), pin: secret("482913"), totpSecret: secret("JBSWY3DPEHPK3PXP") },
        { id: "bob", username: "bob", password: secret("bob-password-22"), pin: secret("771204") },
      ],
    },
    logs: [],
    trustAnchors: [],
  };
}
