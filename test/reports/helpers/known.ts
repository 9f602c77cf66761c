/** The hand-written known reports (test/reports/fixtures/) every renderer test starts from. */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Report } from "../../../src/report/types.ts";

export const KNOWN_REPORT_FILE = fileURLToPath(new URL("../fixtures/report-l2.json", import.meta.url));
export const PREVIOUS_REPORT_FILE = fileURLToPath(new URL("../fixtures/report-l2-previous.json", import.meta.url));
export { OSCAL_1_1_3_SCHEMA as OSCAL_SCHEMA_FILE } from "../../helpers/shared.ts";
export const SARIF_MULTITOOL = fileURLToPath(new URL("../../../node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool", import.meta.url));

/** A fresh copy each call, so a test may change it freely. */
export function knownReport(): Report {
  return JSON.parse(readFileSync(KNOWN_REPORT_FILE, "utf8")) as Report;
}

export function previousReport(): Report {
  return JSON.parse(readFileSync(PREVIOUS_REPORT_FILE, "utf8")) as Report;
}

/** The hostile string planted in an observed value of the known report (csc.sad.single-use). */
export const HOSTILE_MARKER = "<script>alert('sad')</script>";
