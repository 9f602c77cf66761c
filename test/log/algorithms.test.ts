/**
 * Checkpoint signature algorithms by their standard names: logs whose checkpoints are signed by
 * `openssl` with each algorithm verify intact, one tampered record is caught at its seq, and a
 * key that is not the algorithm's is a finding (checkpoint.alg-key-mismatch), never a crash.
 */
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createPrivateKey, sign } from "node:crypto";
import { readFileSync } from "node:fs";
import { cleanLog, editRecord, toText } from "./helpers/log-writer.ts";
import { makeOpensslPki, type KeyKind, type OpensslKey, type OpensslPki } from "./helpers/openssl-pki.ts";
import { codes, verifyAllWays } from "./helpers/verify-all-ways.ts";

let pki: OpensslPki;
const keys = new Map<KeyKind, OpensslKey>();

before(() => {
  pki = makeOpensslPki();
  for (const kind of ["ec-p256", "ec-p384", "ec-p521", "rsa2048", "ed25519"] as const) keys.set(kind, pki.leaf(kind));
});
after(() => pki.dispose());

type How = Parameters<OpensslPki["sign"]>[2];

/** Each algorithm, under the names a log may give it, with the key and the openssl signing mode. */
const CASES: Array<{ alg: string; kind: KeyKind; how: How }> = [
  { alg: "ES256", kind: "ec-p256", how: "sha256" },
  { alg: "ecdsa-p256-sha256", kind: "ec-p256", how: "sha256" },
  { alg: "1.2.840.10045.4.3.2", kind: "ec-p256", how: "sha256" },
  { alg: "ES384", kind: "ec-p384", how: "sha384" },
  { alg: "ES512", kind: "ec-p521", how: "sha512" },
  { alg: "RS256", kind: "rsa2048", how: "sha256" },
  { alg: "1.2.840.113549.1.1.11", kind: "rsa2048", how: "sha256" },
  { alg: "PS256", kind: "rsa2048", how: "pss-sha256" },
  { alg: "EdDSA", kind: "ed25519", how: "ed25519" },
  { alg: "1.3.101.112", kind: "ed25519", how: "ed25519" },
];

/** Record times within the certificates' validity (issued by openssl a moment ago, notBefore = then). */
const recent = (): number => Date.now() + 1000;

function opensslLog(alg: string, kind: KeyKind, how: How) {
  const key = keys.get(kind)!;
  const lines = cleanLog(60, 20, { alg, start: recent(), stepMs: 100, signWith: (m) => pki.sign(key, m, how).toString("base64") }).lines;
  return { lines, trust: { certPem: key.certPem, trustAnchorsPem: [pki.rootPem] } };
}

for (const c of CASES) {
  test(`${c.alg}: a log signed by openssl (${c.kind}, ${c.how}) verifies; one edited record is caught at its seq`, async () => {
    const { lines, trust } = opensslLog(c.alg, c.kind, c.how);
    const o = await verifyAllWays([toText(lines)], trust);
    assert.deepEqual(codes(o), []);
    assert.equal(o.intact, true);
    assert.equal(o.signedCheckpoints, 3);
    const tampered = await verifyAllWays([toText(editRecord(lines, 33, (r) => (r.actor = "mallory")))], trust);
    assert.deepEqual(codes(tampered), ["record.modified@33"]);
    assert.equal(tampered.problems[0]!.line, 34);
  });
}

test("ECDSA signatures as raw r‖s (as HSMs and JWS give them) verify for P-256, P-384 and P-521", async () => {
  for (const [alg, kind, hash] of [["ES256", "ec-p256", "sha256"], ["ES384", "ec-p384", "sha384"], ["ES512", "ec-p521", "sha512"]] as const) {
    const key = keys.get(kind)!;
    const priv = createPrivateKey(readFileSync(key.keyFile));
    const lines = cleanLog(40, 20, { alg, start: recent(), stepMs: 100, signWith: (m) => sign(hash, m, { key: priv, dsaEncoding: "ieee-p1363" }).toString("base64") }).lines;
    const o = await verifyAllWays([toText(lines)], { certPem: key.certPem, trustAnchorsPem: [pki.rootPem] });
    assert.deepEqual(codes(o), [], alg);
    assert.equal(o.signedCheckpoints, 2, alg);
  }
});

test("a signature made with another algorithm than alg names does not verify", async () => {
  // PKCS #1 v1.5 signatures labelled PS256, and SHA-256 ECDSA labelled ES384 on a P-256 key's sibling
  const { lines, trust } = opensslLog("PS256", "rsa2048", "sha256");
  const o = await verifyAllWays([toText(lines)], trust);
  assert.deepEqual(codes(o), ["checkpoint.bad-signature@20", "checkpoint.bad-signature@40", "checkpoint.bad-signature@60"]);
});

test("a key that is not the algorithm's is a finding at each checkpoint, not a crash", async () => {
  const cases: Array<[string, KeyKind, How, RegExp]> = [
    ["ES384", "ec-p256", "sha384", /ES384 needs an EC P-384 key, the log-signing certificate has EC P-256/],
    ["ES256", "rsa2048", "sha256", /ES256 needs an EC P-256 key, the log-signing certificate has RSA 2048 bits/],
    ["RS256", "ed25519", "ed25519", /RS256 needs an RSA key, the log-signing certificate has Ed25519/],
    ["EdDSA", "ec-p521", "sha512", /EdDSA needs an Ed25519 key/],
  ];
  for (const [alg, kind, how, message] of cases) {
    const { lines, trust } = opensslLog(alg, kind, how);
    const o = await verifyAllWays([toText(lines)], trust);
    assert.deepEqual(codes(o), ["checkpoint.alg-key-mismatch@20", "checkpoint.alg-key-mismatch@40", "checkpoint.alg-key-mismatch@60"], alg);
    assert.match(o.problems[0]!.message, message);
    assert.equal(o.intact, false);
  }
});

test("an unknown alg is unsupported, naming what is accepted; RSA under 2048 bits is an unusable certificate", async () => {
  const { lines, trust } = opensslLog("HS256", "ec-p256", "sha256");
  const o = await verifyAllWays([toText(lines)], trust);
  assert.deepEqual(codes(o), ["checkpoint.unsupported-alg@20", "checkpoint.unsupported-alg@40", "checkpoint.unsupported-alg@60"]);
  assert.match(o.problems[0]!.message, /"HS256" is not supported \(accepted: ES256, ecdsa-p256-sha256/);
  const weak = pki.leaf("rsa1024");
  const lines1024 = cleanLog(20, 20, { alg: "RS256", start: recent(), signWith: (m) => pki.sign(weak, m, "sha256").toString("base64") }).lines;
  const w = await verifyAllWays([toText(lines1024)], { certPem: weak.certPem, trustAnchorsPem: [pki.rootPem] });
  assert.equal(w.problems[0]!.code, "cert.invalid");
  assert.match(w.problems[0]!.message, /RSA 1024 bits, below the 2048-bit minimum/);
});
