/**
 * The OAuth 2.0 flows the oauth.* checks need, built from the session: authorization requests
 * (with or without PKCE, state, account_token), the browser login on the provider's own page, the
 * code exchange, and the credential-token probe sequence shared by several checks (one login
 * proves hash binding, credential and user binding and single use, in that order).
 */
import { createHash, createHmac, randomBytes } from "node:crypto";
import type { CheckContext } from "../check/types.ts";
import { postForm, redactUrl, type PageReply } from "./http.ts";
import { driveAuthorization, openAuthorization, type AuthorizationAnswer, type AuthorizationOutcome } from "./login-driver.ts";
import { HttpError } from "../csc/http.ts";
import { NoCode } from "../csc/otp-source.ts";
import { newPkce, newState, type PkcePair } from "./pkce.ts";
import { endpoints, signerAccount, type OAuthCredential, type OAuthSession } from "./session.ts";
import { pushAuthorization, PushRefused, requestUriUrl, type PushOutcome } from "./par.ts";

export const SHA256_OID = "2.16.840.1.101.3.4.2.1";

export interface AuthorizeParams {
  scope: "service" | "credential";
  credentialID?: string;
  hashes?: string[];
  pkce?: PkcePair | null;
  state?: string;
  redirectUri?: string;
  responseType?: string;
  accountToken?: string;
}

/**
 * The parameters of an authorization request (CSC v2 §8.4.2). A credential authorization with
 * hashes goes as `authorization_details` of type credential (RFC 9396; CSC v2 §8.4.2, whose sample
 * carries no scope) where the provider's metadata lists that type, else as credentialID, hashes
 * (base64url), numSignatures and hashAlgorithmOID.
 */
export function authorizeParams(s: OAuthSession, p: AuthorizeParams): Record<string, string> {
  const q: Record<string, string> = { response_type: p.responseType ?? "code", client_id: s.config.clientId, redirect_uri: p.redirectUri ?? s.config.redirectUri };
  const details = detailsFor(s, p);
  if (!details) q.scope = p.scope;
  if (p.state) q.state = p.state;
  if (p.pkce) {
    q.code_challenge = p.pkce.challenge;
    q.code_challenge_method = p.pkce.method;
  }
  if (details) q.authorization_details = JSON.stringify(details);
  else {
    if (p.credentialID) q.credentialID = p.credentialID;
    if (p.hashes) {
      q.numSignatures = String(p.hashes.length);
      q.hashes = p.hashes.map((h) => Buffer.from(h, "base64").toString("base64url")).join(",");
      q.hashAlgorithmOID = SHA256_OID;
    }
  }
  if (p.accountToken) q.account_token = p.accountToken;
  return q;
}

/** The authorization_details of a credential authorization (CSC v2 §8.4.2: documentDigests of base64 hashes), where the provider takes them. */
export function detailsFor(s: OAuthSession, p: AuthorizeParams): Array<Record<string, unknown>> | undefined {
  if (!s.features.authorizationDetails || p.scope !== "credential" || !p.credentialID || !p.hashes) return undefined;
  return [{ type: "credential", credentialID: p.credentialID, documentDigests: p.hashes.map((hash, i) => ({ hash, label: `rssp-audit probe document ${i + 1}` })), hashAlgorithmOID: SHA256_OID }];
}

/** The classical authorization request: every parameter in the query. */
export function authorizeUrl(s: OAuthSession, p: AuthorizeParams): string {
  const url = new URL(endpoints(s).authorize);
  for (const [k, v] of Object.entries(authorizeParams(s, p))) url.searchParams.set(k, v);
  return url.toString();
}

/**
 * Pushes the request (RFC 9126) and gives the URL that refers to it; a refusal is thrown as
 * PushRefused (the provider's answer). `onPushed` sees the request_uri and its announced lifetime.
 */
export async function pushedUrl(ctx: CheckContext, s: OAuthSession, step: string, p: AuthorizeParams, onPushed?: (o: Extract<PushOutcome, { kind: "pushed" }>) => void): Promise<string> {
  const o = await pushAuthorization(ctx, s, step, authorizeParams(s, p));
  if (o.kind === "refused") throw new PushRefused(o);
  onPushed?.(o);
  return requestUriUrl(endpoints(s).authorize, s.config.clientId, o.requestUri);
}

/**
 * Where an authorization request ends, judged as a signer's browser would see it. The HTTP answer
 * is recorded first; a redirect to the redirect URI (relative or absolute Location) is read from
 * it; a 5xx is no answer (`error`); a 4xx is the provider's error page; anything else (a page, a
 * 302 to a sign-in page, a page rendered by script) is decided in the browser by the recipe's
 * first element. Where the provider takes pushed requests only (RFC 9126 §5
 * require_pushed_authorization_requests), the request is pushed, and a refusal at the PAR
 * endpoint is the provider's answer (RFC 9126 §2.1: validated as at the authorization endpoint).
 */
export async function answerAuthorization(ctx: CheckContext, s: OAuthSession, step: string, p: AuthorizeParams): Promise<AuthorizationAnswer> {
  const par = s.features.par?.required ? s.features.par : undefined;
  if (!par) return answerUrl(ctx, s, step, authorizeUrl(s, p), p.redirectUri ?? s.config.redirectUri);
  try {
    return await answerUrl(ctx, s, step, endpoints(s).authorize, p.redirectUri ?? s.config.redirectUri, () => pushedUrl(ctx, s, step, p));
  } catch (error) {
    if (!(error instanceof PushRefused)) throw error;
    const o = error.outcome;
    s.transcript.notes.push(`${step}: refused at the PAR endpoint (HTTP ${o.status}${o.error ? ` ${o.error}` : ""})`);
    return { kind: "other-page", url: par.endpoint, status: o.status, text: `refused at the PAR endpoint: ${o.error ?? ""} ${o.description ?? ""}`.trim() };
  }
}

/** Opens `url` (or what `resolveUrl` builds once the browser is up) and records where it ended. */
export async function answerUrl(ctx: CheckContext, s: OAuthSession, step: string, url: string, redirectUri: string, resolveUrl?: () => Promise<string>): Promise<AuthorizationAnswer> {
  // One request only, in the browser: a second fetch of the same URL would replay one-time values (account_token jti, request_uri).
  const started = Date.now();
  const { hops, ...answer } = await openAuthorization({ authorizeUrl: url, ...(resolveUrl ? { resolveUrl } : {}), redirectUri, recipe: s.config.recipe, trustedCa: ctx.target.csc!.tlsCa });
  for (const [i, h] of hops.entries()) {
    s.transcript.record({
      step: i === 0 ? step : `${step} (followed)`,
      method: "GET",
      url: redactUrl(h.url),
      startedAt: new Date(started).toISOString(),
      durationMs: Date.now() - started,
      request: { headers: {}, body: null },
      response: { status: h.status, contentType: "", body: h.location ? { location: redactUrl(h.location) } : null },
    });
  }
  s.transcript.notes.push(`${step}: in the browser, ${describeAnswer(answer)}`);
  const last = hops.at(-1);
  if (answer.kind !== "redirect" && (!last || last.status >= 500)) throw new HttpError("protocol", `${endpoints(s).authorize} answered ${last ? `HTTP ${last.status}` : "nothing"} (${step}): a server error is neither a refusal nor an acceptance`);
  return answer;
}

/** The request was accepted so far: the provider shows its sign-in page. */
export const showsSignIn = (a: AuthorizationAnswer) => a.kind === "sign-in";

/** How an answer reads in an observation. */
export function describeAnswer(a: AuthorizationAnswer): string {
  if (a.kind === "redirect") return `redirected to ${a.target}${a.params.error ? ` with error=${a.params.error}` : a.params.code ? " with a code" : ""}`;
  if (a.kind === "sign-in") return `the sign-in page was shown (HTTP ${a.status})`;
  return `HTTP ${a.status}, not the sign-in page`;
}

/** Where a redirect answer sends the browser, with its parameters (a relative Location resolved against the request, RFC 9110 §10.2.2). */
export function redirectParams(r: PageReply, requestUrl: string): { target: string; params: Record<string, string> } | undefined {
  if (r.status < 300 || r.status >= 400 || !r.location) return undefined;
  try {
    const url = new URL(r.location, requestUrl);
    const params = Object.fromEntries([...url.searchParams, ...new URLSearchParams(url.hash.slice(1))]);
    return { target: `${url.origin}${url.pathname}`, params };
  } catch {
    return undefined;
  }
}

/** A login's outcome, with the pushed request it used (where the provider offers PAR). */
export type LoginOutcome = AuthorizationOutcome & { pushed?: { requestUri: string; expiresIn: number | undefined } };

/**
 * Logs the account in on the provider's page (browser), spending one TOTP code. Where the provider
 * offers PAR (RFC 9126 §5: the endpoint's presence suffices), the request is pushed first.
 */
export async function loginInBrowser(ctx: CheckContext, s: OAuthSession, signerId: string, p: AuthorizeParams): Promise<LoginOutcome> {
  const account = signerAccount(s, signerId);
  // A TOTP is allocated before the browser starts (its step is planned); a sent code is asked for when the page asks for it.
  const grant = account.totpSecret ? await s.otp.next(signerId, ctx.signal) : undefined;
  if (grant) s.secrets.add(grant.code, "OTP");
  const otp = grant ? () => grant.code : () => sentCode(ctx, s, signerId, p.scope);
  let pushed: LoginOutcome["pushed"];
  const par = s.features.par;
  // One sign-in at a time for an account whose code is sent (exclusive is a no-op for a seed): a
  // second page would send a fresh code that replaces the one the first is waiting for.
  const outcome = await s.otp.exclusive(signerId, () =>
    driveAuthorization({
      authorizeUrl: par ? endpoints(s).authorize : authorizeUrl(s, p),
      ...(par ? { resolveUrl: () => pushedUrl(ctx, s, `login of ${signerId} (${p.scope})`, p, (o) => (pushed = { requestUri: o.requestUri, expiresIn: o.expiresIn })) } : {}),
      redirectUri: p.redirectUri ?? s.config.redirectUri,
      recipe: s.config.recipe,
      inputs: { username: account.username, password: account.password, otp },
      trustedCa: ctx.target.csc!.tlsCa,
    }),
  );
  s.screenshots.push(...outcome.screenshots.map((x) => ({ ...x, name: `${signerId}-${p.scope}-${s.screenshots.length}-${x.name}` })));
  if (outcome.redirect.code) s.secrets.add(outcome.redirect.code, "authorization code");
  s.transcript.notes.push(`browser login of ${signerId} (${p.scope}${p.credentialID ? ` ${p.credentialID}` : ""}${pushed ? ", pushed request" : ""}): redirected with ${Object.keys(outcome.redirect).join(", ")}`);
  return { ...outcome, ...(pushed ? { pushed } : {}) };
}

/**
 * The code a sign-in page asks for when the account has no TOTP seed (an SMS or e-mail code the
 * page has just sent): from the account's otp source, asked only when the recipe reaches the
 * field. Without a source the probe cannot go on: NoCode, which the oauth frame makes `manual`.
 */
async function sentCode(ctx: CheckContext, s: OAuthSession, signerId: string, scope: string): Promise<string> {
  if (!s.otp.isExternal(signerId)) throw new NoCode(`the provider's sign-in page asks ${signerId} for a one-time code, but the account has no TOTP seed and no otp source (target.csc.oauth2.signers[].otp: prompt or { command })`);
  const got = await s.otp.next(signerId, ctx.signal, { check: "oauth", step: `sign-in of ${signerId} on the provider's page (${scope})`, sent: true, sentBy: "by its sign-in page" });
  s.secrets.add(got.code, "OTP");
  return got.code;
}

/** Exchanges a code at the token endpoint (client authenticated unless `noClientAuth`). */
export function exchangeCode(ctx: CheckContext, s: OAuthSession, step: string, form: Record<string, string>, noClientAuth = false) {
  const body = { grant_type: "authorization_code", redirect_uri: s.config.redirectUri, client_id: s.config.clientId, ...form };
  return postForm(s.transcript, step, endpoints(s).token, body, {
    agent: s.agent,
    limits: s.limits,
    secrets: s.secrets,
    signal: ctx.signal,
    ...(noClientAuth ? {} : { basic: { id: s.config.clientId, secret: s.config.clientSecret } }),
  });
}

/**
 * A credential token for `hashes` (base64), through a full browser authorization. With
 * authorization_details, the token request repeats them (CSC v2 §8.4.4: present if used in the
 * authorization request).
 */
export async function credentialToken(ctx: CheckContext, s: OAuthSession, c: OAuthCredential, hashes: string[]) {
  const pkce = newPkce();
  const state = newState();
  const p: AuthorizeParams = { scope: "credential", credentialID: c.credentialID, hashes, pkce, state };
  const details = detailsFor(s, p);
  const outcome = await loginInBrowser(ctx, s, c.signer, p);
  const code = outcome.redirect.code;
  if (!code) return { outcome, state, details, token: undefined as Record<string, unknown> | undefined };
  const token = await exchangeCode(ctx, s, `exchange the code for a credential token (${c.credentialID})`, { code, code_verifier: pkce.verifier, ...(details ? { authorization_details: JSON.stringify(details) } : {}) });
  return { outcome, state, details, token: token.body };
}

/** A credential whose key/algo names no signature algorithm the tool can use: a probe that signs cannot conclude. */
export class NoSignAlgo extends Error {
  constructor(credentialID: string) {
    super(`${credentialID}: credentials/info key/algo names no signature algorithm to sign with (CSC v2 §11.10: signAlgo is one of key/algo) — the signing probe cannot choose one`);
    this.name = "NoSignAlgo";
  }
}

/** signatures/signHash with a credential token as the bearer (rejects with NoSignAlgo rather than guess an algorithm). */
export async function signWithToken(ctx: CheckContext, s: OAuthSession, step: string, token: string, credentialID: string, hashes: string[]) {
  // The signAlgo the credential announces for its own key (CSC v2 §11.10: one of key/algo); none is not guessed.
  const signAlgo = s.credentials.find((c) => c.credentialID === credentialID)?.signAlgo;
  if (!signAlgo) throw new NoSignAlgo(credentialID);
  return s.client.call(s.transcript, step, "signatures/signHash", { credentialID, hashes, hashAlgorithmOID: SHA256_OID, signAlgo }, { auth: { bearer: token }, signal: ctx.signal });
}

export function digestOf(text: string): string {
  return createHash("sha256").update(text).update(randomBytes(8)).digest("base64");
}

/**
 * An account_token as CSC v2 §8.4.1 (v1.0.4 §8.3.1) defines it: header typ JWT, alg HS256;
 * payload sub (the account ID), iat, jti, iss (the signature application's name, optional) and
 * azp (the OAuth client_id, REQUIRED); HMAC-SHA256 keyed with SHA-256 of the client secret.
 */
export function accountToken(s: OAuthSession, subject: string, jti = randomBytes(12).toString("base64url")): string {
  const enc = (o: unknown) => Buffer.from(JSON.stringify(o)).toString("base64url");
  const head = `${enc({ typ: "JWT", alg: "HS256" })}.${enc({ sub: subject, iat: Math.floor(Date.now() / 1000), jti, iss: "rssp-audit", azp: s.config.clientId })}`;
  const sig = createHmac("sha256", createHash("sha256").update(s.config.clientSecret).digest()).update(head).digest("base64url");
  const token = `${head}.${sig}`;
  s.secrets.add(token, "account token");
  return token;
}

/** What one credential-token login showed about binding and single use. */
export interface BindingProbe {
  credential: OAuthCredential;
  hashes: string[];
  state: { sent: string; returned?: string };
  consentText?: string;
  tokenResponse?: Record<string, unknown>;
  otherHash?: { status: number; error?: string };
  otherCredential?: { credentialID: string; status: number; error?: string };
  otherUser?: { credentialID: string; status: number; error?: string };
  authorised?: { status: number; error?: string; signatures: number };
  again?: { status: number; error?: string };
  /** The pushed request the login used (RFC 9126), for the request_uri checks. */
  pushed?: { requestUri: string; expiresIn: number | undefined };
  /** The authorization_details sent (where the provider takes them). */
  details?: Array<Record<string, unknown>>;
  problem?: string;
}

export const BINDING_KEY = "oauth:binding-probe";

/**
 * One credential token for two hashes of the first oauth2code credential, then, in order: a hash
 * it was not issued for, another credential of the same user, another user's credential (each must
 * be refused and must not consume the token), the authorised hashes (must sign), and the same
 * hashes again (must be refused: single use).
 */
export function bindingProbe(ctx: CheckContext, s: OAuthSession): Promise<BindingProbe> {
  return ctx.shared(BINDING_KEY, async () => {
    const c = s.credentials[0]!;
    const hashes = [digestOf("oauth document 1"), digestOf("oauth document 2")];
    const { outcome, state, token, details } = await credentialToken(ctx, s, c, hashes);
    const probe: BindingProbe = { credential: c, hashes, state: { sent: state, returned: outcome.redirect.state }, consentText: outcome.texts.consent ?? pageText(outcome), ...(outcome.pushed ? { pushed: outcome.pushed } : {}), ...(details ? { details } : {}) };
    const access = typeof token?.access_token === "string" ? token.access_token : undefined;
    probe.tokenResponse = token ? Object.fromEntries(Object.entries(token).map(([k, v]) => [k, k.endsWith("token") ? "[redacted]" : v])) : undefined;
    if (!access) return { ...probe, problem: `no credential token was issued (${outcome.redirect.error ?? "token endpoint refused"})` };
    const r1 = await signWithToken(ctx, s, "sign a hash the token was not issued for", access, c.credentialID, [digestOf("not authorised")]);
    probe.otherHash = { status: r1.status, error: r1.error };
    const sibling = s.credentials.find((x) => x.signer === c.signer && x.credentialID !== c.credentialID);
    if (sibling) {
      const r = await signWithToken(ctx, s, "sign with another credential of the same user", access, sibling.credentialID, hashes.slice(0, 1));
      probe.otherCredential = { credentialID: sibling.credentialID, status: r.status, error: r.error };
    }
    const foreign = s.credentials.find((x) => x.signer !== c.signer);
    if (foreign) {
      // The second hash: a provider that wrongly let the sibling sign has consumed the first.
      const r = await signWithToken(ctx, s, "sign with another user's credential", access, foreign.credentialID, hashes.slice(1, 2));
      probe.otherUser = { credentialID: foreign.credentialID, status: r.status, error: r.error };
    }
    const ok = await signWithToken(ctx, s, "sign the authorised hashes", access, c.credentialID, hashes);
    probe.authorised = { status: ok.status, error: ok.error, signatures: Array.isArray(ok.body.signatures) ? ok.body.signatures.length : 0 };
    const again = await signWithToken(ctx, s, "sign the authorised hashes again", access, c.credentialID, hashes);
    probe.again = { status: again.status, error: again.error };
    return probe;
  });
}

function pageText(o: AuthorizationOutcome): string | undefined {
  return o.texts.page;
}
