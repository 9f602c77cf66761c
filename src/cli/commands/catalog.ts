/**
 * `rssp-audit catalog list|show ID|validate [PATH]|export`: read, check and export the control
 * catalog. validate exits 0 when valid (planned checks are notes), 2 with file:line problems.
 */
import type { Command } from "commander";
import { applyProfile, loadCatalog, DEFAULT_CATALOG_DIR } from "../../catalog/load.ts";
import { validateCatalog } from "../../catalog/validate.ts";
import { catalogToOscal } from "../../catalog/export-oscal.ts";
import { catalogToMarkdown } from "../../catalog/export-markdown.ts";
import { checkIndex, loadRegistry } from "../../check/registry.ts";
import { InputError } from "../../util/errors.ts";
import type { Catalog, Control } from "../../catalog/types.ts";
import type { LevelBasis } from "../../report/types.ts";
import { chalkFor, makeTable, out } from "../output.ts";
import type { ExitCode } from "../exit-code.ts";
import { METHOD_LABEL, SEVERITY_LABEL } from "../../../reports/i18n.ts";

type Lang = "ja" | "en";

/** `catalog show`'s field labels and values, in each language (the guideline's terms in Japanese). */
const SHOW_LABEL = {
  ja: { severity: "重大度:", phase: "段階:", assessed: "評価方法:", checks: "検査:", evidence: "証跡:", procedure: "手順:", parameters: "パラメータ:", threats: "脅威:", naWhen: "適用外:", refs: "出典" },
  en: { severity: "severity:", phase: "phase:", assessed: "assessed:", checks: "checks:", evidence: "evidence:", procedure: "procedure:", parameters: "parameters:", threats: "threats:", naWhen: "n/a when:", refs: "refs" },
} as const;
const PHASE_TEXT: Record<string, Record<Lang, string>> = {
  registration: { ja: "登録", en: "registration" },
  signing: { ja: "署名", en: "signing" },
  suspension: { ja: "利用停止", en: "suspension" },
  operation: { ja: "運用", en: "operation" },
};
/** Display width: CJK characters take two columns in a terminal. */
function width(s: string): number {
  let n = 0;
  for (const ch of s) n += /[\u3000-\u9fff\uff00-\uffef]/.test(ch) ? 2 : 1;
  return n;
}

function parseLang(value: string): Lang {
  if (value !== "ja" && value !== "en") throw new InputError(`--lang must be ja or en, not "${value}"`);
  return value;
}

function parseLevel(value: string | undefined): 1 | 2 | 3 | undefined {
  if (value === undefined) return undefined;
  if (!["1", "2", "3"].includes(value)) throw new InputError(`--level must be 1, 2 or 3, not "${value}"`);
  return Number(value) as 1 | 2 | 3;
}

/**
 * Loads the catalog and fails (exit 2) on cross-reference errors, so no command works on a broken
 * catalog. The check IDs come from the file names (checkIndex): importing every check would cost
 * more than the rest of `catalog list`; `catalog validate` imports them and checks their exports.
 */
async function loadValidCatalog(dir?: string): Promise<Catalog> {
  const catalog = loadCatalog(dir ?? DEFAULT_CATALOG_DIR);
  const result = validateCatalog(catalog, checkIndex());
  if (result.errors.length > 0) throw new InputError(result.errors);
  return catalog;
}

const BASIS_LABEL: Record<LevelBasis["kind"], { ja: string; en: string }> = {
  guideline: { ja: "ガイドライン", en: "guideline" },
  derived: { ja: "本プロジェクトの読み方", en: "this project's reading" },
  external: { ja: "外部規格", en: "external standard" },
};

/** One line: what the levels rest on, e.g. `ガイドライン — JT2A-RSG-2 パートⅡ §3 … レベル2`. */
export function describeLevelBasis(b: LevelBasis | undefined, lang: Lang): string {
  if (!b) return lang === "ja" ? "根拠の記載なし" : "basis not stated";
  const where = [b.source, b.clause].filter(Boolean).join(" ");
  return [BASIS_LABEL[b.kind][lang], where, b.rationale?.[lang]].filter(Boolean).join(" — ");
}

function filterControls(catalog: Catalog, opts: { level?: string; domain?: string }): Control[] {
  const level = parseLevel(opts.level);
  const domains = opts.domain?.split(",").map((d) => d.trim().toUpperCase());
  if (domains) {
    const known = new Set(catalog.domains.map((d) => d.id as string));
    const unknown = domains.filter((d) => !known.has(d));
    if (unknown.length) throw new InputError(`unknown domain ${unknown.join(", ")} (known: ${[...known].join(", ")})`);
  }
  return catalog.controls.filter((c) => (!level || c.levels.includes(level)) && (!domains || domains.includes(c.domain)));
}

export function register(program: Command, setExit: (code: ExitCode) => void): void {
  const catalog = program.command("catalog").description("the control catalog (controls/*.yaml)");

  catalog
    .command("list")
    .description("list controls as a table or JSON")
    .option("--level <n>", "only controls required at level 1, 2 or 3")
    .option("--domain <ids>", "only these domains (comma-separated: UA,RK,KM,PT,SC,SM,RG,SP)")
    .option("--format <format>", "table|json", "table")
    .option("--lang <lang>", "ja|en", "en")
    .option("--catalog <dir>", "catalog folder (default: the shipped one)")
    .option("--profile <name>", "read the catalog as this profile (controls/profiles/<name>.yaml)")
    .action(async (opts: { level?: string; domain?: string; format: string; lang: string; catalog?: string; profile?: string }) => {
      const lang = parseLang(opts.lang);
      const cat = applyProfile(await loadValidCatalog(opts.catalog), opts.profile);
      const controls = filterControls(cat, opts);
      if (opts.format === "json") {
        out(JSON.stringify(controls.map(({ source: _s, ...c }) => c), null, 2));
      } else if (opts.format === "table") {
        const c = chalkFor();
        const table = makeTable(["ID", "Title", "Levels", "Severity", "Method"]);
        for (const x of controls) table.push([c.bold(x.id), x.title[lang], x.levels.join(","), x.severity, x.assess.method]);
        out(table.toString());
        out(`${controls.length} controls (catalog ${cat.version})`);
      } else throw new InputError(`--format must be table or json, not "${opts.format}"`);
      setExit(0);
    });

  catalog
    .command("show")
    .description("print one control (or threat) fully")
    .argument("<id>", "control or threat ID, e.g. SC-L2-04")
    .option("--lang <lang>", "ja|en", "en")
    .option("--format <format>", "text|json", "text")
    .option("--catalog <dir>", "catalog folder")
    .action(async (id: string, opts: { lang: string; format: string; catalog?: string }) => {
      const lang = parseLang(opts.lang);
      const cat = await loadValidCatalog(opts.catalog);
      const wanted = id.toUpperCase();
      const control = cat.controls.find((c) => c.id === wanted);
      const threat = cat.threats.find((t) => t.id === wanted);
      if (!control && !threat) throw new InputError(`no control or threat with ID ${id}`);
      if (opts.format === "json") {
        const { source: _s, ...item } = (control ?? threat)!;
        out(JSON.stringify(item, null, 2));
        return setExit(0);
      }
      const c = chalkFor();
      if (control) {
        const threats = cat.threats.filter((t) => t.mitigatedBy.includes(control.id)).map((t) => t.id);
        out(`${c.bold(control.id)}  ${control.title[lang]}`);
        out();
        out(control.statement[lang]);
        out();
        const label = lang === "ja" ? { levels: "レベル", basis: "根拠", profile: "プロファイル" } : { levels: "levels", basis: "basis", profile: "profile" };
        const inDefault = control.profiles.length === 0;
        out(`${lang === "ja" ? `${label.levels}:   ` : `${label.levels}:     `} ${control.levels.join(", ")}${inDefault ? "" : ` (${lang === "ja" ? "プロファイル限定" : "profile-only"}: ${control.profiles.join(", ")})`}`);
        out(`  ${label.basis}: ${describeLevelBasis(control.levelBasis, lang)}`);
        for (const p of Object.values(cat.profiles).sort((a, b) => a.id.localeCompare(b.id))) {
          const reading = p.levels[control.id];
          if (reading) out(`  ${label.profile} ${p.id}: ${label.levels} ${reading.levels.join(", ")} — ${describeLevelBasis(reading.basis, lang)}`);
        }
        const f = SHOW_LABEL[lang];
        const field = (name: keyof typeof f, value: string) => out(`${f[name]}${" ".repeat(Math.max(1, 12 - width(f[name])))}${value}`);
        field("severity", SEVERITY_LABEL[control.severity][lang]);
        field("phase", PHASE_TEXT[control.phase]?.[lang] ?? control.phase);
        field("assessed", `${METHOD_LABEL[control.assess.method][lang]}${control.intrusive ? (lang === "ja" ? "（侵襲的: --intrusive が必要）" : " (intrusive: needs --intrusive)") : ""}`);
        if (control.assess.checks.length) field("checks", control.assess.checks.join(", "));
        if (control.assess.evidence.length) field("evidence", control.assess.evidence.join(", "));
        if (control.assess.procedure) field("procedure", control.assess.procedure[lang]);
        if (control.parameters.length) field("parameters", control.parameters.map((p) => `${p}=${JSON.stringify(cat.parameters[p]?.default)}`).join(", "));
        if (threats.length) field("threats", threats.join(", "));
        field("naWhen", control.notApplicableWhen.length ? control.notApplicableWhen.map((r) => `${r} (${cat.notApplicableReasons[r]?.[lang] ?? "?"})`).join(", ") : lang === "ja" ? "なし（到達できない要求事項は要確認）" : "never (a requirement no check reaches is manual)");
        out(`${f.refs}:`);
        for (const r of control.refs) out(`  - ${r.source}${r.clause ? ` ${r.clause}` : ""} [${r.basis}]${r.note ? ` — ${r.note}` : ""}`);
      } else if (threat) {
        out(`${c.bold(threat.id)}  ${threat.title[lang]}`);
        if (threat.statement) out(`\n${threat.statement[lang]}\n`);
        out(`phase:         ${threat.phase}`);
        if (threat.guidelineThreats.length) out(`guideline:     ${threat.guidelineThreats.join(", ")}`);
        out(`mitigated by:  ${threat.mitigatedBy.join(", ")}`);
      }
      setExit(0);
    });

  catalog
    .command("validate")
    .description("check the catalog's schema and cross-references (exit 0 valid, 2 problems)")
    .argument("[path]", "catalog folder (default: the shipped one)")
    .option("--format <format>", "text|json", "text")
    .action(async (path: string | undefined, opts: { format: string }) => {
      const cat = loadCatalog(path ?? DEFAULT_CATALOG_DIR);
      const result = validateCatalog(cat, await loadRegistry());
      if (opts.format === "json") out(JSON.stringify({ valid: result.errors.length === 0, ...result }, null, 2));
      else {
        for (const p of result.planned) process.stderr.write(`planned: ${p.kind} ${p.id} (named by ${p.controls.join(", ")})\n`);
        if (result.errors.length === 0) {
          const n = result.counts;
          out(`catalog ${cat.version}: valid — ${n.controls} controls, ${n.threats} threats, ${n.checksBuilt} checks built, ${result.planned.filter((p) => p.kind === "check").length} planned`);
        }
      }
      if (result.errors.length > 0) throw new InputError(result.errors);
      setExit(0);
    });

  catalog
    .command("export")
    .description("export the catalog as Markdown, JSON or an OSCAL 1.1.3 catalog")
    .option("--format <format>", "md|json|oscal", "json")
    .option("--lang <lang>", "ja|en (md only)", "en")
    .option("--level <n>", "only controls required at this level (md, json)")
    .option("--catalog <dir>", "catalog folder")
    .option("--profile <name>", "read the catalog as this profile (controls/profiles/<name>.yaml)")
    .action(async (opts: { format: string; lang: string; level?: string; catalog?: string; profile?: string }) => {
      const cat = applyProfile(await loadValidCatalog(opts.catalog), opts.profile);
      const level = parseLevel(opts.level);
      const view: Catalog = level ? { ...cat, controls: cat.controls.filter((c) => c.levels.includes(level)) } : cat;
      if (opts.format === "oscal") out(JSON.stringify(catalogToOscal(view), null, 2));
      else if (opts.format === "md") process.stdout.write(catalogToMarkdown(view, parseLang(opts.lang)));
      else if (opts.format === "json") {
        const { dir: _d, ...rest } = view;
        out(JSON.stringify({ ...rest, controls: rest.controls.map(({ source: _s, ...c }) => c), threats: rest.threats.map(({ source: _s, ...t }) => t), domains: rest.domains.map(({ file: _f, ...d }) => d) }, null, 2));
      } else throw new InputError(`--format must be md, json or oscal, not "${opts.format}"`);
      setExit(0);
    });
}
