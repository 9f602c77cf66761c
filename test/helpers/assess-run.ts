/**
 * Running `assess` as the assessor would (optionally detached from any terminal, or under a
 * pseudo-terminal driven through its output), reading the checks of its report, and posting JSON
 * to a fixture over HTTPS — shared by the end-to-end tests of second factors.
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { request } from "node:https";
import { join } from "node:path";
import { REPO_ROOT } from "./cli.ts";

export interface CheckRow {
  id: string;
  status: string;
  summary: unknown;
}

/** The checks of OUT/report.json by id. */
export function reportChecks(out: string): Map<string, CheckRow> {
  const report = JSON.parse(readFileSync(join(out, "report.json"), "utf8")) as { checks: CheckRow[] };
  return new Map(report.checks.map((c) => [c.id, c]));
}

/** Runs argv from the repository root; `onOutput` sees all output so far and may answer on stdin. */
export function runAssess(argv: string[], o: { detached?: boolean; onOutput?: (all: string, stdin: NodeJS.WritableStream) => void } = {}): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0]!, argv.slice(1), { cwd: REPO_ROOT, env: { ...process.env, NO_COLOR: "1" }, stdio: ["pipe", "pipe", "pipe"], detached: o.detached ?? false });
    let output = "";
    const timer = setTimeout(() => child.kill("SIGKILL"), 150_000);
    for (const s of [child.stdout, child.stderr]) {
      s.setEncoding("utf8");
      s.on("data", (d: string) => {
        output += d;
        o.onOutput?.(output, child.stdin);
      });
    }
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

/** argv run under a pseudo-terminal (util-linux `script`), its controlling terminal: for runAssess with onOutput answering prompts. */
export function inPseudoTerminal(argv: string[]): string[] {
  return ["script", "-q", "-e", "-c", argv.map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(" "), "/dev/null"];
}

/** POST of a JSON body over HTTPS, trusting `caFile`; the reply's JSON body (or `{}`). */
export function postJson(url: string, body: unknown, caFile: string, authorization?: string): Promise<{ status: number; body: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: "POST", ca: readFileSync(caFile), headers: { "content-type": "application/json", ...(authorization ? { authorization } : {}) } }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (d: string) => (text += d));
      res.on("end", () => resolve({ status: res.statusCode!, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} }));
    });
    req.on("error", reject);
    req.end(JSON.stringify(body));
  });
}
