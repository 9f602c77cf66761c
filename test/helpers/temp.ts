/**
 * Temporary folders for tests: every test makes its scratch folders here, under this test
 * process's run folder (src/util/run-temp.ts), which is removed when the process exits —
 * normally, after a failed assertion, or on the runner's SIGTERM. Nothing is left in the temp
 * dir, and nothing needs removing by hand.
 */
import { runTempSubdir } from "../../src/util/run-temp.ts";

/** A new empty folder `<run folder>/<name>-XXXXXX` (0700), removed when the test process exits. */
export function tempDir(name: string): string {
  return runTempSubdir(name);
}
