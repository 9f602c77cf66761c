/**
 * A real RFC 3161 TSA for tests: HTTP on 127.0.0.1, each query answered by `openssl ts -reply`
 * with a throwaway TSA key and certificate (EC P-256, extendedKeyUsage critical timeStamping)
 * issued by a throwaway TSA root; the token carries both (a chain, as a public TSA's does).
 */
import { execFileSync } from "node:child_process";
import { createServer } from "node:http";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { AddressInfo } from "node:net";
import { tempDir } from "../../helpers/temp.ts";

export interface TestTsa {
  url: string;
  /** The TSA's own certificate. */
  certPem: string;
  /** The root that issued it: the anchor for `report verify --tsa-trust-anchor`. */
  caPem: string;
  /** The Authorization header of each query, in order (basic auth from credentials in the URL). */
  authorizations: Array<string | undefined>;
  stop(): Promise<void>;
}

export async function startTestTsa(): Promise<TestTsa> {
  const dir = tempDir("rssp-test-tsa");
  const f = (name: string) => join(dir, name);
  const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"];
  execFileSync("openssl", ["req", "-x509", ...ec, "-subj", "/CN=Test TSA Root", "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign", "-days", "30", "-keyout", f("ca.key"), "-out", f("ca.pem")], { stdio: "ignore" });
  execFileSync("openssl", ["req", "-new", ...ec, "-subj", "/CN=Test TSA", "-keyout", f("tsa.key"), "-out", f("tsa.csr")], { stdio: "ignore" });
  writeFileSync(f("tsa.ext"), "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=critical,timeStamping\n");
  execFileSync("openssl", ["x509", "-req", "-in", f("tsa.csr"), "-CA", f("ca.pem"), "-CAkey", f("ca.key"), "-set_serial", "2", "-days", "30", "-extfile", f("tsa.ext"), "-out", f("tsa.pem")], { stdio: "ignore" });
  writeFileSync(f("chain.pem"), readFileSync(f("tsa.pem"), "utf8") + readFileSync(f("ca.pem"), "utf8"));
  writeFileSync(f("serial"), "01\n");
  writeFileSync(f("tsa.cnf"), `[ tsa ]\ndefault_tsa = t\n[ t ]\nserial = ${dir}/serial\nsigner_cert = ${dir}/tsa.pem\ncerts = ${dir}/chain.pem\nsigner_key = ${dir}/tsa.key\nsigner_digest = sha256\ndefault_policy = 1.2.3.4.1\ndigests = sha256\naccuracy = secs:1\ness_cert_id_alg = sha256\n`);
  let n = 0;
  const authorizations: Array<string | undefined> = [];
  const server = createServer((req, res) => {
    authorizations.push(req.headers.authorization);
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const q = join(dir, `q${++n}.tsq`);
      writeFileSync(q, Buffer.concat(chunks));
      try {
        const reply = execFileSync("openssl", ["ts", "-reply", "-config", join(dir, "tsa.cnf"), "-queryfile", q, "-out", "-"], { stdio: ["ignore", "pipe", "ignore"] });
        res.writeHead(200, { "content-type": "application/timestamp-reply" }).end(reply);
      } catch {
        res.writeHead(500).end();
      }
    });
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/tsa`, certPem: readFileSync(f("tsa.pem"), "utf8"), caPem: readFileSync(f("ca.pem"), "utf8"), authorizations, stop: () => new Promise((ok) => server.close(() => ok())) };
}
