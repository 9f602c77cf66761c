/**
 * Reference files a test needs from outside the project. Public-domain ones are vendored under
 * test/vendor/ (see its README for origin and licence); the others are read from the folder named
 * by RSSP_AUDIT_SHARED (CI: ../shared, set by .ci/run) and the test is skipped, with the reason
 * printed, when the variable is unset. A variable that is set but wrong fails the test: CI must
 * not skip quietly.
 */
import { existsSync } from "node:fs";
import { isAbsolute, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const VENDOR_DIR = fileURLToPath(new URL("../vendor/", import.meta.url));
export const SHARED_VAR = "RSSP_AUDIT_SHARED";

/** The vendored OSCAL 1.1.3 complete schema (public domain, NIST). */
export const OSCAL_1_1_3_SCHEMA = join(VENDOR_DIR, "oscal", "oscal_complete_schema-1-1-3.json");

export type SharedFile = { path: string; skip: false } | { path: undefined; skip: string };

/** `rel` (e.g. `csc/csc_schema_v.1.0.3.0.json`) inside $RSSP_AUDIT_SHARED, or why a test needing it is skipped. */
export function sharedFile(rel: string): SharedFile {
  const base = process.env[SHARED_VAR];
  if (!base) return { path: undefined, skip: `${SHARED_VAR} is not set: this test needs the official ${rel} from outside the project (test/vendor/README.md says why); CI sets ${SHARED_VAR}=../shared` };
  // Relative values are relative to the repository root, where npm test runs.
  const path = isAbsolute(base) ? join(base, rel) : resolve(fileURLToPath(new URL("../../", import.meta.url)), base, rel);
  if (!existsSync(path)) throw new Error(`${SHARED_VAR}=${base}: ${rel} not found there`);
  return { path, skip: false };
}
