/**
 * Terminal output helpers: colour only on a TTY without NO_COLOR, and tables that stay plain
 * when colour is off (cli-table3 emits colour codes by default even without a TTY).
 */
import { Chalk, type ChalkInstance } from "chalk";
import Table from "cli-table3";
import type { Status } from "../check/types.ts";

export function useColour(stream: NodeJS.WriteStream = process.stdout): boolean {
  return Boolean(stream.isTTY) && !("NO_COLOR" in process.env) && process.env.TERM !== "dumb";
}

export function chalkFor(stream: NodeJS.WriteStream = process.stdout): ChalkInstance {
  return new Chalk({ level: useColour(stream) ? 1 : 0 });
}

export function makeTable(head: string[], colour = useColour()): Table.Table {
  return new Table({
    head,
    style: colour ? { head: ["cyan"], border: ["grey"] } : { head: [], border: [] },
    wordWrap: true,
  });
}

export function paintStatus(status: Status | string, c: ChalkInstance): string {
  switch (status) {
    case "pass":
      return c.green(status);
    case "fail":
      return c.red.bold(status);
    case "error":
      return c.magenta(status);
    case "manual":
      return c.yellow(status);
    case "waived":
      return c.cyan(status);
    case "advisory":
      return c.blue(status);
    default:
      return c.dim(status);
  }
}

/** Writes one line to stdout. */
export function out(line = ""): void {
  process.stdout.write(`${line}\n`);
}

/** A path as the user would type it (relative to the working directory when inside it). */
export { displayPath as displayPathOf } from "../util/errors.ts";
