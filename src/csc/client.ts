/**
 * The CSC API client (v1.0.4.0 and v2.0.0.2). It speaks the version `info.specs` announces: v2
 * field names (`hashes`, `hashAlgorithmOID`, `authData`) or v1 (`hash`, `hashAlgo`, `PIN`, `OTP`).
 * Every exchange is rate-limited, bounded in time and size, and recorded (redacted) in the
 * caller's transcript. Only idempotent reads are retried, once, after a connection failure.
 * Replies are returned as data — probes judge refusals themselves; a reply that is not JSON, or a
 * transport failure, throws `CscError` (the probe cannot conclude).
 */
import type { Agent } from "node:https";
import { HttpError, makeAgent, post, type HttpLimits } from "./http.ts";
import { RateLimiter } from "./rate-limit.ts";
import { encodeBase64 } from "./base64.ts";
import { storedBody, type Transcript } from "./transcript.ts";
import type { SecretRegistry } from "./redact.ts";

export type CscVersion = "v1" | "v2";

/** Why a CSC call gave nothing to judge. */
export type CscErrorCode = "transport" | "not-json" | "unexpected";

export class CscError extends Error {
  readonly code: CscErrorCode;
  constructor(code: CscErrorCode, message: string) {
    super(message);
    this.name = "CscError";
    this.code = code;
  }
}

/** A CSC reply. `body` is attacker-controlled. */
export interface CscReply {
  method: string;
  status: number;
  /** 2xx. */
  ok: boolean;
  body: Record<string, unknown>;
  /** `error` of a CSC error body, if any. */
  error?: string;
  errorDescription?: string;
  contentType: string;
}

/** How a call authenticates. */
export type CallAuth = { bearer: string } | { basic: { username: string; password: string } } | { raw: string } | undefined;

export interface CallOptions {
  auth?: CallAuth;
  /** Accept a non-JSON reply (returned with an empty body) instead of throwing. */
  allowNonJson?: boolean;
  signal?: AbortSignal;
  /** A longer deadline for a request the provider holds on purpose (v1 implicit authorization waiting for the signer's device). */
  heldMs?: number;
}

/** Reads that may be retried once after a connection failure. */
const IDEMPOTENT = new Set(["info", "credentials/list", "credentials/info"]);

export interface ClientOptions {
  baseUrl: string;
  ca?: string;
  limits: HttpLimits;
  rateLimitPerSecond: number;
  secrets: SecretRegistry;
}

export class CscClient {
  readonly baseUrl: string;
  readonly limits: HttpLimits;
  readonly secrets: SecretRegistry;
  readonly #agent: Agent;
  readonly #limiter: RateLimiter;
  readonly #ca: string | undefined;
  /** Set from `info.specs`; v2 until known (the base URL's shape is a hint only). */
  version: CscVersion;
  /** Responses that carried a secret the assessor holds or had sent (csc.response.no-secrets). */
  readonly leaks: Array<{ method: string; step: string; kind: string }> = [];
  /** How many responses were scanned for secrets. */
  responsesScanned = 0;

  constructor(options: ClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, "");
    this.limits = options.limits;
    this.secrets = options.secrets;
    this.#ca = options.ca;
    this.#agent = makeAgent(options.ca);
    this.#limiter = new RateLimiter(options.rateLimitPerSecond);
    this.version = /\/v1$/.test(this.baseUrl) ? "v1" : "v2";
  }

  /** Closes idle keep-alive connections. */
  close(): void {
    this.#agent.destroy();
  }

  /** One call; `step` says in the transcript what the probe was doing. */
  async call(t: Transcript, step: string, method: string, body: Record<string, unknown>, options: CallOptions = {}): Promise<CscReply> {
    const headers: Record<string, string> = {};
    const auth = options.auth;
    if (auth && "bearer" in auth) headers.authorization = `Bearer ${auth.bearer}`;
    else if (auth && "basic" in auth) {
      const encoded = Buffer.from(`${auth.basic.username}:${auth.basic.password}`).toString("base64");
      this.secrets.add(encoded, "HTTP Basic credentials");
      headers.authorization = `Basic ${encoded}`;
    } else if (auth && "raw" in auth) headers.authorization = auth.raw;
    const url = `${this.baseUrl}/${method}`;
    const attempts = IDEMPOTENT.has(method) ? 2 : 1;
    for (let attempt = 1; ; attempt++) {
      await this.#limiter.take(options.signal);
      const started = Date.now();
      const startedAt = new Date(started).toISOString();
      const text = JSON.stringify(body);
      try {
        const limits = options.heldMs ? { ...this.limits, timeoutMs: Math.max(this.limits.timeoutMs, options.heldMs) } : this.limits;
        const res = await post(url, { headers, body: text, agent: this.#agent, limits, signal: options.signal });
        // Scanned before this reply's own SAD or token is registered: any known secret in it is an echo.
        this.responsesScanned++;
        const leaked = this.secrets.containsSecret(res.body.toString("utf8"));
        if (leaked) this.leaks.push({ method, step, kind: leaked });
        const stored = storedBody(res.contentType, res.body);
        t.record({ step, method, url, startedAt, durationMs: Date.now() - started, request: { headers, body }, response: { status: res.status, contentType: res.contentType, body: stored } });
        return this.#reply(method, res.status, res.contentType, res.body, options.allowNonJson ?? false);
      } catch (error) {
        if (!(error instanceof HttpError)) throw error;
        t.record({ step, method, url, startedAt, durationMs: Date.now() - started, request: { headers, body }, error: error.message });
        if (error.code === "connection" && attempt < attempts) continue;
        throw new CscError("transport", `${method}: ${error.message}`);
      }
    }
  }

  #reply(method: string, status: number, contentType: string, raw: Buffer, allowNonJson: boolean): CscReply {
    let parsed: unknown;
    try {
      parsed = raw.length === 0 ? {} : JSON.parse(raw.toString("utf8"));
    } catch {
      parsed = undefined;
    }
    const isObject = typeof parsed === "object" && parsed !== null && !Array.isArray(parsed);
    if (!isObject && !allowNonJson) {
      const kind = contentType.split(";")[0] || "no content type";
      throw new CscError("not-json", `${method}: HTTP ${status} with a ${kind} body that is not a JSON object`);
    }
    const body = (isObject ? parsed : {}) as Record<string, unknown>;
    return {
      method,
      status,
      ok: status >= 200 && status < 300,
      body,
      error: typeof body.error === "string" ? body.error : undefined,
      errorDescription: typeof body.error_description === "string" ? body.error_description : undefined,
      contentType,
    };
  }

  /** `info`, which also fixes the version the rest of the calls speak. */
  async info(t: Transcript, signal?: AbortSignal): Promise<CscReply> {
    const reply = await this.call(t, "discover the service", "info", { lang: "en-US" }, { signal });
    const specs = typeof reply.body.specs === "string" ? reply.body.specs : "";
    if (reply.ok && /^1\./.test(specs)) this.version = "v1";
    else if (reply.ok && /^2\./.test(specs)) this.version = "v2";
    return reply;
  }

  /** `auth/login` with HTTP Basic; the token is registered as a secret. */
  async login(t: Transcript, username: string, password: string, signal?: AbortSignal): Promise<CscReply> {
    const reply = await this.call(t, `log in as ${username}`, "auth/login", { rememberMe: false }, { auth: { basic: { username, password } }, signal });
    for (const k of ["access_token", "refresh_token"]) if (typeof reply.body[k] === "string") this.secrets.add(reply.body[k] as string, k.replace("_", " "));
    return reply;
  }

  /** `credentials/authorize` in the version's field names; the SAD is registered as a secret. */
  async authorize(
    t: Transcript,
    step: string,
    a: { bearer: string; credentialID: string; numSignatures: number; hashes?: Uint8Array[]; hashAlgorithmOID?: string; pin?: string; otp?: string; pinId?: string; otpId?: string; oobIds?: string[]; heldMs?: number },
    signal?: AbortSignal,
  ): Promise<CscReply> {
    const body: Record<string, unknown> = { credentialID: a.credentialID, numSignatures: a.numSignatures };
    const hashes = a.hashes?.map(encodeBase64);
    if (this.version === "v2") {
      if (hashes) body.hashes = hashes;
      if (a.hashAlgorithmOID) body.hashAlgorithmOID = a.hashAlgorithmOID;
      const authData = [
        // The ids the credential's auth.objects declare (CSC v2 §8.3: provider-defined); PIN/OTP when none was read.
        ...(a.pin !== undefined ? [{ id: a.pinId ?? "PIN", value: a.pin }] : []),
        ...(a.otp !== undefined ? [{ id: a.otpId ?? "OTP", value: a.otp }] : []),
        // An out-of-band factor (a push approval) is asked for with an empty object (v2 §8.3.1.5).
        ...(a.oobIds ?? []).map((id) => ({ id })),
      ];
      if (authData.length) body.authData = authData;
    } else {
      // v1 §11.6 defines no hash algorithm input: the SAD binds the values; signHash names the algorithm.
      if (hashes) body.hash = hashes;
      if (a.pin !== undefined) body.PIN = a.pin;
      if (a.otp !== undefined) body.OTP = a.otp;
    }
    if (a.pin) this.secrets.add(a.pin, "PIN");
    if (a.otp) this.secrets.add(a.otp, "OTP");
    const reply = await this.call(t, step, "credentials/authorize", body, { auth: { bearer: a.bearer }, signal, ...(a.heldMs ? { heldMs: a.heldMs } : {}) });
    if (typeof reply.body.SAD === "string") this.secrets.add(reply.body.SAD, "SAD");
    return reply;
  }

  /** `signatures/signHash` in the version's field names. `sad` undefined sends none. */
  signHash(
    t: Transcript,
    step: string,
    s: { bearer: string; credentialID: string; sad?: string; hashes: Uint8Array[]; hashAlgorithmOID: string; signAlgo: string },
    signal?: AbortSignal,
  ): Promise<CscReply> {
    const body: Record<string, unknown> = { credentialID: s.credentialID, signAlgo: s.signAlgo };
    if (s.sad !== undefined) body.SAD = s.sad;
    if (this.version === "v2") {
      body.hashes = s.hashes.map(encodeBase64);
      body.hashAlgorithmOID = s.hashAlgorithmOID;
    } else {
      body.hash = s.hashes.map(encodeBase64);
      body.hashAlgo = s.hashAlgorithmOID;
    }
    return this.call(t, step, "signatures/signHash", body, { auth: { bearer: s.bearer }, signal });
  }

  /**
   * `signatures/signDoc` (v2 §11.11) with documentDigests: one entry per digest, each with its
   * signature format (and conformance level, when one is asked for). `sad` undefined sends none.
   */
  signDoc(t: Transcript, step: string, s: { bearer: string; credentialID: string; sad?: string; documentDigests: SignDocDigest[] }, signal?: AbortSignal): Promise<CscReply> {
    const body: Record<string, unknown> = {
      credentialID: s.credentialID,
      documentDigests: s.documentDigests.map((d) => ({
        hashes: d.hashes.map(encodeBase64),
        hashAlgorithmOID: d.hashAlgorithmOID,
        signature_format: d.format,
        ...(d.conformanceLevel ? { conformance_level: d.conformanceLevel } : {}),
        signAlgo: d.signAlgo,
      })),
    };
    if (s.sad !== undefined) body.SAD = s.sad;
    return this.call(t, step, "signatures/signDoc", body, { auth: { bearer: s.bearer }, signal });
  }

  /** `credentials/extendTransaction`; a new SAD is registered as a secret. */
  async extendTransaction(t: Transcript, step: string, e: { bearer: string; credentialID: string; sad: string }, signal?: AbortSignal): Promise<CscReply> {
    const reply = await this.call(t, step, "credentials/extendTransaction", { credentialID: e.credentialID, SAD: e.sad }, { auth: { bearer: e.bearer }, signal });
    if (typeof reply.body.SAD === "string") this.secrets.add(reply.body.SAD, "SAD");
    return reply;
  }

  /** The CA PEM the client trusts (for probes that open their own connections). */
  get ca(): string | undefined {
    return this.#ca;
  }
}

/** One documentDigests entry of signatures/signDoc (v2 §11.11). */
export interface SignDocDigest {
  hashes: Uint8Array[];
  hashAlgorithmOID: string;
  signAlgo: string;
  /** signature_format: C = CAdES, P = PAdES (the formats this toolkit validates). */
  format: "C" | "P";
  conformanceLevel?: string;
}

/** The signature objects of a signDoc reply (SignatureObject, else DocumentWithSignature) as bytes, or why they are unusable. */
export function signatureObjectsOf(reply: CscReply, decode: (v: unknown) => Uint8Array | null): { objects: Uint8Array[]; field: "SignatureObject" | "DocumentWithSignature" } | string {
  const field = Array.isArray(reply.body.SignatureObject) ? "SignatureObject" : Array.isArray(reply.body.DocumentWithSignature) ? "DocumentWithSignature" : undefined;
  if (!field) return "the reply has neither SignatureObject nor DocumentWithSignature";
  const objects: Uint8Array[] = [];
  for (const [i, s] of (reply.body[field] as unknown[]).entries()) {
    const bytes = decode(s);
    if (!bytes) return `${field} ${i + 1} is not base64`;
    objects.push(bytes);
  }
  return { objects, field };
}

/** The signatures of a signHash reply as bytes, or why they are unusable. */
export function signaturesOf(reply: CscReply, decode: (v: unknown) => Uint8Array | null): Uint8Array[] | string {
  const list = reply.body.signatures;
  if (!Array.isArray(list)) return "the reply has no signatures array";
  const out: Uint8Array[] = [];
  for (const [i, s] of list.entries()) {
    const bytes = decode(s);
    if (!bytes) return `signature ${i + 1} is not base64`;
    out.push(bytes);
  }
  return out;
}

/** One line describing a reply, for observations (status, error code, description cut to 120). */
export function describeReply(reply: CscReply): string {
  if (reply.ok) return `HTTP ${reply.status} (accepted)`;
  const desc = reply.errorDescription ? `: ${reply.errorDescription.replace(/\s+/g, " ").slice(0, 120)}` : "";
  return `HTTP ${reply.status}${reply.error ? ` ${reply.error.slice(0, 60)}` : ""}${desc}`;
}
