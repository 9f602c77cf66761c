/**
 * OSCAL 1.1.3 assessment-results: one result for the assessment, with
 *  - an observation per check run (method TEST), per evidence document (EXAMINE) and per
 *    attestation (INTERVIEW), each linking its relevant evidence (back-matter resources that
 *    carry the file's SHA-256);
 *  - a finding per control: `satisfied` for pass / not-applicable / waived, else `not-satisfied`,
 *    with the richer status (and waiver) in props.
 * Control IDs are lower-cased as in the catalog export (src/catalog/export-oscal.ts). UUIDs are
 * derived from the assessment ID, so the same report.json gives the same OSCAL document.
 * Strings from report.json are JSON-encoded, never interpreted.
 */
import type { CheckResult, ControlResult, Report } from "../src/report/types.ts";
import { messageIn } from "../src/check/types.ts";
import { OSCAL_NS } from "../src/catalog/export-oscal.ts";
import { stableUuid } from "../src/util/uuid.ts";
import { pick, type Lang } from "./i18n.ts";
import { SATISFIED, checksOf } from "./view.ts";

type Prop = { name: string; value: string; ns: string; class?: string };
const prop = (name: string, value: string | number | boolean): Prop => ({ name, value: String(value) || "-", ns: OSCAL_NS });

const METHOD_FOR_CHECK = "TEST";

/** OSCAL `*-id` tokens: lower-case, no spaces. */
export function oscalControlId(id: string): string {
  return id.toLowerCase().replace(/[^a-z0-9_.-]/g, "-");
}

export function buildOscal(report: Report, lang: Lang): object {
  const a = report.assessment;
  const uuid = (...names: string[]) => stableUuid("oscal-ar", a.id, ...names);

  // Back-matter resources: one per evidence file (with its digest), plus the plan reference.
  const resources = new Map<string, object>();
  const resourceFor = (file: string, sha256: string | undefined, title: string): string => {
    const id = uuid("resource", file);
    if (!resources.has(file)) {
      resources.set(file, {
        uuid: id,
        title,
        rlinks: [{ href: encodeURI(file), ...(sha256 ? { hashes: [{ algorithm: "SHA-256", value: sha256 }] } : {}) }],
      });
    }
    return id;
  };
  const planUuid = uuid("plan");

  const checkObservation = new Map<string, string>();
  const checkObservations = report.checks.map((check: CheckResult) => {
    const id = uuid("observation", "check", check.id);
    checkObservation.set(check.id, id);
    const lines = check.observations.map((o) => `expected: ${messageIn(o.expected, lang)}; observed: ${messageIn(o.observed, lang)}; where: ${o.where}${o.ok === undefined ? "" : o.ok ? " (met)" : " (not met)"}`);
    return {
      uuid: id,
      title: `${check.id}: ${pick(check.title, lang)}`,
      description: [messageIn(check.summary, lang), ...lines].join("\n"),
      props: [prop("check-id", check.id), prop("status", check.status), prop("duration-ms", check.durationMs), prop("fingerprint", check.fingerprint)],
      methods: [METHOD_FOR_CHECK],
      types: ["control-objective"],
      ...(check.evidence.length
        ? { "relevant-evidence": check.evidence.map((e) => ({ href: `#${resourceFor(e.file, e.sha256, `${check.id} evidence`)}`, description: e.file })) }
        : {}),
      collected: a.finishedAt,
    };
  });

  const docObservation = new Map<string, string>();
  const docObservations = report.evidence.map((doc) => {
    const id = uuid("observation", "evidence", doc.file);
    docObservation.set(doc.file, id);
    return {
      uuid: id,
      title: `${doc.kind}: ${doc.file}`,
      description: doc.valid ? `valid ${doc.kind} document` : `invalid ${doc.kind} document: ${doc.problems.map((p) => messageIn(p, "en")).join("; ")}`,
      props: [prop("evidence-kind", doc.kind), prop("valid", doc.valid)],
      methods: ["EXAMINE"],
      "relevant-evidence": [{ href: `#${resourceFor(doc.file, doc.sha256, doc.kind)}`, description: doc.file }],
      collected: a.finishedAt,
      ...(doc.expires && !Number.isNaN(Date.parse(doc.expires)) ? { expires: new Date(doc.expires).toISOString() } : {}),
    };
  });

  const attestationObservation = new Map<string, string>();
  const attestationObservations = report.attestations.map((x) => {
    const id = uuid("observation", "attestation", x.control, x.date);
    attestationObservation.set(x.control, id);
    return {
      uuid: id,
      title: `${x.control}: attestation by ${x.assessor}`,
      description: `${x.decision}: ${x.justification}`,
      props: [prop("control", x.control), prop("decision", x.decision), prop("assessor", x.assessor), prop("date", x.date)],
      methods: ["INTERVIEW"],
      ...(x.evidenceRef
        ? { "relevant-evidence": [{ href: `#${resourceFor(x.evidenceRef, report.evidence.find((d) => d.file === x.evidenceRef)?.sha256, "attestation evidence")}`, description: x.evidenceRef }] }
        : {}),
      collected: a.finishedAt,
    };
  });

  const related = (control: ControlResult): string[] => {
    const ids = checksOf(report, control).map((c) => checkObservation.get(c.id)!);
    for (const doc of report.evidence) if (control.evidence.includes(doc.kind)) ids.push(docObservation.get(doc.file)!);
    const attested = attestationObservation.get(control.id);
    if (attested) ids.push(attested);
    return [...new Set(ids)];
  };

  const findings = report.controls.map((control) => {
    const observations = related(control);
    return {
      uuid: uuid("finding", control.id),
      title: `${control.id}: ${pick(control.title, lang)}`,
      description: messageIn(control.summary, lang) || control.status,
      props: [
        prop("status", control.status),
        prop("severity", control.severity),
        ...control.levels.map((l) => prop("level", l)),
        prop("blocking", report.verdict.blocking.includes(control.id)),
        ...(control.waiver ? [prop("waiver", control.waiver.id), prop("waiver-expires", control.waiver.expires)] : []),
      ],
      target: {
        type: "objective-id",
        "target-id": oscalControlId(control.id),
        status: { state: SATISFIED.has(control.status) ? "satisfied" : "not-satisfied", reason: control.status },
      },
      ...(observations.length ? { "related-observations": observations.map((id) => ({ "observation-uuid": id })) } : {}),
    };
  });

  const verdictProps = [
    prop("assessment-id", a.id),
    prop("assessment-kind", a.kind),
    prop("level", a.level),
    prop("conformant", report.verdict.conformant),
    prop("highest-conformant-level", report.verdict.highestConformantLevel),
    ...report.verdict.byLevel.map((lv) => ({ ...prop(`conformant-l${lv.level}`, lv.conformant) })),
  ];

  return {
    "assessment-results": {
      uuid: uuid("document"),
      metadata: {
        title: `${a.target.name}: JT2A remote-signature assessment ${a.id} (level ${a.level})`,
        published: a.finishedAt,
        "last-modified": a.finishedAt,
        version: a.id,
        "oscal-version": "1.1.3",
        props: [prop("catalog-version", a.catalog.version), prop("catalog-sha256", a.catalog.sha256), prop("tool", `${report.tool.name} ${report.tool.version}`)],
      },
      "import-ap": { href: `#${planUuid}` },
      results: [
        {
          uuid: uuid("result"),
          title: `${a.id}: level ${a.level} ${report.verdict.conformant ? "conformant" : "not conformant"}`,
          description: `Assessment of ${a.target.name}${a.target.baseUrl ? ` (${a.target.baseUrl})` : ""} against the JT2A remote-signature guideline, level ${a.level}. Highest conformant level: ${report.verdict.highestConformantLevel}. Blocking: ${report.verdict.blocking.join(", ") || "none"}.`,
          start: a.startedAt,
          end: a.finishedAt,
          props: verdictProps,
          "reviewed-controls": {
            "control-selections": [{ "include-controls": report.controls.map((c) => ({ "control-id": oscalControlId(c.id) })) }],
          },
          observations: [...checkObservations, ...docObservations, ...attestationObservations],
          findings,
        },
      ],
      "back-matter": {
        resources: [
          {
            uuid: planUuid,
            title: `Assessment plan: rssp-audit catalog ${a.catalog.version}, level ${a.level}`,
            description: "The plan is the catalog's controls applicable at the assessed level (rssp-audit plan stage).",
            props: [prop("catalog-sha256", a.catalog.sha256)],
          },
          ...[...resources.values()],
        ],
      },
    },
  };
}

export function renderOscal(report: Report, lang: Lang): string {
  return `${JSON.stringify(buildOscal(report, lang), null, 2)}\n`;
}
