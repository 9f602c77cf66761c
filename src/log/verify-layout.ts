/**
 * One entry for every layout (docs/AUDIT-LOG.md, "Layouts"): chained log files, or a folder of
 * rotated files sealed by time-stamp tokens or by signed manifests. The layout is given or
 * detected: files → chained; a folder with manifest*.json → signed-manifest; with *.tsr →
 * timestamped-files; a folder with neither holds chained segments in name order. The folder
 * layouts' modules are loaded only when used, so `log verify` of a chained log stays lean.
 */
import { InputError, displayPath } from "../util/errors.ts";
import type { VerifyOutcome } from "./chain-verifier.ts";
import { LOG_LAYOUTS, LOG_FILE, byName, detectFolderLayout, isFolder, listFolder, type LogLayout } from "./folder.ts";
import type { ChainHead, FileHead, KeptHead } from "./format.ts";
import { tsaTrustOf, verifyLog, type VerifyLogOptions } from "./verify-files.ts";
import { join } from "node:path";

export interface LayoutOptions extends Omit<VerifyLogOptions, "expectHead"> {
  /** The head kept from an earlier assessment: `SEQ:HASH` (chained, signed-manifest) or `NAME:HASH` (timestamped-files). */
  expectHead?: KeptHead;
  /** Default `auto`: detected from the paths. */
  layout?: LogLayout | "auto";
  /** timestamped-files: the token naming rule (`{name}.tsr`). */
  tokenName?: string;
  /** timestamped-files: the late-seal threshold (catalog `log.seal.maxDelaySeconds`). */
  maxSealDelaySeconds?: number;
  /** timestamped-files: the rotation gap by time threshold (catalog `log.rotation.maxGapSeconds`). */
  maxRotationGapSeconds?: number;
}

/** Parses `--layout`; bad input otherwise. */
export function parseLayout(text: string | undefined): LogLayout | "auto" {
  if (text === undefined || text === "auto") return "auto";
  if ((LOG_LAYOUTS as readonly string[]).includes(text)) return text as LogLayout;
  throw new InputError(`--layout must be auto, ${LOG_LAYOUTS.join(", ")}; not "${text.slice(0, 40)}"`);
}

/** The layout and the paths it reads: chained segments, or the one folder. */
export interface ResolvedLayout {
  layout: LogLayout;
  /** What the layout's verifier reads: the chained segments, or the one folder. */
  files: string[];
  /** The log files themselves, in order (for the content pass). */
  logFiles: string[];
}

export async function resolveLayout(paths: readonly string[], layout: LogLayout | "auto" = "auto", tokenSuffix = ".tsr"): Promise<ResolvedLayout> {
  const folder = paths.length === 1 && (await isFolder(paths[0]!)) ? paths[0]! : undefined;
  const logFilesOf = (names: string[]): string[] => names.filter((n) => LOG_FILE.test(n)).sort(byName).map((n) => join(folder!, n));
  if (layout !== "chained" && layout !== "auto") {
    if (!folder) throw new InputError([{ file: paths[0] ?? "", message: `layout ${layout} reads one folder of log files, not ${paths.length === 1 ? "a file" : `${paths.length} paths`}` }]);
    return { layout, files: [folder], logFiles: logFilesOf(await listFolder(folder)) };
  }
  if (!folder) return { layout: "chained", files: [...paths], logFiles: [...paths] };
  const names = await listFolder(folder);
  const detected = layout === "auto" ? detectFolderLayout(names, tokenSuffix) : undefined;
  if (detected) return { layout: detected, files: [folder], logFiles: logFilesOf(names) };
  const segments = names.filter((n) => LOG_FILE.test(n)).sort(byName);
  if (segments.length === 0) throw new InputError([{ file: folder, message: "no log file (*.log, *.jsonl, *.ndjson) in the folder, and no manifest or token to tell its layout (--layout)" }]);
  const gz = segments.find((n) => n.endsWith(".gz"));
  if (gz) throw new InputError([{ file: join(folder, gz), message: "a chained log is read uncompressed; a folder of .gz files needs --layout timestamped-files or signed-manifest" }]);
  const files = segments.map((n) => join(folder, n));
  return { layout: "chained", files, logFiles: files };
}

/** Verifies `paths` in their layout. */
export async function verifyAnyLayout(paths: readonly string[], o: LayoutOptions = {}): Promise<ResolvedLayout & { outcome: VerifyOutcome }> {
  const resolved = await resolveLayout(paths, o.layout, o.tokenName ? o.tokenName.slice(o.tokenName.lastIndexOf("}") + 1) || ".tsr" : ".tsr");
  return { ...resolved, outcome: await verifyResolved(resolved, o) };
}

async function verifyResolved(resolved: ResolvedLayout, o: LayoutOptions): Promise<VerifyOutcome> {
  const where = displayPath(resolved.files[0] ?? "");
  if (resolved.layout === "chained") return verifyLog(resolved.files, { ...o, expectHead: chainHead(o.expectHead, "chained", where) });
  const dir = resolved.files[0]!;
  if (resolved.layout === "timestamped-files") {
    const expectHead = fileHead(o.expectHead, where);
    const { verifyTimestampedFolder } = await import("./timestamped-files.ts");
    return verifyTimestampedFolder(dir, { tsaTrust: tsaTrustOf(o), tokenName: o.tokenName, maxSealDelaySeconds: o.maxSealDelaySeconds, maxRotationGapSeconds: o.maxRotationGapSeconds, expectHead, maxProblems: o.maxProblems });
  }
  const { verifyManifestFolder } = await import("./signed-manifest.ts");
  return verifyManifestFolder(dir, { certPem: o.certPem, trustAnchorsPem: o.trustAnchorsPem, expectHead: chainHead(o.expectHead, "signed-manifest", where), maxProblems: o.maxProblems });
}

/** The kept head as a chain position; a file head here is bad input (it belongs to timestamped-files). */
function chainHead(head: KeptHead | undefined, layout: LogLayout, where: string): ChainHead | undefined {
  if (head && "file" in head) throw new InputError(`--expect-head ${head.file}:… names a sealed file (timestamped-files); ${where} is ${layout}, whose head is SEQ:HASH`);
  return head;
}

/** The kept head as a sealed file; a chain position here is bad input. */
function fileHead(head: KeptHead | undefined, where: string): FileHead | undefined {
  if (!head) return undefined;
  if (!("file" in head)) throw new InputError(`--expect-head for timestamped-files is NAME:HASH, the last sealed file and its SHA-256 (as log verify printed it), not SEQ:HASH (${where})`);
  if (!LOG_FILE.test(head.file)) throw new InputError(`--expect-head ${head.file.slice(0, 80)}:… does not name a log file (*.log, *.jsonl, *.ndjson, optionally .gz)`);
  return head;
}
