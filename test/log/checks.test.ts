import { test, before, after } from "node:test";
import { en } from "../helpers/text.ts";
import { plainTexts } from "../helpers/bilingual.ts";
import assert from "node:assert/strict";
import { runChecks } from "../helpers/run-checks.ts";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Check, Target } from "../../src/check/types.ts";
import { secretFromValue } from "../../src/config/secrets.ts";
import chainIntact from "../../checks/log/chain.intact.ts";
import eventsRequired from "../../checks/log/events.required.ts";
import recordsFields from "../../checks/log/records.fields.ts";
import timeMonotonic from "../../checks/log/time.monotonic.ts";
import secretsAbsent from "../../checks/log/secrets.absent.ts";
import retentionHorizon from "../../checks/log/retention.horizon.ts";
import { makeTestPki, type TestPki } from "./helpers/pki.ts";
import { cleanLog, LogWriter, rechain, toText, type LogWriterOptions } from "./helpers/log-writer.ts";
import { makeTsa } from "./helpers/tsa.ts";

const ALL = [chainIntact, eventsRequired, recordsFields, timeMonotonic, secretsAbsent, retentionHorizon];
const PIN = "739251";
const PASSWORD = "correct-horse-battery";
let pki: TestPki;
let dir: string;

before(async () => {
  pki = await makeTestPki();
  dir = mkdtempSync(join(tmpdir(), "rssp-log-checks-"));
  writeFileSync(join(dir, "record-retention.yaml"), "retentionYears: 30\n");
});
after(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
function target(text: string, extra: Partial<Target> = {}): Target {
  const file = join(dir, `audit-${n++}.log`);
  writeFileSync(file, text);
  return {
    name: "test",
    csc: { baseUrl: "https://127.0.0.1:1/csc/v2", signers: [{ id: "alice", username: "alice", pin: secretFromValue(PIN), password: secretFromValue(PASSWORD) }] },
    logs: [{ file, cert: pki.logSigner.certPem }],
    trustAnchors: [pki.rootPem],
    evidenceDir: dir,
    ...extra,
  };
}

const runAll = (t: Target, parameters: Record<string, unknown> = {}) => runChecks(ALL as Check[], t, parameters);

const signed = (o: LogWriterOptions = {}): LogWriterOptions => ({ key: pki.logSigner.key, ...o });

test("a clean, complete log passes every log.* check and hands its LogResult to the report", async () => {
  const r = await runAll(target(cleanLog(120, 40, signed()).text()));
  for (const [id, o] of r) assert.equal(o.status, "pass", `${id}: ${o.summary}`);
  const log = (r.get("log.chain.intact")!.facts as { log: { intact: boolean; records: number; head: unknown } }).log;
  assert.equal(log.intact, true);
  assert.equal(log.records, 121);
  assert.ok(log.head);
});

test("a tampered log fails log.chain.intact with the seq", async () => {
  const lines = cleanLog(120, 40, signed()).lines;
  lines[50] = lines[50]!.replace('"actor":"user-', '"actor":"eve-');
  const o = (await runAll(target(toText(lines)))).get("log.chain.intact")!;
  assert.equal(o.status, "fail");
  assert.ok(o.observations.some((x) => en(x.observed).startsWith("record.modified") && x.where.endsWith(":51 (seq 50)")), JSON.stringify(o.observations));
});

test("checkpoint time-stamp tokens are checked against the log's tsaTrustAnchors", async () => {
  const [tsa, rogue] = await Promise.all([makeTsa("Config TSA"), makeTsa("Rogue TSA")]);
  try {
    const withTokens = (from: typeof tsa): Target => {
      const t = target(cleanLog(30, 10, signed({ timestamp: (m) => from.stamp(m).toString("base64") })).text());
      return { ...t, logs: [{ ...t.logs[0]!, tsaTrustAnchors: [tsa.rootPem] }] };
    };
    assert.equal((await runAll(withTokens(tsa))).get("log.chain.intact")!.status, "pass");
    const o = (await runAll(withTokens(rogue))).get("log.chain.intact")!;
    assert.equal(o.status, "fail");
    assert.ok(o.observations.some((x) => en(x.observed).startsWith("tst.untrusted") && x.where.endsWith("(seq 10)")), JSON.stringify(o.observations));
  } finally {
    tsa.dispose();
    rogue.dispose();
  }
});

test("without a trust anchor the chain check cannot conclude: error, not pass", async () => {
  const o = (await runAll(target(cleanLog(20, 10, signed()).text(), { trustAnchors: [] }))).get("log.chain.intact")!;
  assert.equal(o.status, "error");
});

test("an unprotected tail fails the chain check (contract: no unprotected tail)", async () => {
  const w = cleanLog(20, 10, signed());
  w.record();
  assert.equal((await runAll(target(w.text()))).get("log.chain.intact")!.status, "fail");
  const tolerant = await runAll(target(w.text()), { "log.unprotectedTail.maxRecords": 5 });
  assert.equal(tolerant.get("log.chain.intact")!.status, "pass", "a short tail is tolerated when the parameter allows it");
});

test("missing event classes fail log.events.required, naming them", async () => {
  const w = new LogWriter(signed());
  for (let i = 0; i < 10; i++) w.record({ event: "signature.create" });
  w.checkpoint();
  const o = (await runAll(target(w.text()))).get("log.events.required")!;
  assert.equal(o.status, "fail");
  assert.match(en(o.summary), /identity-proofing/);
  assert.doesNotMatch(en(o.summary), /signing/);
});

test("a record without actor or outcome fails log.records.fields at its seq", async () => {
  const w = cleanLog(30, 10, signed());
  const lines = rechain(w.lines.map((l, i) => (i === 12 ? JSON.stringify({ ...JSON.parse(l), actor: undefined, outcome: "maybe" }) : l)), 12, pki.logSigner.key);
  const o = (await runAll(target(toText(lines)))).get("log.records.fields")!;
  assert.equal(o.status, "fail");
  assert.ok(o.observations.some((x) => x.where.endsWith("(seq 12)") && /actor, outcome/.test(en(x.observed))));
});

test("time going backwards fails log.time.monotonic", async () => {
  const w = cleanLog(30, 10, signed());
  const lines = rechain(w.lines.map((l, i) => (i === 15 ? JSON.stringify({ ...JSON.parse(l), time: "2020-01-01T00:00:00.000Z" }) : l)), 15, pki.logSigner.key);
  const o = (await runAll(target(toText(lines)))).get("log.time.monotonic")!;
  assert.equal(o.status, "fail");
  assert.ok(o.observations.some((x) => x.where.endsWith("(seq 15)")));
});

test("secrets in records fail log.secrets.absent without printing them", async () => {
  const w = new LogWriter(signed());
  for (let i = 0; i < 5; i++) w.record();
  w.record({ event: "credential.authorize", detail: { PIN: PIN } });
  w.record({ event: "auth.login", detail: { note: `login with ${PASSWORD}` } });
  w.record({ event: "auth.login", detail: { header: "Bearer abcdefghijklmnopqrstuvwxyz0123456789" } });
  w.record({ event: "credential.authorize", detail: { PIN: "***" } });
  w.checkpoint();
  const o = (await runAll(target(w.text()))).get("log.secrets.absent")!;
  assert.equal(o.status, "fail");
  const text = JSON.stringify(o);
  assert.ok(!text.includes(PIN) && !text.includes(PASSWORD) && !text.includes("abcdefghijklmnop"), "values never printed");
  const where = o.observations.filter((x) => x.ok === false).map((x) => `${x.where} ${en(x.observed)}`);
  assert.ok(where.some((x) => x.includes("(seq 5)") && x.includes("pin")), where.join("\n"));
  assert.ok(where.some((x) => x.includes("(seq 6)") && x.includes("test account")), where.join("\n"));
  assert.ok(where.some((x) => x.includes("(seq 7)") && x.includes("token")), where.join("\n"));
  assert.ok(!where.some((x) => x.includes("(seq 8)")), "redacted values are fine");
});

test("retention: discarded young records fail; no evidence is manual; short evidence fails", async () => {
  const w = cleanLog(30, 10, signed({ start: Date.now() - 86_400_000 }));
  const rotated = await runAll(target(toText(w.lines.slice(11))));
  assert.equal(rotated.get("log.retention.horizon")!.status, "fail");
  const noEvidence = await runAll(target(w.text(), { evidenceDir: undefined }));
  assert.equal(noEvidence.get("log.retention.horizon")!.status, "manual");
  assert.match(en(noEvidence.get("log.retention.horizon")!.summary), /until 20(49-12-31|50-01-0)/);
  const shortDir = mkdtempSync(join(tmpdir(), "rssp-log-ret-"));
  writeFileSync(join(shortDir, "record-retention.yaml"), "retentionYears: 5\n");
  const short = await runAll(target(w.text(), { evidenceDir: shortDir }));
  assert.equal(short.get("log.retention.horizon")!.status, "fail");
  rmSync(shortDir, { recursive: true, force: true });
});

test("an unreadable log makes every log.* check err, never pass", async () => {
  const t = target("");
  t.logs[0]!.file = join(dir, "does-not-exist.log");
  for (const [id, o] of await runAll(t)) assert.equal(o.status, "error", `${id}: ${o.status} ${o.summary}`);
});

test("log.* texts are bilingual: every summary and expectation is { ja, en }, passing and failing", async () => {
  const clean = await runAll(target(cleanLog(60, 20, signed()).text()));
  const w = cleanLog(60, 20, signed());
  w.record({ event: "credential.authorize", detail: { PIN: "123456" } });
  const lines = w.text().split("\n");
  lines[10] = lines[10]!.replace(/"seq":10/, '"seq":10,"x":1');
  const broken = await runAll(target(lines.join("\n")));
  const plain = [...plainTexts(clean, "clean"), ...plainTexts(broken, "broken")];
  assert.ok([...broken.values()].some((o) => o.status === "fail"), "the broken log fails some check");
  assert.deepEqual(plain, []);
});
