/**
 * No PIN, OTP, password, SAD or token appears in any output: `rssp-audit assess` runs against the
 * reference RSSP (in this process, so that every SAD and token the CSC client received can be
 * captured), then every file under the output folder, stdout and stderr are searched for the
 * fixture's literal secrets and for every SAD and token seen.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { startFixture } from "../../fixtures/rssp/index.ts";
import { CscClient } from "../../src/csc/client.ts";
import { main } from "../../src/cli/main.ts";
import { tempDir } from "../helpers/temp.ts";


function* files(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else yield path;
  }
}

// Both conformant providers: the variant sends authData under other ids and echoes IDs in errors.
for (const profile of ["conformant", "conformant-variant"]) test(`${profile}: assess writes no PIN, OTP, password, SAD or token anywhere`, async () => {
  const fixture = await startFixture({ profile });
  try {
    await assessWithoutSecrets(fixture, profile);
  } finally {
    await fixture.stop();
  }
});

async function assessWithoutSecrets(fixture: Awaited<ReturnType<typeof startFixture>>, profile: string): Promise<void> {
  // Capture every SAD and token the client receives (the transcripts only ever show them redacted).
  const seen = new Set<string>();
  const sent = new Set<string>();
  const proto = CscClient.prototype as unknown as Record<string, (...args: unknown[]) => Promise<{ body: Record<string, unknown> }>>;
  const originals = new Map<string, (...args: unknown[]) => Promise<{ body: Record<string, unknown> }>>();
  for (const method of ["authorize", "login", "extendTransaction"]) {
    const original = proto[method]!;
    originals.set(method, original);
    proto[method] = async function (this: unknown, ...args: unknown[]) {
      const a = args[2] as { otp?: string; pin?: string } | undefined;
      if (method === "authorize" && a?.otp) sent.add(a.otp);
      if (method === "authorize" && a?.pin) sent.add(a.pin);
      const reply = await original.apply(this, args);
      for (const k of ["SAD", "access_token", "refresh_token"]) if (typeof reply.body[k] === "string") seen.add(reply.body[k] as string);
      return reply;
    };
  }
  const out = tempDir("rssp-audit-secrets");
  let stdout = "";
  let stderr = "";
  const writeOut = process.stdout.write.bind(process.stdout);
  const writeErr = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((chunk: string | Uint8Array) => ((stdout += String(chunk)), true)) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => ((stderr += String(chunk)), true)) as typeof process.stderr.write;
  let code: number;
  try {
    code = await main(["node", "rssp-audit", "assess", "--config", fixture.assessmentFile, "--out", out, "--format", "json,md,junit,sarif"]);
  } finally {
    process.stdout.write = writeOut;
    process.stderr.write = writeErr;
    for (const [method, original] of originals) proto[method] = original;
  }
  assert.ok(code === 0 || code === 1, `exit ${code}: ${stderr.slice(0, 500)}`);
  assert.ok(seen.size >= 5, `only ${seen.size} SADs/tokens captured`);
  const literal = Object.values(JSON.parse(readFileSync(fixture.secretsFile, "utf8")) as Record<string, Record<string, string>>).flatMap((v) => Object.values(v));
  const needles = [...literal, ...seen, ...[...sent].filter((s) => s.length >= 6)];
  const haystacks: Array<[string, string]> = [["stdout", stdout], ["stderr", stderr]];
  for (const f of files(out)) haystacks.push([f, readFileSync(f).toString("latin1")]);
  assert.ok(haystacks.length > 10, "too few output files");
  for (const [name, text] of haystacks) {
    for (const needle of needles) assert.ok(!text.includes(needle), `${name} contains a secret (${needle.length} characters)`);
  }
  const report = JSON.parse(readFileSync(join(out, "report.json"), "utf8")) as { checks: Array<{ id: string; status: string }> };
  // The variant's cert/tls forks belong to their own checks' owners; its csc checks must all pass here.
  const families = profile === "conformant" ? /^(csc|cert|tls)\./ : /^csc\./;
  const csc = report.checks.filter((c) => families.test(c.id));
  assert.ok(csc.length >= (profile === "conformant" ? 38 : 27), `${csc.length} checks in report.json`);
  // csc.sad.max-uses is advisory on the CSC-following reference RSSP (Part II 附録1 says べき).
  for (const c of csc) assert.ok((c.id === "csc.sad.max-uses" ? ["advisory"] : ["pass", "not-applicable"]).includes(c.status), `${c.id}: ${c.status}`);
}
