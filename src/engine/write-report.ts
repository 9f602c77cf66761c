import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildReport, reportSchemaProblems, type ReportInputs } from "../report/build-report.ts";
import type { Report } from "../report/types.ts";

/** Builds report.json, refuses to write one that breaks its own schema, and writes it to OUT/report.json. */
export function writeReport(outDir: string, inputs: ReportInputs): { report: Report; reportFile: string } {
  const report = buildReport(inputs);
  const problems = reportSchemaProblems(report);
  if (problems.length > 0) throw new Error(`report.json does not match its schema: ${problems.slice(0, 3).join("; ")}`);
  mkdirSync(outDir, { recursive: true });
  const reportFile = join(outDir, "report.json");
  writeFileSync(reportFile, `${JSON.stringify(report, null, 2)}\n`);
  return { report, reportFile };
}
