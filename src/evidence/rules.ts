/**
 * Content rules per evidence kind: what a document must say, not only that it exists. Pure: each
 * rule reads the document (already schema-valid), the catalog parameters, the assessment date and,
 * where relevant, what the probes observed (the HSM's token information).
 */
import type { Basis, Message, Text } from "../check/types.ts";

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
  /** Bilingual: the expectation in the guideline's terms. */
  expected: Message;
  /** Values from the document quoted as written; fixed words in both languages. */
  observed: Message;
  /** JSON pointer into the document, for file:line. */
  pointer: string;
  /** The text a departure rests on, where it is not a binding one (a `should` makes it an observation). */
  basis?: Basis;
}

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- schema-validated before the rules run
type Rule = (d: Doc, c: RuleContext) => Finding[];

const num = (c: RuleContext, name: string, fallback: number) => (typeof c.parameters[name] === "number" ? (c.parameters[name] as number) : fallback);
const list = (c: RuleContext, name: string) => (Array.isArray(c.parameters[name]) ? (c.parameters[name] as string[]) : []);
const f = (ok: boolean, expected: Message, observed: Message, pointer: string): Finding => ({ ok, expected, observed, pointer });
/** A bilingual text. */
const b = (ja: string, en: string): Text => ({ ja, en });

/** Months between two YYYY-MM-DD dates (fractional). */
export function monthsBetween(from: string, to: string): number {
  return (Date.parse(to) - Date.parse(from)) / (30.44 * 86_400_000);
}

const within = (date: string, months: number, c: RuleContext, what: Text, pointer: string) => {
  const ago = Math.max(0, Math.round(monthsBetween(date, c.today)));
  return f(monthsBetween(date, c.today) <= months, b(`${what.ja}が過去${months}か月以内であること`, `${what.en} within the last ${months} months`), b(`${date}（${ago}か月前）`, `${date} (${ago} months ago)`), pointer);
};
const notPast = (date: string, c: RuleContext, what: Text, pointer: string) => f(date >= c.today, b(`${what.ja}が${c.today}に有効であること`, `${what.en} valid on ${c.today}`), b(`有効期限 ${date}`, `valid until ${date}`), pointer);
const isTrue = (v: unknown, expected: Text, pointer: string) => f(v === true, expected, String(v), pointer);
const HTTPS = b("https で公開されていること", "published over https");

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
  "provider-profile": (d) => [f(d.service.url.startsWith("https://"), b("サービスの URL が https であること", "a service URL over https"), d.service.url, "/service/url")],
  "service-policy": (d, c) => {
    const minRsa = num(c, "crypto.minRsaBits", 2048);
    const minEc = num(c, "crypto.minEcBits", 256);
    const weak = (d.algorithms as Doc[]).filter((a) => (/rsa/i.test(a.name) && (a.keyBits ?? 0) < minRsa) || (/ec|ecdsa/i.test(a.name) && (a.keyBits ?? Number(/\d+/.exec(a.curve ?? "")?.[0] ?? 0)) < minEc) || /sha-?1\b|md5/i.test(a.name));
    const years = num(c, "retention.years", 10);
    const retention = c.others["record-retention"]?.retentionYears;
    return [
      f(d.url.startsWith("https://"), HTTPS, d.url, "/url"),
      f(weak.length === 0, b(`アルゴリズムが RSA ${minRsa} / EC ${minEc} 以上で、SHA-1 及び MD5 を用いないこと`, `algorithms at least RSA ${minRsa} / EC ${minEc}, no SHA-1 or MD5`), weak.length ? b(`弱い: ${weak.map((a) => a.name).join(", ")}`, `weak: ${weak.map((a) => a.name).join(", ")}`) : (d.algorithms as Doc[]).map((a) => `${a.name}${a.keyBits ? ` ${a.keyBits}` : ""}${a.curve ? ` ${a.curve}` : ""}`).join(", "), "/algorithms"),
      f(d.retentionYears >= years, b(`保存期間が${years}年以上と明記されていること (retention.years)`, `retention stated, at least ${years} years (retention.years)`), b(`${d.retentionYears}年`, `${d.retentionYears} years`), "/retentionYears"),
      f(retention === undefined || retention === d.retentionYears, b("記録の保存（record-retention）の文書と同じ保存期間であること", "the same retention as the record-retention document"), retention === undefined ? b("比較する record-retention の文書がない", "no record-retention document to compare") : b(`${d.retentionYears}年 / ${retention}年`, `${d.retentionYears} vs ${retention} years`), "/retentionYears"),
    ];
  },
  "terms-and-conditions": (d) => [f(d.url.startsWith("https://"), HTTPS, d.url, "/url")],
  "roles-and-duties": (d) => {
    const roles = d.roles as Array<{ name: string; persons: string[]; incompatibleWith?: string[] }>;
    const clashes: Text[] = [];
    for (const r of roles) for (const other of r.incompatibleWith ?? []) {
      const o = roles.find((x) => x.name === other);
      for (const p of r.persons) if (o?.persons.includes(p)) clashes.push(b(`${p} が ${r.name} と ${other} を兼務`, `${p} is both ${r.name} and ${other}`));
    }
    const uniq = (lang: "ja" | "en") => [...new Set(clashes.map((x) => x[lang]))].join("; ");
    return [f(clashes.length === 0, b("両立しない二つの役割を一人が兼務していないこと", "no person in two incompatible roles"), clashes.length ? b(uniq("ja"), uniq("en")) : b(`${roles.length}の役割、分離されている`, `${roles.length} roles, separated`), "/roles")];
  },
  "personnel-competence": (d, c) => {
    const months = num(c, "evidence.maxAgeMonths", 12);
    const stale = (d.staff as Doc[]).filter((s) => monthsBetween(s.trainedOn, c.today) > months || !s.vetted);
    const names = stale.map((s) => s.person).join(", ");
    return [f(stale.length === 0, b(`全員が身元確認済みで、${months}か月以内に教育を受けていること`, `every member vetted and trained within ${months} months`), stale.length ? b(`該当しない者: ${names}`, `not: ${names}`) : b(`${d.staff.length}名`, `${d.staff.length} member(s)`), "/staff")];
  },
  "financial-stability": (d, c) => [
    f(d.liabilityInsurance.coverageJpy > 0, b("賠償責任保険の補償額が正であること", "liability insurance with a positive cover"), b(`${d.liabilityInsurance.coverageJpy}円`, `${d.liabilityInsurance.coverageJpy} JPY`), "/liabilityInsurance/coverageJpy"),
    notPast(d.liabilityInsurance.validUntil, c, b("賠償責任保険", "liability insurance"), "/liabilityInsurance/validUntil"),
  ],
  "risk-assessment": (d, c) => [within(d.reviewed, num(c, "risk.reviewMonths", 12), c, b("見直し", "reviewed"), "/reviewed"), isTrue(d.coversImpartiality, b("職員の公平性が評価されていること", "impartiality of staff assessed"), "/coversImpartiality")],
  "hsm-certification": (d, c) => {
    const accepted = list(c, "hsm.acceptedCertifications");
    const label = `${d.scheme} ${d.level}`;
    const okScheme = accepted.length === 0 || accepted.some((a) => label.toLowerCase().startsWith(a.toLowerCase()) || a.toLowerCase() === label.toLowerCase());
    const out = [
      f(okScheme, b(`hsm.acceptedCertifications に含まれる認証であること (${accepted.join("; ")})`, `a certification in hsm.acceptedCertifications (${accepted.join("; ")})`), label, "/scheme"),
      notPast(d.validUntil, c, b(`認証 ${d.certificateId}`, `certificate ${d.certificateId}`), "/validUntil"),
    ];
    if (c.level >= 3) out.push(f(/419 ?221-5/.test(label), b("レベル3では EN 419 221-5 であること", "EN 419 221-5 at level 3"), label, "/level"));
    if (c.tokenInfo) {
      const same = (a?: string, b?: string) => !a || !b || a.trim().toLowerCase() === b.trim().toLowerCase();
      const device = `${c.tokenInfo.model ?? "?"} ${c.tokenInfo.firmware ?? "?"}`;
      out.push(f(same(d.model, c.tokenInfo.model) && same(d.firmware, c.tokenInfo.firmware), b("認証された型式及びファームウェアが装置のものと一致すること (hsm.token.info)", "the certified model and firmware are the device's (hsm.token.info)"), b(`認証: ${d.model} ${d.firmware}、装置: ${device}`, `certified ${d.model} ${d.firmware}; device ${device}`), "/model"));
    }
    return out;
  },
  "sam-certification": (d, c) => {
    const accepted = list(c, "l3.acceptedSamCertifications");
    return [f(accepted.length === 0 || accepted.some((a) => d.scheme.toLowerCase().includes(a.toLowerCase()) || a.toLowerCase().includes(d.scheme.toLowerCase())), b(`l3.acceptedSamCertifications に含まれる認証であること (${accepted.join("; ")})`, `a scheme in l3.acceptedSamCertifications (${accepted.join("; ")})`), d.scheme, "/scheme"), notPast(d.validUntil, c, b(`認証 ${d.certificateId}`, `certificate ${d.certificateId}`), "/validUntil")];
  },
  "key-ceremony": (d, c) => [
    f(new Set(d.participants).size >= 2, b("異なる二名以上が立ち会うこと（デュアルコントロール）", "at least two distinct participants (dual control)"), (d.participants as string[]).join(", "), "/participants"),
    f(d.keysGeneratedIn === "hsm", b("鍵が HSM 内で生成されていること", "keys generated in the HSM"), d.keysGeneratedIn, "/keysGeneratedIn"),
    // km.allowImport (default true, the guideline's reading): imports from trustworthy CAs are
    // examined by the assessor under KM-11; false forbids them.
    f(
      d.imported === false || c.parameters["km.allowImport"] === true,
      c.parameters["km.allowImport"] !== true
        ? b("署名者の鍵をインポートしていないこと (km.allowImport: false)", "no signer key imported (km.allowImport: false)")
        : b("インポートは km.allowImport が認める範囲（信頼できる認証局から、KM-11 で確認）に限ること", "imports only as km.allowImport allows (from a trustworthy CA, examined under KM-11)"),
      String(d.imported),
      "/imported",
    ),
  ],
  "backup-policy": (d) => [isTrue(d.encrypted, b("バックアップが暗号化されていること", "backups encrypted"), "/encrypted"), isTrue(d.dualControl, b("復元がデュアルコントロールの下で行われること", "restore under dual control"), "/dualControl"), f(d.protection === "hsm-equivalent", b("HSM と同等の保護であること", "HSM-equivalent protection"), d.protection, "/protection"), f(d.maxCopies <= 2, b("複製が必要最小限（2以下）であること", "a minimum number of copies (≤ 2)"), String(d.maxCopies), "/maxCopies")],
  "identity-proofing": (d) => [isTrue(d.photoIdRequired, b("公的な顔写真付き身分証明書を求めること", "an official photo ID required"), "/photoIdRequired"), isTrue(d.recordKept, b("本人確認の方法が記録されていること", "the proofing method recorded"), "/recordKept")],
  "authenticator-delivery": (d) => [f(d.authenticatorChannel.trim().toLowerCase() !== d.activationDataChannel.trim().toLowerCase(), b("認証情報を認証手段とは別の経路で送付すること", "authentication data sent by another channel than the authenticator"), `${d.authenticatorChannel} / ${d.activationDataChannel}`, "/activationDataChannel")],
  "record-retention": (d, c) => {
    const years = num(c, "retention.years", 10);
    const from = typeof c.parameters["retention.from"] === "string" ? (c.parameters["retention.from"] as string) : "certificate-expiry";
    return [
      f(d.retentionYears >= years, b(`${years}年以上であること (retention.years)`, `at least ${years} years (retention.years)`), b(`${d.retentionYears}年`, `${d.retentionYears} years`), "/retentionYears"),
      f(d.from === from, b(`起算点が ${from} であること (retention.from)`, `counted from ${from} (retention.from)`), d.from, "/from"),
    ];
  },
  "clock-sync": (d) => [isTrue(d.utc, b("時刻が UTC であること", "clocks in UTC"), "/utc"), f(d.maxDriftMs <= 1000, b("時刻のずれが1秒以内であること", "drift at most 1 s"), `${d.maxDriftMs} ms`, "/maxDriftMs")],
  "incident-response": (d, c) => [within(d.lastExercised, num(c, "evidence.maxAgeMonths", 12), c, b("計画の訓練", "plan exercised"), "/lastExercised")],
  "business-continuity": (d, c) => [within(d.lastTested, num(c, "evidence.maxAgeMonths", 12), c, b("計画の試験", "plan tested"), "/lastTested")],
  "termination-plan": (d) => [isTrue(d.keysDestroyed, b("事業終了時に署名者の鍵を破棄すること", "signer keys destroyed at termination"), "/keysDestroyed")],
  "suspension-procedure": (d) => [f(d.effectiveWithinMinutes <= 60, b("利用停止が1時間以内に有効になること", "suspension effective within an hour"), b(`${d.effectiveWithinMinutes}分`, `${d.effectiveWithinMinutes} min`), "/effectiveWithinMinutes")],
  subcontractors: (d) => {
    const loose = (d.subcontractors as Doc[]).filter((s) => !s.requirementsFlowDown);
    const names = loose.map((s) => s.name).join(", ");
    return [f(loose.length === 0, b("全ての委託先に要求事項を課していること", "requirements flowed down to every subcontractor"), loose.length ? b(`該当しない委託先: ${names}`, `not: ${names}`) : b(`委託先${d.subcontractors.length}社`, `${d.subcontractors.length} subcontractor(s)`), "/subcontractors")];
  },
  "physical-security": (d) => [f(d.securityZones >= 2, b("HSM の周囲に二つ以上のセキュリティ区画があること", "at least two security zones around the HSM"), String(d.securityZones), "/securityZones"), isTrue(d.accessControl, b("入退室管理があること", "access control"), "/accessControl")],
  "log-access": (d) => [f((d.readers as string[]).some((r) => /auditor|監査/i.test(r)), b("監査人がログを閲覧できること", "auditors can read the logs"), (d.readers as string[]).join(", "), "/readers"), isTrue(d.searchable, b("ログを検索できること", "logs searchable"), "/searchable"), isTrue(d.writersCannotDelete, b("書込み権限者がレコードを削除できないこと", "writers cannot delete records"), "/writersCannotDelete")],
  "key-destruction": (d) => {
    const single = (d.records as Doc[]).filter((r) => new Set(r.witnesses).size < 2);
    return [isTrue(d.includesBackups, b("バックアップも破棄すること", "backups destroyed too"), "/includesBackups"), f(single.length === 0, b("各破棄に二名が立ち会うこと", "each destruction witnessed by two people"), single.length ? b(`該当しない鍵: ${single.map((r) => r.key).join(", ")}`, `not: ${single.map((r) => r.key).join(", ")}`) : b(`記録${d.records.length}件`, `${d.records.length} record(s)`), "/records")];
  },
  // Part II FM1/FS1 ask that privileged users be authenticated; multi-factor is good practice, not
  // the text's requirement: a departure is an observation (advisory), never a nonconformity.
  "privileged-access": (d, c) => [
    { ...isTrue(d.mfa, b("特権利用者が多要素認証を用いること（推奨）", "privileged users use multi-factor authentication (SHOULD)"), "/mfa"), basis: { source: "JT2A-RSG-2", clause: { ja: "パートⅡ §3（FM1, FS1: 特権利用者の認証）", en: "パートⅡ §3 (FM1, FS1: privileged users authenticated)" }, strength: "should" } },
    f(d.canSignWithoutSigner === false, b("特権利用者が署名者なしに署名できないこと", "privileged users cannot sign without the signer"), String(d.canSignWithoutSigner), "/canSignWithoutSigner"),
    within(d.reviewed, num(c, "evidence.maxAgeMonths", 12), c, b("アカウントの見直し", "accounts reviewed"), "/reviewed"),
  ],
};
