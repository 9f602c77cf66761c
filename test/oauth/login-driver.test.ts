import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { driveAuthorization, RecipeMismatch, type LoginRecipe } from "../../src/oauth/login-driver.ts";
import { secretFromValue } from "../../src/config/secrets.ts";

// A minimal provider login + consent page (plain HTTP on loopback is enough to test the driver).
const PASSWORD = "correct horse battery";
const OTP = "492039";
const DIGEST = "q2Yd0TqGq0Vr0g2b3k6Xy0nU6cJfS8oD2s1eVwz9hLk=";
let server: Server;
let base: string;
const posted: Array<Record<string, string>> = [];

before(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    if (req.method === "GET" && url.pathname === "/authorize") {
      res.setHeader("content-type", "text/html; charset=utf-8");
      res.end(`<!doctype html><html><body>
        <img src="http://tracker.invalid/pixel.png">
        <form method="post" action="/login?state=${url.searchParams.get("state")}">
          <input id="user" name="user"><input id="pw" name="pw" type="password"><input id="otp" name="otp">
          <p>署名対象: <code id="digests">${DIGEST}</code></p>
          <button id="approve" type="submit">承認</button>
        </form></body></html>`);
    } else if (req.method === "POST" && url.pathname === "/login") {
      let body = "";
      req.setEncoding("utf8");
      req.on("data", (d: string) => (body += d));
      req.on("end", () => {
        posted.push(Object.fromEntries(new URLSearchParams(body)));
        res.writeHead(302, { location: `https://sca.invalid/callback?code=the-code&state=${url.searchParams.get("state")}` });
        res.end();
      });
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => new Promise<void>((r) => server.close(() => r())));

const recipe: LoginRecipe = {
  steps: [
    { fill: "#user", with: "username" },
    { fill: "#pw", with: "password" },
    { fill: "#otp", with: "otp" },
    { read: "#digests", as: "digests" },
    { click: "#approve" },
  ],
};

test("completes the flow from a recipe, reads the consent text, blocks other origins", async () => {
  const outcome = await driveAuthorization({
    authorizeUrl: `${base}/authorize?state=s-123`,
    redirectUri: "https://sca.invalid/callback",
    recipe,
    inputs: { username: "alice", password: secretFromValue(PASSWORD), otp: () => OTP },
  });
  assert.equal(outcome.redirect.code, "the-code");
  assert.equal(outcome.redirect.state, "s-123");
  assert.equal(outcome.texts.digests, DIGEST);
  assert.ok(outcome.blocked.some((u) => u.startsWith("http://tracker.invalid/")), "third-party request blocked");
  assert.deepEqual(posted.at(-1), { user: "alice", pw: PASSWORD, otp: OTP }, "the provider received what the recipe typed");
  assert.ok(outcome.screenshots.length >= 3);
  for (const s of outcome.screenshots) assert.deepEqual([...s.png.subarray(1, 4)], [0x50, 0x4e, 0x47], `${s.name} is a PNG`);
});

test("a page that does not match the recipe is a RecipeMismatch naming the step and the URL", async () => {
  await assert.rejects(
    driveAuthorization({
      authorizeUrl: `${base}/authorize?state=s`,
      redirectUri: "https://sca.invalid/callback",
      recipe: { steps: [{ fill: "#user", with: "username" }, { click: "#no-such-button" }] },
      inputs: { username: "alice" },
      timeoutMs: 2_000,
    }),
    (e: unknown) => e instanceof RecipeMismatch && /step 2: "#no-such-button" not found on http:\/\/127\.0\.0\.1/.test((e as Error).message),
  );
});

test("resolveUrl builds the request once the browser is up (a pushed request) and must stay on the provider's origin", async () => {
  let built = 0;
  const outcome = await driveAuthorization({
    authorizeUrl: `${base}/authorize`,
    resolveUrl: async () => {
      built++;
      return `${base}/authorize?state=pushed-1`;
    },
    redirectUri: "https://sca.invalid/callback",
    recipe,
    inputs: { username: "alice", password: secretFromValue(PASSWORD), otp: () => OTP },
  });
  assert.equal(built, 1);
  assert.equal(outcome.redirect.state, "pushed-1", "the page opened is the one resolveUrl built");
  await assert.rejects(
    driveAuthorization({ authorizeUrl: `${base}/authorize`, resolveUrl: async () => "https://elsewhere.invalid/authorize", redirectUri: "https://sca.invalid/callback", recipe, inputs: { username: "alice" }, timeoutMs: 2_000 }),
    (e: unknown) => e instanceof RecipeMismatch && /not on the provider's origin/.test((e as Error).message),
  );
});
