import { InputError } from "../util/errors.ts";

/** Action for a command of the CLI contract that is not built yet: says so and exits 2. */
export function notBuilt(command: string, issue: number): () => never {
  return () => {
    throw new InputError(`'${command}' is not built yet (issue #${issue}); nothing was done`);
  };
}
