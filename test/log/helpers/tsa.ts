/**
 * A real time-stamping authority for tests: `openssl ts -reply` with a TSA certificate from a
 * test PKI (extended key usage timeStamping, critical), and `openssl ts -verify` to cross-check
 * the verifier's verdicts. A rogue TSA (own root, not the anchor) stands for a forged token.
 */
import * as x509 from "@peculiar/x509";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { KeyObject } from "node:crypto";
import { ca, issue } from "./pki.ts";

const TIME_STAMPING = "1.3.6.1.5.5.7.3.8";

const CONFIG = `
[tsa]
default_tsa = tsa_config
[tsa_config]
serial = ./serial
crypto_device = builtin
default_policy = 1.2.392.200000.1
digests = sha256, sha384, sha512
signer_digest = sha256
ess_cert_id_alg = sha256
accuracy = secs:1
ordering = no
tsa_name = no
ess_cert_id_chain = no
`;

/** One TSA: makes tokens with openssl and verifies them with openssl. */
export interface Tsa {
  /** PEM of the TSA's root: the trust anchor to give the verifier. */
  rootPem: string;
  /** The TSA's own certificate and key (for tokens made without openssl). */
  certPem: string;
  key: KeyObject;
  /**
   * DER token over `hash` (default SHA-256) of `message`, made by `openssl ts -reply` (genTime =
   * now); with `response` the whole TimeStampResp, as `.tsr` files hold it.
   */
  stamp(message: Buffer, options?: { response?: boolean; hash?: "sha256" | "sha384" | "sha512" }): Buffer;
  /** Whether `openssl ts -verify` accepts `token` for `message` against `anchorPem`. */
  opensslVerifies(token: Buffer, message: Buffer, anchorPem: string): boolean;
  /** Removes the TSA's temp folder. */
  dispose(): void;
}

/**
 * Makes a TSA under its own root CA (about 30 ms). `validTo` ends its certificate's validity
 * (default 2040): an earlier date makes a TSA whose tokens of today fall outside it.
 */
export async function makeTsa(name: string, validTo = "2040-01-01T00:00:00Z"): Promise<Tsa> {
  const root = await ca(`${name} Root`);
  const tsa = await issue(root, name, "2020-01-01T00:00:00Z", validTo, "02", [new x509.ExtendedKeyUsageExtension([TIME_STAMPING], true)]);
  const dir = mkdtempSync(join(tmpdir(), "rssp-tsa-"));
  const file = (n: string): string => join(dir, n);
  writeFileSync(file("tsa.cnf"), CONFIG);
  writeFileSync(file("serial"), "01\n");
  writeFileSync(file("tsa.pem"), tsa.certPem);
  writeFileSync(file("tsa.key"), tsa.key.export({ format: "pem", type: "pkcs8" }));
  let n = 0;
  return {
    rootPem: root.cert.toString("pem"),
    certPem: tsa.certPem,
    key: tsa.key,
    stamp(message, options = {}) {
      const id = n++;
      writeFileSync(file(`m${id}`), message);
      execFileSync("openssl", ["ts", "-query", "-data", file(`m${id}`), `-${options.hash ?? "sha256"}`, "-cert", "-no_nonce", "-out", file(`q${id}`)], { stdio: "pipe" });
      const form = options.response ? [] : ["-token_out"];
      execFileSync("openssl", ["ts", "-reply", "-config", file("tsa.cnf"), "-queryfile", file(`q${id}`), "-signer", file("tsa.pem"), "-inkey", file("tsa.key"), ...form, "-out", file(`t${id}`)], {
        cwd: dir,
        stdio: "pipe",
      });
      return readFileSync(file(`t${id}`));
    },
    opensslVerifies(token, message, anchorPem) {
      const id = n++;
      writeFileSync(file(`v${id}`), token);
      writeFileSync(file(`d${id}`), message);
      writeFileSync(file(`a${id}`), anchorPem);
      const r = spawnSync("openssl", ["ts", "-verify", "-data", file(`d${id}`), "-in", file(`v${id}`), "-token_in", "-CAfile", file(`a${id}`)], { stdio: "pipe" });
      return r.status === 0;
    },
    dispose() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
