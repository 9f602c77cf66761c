/**
 * The longer `--help` texts of `assess` and `demo`: exit codes, an example, the fixture's
 * profiles. Pure strings; demo.ts passes in the profile tables it read from the fixture.
 */

/** What `assess` (and `evaluate`, which writes the same report) exits with. */
export const ASSESS_EXIT_CODES = `
Exit codes:
  0  conformant at the level assessed (with --fail-on / --baseline: nothing blocks)
  1  falls short (a nonconformity) or incomplete (判定保留: a control left manual or in error);
     the first "gate:" line on stderr says which
  2  bad input: flags, assessment.yaml, evidence, waivers or attestations (one line with file:line)
  3  could not finish: the target unreachable, a probe could not start, or the TSA of
     --tsa-url / outputs.tsa down (the PDF report is kept unsigned on disk)
  report.json (and every format asked for) is written before the exit code is decided.`;

export const ASSESS_EXAMPLE = `
Example:
  rssp-audit assess --config assessment.yaml --level 2 --out out \\
    --format json,html,pdf,junit,sarif --lang ja
  # CI: fail only on blocking controls of severity high or worse, or on a regression
  rssp-audit assess --config assessment.yaml --format junit,sarif --fail-on high
  rssp-audit assess --config assessment.yaml --format sarif --baseline last/report.json
  # sign report.json and the PDF (PAdES B-T: time-stamped by an RFC 3161 TSA)
  rssp-audit assess --config assessment.yaml --format json,pdf --sign-key signer.key \\
    --sign-cert signer.pem --tsa-url https://tsa.example.jp/tsa`;

export const ASSESS_HELP = `${ASSESS_EXIT_CODES}\n${ASSESS_EXAMPLE}\n`;

/** One line per switch list, shortened past `max` names. */
function switches(names: readonly string[], max = 5): string {
  if (names.length === 0) return "no fault: the reference RSSP as the specifications say";
  return names.length > max ? `${names.slice(0, max).join(", ")}, … (${names.length} in all)` : names.join(", ");
}

/** `demo --help`'s profile list: fault profiles (their switches) and design profiles (their options). */
export function demoProfilesHelp(profiles: Record<string, readonly string[]> | undefined, designs: Record<string, Record<string, unknown>> | undefined): string {
  if (!profiles && !designs) return "\nProfiles: the reference RSSP (fixtures/rssp) is not available in this installation.\n";
  const rows: Array<[string, string]> = [
    ...Object.entries(profiles ?? {}).map(([name, list]) => [name, switches(list)] as [string, string]),
    ...Object.entries(designs ?? {}).map(([name, design]) => [name, `design: ${Object.entries(design).map(([k, v]) => `${k}=${String(v)}`).join(", ")} (conformant, another permitted design)`] as [string, string]),
  ];
  const width = Math.max(...rows.map(([n]) => n.length)) + 2;
  return `
Profiles (--profile; fixtures/rssp/faults.ts):
${rows.map(([n, d]) => `  ${n.padEnd(width)}${d}`).join("\n")}

Exit codes:
  0  every format written (whatever the verdict: the demo shows the reports)
  2  bad flags (an unknown profile, language)
  3  the reference RSSP or a format could not be produced (with --tsa-url: the TSA down
     keeps the PDF unsigned)

Example:
  rssp-audit demo --out demo-out --lang ja --profile keys-weak
`;
}
