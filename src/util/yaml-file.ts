/**
 * Reading YAML (and JSON, a subset) with positions, so every problem can be reported as
 * `file:line:column`. Input files are user-supplied: parse errors become InputError, never a stack.
 */
import { readFileSync } from "node:fs";
import { LineCounter, parseDocument, isMap, isSeq, type Document, type Node } from "yaml";
import { InputError, describeError, type Problem } from "./errors.ts";

export interface LoadedYaml {
  file: string;
  text: string;
  value: unknown;
  /** Line and column (1-based) of the node at a JSON pointer (`/controls/3/id`), or of its nearest parent. */
  positionOf(pointer: string): { line: number; column: number };
}

export function readTextFile(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    throw new InputError([{ file, message: `cannot read: ${describeError(error)}` }]);
  }
}

export function parseYaml(file: string, text: string): LoadedYaml {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new InputError(
      doc.errors.map((e): Problem => {
        const pos = e.linePos?.[0] ?? lineCounter.linePos(e.pos[0]);
        return { file, line: pos.line, column: pos.col, message: `YAML: ${e.message.split("\n")[0]}` };
      }),
    );
  }
  const value = doc.toJS({ maxAliasCount: 100 }) as unknown;
  return {
    file,
    text,
    value,
    positionOf(pointer: string) {
      const node = nodeAt(doc, pointer);
      const offset = node?.range?.[0] ?? 0;
      const pos = lineCounter.linePos(offset);
      return { line: pos.line, column: pos.col };
    },
  };
}

export function loadYamlFile(file: string): LoadedYaml {
  return parseYaml(file, readTextFile(file));
}

function nodeAt(doc: Document, pointer: string): Node | undefined {
  const parts = pointer
    .split("/")
    .slice(1)
    .map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"));
  let node: Node | undefined = doc.contents ?? undefined;
  for (const part of parts) {
    let next: Node | undefined;
    if (isMap(node)) {
      const pair = node.items.find((it) => (it.key as { value?: unknown } | null)?.value === part);
      next = (pair?.value ?? pair?.key) as Node | undefined;
    } else if (isSeq(node)) {
      next = node.items[Number(part)] as Node | undefined;
    }
    if (!next) break;
    node = next;
  }
  return node;
}
