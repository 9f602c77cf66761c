/**
 * Start-up of the reference RSSP to ready (token, keys, PKI, HTTPS listening, description
 * printed), five times in a row. Target: < 5 s on this machine.
 */
import { startFixture } from "../fixtures/rssp/index.ts";

const runs: number[] = [];
for (let i = 0; i < 5; i++) {
  const t0 = performance.now();
  const f = await startFixture();
  runs.push(performance.now() - t0);
  await f.stop();
}
runs.sort((a, b) => a - b);
const median = runs[2]!;
console.log(`fixture start-up to ready: median ${(median / 1000).toFixed(2)} s, min ${(runs[0]! / 1000).toFixed(2)} s, max ${(runs[4]! / 1000).toFixed(2)} s (5 runs; target < 5 s: ${median < 5000 ? "met" : "NOT met"})`);
