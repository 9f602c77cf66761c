/**
 * Reading report.json from disk: the thin I/O edge in front of the renderers. A file that cannot
 * be read, is not JSON or breaks the report schema is an input error with a one-line reason.
 */
import { readFileSync } from "node:fs";
import { reportSchemaProblems } from "../src/report/build-report.ts";
import type { Report } from "../src/report/types.ts";
import { InputError, describeError } from "../src/util/errors.ts";

/** The exact bytes of a report file (what a signature covers) and the parsed, schema-checked report. */
export interface LoadedReport {
  file: string;
  bytes: Buffer;
  report: Report;
}

export function loadReport(file: string): LoadedReport {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    throw new InputError([{ file, message: `cannot read the report: ${describeError(error)}` }]);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.toString("utf8"));
  } catch (error) {
    throw new InputError([{ file, message: `not JSON: ${describeError(error)}` }]);
  }
  const problems = reportSchemaProblems(parsed);
  if (problems.length > 0) throw new InputError([{ file, message: `not a report.json (rssp-audit/report/v1): ${problems[0]}` }]);
  return { file, bytes, report: parsed as Report };
}
