/**
 * Pushed authorization requests (RFC 9126; CSC v2 §8.4.3 oauth2/pushed_authorize): the request's
 * parameters are POSTed, client-authenticated, to the provider's PAR endpoint, which answers 201
 * with a short-lived, single-use `request_uri`; the browser then opens the authorization endpoint
 * with `client_id` and `request_uri` only (§4). A refusal at the PAR endpoint (4xx) is the
 * provider's answer to the request, as an error page would be; a 5xx or no answer is none.
 */
import type { CheckContext, CheckOutcome } from "../check/types.ts";
import { HttpError } from "../csc/http.ts";
import { postForm } from "./http.ts";
import type { OAuthSession } from "./session.ts";

/** What the PAR endpoint answered: a request_uri, or a refusal (RFC 9126 §2.3). */
export type PushOutcome =
  | { kind: "pushed"; requestUri: string; expiresIn: number | undefined; status: number }
  | { kind: "refused"; status: number; error?: string; description?: string };

/** The provider refused a pushed request: carried out of the browser as the provider's answer. */
export class PushRefused extends HttpError {
  constructor(readonly outcome: Extract<PushOutcome, { kind: "refused" }>) {
    super("protocol", `the PAR endpoint refused the request: HTTP ${outcome.status}${outcome.error ? ` ${outcome.error}` : ""}${outcome.description ? ` (${outcome.description})` : ""}`);
    this.name = "PushRefused";
  }
}

/** POSTs `params` (an authorization request's) to the PAR endpoint with client_secret_basic. */
export async function pushAuthorization(ctx: CheckContext, s: OAuthSession, step: string, params: Record<string, string>): Promise<PushOutcome> {
  const par = s.features.par;
  if (!par) throw new HttpError("protocol", "the provider announces no pushed_authorization_request_endpoint");
  const r = await postForm(s.transcript, `${step} (pushed authorization request)`, par.endpoint, params, {
    agent: s.agent,
    limits: s.limits,
    secrets: s.secrets,
    signal: ctx.signal,
    basic: { id: s.config.clientId, secret: s.config.clientSecret },
  });
  if (r.status >= 500 || r.status === 0) throw new HttpError("protocol", `${par.endpoint} answered HTTP ${r.status} (${step}): a server error is neither a refusal nor an acceptance`);
  const requestUri = r.body.request_uri;
  if (r.status >= 200 && r.status < 300 && typeof requestUri === "string" && requestUri.length > 0) {
    const e = r.body.expires_in;
    return { kind: "pushed", requestUri, expiresIn: typeof e === "number" && Number.isFinite(e) ? e : undefined, status: r.status };
  }
  if (r.status >= 200 && r.status < 300) throw new HttpError("protocol", `${par.endpoint} answered HTTP ${r.status} without a request_uri (${step})`);
  return { kind: "refused", status: r.status, ...(typeof r.body.error === "string" ? { error: r.body.error } : {}), ...(typeof r.body.error_description === "string" ? { description: r.body.error_description.slice(0, 200) } : {}) };
}

/** RFC 9126 §4: the authorization request that refers to a pushed one. */
export function requestUriUrl(authorizeEndpoint: string, clientId: string, requestUri: string): string {
  const url = new URL(authorizeEndpoint);
  url.searchParams.set("client_id", clientId);
  url.searchParams.set("request_uri", requestUri);
  return url.toString();
}

/** The outcome of a PAR check against a provider without a PAR endpoint (catalog reason `no-par`). */
export function parNotOffered(s: OAuthSession, check: string): CheckOutcome {
  return {
    status: "not-applicable",
    summary: { ja: "事業者はプッシュ型認可要求（RFC 9126）を提供していない（メタデータにpushed_authorization_request_endpointがない）", en: "the provider offers no pushed authorization requests (RFC 9126: no pushed_authorization_request_endpoint in its metadata)" },
    observations: [{ expected: { ja: "プッシュ型認可要求のエンドポイント", en: "a pushed authorization request endpoint" }, observed: { ja: "メタデータに記載なし", en: "none in the metadata" }, where: `${s.issuer} metadata (${check})` }],
    notApplicableReason: "no-par",
  };
}
