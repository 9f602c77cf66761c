/**
 * Issue 16 (f): provenance and terms. The vendor's criteria examples are labelled as such, the
 * notes' labels are not presented as the guideline's clause numbers, the guideline's own terms are
 * used (署名生成アプリケーション（SCA）, 認証情報, 署名鍵の活性化（鍵認可） as the SC domain title),
 * and the glossary exists in both languages.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { loadCatalog } from "../../src/catalog/load.ts";
import { REPO_ROOT } from "../helpers/cli.ts";

const catalog = loadCatalog();
const allRefs = [...catalog.controls.map((c) => ({ id: c.id, refs: c.refs })), ...catalog.threats.map((t) => ({ id: t.id, refs: t.refs }))];

test("the vendor's criteria examples are labelled as examples; their UA-a…PT-f labels are the project's", () => {
  assert.match(catalog.sources["JT2A-CRIT"]!, /vendor's presentation slides.*criteria EXAMPLES, not guideline text/);
  for (const { id, refs } of allRefs) {
    for (const r of refs.filter((x) => x.source === "JT2A-CRIT")) {
      assert.doesNotMatch(r.clause ?? "", /^(UA|RK|KM|PT)-[a-f]$/, `${id}: a project label as the clause`);
      assert.match(r.note ?? "", /vendor's criteria example .*this project's label/, `${id}: labelled`);
    }
  }
});

test("Part II clause labels (FU1, I1–I4, R1…) are not presented as the guideline's numbering", () => {
  for (const { id, refs } of allRefs) {
    for (const r of refs.filter((x) => x.source === "JT2A-RSG-2")) {
      assert.doesNotMatch(r.clause ?? "", /§\d [A-Z]{1,2}\d/, `${id}: ${r.clause}`);
      if (/[A-Z]{1,2}\d/.test(r.note ?? "") && /label/.test(r.note ?? "")) assert.match(r.note!, /the guideline notes' label, not the guideline's numbering/);
    }
  }
});

test("the four refs the issue named say what their texts say", () => {
  const ref = (id: string, source: string) => catalog.controls.find((c) => c.id === id)!.refs.filter((r) => r.source === source);
  assert.equal(ref("RK-10", "JT2A-RSG-1")[0]!.basis, "unverified");
  assert.equal(ref("UA-10", "JT2A-RSG-1")[0]!.basis, "unverified");
  assert.match(ref("UA-10", "JT2A-RSG-2")[0]!.note!, /authentication, not multi-factor/);
  assert.match(ref("SP-04", "JT2A-RSG-2")[0]!.note!, /does not state the destruction requirement/);
  assert.ok(ref("SP-04", "ETSI-TS-119-431-1").length >= 2);
  assert.match(ref("KM-11", "SECOM")[0]!.note!, /import is allowed, not banned/);
  assert.doesNotMatch(catalog.controls.find((c) => c.id === "KM-11")!.statement.ja, /^署名鍵をインポートしてはならない/);
});

test("the guideline's own terms", () => {
  const sc = catalog.domains.find((d) => d.id === "SC")!;
  assert.equal(sc.title.ja, "署名鍵の活性化（鍵認可）");
  assert.doesNotMatch(`${sc.title.ja} ${sc.title.en}`, /Sole Control/);
  const texts = [...catalog.controls.flatMap((c) => [c.title.ja, c.statement.ja, c.assess.procedure?.ja ?? ""]), ...catalog.threats.flatMap((t) => [t.title.ja, t.statement?.ja ?? ""])];
  for (const t of texts) {
    assert.doesNotMatch(t, /活性化データ/, t);
    assert.doesNotMatch(t, /(?<!生成)署名アプリケーション/, t);
  }
  assert.ok(texts.some((t) => t.includes("署名生成アプリケーション（SCA）")));
  const glossary = readFileSync(join(REPO_ROOT, "docs/GLOSSARY.md"), "utf8");
  for (const term of ["署名生成アプリケーション（SCA）", "対策レベル", "SCAL", "Sole Control", "認証情報", "署名鍵の活性化情報", "利用者識別符号", "判定保留", "観察事項"]) assert.ok(glossary.includes(term), term);
});
