/**
 * The pure parts of CSC 2.x authorization: which features a provider's metadata announces (RFC 9126
 * §5, RFC 9396 §10), how a credential authorization is written (authorization_details of type
 * credential per CSC v2 §8.4.2 where announced, the hashes parameter otherwise), and the request
 * that refers to a pushed one (RFC 9126 §4: client_id and request_uri only).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { featuresOf, type OAuthSession } from "../../src/oauth/session.ts";
import { authorizeParams, authorizeUrl, detailsFor, SHA256_OID } from "../../src/oauth/flows.ts";
import { requestUriUrl } from "../../src/oauth/par.ts";
import { newPkce } from "../../src/oauth/pkce.ts";

const ISSUER = "https://as.example";
const session = (metadata: Record<string, unknown>) =>
  ({ issuer: ISSUER, metadata, features: featuresOf(metadata), config: { clientId: "client-1", clientSecret: "s", redirectUri: "https://sca.example/cb", recipe: { steps: [] }, signers: [] } }) as unknown as OAuthSession;
const HASHES = ["sTOgwOm+474gFj0q0x1iSNspKqbcse4IeiqlDg/HWuI=", "HZQzZmMAIWekfGH0/ZKW1nsdt0xg3H6bZYztgsMTLw0="];

test("featuresOf reads PAR and authorization_details from the metadata, and nothing else", () => {
  assert.deepEqual(featuresOf({}), { authorizationDetails: false });
  assert.deepEqual(featuresOf({ pushed_authorization_request_endpoint: `${ISSUER}/oauth2/pushed_authorize` }), { par: { endpoint: `${ISSUER}/oauth2/pushed_authorize`, required: false }, authorizationDetails: false });
  assert.deepEqual(featuresOf({ pushed_authorization_request_endpoint: `${ISSUER}/par`, require_pushed_authorization_requests: true, authorization_details_types_supported: ["payment", "credential"] }), { par: { endpoint: `${ISSUER}/par`, required: true }, authorizationDetails: true });
  // RFC 9126 §2: the PAR endpoint MUST use https; a string "true" is not the boolean; another RAR type is not credential.
  assert.deepEqual(featuresOf({ pushed_authorization_request_endpoint: "http://as.example/par", authorization_details_types_supported: ["payment"] }), { authorizationDetails: false });
  assert.equal(featuresOf({ pushed_authorization_request_endpoint: `${ISSUER}/par`, require_pushed_authorization_requests: "true" }).par?.required, false);
});

test("a credential authorization goes as authorization_details of type credential where the provider lists that type", () => {
  const s = session({ authorization_details_types_supported: ["credential"] });
  const pkce = newPkce();
  const q = authorizeParams(s, { scope: "credential", credentialID: "cred-1", hashes: HASHES, pkce, state: "st" });
  assert.equal(q.scope, undefined, "the CSC v2 §8.4.2 sample carries no scope with authorization_details");
  for (const k of ["hashes", "numSignatures", "hashAlgorithmOID", "credentialID"]) assert.equal(q[k], undefined, `${k} is inside authorization_details`);
  assert.deepEqual(JSON.parse(q.authorization_details!), [
    { type: "credential", credentialID: "cred-1", documentDigests: [{ hash: HASHES[0], label: "rssp-audit probe document 1" }, { hash: HASHES[1], label: "rssp-audit probe document 2" }], hashAlgorithmOID: SHA256_OID },
  ]);
  assert.equal(q.code_challenge, pkce.challenge);
  assert.equal(q.code_challenge_method, "S256");
  // A service authorization is unchanged.
  assert.equal(authorizeParams(s, { scope: "service", pkce }).scope, "service");
  assert.equal(detailsFor(s, { scope: "service" }), undefined);
});

test("without the type announced, the classical hashes parameter (base64url, comma-separated) is used", () => {
  const s = session({});
  const url = new URL(authorizeUrl(s, { scope: "credential", credentialID: "cred-1", hashes: HASHES, pkce: newPkce() }));
  assert.equal(url.origin + url.pathname, `${ISSUER}/oauth2/authorize`);
  assert.equal(url.searchParams.get("scope"), "credential");
  assert.equal(url.searchParams.get("numSignatures"), "2");
  assert.equal(url.searchParams.get("hashes"), HASHES.map((h) => Buffer.from(h, "base64").toString("base64url")).join(","));
  assert.equal(url.searchParams.get("authorization_details"), null);
});

test("the request that refers to a pushed one carries client_id and request_uri only (RFC 9126 §4)", () => {
  const url = new URL(requestUriUrl(`${ISSUER}/oauth2/authorize`, "client-1", "urn:ietf:params:oauth:request_uri:abc"));
  assert.deepEqual([...url.searchParams.keys()].sort(), ["client_id", "request_uri"]);
  assert.equal(url.searchParams.get("request_uri"), "urn:ietf:params:oauth:request_uri:abc");
});
