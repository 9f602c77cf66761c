/**
 * Reading report.json from disk: the thin I/O edge in front of the renderers. A file that cannot
 * be read, is not JSON or breaks the report schema is an input error with a one-line reason.
 */
import { reportSchemaProblems } from "../src/report/build-report.ts";
import type { Report } from "../src/report/types.ts";
import { InputError } from "../src/util/errors.ts";
import { decodeUtf8, jsonErrorMessage, readInputBytes } from "../src/util/input-file.ts";

/** report.json of a large assessment is a few MB; anything past this is not one. */
const MAX_REPORT_BYTES = 256 * 1024 * 1024;

/** The exact bytes of a report file (what a signature covers) and the parsed, schema-checked report. */
export interface LoadedReport {
  file: string;
  bytes: Buffer;
  report: Report;
}

export function loadReport(file: string): LoadedReport {
  const bytes = readInputBytes(file, MAX_REPORT_BYTES);
  let parsed: unknown;
  try {
    parsed = JSON.parse(decodeUtf8(file, bytes));
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError([{ file, message: `not JSON: ${jsonErrorMessage(error)}` }]);
  }
  const problems = reportSchemaProblems(parsed);
  if (problems.length > 0) throw new InputError([{ file, message: `not a report.json (rssp-audit/report/v1): ${problems[0]}` }]);
  return { file, bytes, report: parsed as Report };
}
