/**
 * JUnit XML for CI systems: a testsuite per domain, a testcase per control. Only a nonconformity
 * is a <failure>: a failing control, with its finding IDs, its reason and the observations that
 * did not meet the expectation. An open item (判定保留) — a manual control, or one whose checks
 * could not conclude (error) — is <skipped> with the reason: it keeps the level incomplete (the
 * suite's verdict properties and the exit code say so) but is not a nonconformity; an erring
 * control's details go to <system-out>. Not-applicable is <skipped>; a passed control with
 * advisory checks (観察事項) passes and lists them as <properties>; a waived control passes and
 * names its waiver in <system-out> so it stays visible.
 * Every value from report.json goes through `escapeXml` (observed values are the target's words).
 */
import { messageIn, type Status } from "../src/check/types.ts";
import type { ControlResult, Report } from "../src/report/types.ts";
import { escapeXml as x } from "./escape.ts";
import { domainLabel, pick, stateLabel, verdictSentence, type Lang } from "./i18n.ts";
import { checksOf, controlsByDomain } from "./view.ts";

const seconds = (ms: number) => (ms / 1000).toFixed(3);

function controlSeconds(report: Report, control: ControlResult): number {
  return checksOf(report, control).reduce((sum, c) => sum + c.durationMs, 0);
}

/** The observations behind a control's result, one per line, for the failure body. */
function details(report: Report, control: ControlResult, lang: Lang): string {
  const lines: string[] = [];
  for (const check of checksOf(report, control)) {
    if (check.status === "pass") continue;
    lines.push(`${check.id}: ${check.status}: ${messageIn(check.summary, lang)}`);
    for (const o of check.observations) {
      if (o.ok === true) continue;
      lines.push(`  expected: ${messageIn(o.expected, lang)}`, `  observed: ${messageIn(o.observed, lang)}`, `  where:    ${o.where}`);
    }
  }
  return lines.join("\n");
}

/** `manual: …` / `incomplete: …` — a fixed word CI tools can match, then the reason in the report's language. */
const skipReason = (status: Status, reason: string) => `${status === "error" ? "incomplete" : status}: ${reason}`;

function outcome(report: Report, control: ControlResult, lang: Lang): string {
  const summary = messageIn(control.summary, lang);
  const reason = x(summary);
  const body = x(details(report, control, lang));
  const findings = (report.findings ?? []).filter((f) => f.controls.includes(control.id) && (f.class === "major" || f.class === "minor")).map((f) => f.id);
  const kinds: Partial<Record<Status, string>> = {
    fail: `<failure type="nonconformity" message="${x(`${findings.length ? `${findings.join(", ")}: ` : ""}${summary}`)}">${body}</failure>`,
    manual: `<skipped message="${x(skipReason("manual", summary))}"/>`,
    error: `<skipped message="${x(skipReason("error", summary))}"/>${body ? `\n      <system-out>${body}</system-out>` : ""}`,
    "not-applicable": `<skipped message="${reason}"/>`,
  };
  if (control.status === "waived" && control.waiver) {
    const w = control.waiver;
    return `<system-out>${x(`waived by ${w.id} (approver ${w.approver}, expires ${w.expires}): ${w.justification}\n${messageIn(control.summary, lang)}`)}</system-out>`;
  }
  const advisories = control.advisories ?? [];
  if (control.status === "pass" && advisories.length) {
    const props = advisories.map((id) => `<property name="advisory" value="${x(`${id}: ${messageIn(report.checks.find((c) => c.id === id)?.summary ?? "", lang)}`)}"/>`);
    return `<properties>${props.join("")}</properties>`;
  }
  return kinds[control.status] ?? "";
}

export function renderJunit(report: Report, lang: Lang): string {
  const a = report.assessment;
  const count = (controls: ControlResult[], ...statuses: Status[]) => controls.filter((c) => statuses.includes(c.status)).length;
  const totalMs = report.checks.reduce((sum, c) => sum + c.durationMs, 0);
  // The verdict per level (conformant / not-conformant / incomplete 判定保留) as properties of the
  // first suite: a manual item is skipped, so the counts alone cannot tell incomplete from conformant.
  const verdictProps = [
    `<property name="verdict.state" value="${x(report.verdict.state)}"/>`,
    `<property name="verdict" value="${x(verdictSentence(report.verdict.state, report.verdict.level, lang))}"/>`,
    ...report.verdict.byLevel.map((v) => `<property name="verdict.level${v.level}" value="${x(`${v.state} (${stateLabel(v.state, lang)})`)}"/>`),
  ];
  const suites = controlsByDomain(report).map((group, i) => {
    const cases = group.controls.map((c) => {
      const body = outcome(report, c, lang);
      const open = `<testcase classname="rssp-audit.${x(c.domain)}" name="${x(`${c.id} ${pick(c.title, lang)}`)}" time="${seconds(controlSeconds(report, c))}"`;
      return body ? `    ${open}>\n      ${body}\n    </testcase>` : `    ${open}/>`;
    });
    const ms = group.controls.reduce((sum, c) => sum + controlSeconds(report, c), 0);
    const props = i === 0 ? `    <properties>${verdictProps.join("")}</properties>\n` : "";
    return `  <testsuite name="${x(`${group.domain} ${domainLabel(group.domain, lang)}`)}" tests="${group.controls.length}" failures="${count(group.controls, "fail")}" errors="0" skipped="${count(group.controls, "not-applicable", "manual", "error")}" time="${seconds(ms)}" timestamp="${x(a.startedAt.replace(/Z$/, ""))}">
${props}${cases.join("\n")}
  </testsuite>`;
  });
  const all = report.controls;
  return `<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="${x(`rssp-audit ${a.id} ${a.target.name} L${a.level}`)}" tests="${all.length}" failures="${count(all, "fail")}" errors="0" skipped="${count(all, "not-applicable", "manual", "error")}" time="${seconds(totalMs)}">
${suites.join("\n")}
</testsuites>
`;
}
