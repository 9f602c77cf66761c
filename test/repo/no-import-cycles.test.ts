/**
 * No import cycles among the toolkit's modules (the brief's style rule): the pipeline reads one way,
 * catalog → plan → collect → evaluate → verdict → render, and a newcomer can read any module
 * without first reading the ones that import it. Type-only imports count too: a cycle of types is
 * still two concepts that cannot be understood apart.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { REPO_ROOT } from "../helpers/cli.ts";

const ROOTS = ["src", "checks", "reports", "bin", "fixtures"];
/** Static `import … from "./x"` and `export … from "./x"`, with or without `type` (relative only). */
const IMPORT = /(?:^|\n)\s*(?:import|export)\s+(?:type\s+)?(?:[^"';]*?\sfrom\s+)?["'](\.[^"']+)["']/g;

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (name === "node_modules" || name === "dist" || name.startsWith(".")) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) sourceFiles(path, out);
    else if (name.endsWith(".ts")) out.push(path);
  }
  return out;
}

/** Import graph: file → the project files it imports. */
export function importGraph(files: string[]): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const deps: string[] = [];
    for (const m of readFileSync(file, "utf8").matchAll(IMPORT)) {
      const target = resolve(dirname(file), m[1]!);
      if (existsSync(target)) deps.push(target);
    }
    graph.set(file, deps);
  }
  return graph;
}

/** Strongly connected components with more than one file (Tarjan), or a file importing itself. */
export function cycles(graph: Map<string, string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1 || (graph.get(v) ?? []).includes(v)) found.push(component);
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

test("the cycle finder finds a cycle, type-only imports included (the test bites)", () => {
  const g = new Map([["a", ["b"]], ["b", ["c"]], ["c", ["a"]], ["d", ["a"]]]);
  assert.deepEqual(cycles(g).map((c) => c.sort()), [["a", "b", "c"]]);
  assert.deepEqual(cycles(new Map([["a", ["b"]], ["b", []]])), []);
  const line = 'import type { X } from "./x.ts";\nexport { y } from "./y.ts";\nimport "./side.ts";';
  assert.deepEqual([...line.matchAll(IMPORT)].map((m) => m[1]), ["./x.ts", "./y.ts", "./side.ts"]);
});

test("no import cycle among src/, checks/, reports/, bin/ and fixtures/", () => {
  const files = ROOTS.filter((r) => existsSync(join(REPO_ROOT, r))).flatMap((r) => sourceFiles(join(REPO_ROOT, r)));
  assert.ok(files.length > 100, `${files.length} source files`);
  const found = cycles(importGraph(files)).map((c) => c.map((f) => relative(REPO_ROOT, f)).join(" → "));
  assert.deepEqual(found, [], `import cycles:\n${found.join("\n")}`);
});
