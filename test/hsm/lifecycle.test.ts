/**
 * The module is finalised on every path: 100 inspection cycles in one process (successes, wrong
 * PINs, unknown labels) leave no module initialised, no file descriptors and bounded memory; and
 * SIGINT during an open session finalises the module before the process dies.
 */
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import * as graphene from "graphene-pk11";
import { buildTestHsm, type TestHsm } from "./helpers/softhsm-tokens.ts";
import { inspectToken } from "../../src/hsm/inspect.ts";
import { openModuleCount } from "../../src/hsm/token-session.ts";
import { secretFromValue } from "../../src/config/secrets.ts";
import { InputError } from "../../src/util/errors.ts";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

// Collect garbage before each RSS reading, so that the figure is memory still held (a leak), not
// garbage a loaded machine has not collected yet.
setFlagsFromString("--expose-gc");
const collectGarbage = runInNewContext("gc") as () => void;

let hsm: TestHsm;
before(async () => {
  hsm = await buildTestHsm();
});
after(() => hsm?.cleanup());

const openFiles = () => readdirSync("/proc/self/fd").length;

/** C_Initialize fails with CKR_CRYPTOKI_ALREADY_INITIALIZED if anything left the module initialised. */
function assertModuleFinalised(): void {
  process.env.SOFTHSM2_CONF = hsm.environment.SOFTHSM2_CONF;
  const m = graphene.Module.load(hsm.module);
  m.initialize();
  m.finalize();
}

test("100 inspection cycles, errors included, leave no module, session or descriptor behind", async () => {
  const access = (token: string, pin = hsm.pin) => ({ module: hsm.module, token, pin: secretFromValue(pin), environment: hsm.environment });
  await inspectToken(access(hsm.tokens.conformant)); // warm-up: lazy loads, registry
  const filesBefore = openFiles();
  collectGarbage();
  const rssBefore = process.memoryUsage().rss;
  let inputErrors = 0;
  for (let i = 0; i < 100; i++) {
    const kind = i % 10 === 9 ? "wrong-pin" : i % 10 === 8 ? "unknown-label" : "ok";
    try {
      const r = await inspectToken(kind === "wrong-pin" ? access(hsm.tokens.conformant, "000000") : access(kind === "unknown-label" ? "nope" : hsm.tokens.conformant));
      assert.equal(kind, "ok");
      assert.equal(r.conclusion, "pass");
    } catch (error) {
      assert.ok(error instanceof InputError && kind !== "ok", String(error));
      inputErrors++;
    }
    assert.equal(openModuleCount(), 0, `cycle ${i} (${kind}) left the module initialised`);
  }
  assert.equal(inputErrors, 20);
  assertModuleFinalised();
  const filesAfter = openFiles();
  collectGarbage();
  const rssGrowthMb = (process.memoryUsage().rss - rssBefore) / 2 ** 20;
  assert.ok(filesAfter <= filesBefore + 1, `open files ${filesBefore} → ${filesAfter}`);
  assert.ok(rssGrowthMb < 64, `RSS grew ${rssGrowthMb.toFixed(1)} MB over 100 cycles`);
});

test("SIGINT while the session is open finalises the module, then ends the process as SIGINT would", async () => {
  const script = fileURLToPath(new URL("./helpers/hold-session.ts", import.meta.url));
  const child = spawn(process.execPath, ["--import", "tsx", script, hsm.module, hsm.tokens.conformant], {
    env: { ...process.env, ...hsm.environment, HOLD_PIN: hsm.pin },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (d: string) => (stderr += d));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on("data", (d: Buffer) => d.toString().includes("ready") && resolve());
    child.on("exit", () => reject(new Error(`child exited early: ${stderr}`)));
  });
  child.kill("SIGINT");
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on("exit", (c, s) => resolve([c, s])));
  // The module is finalised first; then SIGINT is re-raised, so the process dies before its own catch runs.
  assert.match(stderr, /hsm: module finalised\n$/);
  assert.doesNotMatch(stderr, /never interrupted/);
  assert.ok(signal === "SIGINT" || code === 130, `exit ${code} signal ${signal}`);
});
