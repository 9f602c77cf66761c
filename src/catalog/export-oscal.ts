/**
 * The catalog as an OSCAL 1.1.3 catalog: a group per domain, a control per control with its
 * statement in both languages as parts, level/severity/method as props, and the guideline and
 * standards it cites as back-matter resources linked from the control. Deterministic: the
 * UUIDs derive from the catalog version and IDs, and `last-modified` from the catalog digest.
 */
import { stableUuid } from "../util/uuid.ts";
import type { Catalog, Control, Ref } from "./types.ts";

/** Namespace of the props this project defines (OSCAL requires one for non-OSCAL prop names). */
export const OSCAL_NS = "urn:rssp-audit:oscal";

type Prop = { name: string; value: string; ns?: string; class?: string };

const prop = (name: string, value: string, cls?: string): Prop => ({ name, value, ns: OSCAL_NS, ...(cls ? { class: cls } : {}) });

export function catalogToOscal(catalog: Catalog, lastModified = "2020-04-30T00:00:00Z"): object {
  const refKey = (r: Ref) => `${r.source} ${r.clause ?? ""}`.trim();
  const resources = new Map<string, { uuid: string; ref: Ref }>();
  for (const c of catalog.controls) {
    for (const r of c.refs) {
      const key = refKey(r);
      if (!resources.has(key)) resources.set(key, { uuid: stableUuid("oscal-resource", catalog.version, key), ref: r });
    }
  }
  const toControl = (c: Control) => ({
    id: c.id.toLowerCase(),
    class: "rssp-audit-control",
    title: c.title.en,
    props: [
      { name: "label", value: c.id },
      prop("title-ja", c.title.ja),
      ...c.levels.map((l) => prop("level", String(l))),
      prop("severity", c.severity),
      prop("phase", c.phase),
      prop("assessment-method", c.assess.method),
      ...c.assess.checks.map((id) => prop("check", id)),
      ...c.assess.evidence.map((k) => prop("evidence-kind", k)),
      ...(c.intrusive ? [prop("intrusive", "true")] : []),
    ],
    links: c.refs.map((r) => ({
      href: `#${resources.get(refKey(r))!.uuid}`,
      rel: "reference",
      text: `${refKey(r)} (${r.basis})`,
    })),
    parts: [
      { id: `${c.id.toLowerCase()}_smt`, name: "statement", prose: c.statement.en },
      { id: `${c.id.toLowerCase()}_smt.ja`, name: "statement", class: "ja", props: [prop("lang", "ja")], prose: c.statement.ja },
      ...(c.assess.procedure
        ? [
            { id: `${c.id.toLowerCase()}_asm`, name: "assessment-method", prose: c.assess.procedure.en },
            { id: `${c.id.toLowerCase()}_asm.ja`, name: "assessment-method", class: "ja", props: [prop("lang", "ja")], prose: c.assess.procedure.ja },
          ]
        : []),
    ],
  });
  return {
    catalog: {
      uuid: stableUuid("oscal-catalog", catalog.version, catalog.sha256),
      metadata: {
        title: catalog.title.en,
        "last-modified": lastModified,
        version: catalog.version,
        "oscal-version": "1.1.3",
        props: [prop("title-ja", catalog.title.ja), prop("catalog-sha256", catalog.sha256)],
      },
      // OSCAL groups need at least one control: a domain whose controls are all profile-only (AC) is left out.
      groups: catalog.domains.filter((d) => catalog.controls.some((c) => c.domain === d.id)).map((d) => ({
        id: d.id.toLowerCase(),
        class: "domain",
        title: d.title.en,
        props: [prop("title-ja", d.title.ja)],
        controls: catalog.controls.filter((c) => c.domain === d.id).map(toControl),
      })),
      "back-matter": {
        resources: [...resources.values()].map(({ uuid, ref }) => ({
          uuid,
          title: `${ref.source}${ref.clause ? ` ${ref.clause}` : ""}`,
          ...(catalog.sources[ref.source] || ref.note
            ? { description: [catalog.sources[ref.source], ref.note].filter(Boolean).join(" — ") }
            : {}),
          props: [prop("basis", ref.basis)],
          citation: { text: `${catalog.sources[ref.source] ?? ref.source}${ref.clause ? `, ${ref.clause}` : ""}` },
        })),
      },
    },
  };
}
