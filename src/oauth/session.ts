/**
 * One OAuth 2.0 assessment session, shared by every oauth.* check (`ctx.shared`): the provider's
 * discovery (CSC info → issuer → RFC 8414 metadata), the assessor's client, the oauth2code
 * credentials of the configured accounts, a code allocator (TOTP seeds, or the accounts' `otp:`
 * sources — typed at the prompt or printed by a command — for a sign-in page that sends an SMS or
 * e-mail code), one secret registry and one transcript.
 * Whether OAuth applies at all is decided here, once: no OAuth offered → every oauth check is
 * not-applicable; offered but no client configured → manual (the assessor lacks access).
 */
import type { Agent } from "node:https";
import type { CheckContext, CheckOutcome, SignerAccount } from "../check/types.ts";
import { CscClient } from "../csc/client.ts";
import { makeAgent, type HttpLimits } from "../csc/http.ts";
import { SecretRegistry } from "../csc/redact.ts";
import { Transcript, transcriptsJson } from "../csc/transcript.ts";
import { OtpAllocator } from "../csc/otp.ts";
import { exclusionsOf } from "../csc/credential-scope.ts";
import { externalSource } from "../csc/otp-source.ts";
import { sharedPrompter } from "../csc/prompter-shared.ts";
import { signInAnnouncement, signInCodesNeeded } from "./sign-in-codes.ts";
import { getPage } from "./http.ts";
import { SIGN_ALGO, chooseSignAlgo } from "../csc/algorithms.ts";
import type { LoginRecipe, Screenshot } from "./login-driver.ts";

export interface OAuthCredential {
  signer: string;
  credentialID: string;
  /** A signAlgo the credential announces (key/algo) for its own key type. */
  signAlgo?: string;
}

export interface OAuthSession {
  client: CscClient;
  agent: Agent;
  limits: HttpLimits;
  secrets: SecretRegistry;
  transcript: Transcript;
  otp: OtpAllocator;
  issuer: string;
  metadata: Record<string, unknown>;
  /** The CSC version info announced (`specs`: 1.0.4.0, 2.0.0.2, 2.1.x, 2.2.x…). */
  specs: string;
  /** What the provider's authorization server speaks beyond the classical request (from its metadata). */
  features: OAuthFeatures;
  config: { clientId: string; clientSecret: string; redirectUri: string; recipe: LoginRecipe; signers: SignerAccount[] };
  /** oauth2code credentials by configured account, in configuration order. */
  credentials: OAuthCredential[];
  screenshots: Screenshot[];
}

/**
 * Pushed authorization requests (RFC 9126 §5: the endpoint's presence is enough to use them;
 * `required` when require_pushed_authorization_requests is true) and authorization_details of
 * type credential (RFC 9396 §10 authorization_details_types_supported; CSC v2 §8.4.2).
 */
export interface OAuthFeatures {
  par?: { endpoint: string; required: boolean };
  authorizationDetails: boolean;
}

/** The features a metadata document announces (pure). */
export function featuresOf(metadata: Record<string, unknown>): OAuthFeatures {
  const endpoint = metadata.pushed_authorization_request_endpoint;
  const types = metadata.authorization_details_types_supported;
  return {
    ...(typeof endpoint === "string" && endpoint.startsWith("https://") ? { par: { endpoint, required: metadata.require_pushed_authorization_requests === true } } : {}),
    authorizationDetails: Array.isArray(types) && types.includes("credential"),
  };
}

/** Why the oauth checks do not run: not offered (not-applicable, catalog reason `no-oauth`) or no access (manual). */
export type OAuthUnavailable = { status: "not-applicable" | "manual"; reason: string };

export const OAUTH_SESSION_KEY = "oauth:session";

export function oauthSession(ctx: CheckContext): Promise<OAuthSession | OAuthUnavailable> {
  return ctx.shared(OAUTH_SESSION_KEY, () => openSession(ctx));
}

/** The outcome every oauth check returns when OAuth cannot be assessed. */
export function unavailableOutcome(u: OAuthUnavailable, where: string): CheckOutcome {
  return {
    status: u.status,
    summary: u.reason,
    observations: [{ expected: { ja: "評価対象のOAuth 2.0によるクレデンシャル認可", en: "OAuth 2.0 credential authorization to assess" }, observed: u.reason, where }],
    ...(u.status === "not-applicable" ? { notApplicableReason: "no-oauth" } : {}),
  };
}

async function openSession(ctx: CheckContext): Promise<OAuthSession | OAuthUnavailable> {
  const csc = ctx.target.csc!;
  const secrets = new SecretRegistry();
  const limits = csc.client ?? { timeoutMs: 10_000, rateLimitPerSecond: 20, maxResponseBytes: 1_048_576 };
  const client = new CscClient({ baseUrl: csc.baseUrl, ca: csc.tlsCa, limits, rateLimitPerSecond: limits.rateLimitPerSecond, secrets });
  const transcript = new Transcript("oauth: discovery, authorizations, credential tokens");
  const info = await client.info(transcript, ctx.signal);
  const authType = Array.isArray(info.body.authType) ? info.body.authType.map(String) : [];
  const issuer = typeof info.body.oauth2Issuer === "string" ? info.body.oauth2Issuer : typeof info.body.oauth2 === "string" ? info.body.oauth2 : undefined;
  if (!authType.includes("oauth2code") || !issuer) return { status: "not-applicable", reason: "the provider offers no OAuth 2.0 authorization code flow (info: authType, oauth2)" };
  const cfg = csc.oauth2;
  if (!cfg) return { status: "manual", reason: "the provider offers OAuth 2.0, but the assessment configures no OAuth client (target.csc.oauth2): the assessor must examine it by hand" };
  const config = { clientId: cfg.clientId, clientSecret: cfg.clientSecret.reveal(), redirectUri: cfg.redirectUri, recipe: cfg.recipe, signers: cfg.signers };
  secrets.add(config.clientSecret, "OAuth client secret");
  for (const s of cfg.signers) {
    secrets.add(s.password?.reveal(), "password");
    secrets.add(s.totpSecret?.reveal(), "TOTP seed");
  }
  const agent = makeAgent(csc.tlsCa);
  let metadata: Record<string, unknown> = {};
  // RFC 8414 §3: the metadata of an issuer with a path lives at /.well-known/oauth-authorization-server{path}.
  // Only with oauth2Issuer (CSC v2 §11.1); a bare `oauth2` base URI has no discovery, the CSC endpoints hang under it.
  if (typeof info.body.oauth2Issuer === "string") {
    const meta = await getPage(transcript, "RFC 8414 metadata", metadataUrl(issuer), { agent, limits, secrets, signal: ctx.signal });
    try {
      const parsed = meta.status === 200 ? (JSON.parse(meta.text) as unknown) : undefined;
      if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) metadata = parsed as Record<string, unknown>;
    } catch {
      /* no metadata: the endpoints default to the CSC convention under the issuer */
    }
  }
  // A seed where there is one; otherwise the account's otp source, asked when the sign-in page asks for the code.
  // Typed at the prompt: on the assessment's one prompter, in one queue with the CSC session's questions.
  const external = cfg.signers.filter((s) => s.otp && !s.totpSecret);
  const prompter = await sharedPrompter(ctx);
  const otp = new OtpAllocator(
    cfg.signers.filter((s) => s.totpSecret).map((s) => ({ signer: s.id, seed: s.totpSecret!.reveal() })),
    external.map((s) => ({ signer: s.id, source: externalSource(s.otp!, prompter) })),
  );
  const credentials: OAuthCredential[] = [];
  const scope = exclusionsOf(ctx.target);
  // Credentials are listed with a basic login where the provider offers it (no OTP spent).
  if (authType.includes("basic")) {
    for (const s of cfg.signers) {
      if (!s.password) continue;
      const login = await client.login(transcript, s.username, s.password.reveal());
      const token = login.body.access_token;
      if (typeof token !== "string") continue;
      secrets.add(token, "access token");
      const list = await client.call(transcript, `list ${s.id}'s credentials`, "credentials/list", {}, { auth: { bearer: token } });
      // The assessment's scope applies from the listing on: an excluded credential is not even described (src/csc/credential-scope.ts).
      for (const id of Array.isArray(list.body.credentialIDs) ? list.body.credentialIDs.filter((x): x is string => typeof x === "string" && !scope.has(x)) : []) {
        const d = await client.call(transcript, `describe ${id}`, "credentials/info", { credentialID: id }, { auth: { bearer: token } });
        const mode = (d.body.auth as { mode?: unknown } | undefined)?.mode ?? d.body.authMode;
        if (mode === "oauth2code") credentials.push({ signer: s.id, credentialID: id, ...signAlgoOf(d.body) });
      }
    }
  }
  if (credentials.length === 0) return { status: "manual", reason: "no oauth2code credential was found for the configured OAuth accounts (target.csc.oauth2.signers)" };
  const prompted = external.filter((s) => s.otp!.kind === "prompt").map((s) => s.id);
  if (prompted.length) prompter.announce(signInAnnouncement(signInCodesNeeded(credentials, cfg.recipe, prompted), prompted));
  const specs = typeof info.body.specs === "string" ? info.body.specs : "";
  return { client, agent, limits, secrets, transcript, otp, issuer: issuer.replace(/\/+$/, ""), metadata, specs, features: featuresOf(metadata), config, credentials, screenshots: [] };
}

/** RFC 8414 §3.1: the well-known segment goes between the host and the issuer's path. */
export function metadataUrl(issuer: string): string {
  const u = new URL(issuer);
  const path = u.pathname.replace(/\/+$/, "");
  return `${u.origin}/.well-known/oauth-authorization-server${path}`;
}

/** The signAlgo for an oauth2code credential from its credentials/info (key/algo, key type from the algos). */
function signAlgoOf(body: Record<string, unknown>): { signAlgo?: string } {
  const key = body.key as { algo?: unknown } | undefined;
  const algos = Array.isArray(key?.algo) ? key.algo.filter((a): a is string => typeof a === "string") : Array.isArray(body["key/algo"]) ? (body["key/algo"] as unknown[]).filter((a): a is string => typeof a === "string") : [];
  const kind = algos.some((a) => SIGN_ALGO[a]?.key === "ec") ? "ec" : algos.some((a) => SIGN_ALGO[a]?.key === "rsa") ? "rsa" : undefined;
  const chosen = kind ? chooseSignAlgo(algos, kind) : undefined;
  return chosen ? { signAlgo: chosen } : {};
}

/** The endpoint URLs, from the metadata or the CSC defaults under the issuer. */
export function endpoints(s: OAuthSession): { authorize: string; token: string } {
  const str = (k: string) => (typeof s.metadata[k] === "string" ? (s.metadata[k] as string) : undefined);
  return { authorize: str("authorization_endpoint") ?? `${s.issuer}/oauth2/authorize`, token: str("token_endpoint") ?? `${s.issuer}/oauth2/token` };
}

/** The session's transcript as evidence (scrubbed of every secret known by now). */
export function transcriptEvidence(s: OAuthSession): { name: string; mediaType: string; content: string } {
  return { name: "transcript.json", mediaType: "application/json", content: transcriptsJson([s.transcript], s.secrets) };
}

export function signerAccount(s: OAuthSession, id: string): SignerAccount {
  return s.config.signers.find((x) => x.id === id)!;
}
