/**
 * Test doubles of hostile or broken CSC servers, on 127.0.0.1 over HTTPS with a fresh
 * self-signed certificate: one that never answers, one that sends 10 MB, one that sends invalid
 * JSON, one that answers text/plain errors, and one whose certificate the assessor does not trust.
 */
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:https";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { makeSelfSignedCert } from "./tls-server.ts";
import { tempDir } from "./temp.ts";

export type HostileBehaviour = "hang" | "huge-body" | "invalid-json" | "text-plain-errors" | "untrusted-certificate";

export const HOSTILE_BEHAVIOURS: HostileBehaviour[] = ["hang", "huge-body", "invalid-json", "text-plain-errors", "untrusted-certificate"];

export interface HostileServer {
  baseUrl: string;
  /** PEM the assessor should trust (for untrusted-certificate: an unrelated certificate). */
  trustedPem: string;
  close(): Promise<void>;
}

const TEN_MB = 10 * 1024 * 1024;

function respond(behaviour: HostileBehaviour, req: IncomingMessage, res: ServerResponse): void {
  req.resume();
  switch (behaviour) {
    case "hang":
      return; // never answers
    case "huge-body": {
      res.writeHead(200, { "content-type": "application/json" });
      const chunk = Buffer.alloc(1024 * 1024, 0x20);
      let sent = 0;
      const pump = () => {
        while (sent < TEN_MB) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once("drain", pump);
        }
        res.end("{}");
      };
      res.on("error", () => {});
      return pump();
    }
    case "invalid-json":
      res.writeHead(200, { "content-type": "application/json" });
      return void res.end('{"specs": "2.0.0.2", "methods": [');
    case "text-plain-errors":
      res.writeHead(400, { "content-type": "text/plain" });
      return void res.end("Bad Request\nat Object.<anonymous> (/srv/app.js:1:1)\n");
    case "untrusted-certificate":
      res.writeHead(200, { "content-type": "application/json" });
      return void res.end(JSON.stringify({ specs: "2.0.0.2", methods: ["credentials/list"], authType: ["basic"] }));
  }
}

export async function startHostileServer(behaviour: HostileBehaviour): Promise<HostileServer> {
  const dir = tempDir("rssp-audit-hostile");
  const { keyFile, certFile } = makeSelfSignedCert(dir);
  const server: Server = createServer({ key: readFileSync(keyFile), cert: readFileSync(certFile), minVersion: "TLSv1.2" }, (req, res) => respond(behaviour, req, res));
  server.on("clientError", () => {});
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  let trustedPem = readFileSync(certFile, "utf8");
  if (behaviour === "untrusted-certificate") {
    const other = tempDir("rssp-audit-hostile-other");
    trustedPem = readFileSync(makeSelfSignedCert(other).certFile, "utf8");
  }
  return {
    baseUrl: `https://127.0.0.1:${port}/csc/v2`,
    trustedPem,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
