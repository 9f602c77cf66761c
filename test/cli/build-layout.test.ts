/**
 * The build as the run path (issue #13), on a copy of this checkout: `scripts/build.mjs` makes a
 * dist/ that bin/rssp-audit.js runs, with every asset found from the package root; a source newer
 * than the build (or a deleted one) makes bin run the sources through tsx instead, and so does a
 * missing dist/.
 */
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, existsSync, unlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { REPO_ROOT } from "../helpers/cli.ts";

const TRACE = fileURLToPath(new URL("./helpers/trace-loads.mjs", import.meta.url));
let copy: string;
let work: string;

before(() => {
  work = mkdtempSync(join(tmpdir(), "rssp-audit-layout-"));
  copy = join(work, "rssp-audit");
  const files = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: REPO_ROOT, encoding: "utf8" }).split("\0").filter(Boolean);
  for (const f of files) {
    if (!existsSync(join(REPO_ROOT, f))) continue;
    mkdirSync(dirname(join(copy, f)), { recursive: true });
    cpSync(join(REPO_ROOT, f), join(copy, f));
  }
  symlinkSync(join(REPO_ROOT, "node_modules"), join(copy, "node_modules"));
  const native = join(REPO_ROOT, "src/log/native/build/Release/log_scan.node");
  if (existsSync(native)) {
    mkdirSync(join(copy, "src/log/native/build/Release"), { recursive: true });
    cpSync(native, join(copy, "src/log/native/build/Release/log_scan.node"));
  }
  const r = spawnSync(process.execPath, [join(copy, "scripts/build.mjs")], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr + r.stdout);
});
after(() => rmSync(work, { recursive: true, force: true }));

/** Runs the copy's bin from another folder; returns its result and the project modules it loaded. */
function run(args: string[]): { code: number | null; stdout: string; stderr: string; loaded: string[] } {
  const trace = join(work, `trace-${Math.random().toString(36).slice(2)}.txt`);
  const elsewhere = mkdtempSync(join(work, "cwd-"));
  const r = spawnSync(process.execPath, ["--import", TRACE, join(copy, "bin/rssp-audit.js"), ...args], {
    cwd: elsewhere,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", RSSP_AUDIT_TRACE_LOADS: trace, RSSP_AUDIT_CACHE: "0" },
  });
  const loaded = existsSync(trace) ? readFileSync(trace, "utf8").split("\n").filter(Boolean).map((u) => fileURLToPath(u).slice(copy.length + 1)) : [];
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, loaded };
}

test("a fresh build runs from dist/, and finds package.json, the catalog, the schemas, kinds.json and the checks", () => {
  const version = run(["--version"]);
  assert.equal(version.code, 0, version.stderr);
  assert.equal(version.stdout.trim(), JSON.parse(readFileSync(join(copy, "package.json"), "utf8")).version);
  assert.ok(version.loaded.includes("dist/src/cli/main.js"), version.loaded.join(" "));
  assert.ok(!version.loaded.some((f) => f.endsWith(".ts")), "no TypeScript source loaded");

  const validate = run(["catalog", "validate"]);
  assert.equal(validate.code, 0, validate.stderr);
  assert.match(validate.stdout, /valid — \d+ controls, \d+ threats, [1-9]\d* checks built/);
  assert.ok(validate.loaded.some((f) => /^dist\/checks\/tls\/.+\.js$/.test(f)), "checks imported from dist/checks");

  const evidence = run(["evidence", "validate", join(copy, "fixtures/evidence/complete")]);
  assert.equal(evidence.code, 0, evidence.stderr);
  assert.ok(!evidence.loaded.some((f) => f.endsWith(".ts")));
});

test("a source edited after the build runs the sources through tsx; rebuilt, dist/ again", () => {
  const later = new Date(Date.now() + 5000);
  utimesSync(join(copy, "src/catalog/types.ts"), later, later);
  const stale = run(["--version"]);
  assert.equal(stale.code, 0, stale.stderr);
  assert.ok(stale.loaded.includes("src/cli/main.ts"), stale.loaded.join(" "));
  assert.ok(!stale.loaded.some((f) => f.startsWith("dist/")));
  const past = new Date(statSync(join(copy, "dist/.built")).mtimeMs - 1000); // older than the build again
  utimesSync(join(copy, "src/catalog/types.ts"), past, past);
  assert.ok(run(["--version"]).loaded.includes("dist/src/cli/main.js"));
});

test("a deleted source (its folder changes) or a missing dist/ runs the sources", () => {
  unlinkSync(join(copy, "reports/README.md")); // not a module, but a change in a source folder
  assert.ok(run(["--version"]).loaded.includes("src/cli/main.ts"));
  rmSync(join(copy, "dist"), { recursive: true, force: true });
  const r = run(["catalog", "list", "--format", "json"]);
  assert.equal(r.code, 0, r.stderr);
  assert.ok(r.loaded.includes("src/cli/main.ts"));
  assert.ok(JSON.parse(r.stdout).length >= 70);
});
