/**
 * Judgement by the text (design §3a) for the cert and tls families: every check has a basis in
 * src/cert/bases.ts or src/net/tls-bases.ts, docs/CHECKS.md lists the same one, and neither table
 * names a check that does not exist (a sibling of test/csc/bases.test.ts).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { loadRegistry } from "../../src/check/registry.ts";
import type { Basis } from "../../src/check/types.ts";
import { CERT_BASES } from "../../src/cert/bases.ts";
import { TLS_BASES } from "../../src/net/tls-bases.ts";
import { messageIn } from "../../src/check/types.ts";

const docs = readFileSync(new URL("../../docs/CHECKS.md", import.meta.url), "utf8");

for (const [family, table] of [["cert", CERT_BASES], ["tls", TLS_BASES]] as Array<[string, Readonly<Record<string, Basis>>]>) {
  test(`every ${family} check has a basis, and docs/CHECKS.md lists it on the check's row`, async () => {
    const registry = await loadRegistry();
    const ids = registry.checks.map((c) => c.id).filter((id) => id.startsWith(`${family}.`));
    assert.ok(ids.length >= 4, `${ids.length} ${family} checks`);
    const rows = docs.split("\n").filter((l) => l.startsWith("| "));
    for (const id of ids) {
      const b = table[id];
      assert.ok(b, `${id} has no basis`);
      const row = rows.find((r) => r.startsWith(`| ${id} |`));
      assert.ok(row, `docs/CHECKS.md has no row for ${id}`);
      assert.ok(row.endsWith(`| ${b.source} | ${messageIn(b.clause, "en")} | ${b.strength} |`), `docs/CHECKS.md's row for ${id} does not end with its basis (${b.source} | ${messageIn(b.clause, "en")} | ${b.strength}): ${row}`);
    }
    for (const id of Object.keys(table)) assert.ok(ids.includes(id), `the ${family} table names ${id}, which is not a check`);
  });
}

test("docs/CHECKS.md is the one check inventory (the companion file is folded in)", () => {
  assert.ok(!docs.includes("CHECKS-oauth-cert-tls-hsm"));
});
