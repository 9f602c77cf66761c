/**
 * Content rules per evidence kind: what a document must say, not only that it exists. Pure: each
 * rule reads the document (already schema-valid), the catalog parameters, the assessment date and,
 * where relevant, what the probes observed (the HSM's token information).
 */
import type { Basis } from "../check/types.ts";

export interface RuleContext {
  parameters: Readonly<Record<string, unknown>>;
  /** YYYY-MM-DD */
  today: string;
  level: 1 | 2 | 3;
  /** From hsm.token.info, when the HSM checks ran. */
  tokenInfo?: { manufacturer?: string; model?: string; firmware?: string };
  /** Other documents by kind (consistency rules). */
  others: Record<string, Record<string, unknown> | undefined>;
}

export interface Finding {
  ok: boolean;
  expected: string;
  observed: string;
  /** JSON pointer into the document, for file:line. */
  pointer: string;
  /** The text a departure rests on, where it is not a binding one (a `should` makes it an observation). */
  basis?: Basis;
}

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- schema-validated before the rules run
type Rule = (d: Doc, c: RuleContext) => Finding[];

const num = (c: RuleContext, name: string, fallback: number) => (typeof c.parameters[name] === "number" ? (c.parameters[name] as number) : fallback);
const list = (c: RuleContext, name: string) => (Array.isArray(c.parameters[name]) ? (c.parameters[name] as string[]) : []);
const f = (ok: boolean, expected: string, observed: string, pointer: string): Finding => ({ ok, expected, observed, pointer });

/** Months between two YYYY-MM-DD dates (fractional). */
export function monthsBetween(from: string, to: string): number {
  return (Date.parse(to) - Date.parse(from)) / (30.44 * 86_400_000);
}

const within = (date: string, months: number, c: RuleContext, what: string, pointer: string) =>
  f(monthsBetween(date, c.today) <= months, `${what} within the last ${months} months`, `${date} (${Math.max(0, Math.round(monthsBetween(date, c.today)))} months ago)`, pointer);
const notPast = (date: string, c: RuleContext, what: string, pointer: string) => f(date >= c.today, `${what} valid on ${c.today}`, `valid until ${date}`, pointer);
const isTrue = (v: unknown, expected: string, pointer: string) => f(v === true, expected, String(v), pointer);

/**
 * The catalog parameters each kind's rules read (declared by the evidence.<kind> check, so that
 * `catalog validate` can tell a live parameter from an inert one). Keep in step with RULES.
 */
export const RULE_PARAMETERS: Readonly<Record<string, readonly string[]>> = {
  "service-policy": ["crypto.minRsaBits", "crypto.minEcBits", "retention.years"],
  "personnel-competence": ["evidence.maxAgeMonths"],
  "risk-assessment": ["risk.reviewMonths"],
  "hsm-certification": ["hsm.acceptedCertifications"],
  "sam-certification": ["l3.acceptedSamCertifications"],
  "key-ceremony": ["km.allowImport"],
  "record-retention": ["retention.years", "retention.from"],
  "incident-response": ["evidence.maxAgeMonths"],
  "business-continuity": ["evidence.maxAgeMonths"],
  "privileged-access": ["evidence.maxAgeMonths"],
};

export const RULES: Record<string, Rule> = {
  "provider-profile": (d) => [f(d.service.url.startsWith("https://"), "a service URL over https", d.service.url, "/service/url")],
  "service-policy": (d, c) => {
    const minRsa = num(c, "crypto.minRsaBits", 2048);
    const minEc = num(c, "crypto.minEcBits", 256);
    const weak = (d.algorithms as Doc[]).filter((a) => (/rsa/i.test(a.name) && (a.keyBits ?? 0) < minRsa) || (/ec|ecdsa/i.test(a.name) && (a.keyBits ?? Number(/\d+/.exec(a.curve ?? "")?.[0] ?? 0)) < minEc) || /sha-?1\b|md5/i.test(a.name));
    const years = num(c, "retention.years", 10);
    const retention = c.others["record-retention"]?.retentionYears;
    return [
      f(d.url.startsWith("https://"), "published over https", d.url, "/url"),
      f(weak.length === 0, `algorithms at least RSA ${minRsa} / EC ${minEc}, no SHA-1 or MD5`, weak.length ? `weak: ${weak.map((a) => a.name).join(", ")}` : (d.algorithms as Doc[]).map((a) => `${a.name}${a.keyBits ? ` ${a.keyBits}` : ""}${a.curve ? ` ${a.curve}` : ""}`).join(", "), "/algorithms"),
      f(d.retentionYears >= years, `retention stated, at least ${years} years (retention.years)`, `${d.retentionYears} years`, "/retentionYears"),
      f(retention === undefined || retention === d.retentionYears, "the same retention as the record-retention document", retention === undefined ? "no record-retention document to compare" : `${d.retentionYears} vs ${retention} years`, "/retentionYears"),
    ];
  },
  "terms-and-conditions": (d) => [f(d.url.startsWith("https://"), "published over https", d.url, "/url")],
  "roles-and-duties": (d) => {
    const roles = d.roles as Array<{ name: string; persons: string[]; incompatibleWith?: string[] }>;
    const clashes: string[] = [];
    for (const r of roles) for (const other of r.incompatibleWith ?? []) {
      const o = roles.find((x) => x.name === other);
      for (const p of r.persons) if (o?.persons.includes(p)) clashes.push(`${p} is both ${r.name} and ${other}`);
    }
    return [f(clashes.length === 0, "no person in two incompatible roles", clashes.length ? [...new Set(clashes)].join("; ") : `${roles.length} roles, separated`, "/roles")];
  },
  "personnel-competence": (d, c) => {
    const months = num(c, "evidence.maxAgeMonths", 12);
    const stale = (d.staff as Doc[]).filter((s) => monthsBetween(s.trainedOn, c.today) > months || !s.vetted);
    return [f(stale.length === 0, `every member vetted and trained within ${months} months`, stale.length ? `not: ${stale.map((s) => s.person).join(", ")}` : `${d.staff.length} member(s)`, "/staff")];
  },
  "financial-stability": (d, c) => [
    f(d.liabilityInsurance.coverageJpy > 0, "liability insurance with a positive cover", `${d.liabilityInsurance.coverageJpy} JPY`, "/liabilityInsurance/coverageJpy"),
    notPast(d.liabilityInsurance.validUntil, c, "liability insurance", "/liabilityInsurance/validUntil"),
  ],
  "risk-assessment": (d, c) => [within(d.reviewed, num(c, "risk.reviewMonths", 12), c, "reviewed", "/reviewed"), isTrue(d.coversImpartiality, "impartiality of staff assessed", "/coversImpartiality")],
  "hsm-certification": (d, c) => {
    const accepted = list(c, "hsm.acceptedCertifications");
    const label = `${d.scheme} ${d.level}`;
    const okScheme = accepted.length === 0 || accepted.some((a) => label.toLowerCase().startsWith(a.toLowerCase()) || a.toLowerCase() === label.toLowerCase());
    const out = [f(okScheme, `a certification in hsm.acceptedCertifications (${accepted.join("; ")})`, label, "/scheme"), notPast(d.validUntil, c, `certificate ${d.certificateId}`, "/validUntil")];
    if (c.level >= 3) out.push(f(/419 ?221-5/.test(label), "EN 419 221-5 at level 3", label, "/level"));
    if (c.tokenInfo) {
      const same = (a?: string, b?: string) => !a || !b || a.trim().toLowerCase() === b.trim().toLowerCase();
      out.push(f(same(d.model, c.tokenInfo.model) && same(d.firmware, c.tokenInfo.firmware), "the certified model and firmware are the device's (hsm.token.info)", `certified ${d.model} ${d.firmware}; device ${c.tokenInfo.model ?? "?"} ${c.tokenInfo.firmware ?? "?"}`, "/model"));
    }
    return out;
  },
  "sam-certification": (d, c) => {
    const accepted = list(c, "l3.acceptedSamCertifications");
    return [f(accepted.length === 0 || accepted.some((a) => d.scheme.toLowerCase().includes(a.toLowerCase()) || a.toLowerCase().includes(d.scheme.toLowerCase())), `a scheme in l3.acceptedSamCertifications (${accepted.join("; ")})`, d.scheme, "/scheme"), notPast(d.validUntil, c, `certificate ${d.certificateId}`, "/validUntil")];
  },
  "key-ceremony": (d, c) => [
    f(new Set(d.participants).size >= 2, "at least two distinct participants (dual control)", (d.participants as string[]).join(", "), "/participants"),
    f(d.keysGeneratedIn === "hsm", "keys generated in the HSM", d.keysGeneratedIn, "/keysGeneratedIn"),
    // km.allowImport (default true, the guideline's reading): imports from trustworthy CAs are
    // examined by the assessor under KM-11; false forbids them.
    f(d.imported === false || c.parameters["km.allowImport"] === true, c.parameters["km.allowImport"] !== true ? "no signer key imported (km.allowImport: false)" : "imports only as km.allowImport allows (from a trustworthy CA, examined under KM-11)", String(d.imported), "/imported"),
  ],
  "backup-policy": (d) => [isTrue(d.encrypted, "backups encrypted", "/encrypted"), isTrue(d.dualControl, "restore under dual control", "/dualControl"), f(d.protection === "hsm-equivalent", "HSM-equivalent protection", d.protection, "/protection"), f(d.maxCopies <= 2, "a minimum number of copies (≤ 2)", String(d.maxCopies), "/maxCopies")],
  "identity-proofing": (d) => [isTrue(d.photoIdRequired, "an official photo ID required", "/photoIdRequired"), isTrue(d.recordKept, "the proofing method recorded", "/recordKept")],
  "authenticator-delivery": (d) => [f(d.authenticatorChannel.trim().toLowerCase() !== d.activationDataChannel.trim().toLowerCase(), "activation data sent by another channel than the authenticator", `${d.authenticatorChannel} / ${d.activationDataChannel}`, "/activationDataChannel")],
  "record-retention": (d, c) => {
    const years = num(c, "retention.years", 10);
    const from = typeof c.parameters["retention.from"] === "string" ? (c.parameters["retention.from"] as string) : "certificate-expiry";
    return [f(d.retentionYears >= years, `at least ${years} years (retention.years)`, `${d.retentionYears} years`, "/retentionYears"), f(d.from === from, `counted from ${from} (retention.from)`, d.from, "/from")];
  },
  "clock-sync": (d) => [isTrue(d.utc, "clocks in UTC", "/utc"), f(d.maxDriftMs <= 1000, "drift at most 1 s", `${d.maxDriftMs} ms`, "/maxDriftMs")],
  "incident-response": (d, c) => [within(d.lastExercised, num(c, "evidence.maxAgeMonths", 12), c, "plan exercised", "/lastExercised")],
  "business-continuity": (d, c) => [within(d.lastTested, num(c, "evidence.maxAgeMonths", 12), c, "plan tested", "/lastTested")],
  "termination-plan": (d) => [isTrue(d.keysDestroyed, "signer keys destroyed at termination", "/keysDestroyed")],
  "suspension-procedure": (d) => [f(d.effectiveWithinMinutes <= 60, "suspension effective within an hour", `${d.effectiveWithinMinutes} min`, "/effectiveWithinMinutes")],
  subcontractors: (d) => {
    const loose = (d.subcontractors as Doc[]).filter((s) => !s.requirementsFlowDown);
    return [f(loose.length === 0, "requirements flowed down to every subcontractor", loose.length ? `not: ${loose.map((s) => s.name).join(", ")}` : `${d.subcontractors.length} subcontractor(s)`, "/subcontractors")];
  },
  "physical-security": (d) => [f(d.securityZones >= 2, "at least two security zones around the HSM", String(d.securityZones), "/securityZones"), isTrue(d.accessControl, "access control", "/accessControl")],
  "log-access": (d) => [f((d.readers as string[]).some((r) => /auditor|監査/i.test(r)), "auditors can read the logs", (d.readers as string[]).join(", "), "/readers"), isTrue(d.searchable, "logs searchable", "/searchable"), isTrue(d.writersCannotDelete, "writers cannot delete records", "/writersCannotDelete")],
  "key-destruction": (d) => {
    const single = (d.records as Doc[]).filter((r) => new Set(r.witnesses).size < 2);
    return [isTrue(d.includesBackups, "backups destroyed too", "/includesBackups"), f(single.length === 0, "each destruction witnessed by two people", single.length ? `not: ${single.map((r) => r.key).join(", ")}` : `${d.records.length} record(s)`, "/records")];
  },
  // Part II FM1/FS1 ask that privileged users be authenticated; multi-factor is good practice, not
  // the text's requirement: a departure is an observation (advisory), never a nonconformity.
  "privileged-access": (d, c) => [{ ...isTrue(d.mfa, "privileged users use multi-factor authentication (SHOULD)", "/mfa"), basis: { source: "JT2A-RSG-2", clause: "パートⅡ §3 (FM1, FS1: privileged users authenticated)", strength: "should" } }, f(d.canSignWithoutSigner === false, "privileged users cannot sign without the signer", String(d.canSignWithoutSigner), "/canSignWithoutSigner"), within(d.reviewed, num(c, "evidence.maxAgeMonths", 12), c, "accounts reviewed", "/reviewed")],
};
