/**
 * `assess --help` names the exit codes and gives an example; `demo --help` lists every profile
 * the reference RSSP accepts (fault profiles and design profiles), and a name outside them is a
 * usage error (exit 2) that lists them all — online-otp included — before any fixture starts.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { DESIGN_PROFILES, PROFILES } from "../../fixtures/rssp/faults.ts";
import { demoProfilesHelp } from "../../src/cli/help-texts.ts";
import { runCli } from "../helpers/cli.ts";

test("assess --help: exit codes 0–3 with their meaning, and an example", async () => {
  const r = await runCli(["assess", "--help"]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^Exit codes:$/m);
  assert.match(r.stdout, /^ {2}0 {2}conformant/m);
  assert.match(r.stdout, /^ {2}1 {2}falls short .* or incomplete/m);
  assert.match(r.stdout, /^ {2}2 {2}bad input/m);
  assert.match(r.stdout, /^ {2}3 {2}could not finish/m);
  assert.match(r.stdout, /^Example:\n {2}rssp-audit assess --config assessment\.yaml/m);
});

test("demo --help lists every profile of the reference RSSP, with what it switches", async () => {
  const r = await runCli(["demo", "--help"]);
  assert.equal(r.code, 0, r.stderr);
  const names = [...Object.keys(PROFILES), ...Object.keys(DESIGN_PROFILES)];
  assert.ok(names.includes("online-otp") && names.length > 10);
  for (const name of names) assert.match(r.stdout, new RegExp(`^ {2}${name} +\\S`, "m"), name);
  for (const fault of PROFILES["keys-weak"]!) assert.ok(r.stdout.includes(fault), fault);
  assert.match(r.stdout, /^Example:\n {2}rssp-audit demo /m);
  assert.match(demoProfilesHelp(undefined, undefined), /not available/);
});

test("demo --profile with an unknown name: exit 2, one line listing every profile (design profiles too)", async () => {
  const r = await runCli(["demo", "--out", "unused-demo-out", "--profile", "no-such-profile"]);
  assert.equal(r.code, 2);
  const line = r.stderr.trim().split("\n");
  assert.equal(line.length, 1, r.stderr);
  for (const name of [...Object.keys(PROFILES), ...Object.keys(DESIGN_PROFILES)]) assert.ok(line[0]!.includes(name), name);
});
