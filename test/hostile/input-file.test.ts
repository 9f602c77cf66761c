/**
 * The reading edge for user files (src/util/input-file.ts, src/util/yaml-file.ts): encodings,
 * size, folders, YAML limits and one-line YAML errors, as functions.
 */
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { InputError } from "../../src/util/errors.ts";
import { decodeUtf8, firstInvalidUtf8, jsonErrorMessage, readInputBytes, readInputJson, readInputText } from "../../src/util/input-file.ts";
import { MAX_ALIAS_COUNT, MAX_FLOW_DEPTH, MAX_YAML_TOKENS, parseYaml } from "../../src/util/yaml-file.ts";

let dir: string;
before(() => (dir = mkdtempSync(join(tmpdir(), "rssp-audit-input-"))));
after(() => rmSync(dir, { recursive: true, force: true }));

/** The one problem an InputError carries (asserting there is exactly one). */
function problemOf(fn: () => unknown): { file?: string; line?: number; column?: number; message: string } {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof InputError, `an InputError, not ${String(error)}`);
    assert.equal(error.problems.length, 1, error.message);
    assert.doesNotMatch(error.message, /\n/);
    return error.problems[0]!;
  }
  assert.fail("no error");
}

test("firstInvalidUtf8: -1 for UTF-8, the offset of the first bad sequence otherwise", () => {
  assert.equal(firstInvalidUtf8(Buffer.from("ascii, 日本語, 😀")), -1);
  assert.equal(firstInvalidUtf8(Buffer.from([0x61, 0x80])), 1, "a lone continuation byte");
  assert.equal(firstInvalidUtf8(Buffer.from([0x61, 0x62, 0xc0, 0xaf])), 2, "an overlong '/'");
  assert.equal(firstInvalidUtf8(Buffer.from([0xe0, 0x80, 0xaf])), 0, "an overlong three-byte form");
  assert.equal(firstInvalidUtf8(Buffer.from([0x41, 0xed, 0xa0, 0x80])), 1, "a UTF-16 surrogate");
  assert.equal(firstInvalidUtf8(Buffer.from([0x41, 0x42, 0x43, 0xe6, 0x97])), 3, "truncated at the end");
  assert.equal(firstInvalidUtf8(Buffer.from([0xf4, 0x90, 0x80, 0x80])), 0, "beyond U+10FFFF");
  // Shift_JIS「試験」after ASCII
  assert.equal(firstInvalidUtf8(Buffer.from([0x6e, 0x3a, 0x20, 0x8e, 0x8e, 0x8c, 0xb1])), 3);
});

test("decodeUtf8: drops a UTF-8 byte-order mark, refuses UTF-16/32 marks at byte 0 and bad bytes at their offset", () => {
  assert.equal(decodeUtf8("f", Buffer.from("\ufefflevel: 2\n")), "level: 2\n");
  assert.match(problemOf(() => decodeUtf8("f", Buffer.from([0xff, 0xfe, 0x6c, 0x00]))).message, /^byte 0: a UTF-16LE byte-order mark/);
  assert.match(problemOf(() => decodeUtf8("f", Buffer.from([0xfe, 0xff, 0x00, 0x6c]))).message, /^byte 0: a UTF-16BE/);
  assert.match(problemOf(() => decodeUtf8("f", Buffer.from([0xff, 0xfe, 0x00, 0x00]))).message, /^byte 0: a UTF-32LE/);
  assert.match(problemOf(() => decodeUtf8("f", Buffer.from([0x00, 0x00, 0xfe, 0xff]))).message, /^byte 0: a UTF-32BE/);
  const p = problemOf(() => decodeUtf8("conf.yaml", Buffer.from([0xef, 0xbb, 0xbf, 0x61, 0x3a, 0x20, 0x82, 0xa0])));
  assert.equal(p.file, "conf.yaml");
  assert.match(p.message, /^byte 6: not valid UTF-8 \(0x82\)/, "offsets count the byte-order mark");
});

test("readInputBytes: a missing path, a folder, a device and an oversized file are one-line input errors", () => {
  assert.equal(problemOf(() => readInputBytes(join(dir, "nope"))).message, "no such file");
  mkdirSync(join(dir, "sub"));
  assert.equal(problemOf(() => readInputBytes(join(dir, "sub"))).message, "is a folder, not a file");
  assert.equal(problemOf(() => readInputBytes("/dev/zero")).message, "not a regular file");
  writeFileSync(join(dir, "big"), Buffer.alloc(5000, 0x61));
  assert.equal(problemOf(() => readInputBytes(join(dir, "big"), 4096)).message, "too large: 5000 bytes (limit 4096)");
  assert.equal(readInputBytes(join(dir, "big"), 5000).length, 5000);
  assert.equal(readInputText(join(dir, "big")).length, 5000);
});

test("readInputJson: parse errors say where without quoting the file's bytes", () => {
  writeFileSync(join(dir, "esc.json"), '{"a": \u001b[31mred}');
  const p = problemOf(() => readInputJson(join(dir, "esc.json")));
  assert.match(p.message, /^not JSON: /);
  assert.doesNotMatch(p.message, /\u001b/);
  assert.equal(jsonErrorMessage(new SyntaxError('Unexpected token \'\u0000\', "\u0000\u0000"... is not valid JSON')), "Unexpected character U+0000 (not valid JSON)");
  writeFileSync(join(dir, "ok.json"), '{"a": [1, 2]}');
  assert.deepEqual(readInputJson(join(dir, "ok.json")), { a: [1, 2] });
});

test("YAML errors: the first one only, as file:line:column, without a code frame", () => {
  const tab = problemOf(() => parseYaml("a.yaml", "target:\n\tname: x\n\tcsc: y\nlevel: 2\n"));
  assert.deepEqual(tab, { file: "a.yaml", line: 2, column: 1, message: "YAML: Tabs are not allowed as indentation" });
  const dup = problemOf(() => parseYaml("a.yaml", "level: 2\nlevel: 3\n"));
  assert.deepEqual([dup.line, dup.column, dup.message], [2, 1, "YAML: Map keys must be unique"]);
  const unclosed = problemOf(() => parseYaml("a.yaml", 'name: "unterminated\nlevel: 2\n'));
  assert.ok(unclosed.line && unclosed.column, "located");
  assert.match(unclosed.message, /^YAML: [^\n]+$/);
});

test("YAML alias bombs: refused at MAX_ALIAS_COUNT copies; a few aliases still work", () => {
  const laughs = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (const [i, c] of [..."bcdefghi"].entries()) laughs.push(`${c}: &${c} [${Array(9).fill(`*${"abcdefghi"[i]}`).join(",")}]`);
  assert.match(problemOf(() => parseYaml("bomb.yaml", laughs.join("\n"))).message, new RegExp(`aliases expand beyond ${MAX_ALIAS_COUNT} copies`));
  const ok = parseYaml("ok.yaml", "defaults: &d {timeoutMs: 5}\na: *d\nb: *d\nc: {<<: *d, x: 1}\n").value as Record<string, unknown>;
  assert.deepEqual(ok.a, { timeoutMs: 5 });
});

test("YAML size: more tokens than MAX_YAML_TOKENS or flow nesting past MAX_FLOW_DEPTH are refused before a document is built", () => {
  const before = process.memoryUsage().rss;
  const wide = `a: [${Array(MAX_YAML_TOKENS).fill("1").join(",")}]\n`;
  assert.match(problemOf(() => parseYaml("wide.yaml", wide)).message, new RegExp(`more than ${MAX_YAML_TOKENS} tokens`));
  assert.ok(process.memoryUsage().rss - before < 128 * 1024 * 1024, "refused without building ~500 bytes per token");
  const deep = problemOf(() => parseYaml("deep.yaml", `a: ${"[".repeat(MAX_FLOW_DEPTH + 1)}${"]".repeat(MAX_FLOW_DEPTH + 1)}\n${"# pad\n".repeat(4000)}`));
  assert.deepEqual([deep.line, deep.column, deep.message], [1, 3 + MAX_FLOW_DEPTH + 1, `YAML: flow collections nested more than ${MAX_FLOW_DEPTH} deep`]);
  const nested = parseYaml("ok.yaml", `a: ${"[".repeat(MAX_FLOW_DEPTH)}1${"]".repeat(MAX_FLOW_DEPTH)}\n${"# pad\n".repeat(4000)}`);
  assert.ok(nested.value, "nesting up to the limit parses");
  const small = problemOf(() => parseYaml("deep-small.yaml", `a: ${"[".repeat(5000)}${"]".repeat(5000)}`));
  assert.match(small.message, /^YAML: /, "below the lexer pass's threshold, yaml's own errors still come out as one line");
});
