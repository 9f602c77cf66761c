/**
 * Reading YAML (and JSON, a subset) with positions, so every problem can be reported as
 * `file:line:column`. Input files are user-supplied and may be hostile: they are read bounded and
 * as UTF-8 only (input-file.ts), alias expansion is capped before it grows, and a parse error is
 * one InputError line — the first error (later ones are mostly its echoes: one tab-indented line
 * used to give 14), without a code frame — never a stack.
 */
import { Lexer, LineCounter, parseDocument, isMap, isSeq, type Document, type Node } from "yaml";
import { InputError } from "./errors.ts";
import { readInputText } from "./input-file.ts";

/**
 * yaml's guard against alias bombs: resolving aliases may cost at most this many node copies
 * (count × size of what is aliased). Configurations rarely alias at all; 100 is yaml's default.
 */
export const MAX_ALIAS_COUNT = 50;

/**
 * yaml's document model costs ~500 bytes per token: 1 MiB of `[1,1,1,…]` grows past 500 MB.
 * So before building it, the tokens are counted (a streaming lexer pass, light on memory):
 * 100,000 tokens is ~25 times the largest shipped catalog file and stays under ~60 MB. Flow
 * collections may nest 100 deep. Texts under SMALL_TEXT cannot reach either limit's cost.
 */
export const MAX_YAML_TOKENS = 100_000;
export const MAX_FLOW_DEPTH = 100;
const SMALL_TEXT = 16 * 1024;

export interface LoadedYaml {
  file: string;
  text: string;
  value: unknown;
  /** Line and column (1-based) of the node at a JSON pointer (`/controls/3/id`), or of its nearest parent. */
  positionOf(pointer: string): { line: number; column: number };
}

/** A user-supplied text file (bounded, UTF-8), with one-line errors. */
export function readTextFile(file: string): string {
  return readInputText(file);
}

export function parseYaml(file: string, text: string): LoadedYaml {
  if (text.length > SMALL_TEXT) guardSize(file, text);
  const lineCounter = new LineCounter();
  let doc: Document.Parsed;
  try {
    doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  } catch (error) {
    throw tooDeep(file, error);
  }
  const first = doc.errors[0];
  if (first) {
    const pos = first.linePos?.[0] ?? lineCounter.linePos(first.pos[0]);
    const message = /call stack/i.test(first.message) ? "nested too deeply" : oneLine(first.message);
    throw new InputError([{ file, line: pos.line, column: pos.col, message: `YAML: ${message}` }]);
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) as unknown;
  } catch (error) {
    if (error instanceof ReferenceError && /alias/i.test(error.message)) {
      throw new InputError([{ file, message: `YAML: aliases expand beyond ${MAX_ALIAS_COUNT} copies (refused: an alias bomb would exhaust memory)` }]);
    }
    throw tooDeep(file, error);
  }
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

/** yaml's messages end with a code frame or a hint on further lines; the first line says it. */
function oneLine(message: string): string {
  return message.split("\n")[0]!.replace(/\s+at line \d+, column \d+:?$/, "").trim();
}

/** Nesting deep enough to exhaust the stack (`[[[[…`) is bad input too; anything else is rethrown. */
function tooDeep(file: string, error: unknown): unknown {
  if (error instanceof RangeError && /call stack/i.test(error.message)) return new InputError([{ file, message: "YAML: nested too deeply" }]);
  return error;
}

/** Refuses, before any document is built, a text with too many tokens or flow collections nested too deep. */
function guardSize(file: string, text: string): void {
  let tokens = 0;
  let depth = 0;
  let offset = 0;
  for (const token of new Lexer().lex(text)) {
    // The lexer also yields one-character control tokens (document start, scalar) that are not text.
    const start = offset;
    if (token.length !== 1 || token >= " " || token === "\n" || token === "\t" || token === "\r") offset += token.length;
    if (++tokens > MAX_YAML_TOKENS) throw new InputError([{ file, message: `YAML: more than ${MAX_YAML_TOKENS} tokens (refused: far larger than any configuration or catalog)` }]);
    if (token === "[" || token === "{") {
      if (++depth > MAX_FLOW_DEPTH) {
        const before = text.slice(0, start);
        const line = before.split("\n").length;
        const column = start - before.lastIndexOf("\n");
        throw new InputError([{ file, line, column, message: `YAML: flow collections nested more than ${MAX_FLOW_DEPTH} deep` }]);
      }
    } else if (token === "]" || token === "}") depth--;
  }
}
