/**
 * `rssp-audit evidence validate DIR`: every evidence document against its schema, its attachments'
 * digests, its freshness and its kind's content rules, with file:line.
 * Exit 0 valid; 1 content-rule violations or stale documents; 2 schema violations or unreadable input.
 */
import { messageIn } from "../../check/types.ts";
import type { Command } from "commander";
import { resolve } from "node:path";
import { loadEvidence } from "../../evidence/documents.ts";
import { assessEvidenceKind } from "../../evidence/assess-kind.ts";
import { loadCatalog, resolveParameters } from "../../catalog/load.ts";
import { InputError } from "../../util/errors.ts";
import type { CheckContext } from "../../check/types.ts";
import { sharedValues } from "../../check/shared-values.ts";
import { chalkFor, out } from "../output.ts";
import type { ExitCode } from "../exit-code.ts";

export function register(program: Command, setExit: (code: ExitCode) => void): void {
  const evidence = program.command("evidence").description("evidence documents the assessor collects");
  evidence
    .command("validate")
    .description("check every evidence document in DIR against its schema and content rules")
    .argument("<dir>", "evidence folder")
    .option("--level <n>", "assessment level the rules apply at", "2")
    .action(async (dir: string, opts: { level: string }) => {
      if (!["1", "2", "3"].includes(opts.level)) throw new InputError(`--level must be 1, 2 or 3, not "${opts.level}"`);
      const docs = loadEvidence(dir);
      const schemaProblems = docs.flatMap((d) => d.problems.filter((p) => !/attachment/.test(p.message)));
      if (schemaProblems.length > 0) throw new InputError(schemaProblems);
      const ctx: CheckContext = {
        target: { name: "evidence", logs: [], trustAnchors: [], evidenceDir: resolve(dir) },
        level: Number(opts.level) as 1 | 2 | 3,
        parameters: resolveParameters(loadCatalog()),
        intrusive: false,
        signal: new AbortController().signal,
        shared: sharedValues(),
        log: () => {},
      };
      const c = chalkFor();
      let violations = 0;
      for (const kind of [...new Set(docs.map((d) => d.kind))].sort()) {
        const outcome = await assessEvidenceKind(ctx, kind);
        for (const o of outcome.observations.filter((x) => x.ok === false)) {
          violations++;
          out(`${c.red("✗")} ${o.where}: ${messageIn(o.expected, "en")} — ${messageIn(o.observed, "en")}`);
        }
        if (outcome.status === "pass") out(`${c.green("✓")} ${kind}: ${messageIn(outcome.summary, "en")}`);
      }
      out(`${docs.length} document(s), ${violations} violation(s)`);
      setExit(violations > 0 ? 1 : 0);
    });
}
