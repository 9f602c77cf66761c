/**
 * What a fresh clone needs: no absolute path of any machine in the tree, and the vendored
 * reference files still identical to the official ones when those are at hand (CI).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "../helpers/cli.ts";
import { OSCAL_1_1_3_SCHEMA, sharedFile } from "../helpers/shared.ts";

/** Every file git would commit: tracked, plus untracked files not ignored (so a new file is caught before its commit). */
function treeFiles(): string[] {
  const out = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: REPO_ROOT, encoding: "utf8", maxBuffer: 64 << 20 });
  return [...new Set(out.split("\0").filter(Boolean))].filter((f) => {
    try {
      return statSync(join(REPO_ROOT, f)).isFile();
    } catch {
      return false; // deleted in the work tree, not yet in the index
    }
  });
}

// Home and work folders of Linux, macOS and Windows machines, and this project's own machine
// layout. Built from parts so that this file does not match itself.
const ABSOLUTE = new RegExp(["/" + "work/", "/" + "root/", "/" + "home/[A-Za-z0-9_.-]+/", "/" + "Users/[A-Za-z0-9_.-]+/", "[A-Z]:\\\\" + "Users\\\\"].join("|"));

test("no absolute path of a machine anywhere in the tree", () => {
  const files = treeFiles();
  assert.ok(files.length > 100, `${files.length} files listed`);
  const hits: string[] = [];
  for (const f of files) {
    const bytes = readFileSync(join(REPO_ROOT, f));
    if (bytes.includes(0)) continue; // binary
    bytes.toString("utf8").split("\n").forEach((line, i) => {
      const m = ABSOLUTE.exec(line);
      if (m) hits.push(`${f}:${i + 1}: ${m[0]}`);
    });
  }
  assert.deepEqual(hits, []);
});

test("the pattern does find such a path (the grep above can fail)", () => {
  assert.match(`see ${"/" + "work"}/shared/x.json`, ABSOLUTE);
  assert.match(`${"/" + "home"}/alice/x`, ABSOLUTE);
  assert.doesNotMatch("/tmp/rssp-audit-x and ../shared/csc and https://example.org/home/", ABSOLUTE);
});

const officialOscal = sharedFile("oscal/oscal_complete_schema-1-1-3.json");
test("the vendored OSCAL 1.1.3 schema is byte-identical to the official copy", { skip: officialOscal.skip }, () => {
  assert.ok(readFileSync(OSCAL_1_1_3_SCHEMA).equals(readFileSync(officialOscal.path!)));
});
