/**
 * The OAuth endpoints' thin I/O edge: a GET that does not follow redirects (the authorization
 * endpoint answers with a page or a redirect, both judged as data) and a form POST (the token
 * endpoint). Bounded in time and size like the CSC client; every exchange goes into the
 * transcript with codes, tokens, secrets and verifiers redacted.
 */
import { request } from "node:https";
import type { Agent } from "node:https";
import { HttpError, post, type HttpLimits } from "../csc/http.ts";
import { storedBody, type Transcript } from "../csc/transcript.ts";
import type { SecretRegistry } from "../csc/redact.ts";

export interface PageReply {
  status: number;
  location?: string;
  contentType: string;
  text: string;
}

/** Query and form parameters whose values are secrets. */
const SECRET_PARAMS = /^(code|code_verifier|client_secret|access_token|refresh_token|account_token|token|password|otp)$/i;

/** A URL with secret parameters (query and fragment) redacted, for transcripts. */
export function redactUrl(raw: string): string {
  try {
    const url = new URL(raw);
    for (const k of [...url.searchParams.keys()]) if (SECRET_PARAMS.test(k)) url.searchParams.set(k, "[redacted]");
    if (url.hash) {
      const h = new URLSearchParams(url.hash.slice(1));
      for (const k of [...h.keys()]) if (SECRET_PARAMS.test(k)) h.set(k, "[redacted]");
      url.hash = h.toString();
    }
    return url.toString();
  } catch {
    return "[unparseable URL]";
  }
}

export async function getPage(t: Transcript, step: string, url: string, o: { agent: Agent; limits: HttpLimits; secrets: SecretRegistry; signal?: AbortSignal }): Promise<PageReply> {
  const started = Date.now();
  const reply = await new Promise<PageReply>((resolve, reject) => {
    const req = request(url, { method: "GET", agent: o.agent, headers: { accept: "text/html,application/json" } }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on("data", (c: Buffer) => {
        size += c.length;
        if (size > o.limits.maxResponseBytes) {
          res.destroy();
          reject(new HttpError("too-large", `response body exceeds the ${o.limits.maxResponseBytes}-byte limit`));
        } else chunks.push(c);
      });
      res.on("end", () =>
        resolve({
          status: res.statusCode ?? 0,
          ...(typeof res.headers.location === "string" ? { location: res.headers.location } : {}),
          contentType: String(res.headers["content-type"] ?? ""),
          text: Buffer.concat(chunks).toString("utf8"),
        }),
      );
    });
    const timer = setTimeout(() => req.destroy(new HttpError("timeout", `no complete response within ${o.limits.timeoutMs} ms`)), o.limits.timeoutMs);
    req.on("close", () => clearTimeout(timer));
    req.on("error", (e) => reject(e instanceof HttpError ? e : new HttpError("connection", e.message.split("\n")[0] ?? "connection failed")));
    o.signal?.addEventListener("abort", () => req.destroy(new HttpError("aborted", "aborted")), { once: true });
    req.end();
  });
  t.record({
    step,
    method: "GET",
    url: redactUrl(url),
    startedAt: new Date(started).toISOString(),
    durationMs: Date.now() - started,
    request: { headers: {}, body: null },
    response: { status: reply.status, contentType: reply.contentType, body: { ...(reply.location ? { location: redactUrl(reply.location) } : {}), page: o.secrets.scrub(reply.text.slice(0, 4096)) } },
  });
  return reply;
}

export async function postForm(t: Transcript, step: string, url: string, form: Record<string, string>, o: { agent: Agent; limits: HttpLimits; secrets: SecretRegistry; signal?: AbortSignal; basic?: { id: string; secret: string } }): Promise<{ status: number; body: Record<string, unknown> }> {
  const started = Date.now();
  const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded" };
  if (o.basic) headers.authorization = `Basic ${Buffer.from(`${o.basic.id}:${o.basic.secret}`).toString("base64")}`;
  const res = await post(url, { headers, body: new URLSearchParams(form).toString(), agent: o.agent, limits: o.limits, signal: o.signal });
  const parsed = storedBody(res.contentType, res.body);
  const body = parsed && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  for (const k of ["access_token", "refresh_token"]) if (typeof body[k] === "string") o.secrets.add(body[k] as string, "OAuth token");
  const redactedForm = Object.fromEntries(Object.entries(form).map(([k, v]) => [k, SECRET_PARAMS.test(k) ? "[redacted]" : v]));
  t.record({
    step,
    method: "POST",
    url,
    startedAt: new Date(started).toISOString(),
    durationMs: Date.now() - started,
    request: { headers: o.basic ? { authorization: "Basic [redacted]" } : {}, body: redactedForm },
    response: { status: res.status, contentType: res.contentType, body: JSON.parse(o.secrets.scrub(JSON.stringify(body))) as unknown },
  });
  return { status: res.status, body };
}
