/**
 * One TLS handshake with an endpoint, reporting what was negotiated. The peer is untrusted: its
 * certificate fields are reported as data, never interpreted as instructions.
 */
import { connect, type PeerCertificate, type SecureVersion } from "node:tls";
import { isIP } from "node:net";

export interface HandshakeResult {
  protocol: string | null;
  cipher: string | null;
  /** Whether the certificate chained to the given CAs and matched the host. */
  authorized: boolean;
  authorizationError?: string;
  peer?: { subject: string; issuer: string; validFrom: string; validTo: string; subjectAltName?: string; fingerprint256: string };
}

export interface HandshakeOptions {
  host: string;
  port: number;
  /** PEM CA certificates to trust; the system store when absent. */
  ca?: string;
  minVersion?: SecureVersion;
  maxVersion?: SecureVersion;
  ciphers?: string;
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** Resolves with the handshake's outcome; rejects only when no TLS session could be established. */
export function tlsHandshake(options: HandshakeOptions): Promise<HandshakeResult> {
  return new Promise((resolve, reject) => {
    const socket = connect({
      host: options.host,
      port: options.port,
      servername: isIP(options.host) ? undefined : options.host,
      ca: options.ca,
      rejectUnauthorized: false,
      minVersion: options.minVersion,
      maxVersion: options.maxVersion,
      ciphers: options.ciphers,
    });
    const fail = (error: Error) => {
      cleanup();
      socket.destroy();
      reject(error);
    };
    const onAbort = () => fail(new Error("aborted"));
    const timer = setTimeout(() => fail(new Error(`no TLS handshake within ${options.timeoutMs ?? 5000} ms`)), options.timeoutMs ?? 5000);
    const cleanup = () => {
      clearTimeout(timer);
      options.signal?.removeEventListener("abort", onAbort);
    };
    options.signal?.addEventListener("abort", onAbort, { once: true });
    socket.once("error", fail);
    socket.once("secureConnect", () => {
      cleanup();
      const cert: PeerCertificate | undefined = socket.getPeerCertificate();
      const result: HandshakeResult = {
        protocol: socket.getProtocol(),
        cipher: socket.getCipher()?.name ?? null,
        authorized: socket.authorized,
        ...(socket.authorizationError ? { authorizationError: String(socket.authorizationError) } : {}),
        ...(cert && cert.subject
          ? {
              peer: {
                subject: formatName(cert.subject),
                issuer: formatName(cert.issuer),
                validFrom: cert.valid_from,
                validTo: cert.valid_to,
                subjectAltName: cert.subjectaltname,
                fingerprint256: cert.fingerprint256,
              },
            }
          : {}),
      };
      socket.end();
      socket.destroy();
      resolve(result);
    });
  });
}

function formatName(name: object | undefined): string {
  if (!name) return "";
  return Object.entries(name as Record<string, string | string[]>)
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join("+") : v}`)
    .join(", ");
}

/** host and port of an https URL (port 443 by default). */
export function endpointOf(baseUrl: string): { host: string; port: number; https: boolean } {
  const url = new URL(baseUrl);
  const host = url.hostname.replace(/^\[|\]$/g, "");
  return { host, port: url.port ? Number(url.port) : url.protocol === "https:" ? 443 : 80, https: url.protocol === "https:" };
}
