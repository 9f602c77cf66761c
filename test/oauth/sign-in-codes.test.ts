/**
 * The count of OAuth sign-in codes announced up front (src/oauth/sign-in-codes.ts): its list of
 * sign-ins is held to the checks' code (a check that signs in and is not listed would make the
 * announcement short), and the count goes to the first credential's account, where the recipe asks
 * for a code.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "../helpers/cli.ts";
import { SIGN_INS, signInAnnouncement, signInCodesNeeded } from "../../src/oauth/sign-in-codes.ts";
import type { LoginRecipe } from "../../src/oauth/recipe.ts";

/** The flows that end in a browser sign-in (src/oauth/flows.ts). */
const SIGNS_IN = /\b(?:bindingProbe|credentialToken|loginInBrowser)\(/;

test("every oauth check that signs in is in the list, once; every listed check signs in", () => {
  const dir = join(REPO_ROOT, "checks", "oauth");
  const signingIn = readdirSync(dir)
    .filter((f) => f.endsWith(".ts"))
    .filter((f) => SIGNS_IN.test(readFileSync(join(dir, f), "utf8")))
    .map((f) => `oauth.${f.replace(/\.ts$/, "")}`)
    .sort();
  const listed = SIGN_INS.flatMap((s) => s.checks);
  assert.equal(new Set(listed).size, listed.length, "a check is listed twice");
  assert.deepEqual([...listed].sort(), signingIn);
  // The binding probe is one sign-in for all the checks that read it.
  const probe = SIGN_INS.find((s) => /bindingProbe/.test(s.by))!;
  for (const id of probe.checks) assert.match(readFileSync(join(dir, `${id.slice("oauth.".length)}.ts`), "utf8"), /\bbindingProbe\(/, id);
});

test("the codes go to the first credential's account, only where the recipe asks for a code; the announcement says so", () => {
  const withOtp: LoginRecipe = { steps: [{ fill: "#username", with: "username" }, { fill: "#otp", with: "otp" }, { click: "#approve" }] };
  const without: LoginRecipe = { steps: [{ fill: "#username", with: "username" }, { click: "#approve" }] };
  const creds = [{ signer: "dave" }, { signer: "dave" }, { signer: "erin" }];
  const counted = SIGN_INS.filter((s) => !s.onlyIfFault).length;
  assert.deepEqual(signInCodesNeeded(creds, withOtp, ["dave", "erin"]), [{ id: "dave", n: counted }]);
  assert.deepEqual(signInCodesNeeded(creds, withOtp, ["erin"]), []);
  assert.deepEqual(signInCodesNeeded(creds, without, ["dave"]), []);
  assert.match(signInAnnouncement([{ id: "dave", n: 2 }], ["dave"]), /^\[rssp-audit\] The OAuth sign-ins will ask for about 2 one-time code\(s\): dave 2 \(one per sign-in .*without PKCE\)\. Keep the test accounts' phones or mailboxes at hand\.$/);
  assert.match(signInAnnouncement([], ["erin"]), /No OAuth sign-in of erin reaches a one-time code field: no code will be asked for/);
});
