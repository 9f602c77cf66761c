/**
 * hsm inspect cost (issue #5), on SoftHSM2 tokens built for the run: building the test tokens,
 * one token survey (open, read, export probes, 2 × 2^20 random bits, finalise), the SP 800-22
 * subset on 2^20 bits, and a whole in-process inspection (survey + 12 checks).
 *   npm run bench -- hsm-inspect
 */
import { randomBytes } from "node:crypto";
import { buildTestHsm } from "../test/hsm/helpers/softhsm-tokens.ts";
import { inspectToken } from "../src/hsm/inspect.ts";
import { surveyToken } from "../src/hsm/survey.ts";
import { runSubset, toBits } from "../src/hsm/sp800-22.ts";
import { secretFromValue } from "../src/config/secrets.ts";

const ROUNDS = 20;

async function time(label: string, rounds: number, f: () => Promise<unknown> | unknown): Promise<void> {
  await f();
  const t = performance.now();
  for (let i = 0; i < rounds; i++) await f();
  console.log(`${label.padEnd(46)} ${((performance.now() - t) / rounds).toFixed(1).padStart(8)} ms`);
}

const t0 = performance.now();
const hsm = await buildTestHsm();
console.log(`${"build 3 test tokens (2 × RSA-2048, 1 × RSA-1024)".padEnd(46)} ${(performance.now() - t0).toFixed(1).padStart(8)} ms`);
try {
  const access = { module: hsm.module, token: hsm.tokens.conformant, pin: secretFromValue(hsm.pin), environment: hsm.environment };
  const bits = toBits(randomBytes((1 << 20) / 8));
  await time("SP 800-22 subset on 2^20 bits", ROUNDS, () => runSubset(bits));
  await time("survey (conformant token, 2 × 2^20 random bits)", ROUNDS, () => surveyToken(access, { randomBits: 2 << 20 }));
  await time("inspect in-process (survey + 12 checks)", ROUNDS, () => inspectToken(access));
  await time("inspect in-process, flawed token (8 keys)", ROUNDS, () => inspectToken({ ...access, token: hsm.tokens.flawed }));
} finally {
  hsm.cleanup();
}
