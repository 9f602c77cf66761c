/**
 * RFC 3161 tokens on checkpoints: tokens made by a real TSA (`openssl ts -reply`), each verdict
 * cross-checked with `openssl ts -verify` over the same token, data and anchor.
 */
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { checkpointMessage } from "../../src/log/format.ts";
import { runCli } from "../helpers/cli.ts";
import { makeTestPki, type TestPki } from "./helpers/pki.ts";
import { cleanLog, type LogWriterOptions } from "./helpers/log-writer.ts";
import { makeTsa, type Tsa } from "./helpers/tsa.ts";
import { handmadeToken } from "./helpers/handmade-token.ts";
import { codes, verifyAllWays } from "./helpers/verify-all-ways.ts";

let pki: TestPki;
let tsa: Tsa;
let rogueTsa: Tsa;

before(async () => {
  [pki, tsa, rogueTsa] = await Promise.all([makeTestPki(), makeTsa("Test TSA"), makeTsa("Rogue TSA")]);
});
after(() => {
  tsa.dispose();
  rogueTsa.dispose();
});

/** A clean signed log (seqs 0..60, checkpoints at 20, 40, 60) whose checkpoints carry `stamp(message)`. */
function stampedLog(stamp: (message: Buffer, n: number) => Buffer, options: LogWriterOptions = {}): { text: string; messages: Buffer[]; tokens: Buffer[] } {
  const messages: Buffer[] = [];
  const tokens: Buffer[] = [];
  const w = cleanLog(60, 20, {
    key: pki.logSigner.key,
    ...options,
    timestamp: (message) => {
      const token = stamp(message, messages.length);
      messages.push(message);
      tokens.push(token);
      return token.toString("base64");
    },
  });
  return { text: w.text(), messages, tokens };
}

const trusted = () => ({ certPem: pki.logSigner.certPem, trustAnchorsPem: [pki.rootPem], tsaTrustAnchorsPem: [tsa.rootPem] });

test("tokens from the trusted TSA verify on every checkpoint, as openssl ts -verify agrees", async () => {
  const log = stampedLog((m) => tsa.stamp(m));
  const o = await verifyAllWays([log.text], trusted());
  assert.deepEqual(codes(o), []);
  assert.equal(o.intact, true);
  assert.equal(o.checkpoints, 3);
  assert.equal(o.timestampedCheckpoints, 3);
  log.tokens.forEach((t, i) => assert.ok(tsa.opensslVerifies(t, log.messages[i]!, tsa.rootPem), `openssl accepts token ${i}`));
});

test("a token copied from another checkpoint is an imprint mismatch at that checkpoint", async () => {
  const log = stampedLog((m, n) => tsa.stamp(n === 1 ? checkpointMessage("test-log", 20, "0".repeat(64)) : m));
  const o = await verifyAllWays([log.text], trusted());
  assert.deepEqual(codes(o), ["tst.imprint-mismatch@40"]);
  assert.equal(o.timestampedCheckpoints, 2);
  assert.equal(o.intact, false);
  assert.equal(tsa.opensslVerifies(log.tokens[1]!, log.messages[1]!, tsa.rootPem), false, "openssl rejects it too");
});

test("a token from a TSA that does not chain to the TSA trust anchor is untrusted", async () => {
  const log = stampedLog((m) => rogueTsa.stamp(m));
  const o = await verifyAllWays([log.text], trusted());
  assert.deepEqual(codes(o), ["tst.untrusted@20", "tst.untrusted@40", "tst.untrusted@60"]);
  assert.match(o.problems[0]!.message, /Rogue TSA.*does not chain to a trust anchor/);
  assert.equal(tsa.opensslVerifies(log.tokens[0]!, log.messages[0]!, tsa.rootPem), false, "openssl rejects it too");
  assert.equal(rogueTsa.opensslVerifies(log.tokens[0]!, log.messages[0]!, rogueTsa.rootPem), true, "a genuine token, only from the wrong TSA");
});

test("a token from a TSA whose certificate had expired at genTime is untrusted, as openssl finds", async () => {
  const expired = await makeTsa("Expired TSA", "2025-01-01T00:00:00Z");
  try {
    const log = stampedLog((m) => expired.stamp(m));
    const o = await verifyAllWays([log.text], { ...trusted(), tsaTrustAnchorsPem: [expired.rootPem] });
    assert.deepEqual(codes(o), ["tst.untrusted@20", "tst.untrusted@40", "tst.untrusted@60"]);
    assert.match(o.problems[0]!.message, /not valid at the token's time .*Expired TSA expired 2025-01-01/);
    assert.equal(expired.opensslVerifies(log.tokens[0]!, log.messages[0]!, expired.rootPem), false, "openssl rejects it too");
  } finally {
    expired.dispose();
  }
});

test("without a TSA trust anchor, a TSA outside the log's anchors is a warning, not a pass", async () => {
  const log = stampedLog((m) => tsa.stamp(m));
  const o = await verifyAllWays([log.text], { certPem: pki.logSigner.certPem, trustAnchorsPem: [pki.rootPem] });
  assert.deepEqual(codes(o), ["tst.chain-unchecked@-"]);
  assert.equal(o.problems[0]!.severity, "warning");
  assert.equal(o.timestampedCheckpoints, 0);
  assert.equal(o.intact, true);
});

test("an altered token (signature or signed content) is invalid, as openssl finds", async () => {
  const signatureFlipped = (m: Buffer): Buffer => {
    const t = tsa.stamp(m);
    t[t.length - 3]! ^= 0x01; // inside the SignerInfo's signature, the token's last field
    return t;
  };
  const contentChanged = (m: Buffer): Buffer => {
    const t = tsa.stamp(m);
    const at = t.indexOf(Buffer.from("Z", "latin1"), t.indexOf(Buffer.from([0x18]))); // genTime's GeneralizedTime ends in Z
    assert.ok(at > 0);
    t[at - 1] = t[at - 1] === 0x30 ? 0x31 : 0x30; // another second
    return t;
  };
  for (const [alter, why] of [
    [signatureFlipped, /signature does not verify/],
    [contentChanged, /message-digest attribute does not match/],
  ] as const) {
    const log = stampedLog((m, n) => (n === 0 ? alter(m) : tsa.stamp(m)));
    const o = await verifyAllWays([log.text], trusted());
    assert.deepEqual(codes(o), ["tst.invalid@20"]);
    assert.match(o.problems[0]!.message, why);
    assert.equal(tsa.opensslVerifies(log.tokens[0]!, log.messages[0]!, tsa.rootPem), false, "openssl rejects it too");
  }
});

test("a token signed by a certificate that is not a TSA's, or without the ESS attribute, is invalid", async () => {
  const firstMessage = (() => {
    const messages: Buffer[] = [];
    cleanLog(20, 20, { timestamp: (m) => (messages.push(m), "") });
    return messages[0]!; // the first checkpoint's input does not depend on signatures: the same in every log below
  })();
  const cases = [
    { name: "control: the TSA's own certificate", token: await handmadeToken(firstMessage, { certPem: tsa.certPem, key: tsa.key }), expect: [], openssl: true },
    { name: "the log signer's certificate", token: await handmadeToken(firstMessage, { certPem: pki.logSigner.certPem, key: pki.logSigner.key }), expect: ["tst.invalid@20"], why: /not a TSA certificate/, openssl: false },
    { name: "no ESS attribute", token: await handmadeToken(firstMessage, { certPem: tsa.certPem, key: tsa.key, withoutEss: true }), expect: ["tst.invalid@20"], why: /no ESS signing-certificate/, openssl: false },
  ];
  for (const c of cases) {
    const log = stampedLog((m, n) => (n === 0 ? (assert.deepEqual(m, firstMessage), c.token) : tsa.stamp(m)));
    const o = await verifyAllWays([log.text], { ...trusted(), tsaTrustAnchorsPem: [tsa.rootPem, pki.rootPem] });
    assert.deepEqual(codes(o), c.expect, c.name);
    if (c.why) assert.match(o.problems[0]!.message, c.why);
    const anchor = c.name === "the log signer's certificate" ? pki.rootPem : tsa.rootPem;
    assert.equal(tsa.opensslVerifies(c.token, firstMessage, anchor), c.openssl, `openssl agrees: ${c.name}`);
  }
});

test("a tst that is not a token at all is invalid, with a one-line reason", async () => {
  for (const junk of [Buffer.from("not a token"), Buffer.alloc(0), Buffer.from([0x30, 0x82, 0xff, 0xff, 0x01])]) {
    const log = stampedLog((m, n) => (n === 0 ? junk : tsa.stamp(m)));
    const o = await verifyAllWays([log.text], trusted());
    assert.deepEqual(codes(o), ["tst.invalid@20"], `for ${junk.toString("hex")}`);
    assert.doesNotMatch(o.problems[0]!.message, /\n/);
  }
});

test("a checkpoint dated after its token's time is reported (the log's clock runs ahead)", async () => {
  const log = stampedLog((m) => tsa.stamp(m), { start: Date.now() + 3_600_000 });
  const o = await verifyAllWays([log.text], trusted());
  assert.deepEqual(codes(o), ["tst.time@20", "tst.time@40", "tst.time@60"]);
  assert.match(o.problems[0]!.message, /is later than the TSA's/);
});

test("log verify --tsa-trust-anchor counts time-stamped checkpoints; a bad anchor file is exit 2", async () => {
  const dir = mkdtempSync(join(tmpdir(), "rssp-tst-cli-"));
  try {
    const file = (name: string, content: string): string => (writeFileSync(join(dir, name), content), join(dir, name));
    const log = file("audit.log", stampedLog((m) => tsa.stamp(m)).text);
    const args = ["log", "verify", log, "--cert", file("signer.pem", pki.logSigner.certPem), "--trust-anchor", file("root.pem", pki.rootPem)];
    const ok = await runCli([...args, "--tsa-trust-anchor", file("tsa-root.pem", tsa.rootPem)]);
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, /3 checkpoint\(s\) \(3 with a verified signature, 3 time-stamped\): intact/);
    const json = await runCli([...args, "--tsa-trust-anchor", join(dir, "tsa-root.pem"), "--format", "json"]);
    assert.equal(JSON.parse(json.stdout).timestampedCheckpoints, 3);
    const bad = await runCli([...args, "--tsa-trust-anchor", file("junk.pem", "hello")]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /TSA trust anchor: no PEM certificate found/);
    assert.doesNotMatch(bad.stderr, /\n\s+at /, "no stack trace");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
