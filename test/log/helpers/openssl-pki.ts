/**
 * Keys, certificates and signatures made by the `openssl` command, not by the code under test:
 * a root CA, log-signing certificates for each algorithm it issues, and checkpoint signatures by
 * `openssl dgst -sign` (ECDSA, RSA PKCS #1 v1.5 and PSS) or `openssl pkeyutl -sign -rawin`
 * (Ed25519), so the verifier is judged against an independent implementation.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** `openssl genpkey` arguments per key kind. */
export const KEY_KINDS = {
  "ec-p256": ["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"],
  "ec-p384": ["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-384"],
  "ec-p521": ["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-521"],
  rsa2048: ["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"],
  rsa1024: ["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:1024"],
  ed25519: ["-algorithm", "ED25519"],
} as const;
export type KeyKind = keyof typeof KEY_KINDS;

export interface OpensslKey {
  kind: KeyKind;
  keyFile: string;
  certPem: string;
  certFile: string;
}

export interface OpensslPki {
  dir: string;
  rootPem: string;
  rootKeyFile: string;
  rootFile: string;
  /** A key and a certificate the root issues for it (valid from a day ago, for a year). */
  leaf(kind: KeyKind, name?: string): OpensslKey;
  /** Signs `data` with openssl; how depends on the algorithm. Returns the raw signature. */
  sign(key: OpensslKey, data: Buffer, how: "sha256" | "sha384" | "sha512" | "pss-sha256" | "ed25519"): Buffer;
  /** `openssl cms -sign` of `file` by `key`: a detached signature (DER) with the signer's certificate. */
  cmsSign(key: OpensslKey, file: string): Buffer;
  dispose(): void;
}

const run = (args: string[], cwd: string): void => {
  execFileSync("openssl", args, { cwd, stdio: "pipe" });
};

export function makeOpensslPki(rootName = "OpenSSL Test Root"): OpensslPki {
  const dir = mkdtempSync(join(tmpdir(), "rssp-openssl-pki-"));
  const file = (n: string): string => join(dir, n);
  run(["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "root.key", "-out", "root.pem", "-subj", `/CN=${rootName}`, "-days", "3650",
    "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"], dir);
  writeFileSync(file("leaf.ext"), "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\n");
  let serial = 0x100;
  let n = 0;
  return {
    dir,
    rootPem: readFileSync(file("root.pem"), "utf8"),
    rootKeyFile: file("root.key"),
    rootFile: file("root.pem"),
    leaf(kind, name = `Log Signer ${kind}`) {
      const base = `leaf-${kind}-${serial}`;
      run(["genpkey", ...KEY_KINDS[kind], "-out", `${base}.key`], dir);
      run(["req", "-new", "-key", `${base}.key`, "-subj", `/CN=${name}`, "-out", `${base}.csr`], dir);
      run(["x509", "-req", "-in", `${base}.csr`, "-CA", "root.pem", "-CAkey", "root.key", "-set_serial", String(serial++), "-days", "365", "-extfile", "leaf.ext", "-out", `${base}.pem`], dir);
      return { kind, keyFile: file(`${base}.key`), certFile: file(`${base}.pem`), certPem: readFileSync(file(`${base}.pem`), "utf8") };
    },
    sign(key, data, how) {
      const id = n++;
      writeFileSync(file(`msg${id}`), data);
      const out = `sig${id}`;
      if (how === "ed25519") run(["pkeyutl", "-sign", "-inkey", key.keyFile, "-rawin", "-in", `msg${id}`, "-out", out], dir);
      else if (how === "pss-sha256") run(["dgst", "-sha256", "-sign", key.keyFile, "-sigopt", "rsa_padding_mode:pss", "-sigopt", "rsa_pss_saltlen:32", "-out", out, `msg${id}`], dir);
      else run(["dgst", `-${how}`, "-sign", key.keyFile, "-out", out, `msg${id}`], dir);
      return readFileSync(file(out));
    },
    cmsSign(key, data) {
      const out = file(`cms${n++}`);
      run(["cms", "-sign", "-binary", "-in", data, "-signer", key.certFile, "-inkey", key.keyFile, "-outform", "DER", "-out", out], dir);
      return readFileSync(out);
    },
    dispose() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
