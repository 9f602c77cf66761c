/**
 * A real RFC 3161 TSA for tests: HTTP on 127.0.0.1, each query answered by `openssl ts -reply`
 * with a throwaway TSA key and certificate (EC P-256, extendedKeyUsage critical timeStamping).
 */
import { execFileSync } from "node:child_process";
import { createServer } from "node:http";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { AddressInfo } from "node:net";
import { tempDir } from "../../helpers/temp.ts";

export interface TestTsa { url: string; certPem: string; stop(): Promise<void> }

export async function startTestTsa(): Promise<TestTsa> {
  const dir = tempDir("rssp-test-tsa");
  execFileSync("openssl", ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-subj", "/CN=Test TSA", "-addext", "extendedKeyUsage=critical,timeStamping", "-days", "30", "-keyout", join(dir, "tsa.key"), "-out", join(dir, "tsa.pem")], { stdio: "ignore" });
  writeFileSync(join(dir, "serial"), "01\n");
  writeFileSync(join(dir, "tsa.cnf"), `[ tsa ]\ndefault_tsa = t\n[ t ]\nserial = ${dir}/serial\nsigner_cert = ${dir}/tsa.pem\ncerts = ${dir}/tsa.pem\nsigner_key = ${dir}/tsa.key\nsigner_digest = sha256\ndefault_policy = 1.2.3.4.1\ndigests = sha256\naccuracy = secs:1\ness_cert_id_alg = sha256\n`);
  let n = 0;
  const server = createServer((req, res) => {
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
  return { url: `http://127.0.0.1:${port}/tsa`, certPem: readFileSync(join(dir, "tsa.pem"), "utf8"), stop: () => new Promise((ok) => server.close(() => ok())) };
}
