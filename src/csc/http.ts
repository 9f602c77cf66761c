/**
 * The thin I/O edge of the CSC client: one HTTPS POST with a JSON body, bounded in time and size.
 * Everything that comes back is attacker-controlled: the body is read up to `maxResponseBytes`
 * and never trusted to be JSON; failures become an `HttpError` with a one-line reason.
 */
import { Agent, request } from "node:https";
import { request as plainRequest } from "node:http";

/** Why no usable HTTP response arrived. */
export type HttpErrorCode = "timeout" | "too-large" | "tls-untrusted" | "connection" | "aborted" | "protocol";

export class HttpError extends Error {
  readonly code: HttpErrorCode;
  constructor(code: HttpErrorCode, message: string) {
    super(message);
    this.name = "HttpError";
    this.code = code;
  }
}

export interface HttpLimits {
  /** Deadline for the whole exchange (connect, TLS, request, response body). */
  timeoutMs: number;
  maxResponseBytes: number;
}

export interface HttpResponse {
  status: number;
  contentType: string;
  body: Buffer;
}

export interface PostOptions {
  headers?: Record<string, string>;
  body?: string;
  agent?: Agent;
  /** PEM CA certificates trusted for the server (when no agent carries them). */
  ca?: string;
  limits: HttpLimits;
  signal?: AbortSignal;
}

/** A keep-alive agent trusting `ca` (the system store when absent). */
export function makeAgent(ca: string | undefined): Agent {
  return new Agent({ keepAlive: true, maxSockets: 8, ca, timeout: 30_000 });
}

const TLS_TRUST_CODES = new Set([
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "CERT_HAS_EXPIRED",
  "CERT_NOT_YET_VALID",
  "ERR_TLS_CERT_ALTNAME_INVALID",
  "CERT_UNTRUSTED",
  "CERT_SIGNATURE_FAILURE",
]);

/** POSTs to an https:// (or, for the https-only probe, http://) URL. */
export function post(url: string, options: PostOptions): Promise<HttpResponse> {
  const target = new URL(url);
  const send = target.protocol === "http:" ? plainRequest : request;
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (error: HttpError | null, response?: HttpResponse) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener("abort", onAbort);
      if (error) {
        req.destroy();
        reject(error);
      } else resolve(response!);
    };
    const body = options.body ?? "";
    const req = send(
      target,
      {
        method: "POST",
        agent: target.protocol === "https:" ? options.agent : undefined,
        ca: options.agent ? undefined : options.ca,
        headers: { "content-type": "application/json", accept: "application/json", "content-length": Buffer.byteLength(body), ...options.headers },
      },
      (res) => {
        const declared = Number(res.headers["content-length"] ?? NaN);
        if (declared > options.limits.maxResponseBytes) {
          res.destroy();
          return finish(new HttpError("too-large", `response body of ${declared} bytes exceeds the ${options.limits.maxResponseBytes}-byte limit`));
        }
        const chunks: Buffer[] = [];
        let size = 0;
        res.on("data", (chunk: Buffer) => {
          size += chunk.length;
          if (size > options.limits.maxResponseBytes) {
            res.destroy();
            finish(new HttpError("too-large", `response body exceeds the ${options.limits.maxResponseBytes}-byte limit`));
          } else chunks.push(chunk);
        });
        res.on("end", () =>
          finish(null, { status: res.statusCode ?? 0, contentType: String(res.headers["content-type"] ?? ""), body: Buffer.concat(chunks) }),
        );
        res.on("error", (e) => finish(classify(e)));
      },
    );
    const timer = setTimeout(() => finish(new HttpError("timeout", `no complete response within ${options.limits.timeoutMs} ms`)), options.limits.timeoutMs);
    const onAbort = () => finish(new HttpError("aborted", "aborted (check time budget exhausted)"));
    if (options.signal?.aborted) return onAbort();
    options.signal?.addEventListener("abort", onAbort, { once: true });
    req.on("error", (e) => finish(classify(e)));
    req.end(body);
  });
}

function classify(error: Error): HttpError {
  const code = (error as NodeJS.ErrnoException).code ?? "";
  const first = (error.message.split("\n")[0] ?? "").slice(0, 200);
  if (TLS_TRUST_CODES.has(code)) return new HttpError("tls-untrusted", `TLS certificate not trusted: ${first} (${code})`);
  if (code === "HPE_INVALID_CONSTANT" || code.startsWith("HPE_") || code === "ERR_SSL_WRONG_VERSION_NUMBER") {
    return new HttpError("protocol", `not an HTTP(S) response: ${first}${code ? ` (${code})` : ""}`);
  }
  return new HttpError("connection", `${first}${code && !first.includes(code) ? ` (${code})` : ""}`);
}
