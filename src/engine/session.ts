/**
 * OUT/evidence/session.json: what a later offline `evaluate` needs besides the check results —
 * the assessment's identity and settings, the catalog it was planned with, and the decisions
 * (waivers, attestations) in force at collection time. Contains no secret: the config's secrets
 * are never copied, only the resolved parameters and the target's name and URL.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { EVIDENCE_DIRNAME } from "../collect/save-evidence.ts";
import { InputError, describeError } from "../util/errors.ts";
import type { AttestationRecord, Report, WaiverRecord } from "../report/types.ts";
import { readInputJson } from "../util/input-file.ts";

export const SESSION_FILE = "session.json";

export interface Session {
  schema: "rssp-audit/session/v1";
  assessment: Omit<Report["assessment"], "catalog">;
  catalog: { version: string; sha256: string };
  waivers: WaiverRecord[];
  attestations: AttestationRecord[];
  /** IDs of the checks whose results were saved (evidence/checks/<id>/result.json). */
  checks: string[];
}

export function saveSession(outDir: string, session: Omit<Session, "schema">): void {
  const full: Session = { schema: "rssp-audit/session/v1", ...session };
  writeFileSync(join(outDir, EVIDENCE_DIRNAME, SESSION_FILE), `${JSON.stringify(full, null, 2)}\n`);
}

export function readSession(evidenceDir: string): Session {
  const file = join(evidenceDir, SESSION_FILE);
  let value: unknown;
  try {
    value = readInputJson(file);
  } catch (error) {
    throw new InputError([{ file, message: `not a saved assessment (${error instanceof InputError ? error.problems[0]!.message : describeError(error)})` }]);
  }
  const s = value as Partial<Session>;
  if (s.schema !== "rssp-audit/session/v1" || !s.assessment || !Array.isArray(s.checks)) {
    throw new InputError([{ file, message: "not an rssp-audit session file (schema rssp-audit/session/v1)" }]);
  }
  return s as Session;
}
