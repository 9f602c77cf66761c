/**
 * A throwaway HTTPS server on 127.0.0.1 with a fresh self-signed certificate (made with the
 * openssl CLI), for tests that need "any HTTPS endpoint".
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:https";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { tempDir } from "./temp.ts";

export interface TestTlsServer {
  url: string;
  port: number;
  caFile: string;
  dir: string;
  close(): Promise<void>;
}

export function makeSelfSignedCert(dir: string, cn = "127.0.0.1"): { keyFile: string; certFile: string } {
  const keyFile = join(dir, "key.pem");
  const certFile = join(dir, "cert.pem");
  execFileSync("openssl", [
    "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
    "-keyout", keyFile, "-out", certFile, "-days", "2", "-subj", `/CN=${cn}`,
    "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
  ], { stdio: "ignore" });
  return { keyFile, certFile };
}

export async function startTlsServer(
  handler: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => res.end("{}"),
): Promise<TestTlsServer> {
  const dir = tempDir("rssp-audit-tls");
  const { keyFile, certFile } = makeSelfSignedCert(dir);
  const server: Server = createServer({ key: readFileSync(keyFile), cert: readFileSync(certFile), minVersion: "TLSv1.2" }, handler);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://127.0.0.1:${port}`,
    port,
    caFile: certFile,
    dir,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
