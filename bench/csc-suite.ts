/**
 * The full L2 CSC suite (every csc.*, cert.* and tls.* check, non-intrusive, default
 * concurrency and the default rate limit of 20 requests/s) against the loopback reference RSSP.
 * Target: under 15 s. Prints the wall time, the slowest checks, and requests made.
 */
import { startFixture } from "../fixtures/rssp/index.ts";
import { fixtureTarget, runChecks } from "../test/csc/helpers/run-family.ts";

const fixture = await startFixture();
try {
  const target = fixtureTarget(fixture.assessmentFile);
  const started = performance.now();
  const runs = await runChecks(target, ["csc", "cert", "tls"]);
  const wall = (performance.now() - started) / 1000;
  const statuses = new Map<string, number>();
  for (const r of runs.values()) statuses.set(r.outcome.status, (statuses.get(r.outcome.status) ?? 0) + 1);
  const requests = [...runs.values()].reduce((n, r) => n + (String(r.outcome.evidence?.[0]?.content ?? "").match(/"seq": /g)?.length ?? 0), 0);
  const slowest = [...runs.values()].sort((a, b) => b.durationMs - a.durationMs).slice(0, 4);
  console.log(`csc suite (L2, non-intrusive): ${runs.size} checks in ${wall.toFixed(2)} s (target < 15 s) — ${[...statuses].map(([s, n]) => `${n} ${s}`).join(", ")}`);
  console.log(`  slowest: ${slowest.map((r) => `${r.id} ${(r.durationMs / 1000).toFixed(1)} s`).join(", ")}`);
  console.log(`  exchanges recorded across transcripts (shared ones counted per check): ${requests}`);
  if (wall >= 15) process.exitCode = 1;
} finally {
  await fixture.stop();
}
