/**
 * Errors that end a command with a clear one-line reason per problem instead of a stack trace.
 * Exit codes follow the CLI contract (design §5): 2 bad input, 3 could not finish.
 */

/** A problem located in an input file. Rendered as `file:line:column: message`. */
export interface Problem {
  file?: string;
  line?: number;
  column?: number;
  message: string;
}

export function formatProblem(p: Problem): string {
  if (!p.file) return p.message;
  const file = displayPath(p.file);
  const at = p.line ? `${file}:${p.line}${p.column ? `:${p.column}` : ""}` : file;
  return `${at}: ${p.message}`;
}

/** A path as the user would type it: relative to the working directory when inside it. */
export function displayPath(file: string): string {
  const cwd = process.cwd() + "/";
  return file.startsWith(cwd) ? file.slice(cwd.length) : file;
}

/** Usage or input error (bad flags, malformed config or catalog, unreadable file): exit 2. */
export class InputError extends Error {
  readonly exitCode = 2;
  readonly problems: Problem[];
  constructor(problems: Problem[] | string) {
    const list = typeof problems === "string" ? [{ message: problems }] : problems;
    super(list.map(formatProblem).join("\n"));
    this.name = "InputError";
    this.problems = list;
  }
}

/** The tool could not finish (target unreachable, internal failure): exit 3. */
export class CannotFinishError extends Error {
  readonly exitCode = 3;
  constructor(message: string) {
    super(message);
    this.name = "CannotFinishError";
  }
}

/** A one-line description of any thrown value, for places that must not print a stack. */
export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    const first = error.message.split("\n")[0] ?? "";
    return code && !first.includes(code) ? `${first} (${code})` : first;
  }
  return String(error);
}
