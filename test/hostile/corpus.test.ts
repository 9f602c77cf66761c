/**
 * Every command over a corpus of malformed inputs (issue #13): empty, binary, huge, deeply nested,
 * wrong types, duplicate keys, tab-indented, alias bombs, Shift_JIS, UTF-16, a folder where a file
 * is expected, a missing path. Each run must end with the contract's exit code (2 bad input; 1
 * where the input is read and found short, e.g. a log that does not verify), say so in ONE line on
 * stderr, print no stack trace, and stay under 256 MB of peak memory.
 */
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { BIN, REPO_ROOT } from "../helpers/cli.ts";

const PEAK_RSS = fileURLToPath(new URL("./helpers/peak-rss.mjs", import.meta.url));
const LIMIT_MB = 256;
let dir: string;

/** Malformed contents, by name. YAML-ish ones for configuration, JSON-ish ones for JSON inputs. */
function corpus(kind: "yaml" | "json"): Record<string, Buffer | string> {
  const yaml = kind === "yaml";
  const laughs = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (const [i, c] of [..."bcdefghi"].entries()) laughs.push(`${c}: &${c} [${Array(9).fill(`*${"abcdefghi"[i]}`).join(",")}]`);
  const cases: Record<string, Buffer | string> = {
    empty: "",
    binary: Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256)),
    nul: Buffer.alloc(2048),
    huge: yaml ? `a: [${Array(600_000).fill("1").join(",")}]\n` : `[${Array(600_000).fill("1").join(",")}]`,
    "deep nesting": yaml ? `a: ${"[".repeat(20_000)}${"]".repeat(20_000)}\n` : `${"[".repeat(200_000)}${"]".repeat(200_000)}`,
    "wrong types": yaml ? "target: 5\nlevel: 2\n" : '{"schema": 5, "controls": "none"}',
    "duplicate keys": yaml ? "level: 2\nlevel: 3\n" : '{"schema": "x", "schema": "y"}',
    "shift_jis": Buffer.from([...Buffer.from("target:\n  name: "), 0x8e, 0x8e, 0x8c, 0xb1, ...Buffer.from("\nlevel: 2\n")]),
    "utf-16": Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("level: 2\n", "utf16le")]),
  };
  if (yaml) {
    cases["alias bomb"] = `${laughs.join("\n")}\n`;
    cases["big alias bomb"] = `a: &a [1, 2, 3, 4, 5, 6, 7, 8]\nb: [${Array(400_000).fill("*a").join(",")}]\n`;
    cases["tab indentation"] = "target:\n\tname: x\n\tcsc: y\nlevel: 2\n";
  }
  return cases;
}

interface Run {
  code: number | null;
  stderr: string;
  peakMb: number;
}

function run(args: string[]): Promise<Run> {
  const rssFile = join(dir, `rss-${Math.random().toString(36).slice(2)}`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", PEAK_RSS, BIN, ...args], {
      cwd: dir,
      env: { ...process.env, NO_COLOR: "1", RSSP_AUDIT_PEAK_RSS_FILE: rssFile, RSSP_AUDIT_CACHE: "0", HSM_PIN: "1234" },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      let peakMb = NaN;
      try {
        peakMb = Number(readFileSync(rssFile, "utf8")) / 1024;
      } catch {}
      resolve({ code, stderr, peakMb });
    });
  });
}

/** A place for one input: a file with `content`, a folder, or nothing at all. */
function place(name: string, content: Buffer | string | "folder" | "missing", fileName = "input"): string {
  const base = join(dir, name.replace(/[^a-z0-9]+/gi, "-"));
  mkdirSync(base, { recursive: true });
  const path = join(base, fileName);
  if (content === "folder") mkdirSync(path, { recursive: true });
  else if (content !== "missing") writeFileSync(path, content);
  return path;
}

interface Command {
  name: string;
  kind: "yaml" | "json" | "log" | "lib";
  /** Arguments for an input at `path` (a file, or for folder-taking commands the folder holding it). */
  args(path: string, folder: string): string[];
  /** Where the input goes inside the folder the command is given, if it takes a folder. */
  fileName?: string;
  /** Exit code when the input is read but found short (instead of being bad input). */
  shortCode?: 1;
  /** A file whose one problem is a value of the wrong type, where the generic one would miss more. */
  wrongTypes?: string;
  /** Cases that are not malformed for this command. */
  notMalformed?: string[];
  /** The same malformed content also in the file beside the input with this suffix (a signature). */
  sidecar?: string;
}

/** The shipped catalog.yaml with one value of the wrong type. */
const CATALOG_WRONG_TYPE = readFileSync(join(REPO_ROOT, "controls", "catalog.yaml"), "utf8").replace(/^version: .*$/m, "version: [1, 0]");

const COMMANDS: Command[] = [
  { name: "assess --config", kind: "yaml", args: (p) => ["assess", "--config", p, "--out", join(dir, "out")] },
  { name: "catalog validate", kind: "yaml", fileName: "catalog.yaml", wrongTypes: CATALOG_WRONG_TYPE, args: (_p, f) => ["catalog", "validate", f] },
  { name: "catalog list --catalog", kind: "yaml", fileName: "catalog.yaml", wrongTypes: CATALOG_WRONG_TYPE, args: (_p, f) => ["catalog", "list", "--catalog", f] },
  // A sub-folder of an evidence folder is simply walked into.
  { name: "evidence validate", kind: "yaml", fileName: "doc.yaml", notMalformed: ["folder"], args: (_p, f) => ["evidence", "validate", f], shortCode: 1 },
  { name: "evaluate --evidence", kind: "json", fileName: "session.json", args: (_p, f) => ["evaluate", "--evidence", f, "--out", join(dir, "out-eval")] },
  { name: "report render", kind: "json", args: (p) => ["report", "render", p, "--format", "md", "--out", join(dir, "out-render")] },
  { name: "report verify", kind: "json", sidecar: ".p7s", args: (p) => ["report", "verify", p] },
  { name: "report diff", kind: "json", args: (p) => ["report", "diff", p, p] },
  { name: "log verify", kind: "log", args: (p) => ["log", "verify", p], shortCode: 1 },
  { name: "hsm inspect --module", kind: "lib", args: (p) => ["hsm", "inspect", "--module", p, "--token", "t", "--pin", "env:HSM_PIN"] },
];

before(() => {
  dir = mkdtempSync(join(tmpdir(), "rssp-audit-corpus-"));
});
after(() => rmSync(dir, { recursive: true, force: true }));

for (const command of COMMANDS) {
  test(`${command.name}: every malformed input ends in one line, the contract's exit code, < ${LIMIT_MB} MB`, async () => {
    const contents: Record<string, Buffer | string | "folder" | "missing"> = {
      ...corpus(command.kind === "json" ? "json" : "yaml"),
      ...(command.wrongTypes ? { "wrong types": command.wrongTypes } : {}),
      folder: "folder",
      "missing path": "missing",
      ...(command.fileName ? { "a file for the folder": "" } : {}),
    };
    for (const name of command.notMalformed ?? []) delete contents[name];
    const failures: string[] = [];
    for (const [caseName, content] of Object.entries(contents)) {
      const path = place(`${command.name}-${caseName}`, content, command.fileName);
      if (command.sidecar && typeof content !== "string") writeFileSync(path + command.sidecar, content);
      else if (command.sidecar && content !== "folder" && content !== "missing") writeFileSync(path + command.sidecar, content);
      // A folder-taking command is given the folder holding the input; "missing path" and "a file
      // for the folder" are about that folder itself.
      const folder = !command.fileName ? path : caseName === "missing path" ? join(path, "..", "nothing-here") : caseName === "a file for the folder" ? path : join(path, "..");
      const args = command.args(path, folder);
      const r = await run(args);
      const lines = r.stderr.split("\n").filter((l) => l.trim() !== "");
      const expected = command.shortCode && !["folder", "missing path", "a file for the folder"].includes(caseName) ? [2, command.shortCode] : [2];
      const why: string[] = [];
      if (!expected.includes(r.code ?? -1)) why.push(`exit ${r.code} (expected ${expected.join(" or ")})`);
      if (/\n\s+at |internal error|TypeError|RangeError|ReferenceError/.test(r.stderr)) why.push("a stack trace or an internal error");
      if (r.code === 2 && lines.length !== 1) why.push(`${lines.length} lines on stderr`);
      if (!(r.peakMb < LIMIT_MB)) why.push(`peak ${r.peakMb.toFixed(0)} MB`);
      if (process.env.CORPUS_SHOW) process.stdout.write(`# ${command.name} / ${caseName}: exit ${r.code}, ${r.peakMb.toFixed(0)} MB: ${lines[0]}\n`);
      if (why.length) failures.push(`${caseName}: ${why.join(", ")}\n    ${lines.slice(0, 4).join("\n    ")}`);
    }
    assert.deepEqual(failures, [], `${command.name}\n${failures.join("\n")}`);
  });
}

test("the corpus's messages name the file, and the byte offset for encodings", async () => {
  const sjis = place("msg-sjis", corpus("yaml")["shift_jis"]!);
  const r = await run(["assess", "--config", sjis, "--out", join(dir, "out")]);
  assert.equal(r.code, 2);
  assert.match(r.stderr.trim(), /^rssp-audit: .*msg-sjis\/input: byte 16: not valid UTF-8/);
  const utf16 = place("msg-utf16", corpus("yaml")["utf-16"]!);
  assert.match((await run(["assess", "--config", utf16])).stderr, /msg-utf16\/input: byte 0: a UTF-16LE byte-order mark/);
  const tab = place("msg-tab", corpus("yaml")["tab indentation"]!);
  assert.match((await run(["assess", "--config", tab])).stderr.trim(), /^rssp-audit: .*msg-tab\/input:2:1: YAML: Tabs are not allowed as indentation$/);
  const bomb = place("msg-bomb", corpus("yaml")["alias bomb"]!);
  assert.match((await run(["assess", "--config", bomb])).stderr.trim(), /^rssp-audit: .*msg-bomb\/input: YAML: aliases expand beyond \d+ copies/);
  const huge = place("msg-huge", "#".repeat(2 * 1024 * 1024));
  assert.match((await run(["assess", "--config", huge])).stderr.trim(), /^rssp-audit: .*msg-huge\/input: too large: 2097152 bytes \(limit 1048576\)$/);
});
