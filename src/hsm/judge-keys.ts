/**
 * The shape every per-key hsm.* check shares: judge each signing key (a private key with
 * CKA_SIGN=true) on a few attributes, turn each judgement into an observation naming the key and
 * the attribute, and conclude — fail if any key fails, error if any could not be judged, else pass.
 * A token without a signing key is an `error`: there is nothing to assess, which usually means the
 * wrong token or a PIN that does not see the keys. Texts are { ja, en } at the source.
 */
import type { Basis, CheckOutcome, Message, Observation, Text } from "../check/types.ts";
import type { BooleanAttribute } from "./attributes.ts";
import { describeKey, isSigningKey, showFlag, type SurveyedPrivateKey, type TokenSurvey } from "./survey-types.ts";

/** One judgement on one key. `ok: undefined` means it could not be judged (attribute unreadable…). */
export interface KeyFinding {
  /** What was looked at: an attribute name (`CKA_LOCAL`) or a call (`C_WrapKey(CKM_AES_KEY_WRAP_PAD)`). */
  looked: string;
  expected: Message;
  observed: Message;
  ok: boolean | undefined;
  /** The text a departure rests on (design §3a). */
  basis?: Basis;
}

/** Judges a boolean attribute against the value a conformant key has; `why` says what the value means. */
export function expectFlag(key: SurveyedPrivateKey, attribute: BooleanAttribute, wanted: boolean, why?: Text): KeyFinding {
  const flag = key.flags[attribute];
  const value = `${attribute}=${wanted}`;
  return {
    looked: attribute,
    expected: why ? { ja: `${value}（${why.ja}）`, en: `${value} (${why.en})` } : value,
    observed: `${attribute}=${showFlag(flag)}`,
    ok: typeof flag === "boolean" ? flag === wanted : undefined,
  };
}

/** `pkcs11:token=t;object=k;id=%01 CKA_LOCAL`: the object and what was read on it. */
export function where(uri: string, looked: string): string {
  return `${uri} ${looked}`;
}

export function observationOf(key: SurveyedPrivateKey, f: KeyFinding): Observation {
  return { expected: f.expected, observed: f.observed, where: where(key.uri, f.looked), subject: describeKey(key), ...(f.ok !== undefined ? { ok: f.ok } : {}), ...(f.basis ? { basis: f.basis } : {}) };
}

export interface KeyJudgementWording {
  /** Summary predicate when every signing key met the requirement, e.g. "were generated in the device". */
  pass: Text;
  /** Summary predicate for failing keys, e.g. "were not generated in the device". */
  fail: Text;
}

/** Runs `judge` on every signing key of the survey and concludes. */
export function judgeSigningKeys(survey: TokenSurvey, judge: (key: SurveyedPrivateKey) => KeyFinding[], wording: KeyJudgementWording): CheckOutcome {
  const keys = survey.privateKeys.filter(isSigningKey);
  if (keys.length === 0) return noSigningKey(survey);
  const observations: Observation[] = [];
  const failing: string[] = [];
  const unjudged: string[] = [];
  for (const key of keys) {
    const findings = judge(key);
    observations.push(...findings.map((f) => observationOf(key, f)));
    if (findings.some((f) => f.ok === false)) failing.push(describeKey(key));
    else if (findings.some((f) => f.ok === undefined)) unjudged.push(describeKey(key));
  }
  const facts = { signingKeys: keys.length, failingKeys: failing, unjudgedKeys: unjudged };
  const n = keys.length;
  if (failing.length > 0) {
    const list = failing.join("; ");
    return { status: "fail", summary: { ja: `署名鍵${n}個中${failing.length}個が${wording.fail.ja}：${list}`, en: `${failing.length} of ${n} signing key(s) ${wording.fail.en}: ${list}` }, observations, facts };
  }
  if (unjudged.length > 0) {
    const list = unjudged.join("; ");
    return { status: "error", summary: { ja: `署名鍵${n}個中${unjudged.length}個を判定できなかった：${list}`, en: `could not judge ${unjudged.length} of ${n} signing key(s): ${list}` }, observations, facts };
  }
  const label = survey.token.label;
  return { status: "pass", summary: { ja: `トークン「${label}」の署名鍵${n}個すべてが${wording.pass.ja}`, en: `all ${n} signing key(s) on token "${label}" ${wording.pass.en}` }, observations, facts };
}

/** The outcome of a per-key check on a token without any signing key. */
export function noSigningKey(survey: TokenSurvey): CheckOutcome {
  const label = survey.token.label;
  return {
    status: "error",
    summary: {
      ja: `トークン「${label}」に署名鍵（CKA_SIGN=trueの秘密鍵）が見えない：評価対象がない（トークンの誤り、または鍵が見えないPINではないか）`,
      en: `no signing key (private key with CKA_SIGN=true) visible on token "${label}": nothing to assess (wrong token, or a PIN that does not see the keys?)`,
    },
    observations: [{ expected: { ja: "CKA_SIGN=trueの秘密鍵が1個以上", en: "at least one private key with CKA_SIGN=true" }, observed: { ja: `秘密鍵${survey.privateKeys.length}個、署名可能なものなし`, en: `${survey.privateKeys.length} private key(s), none able to sign` }, where: survey.uri, ok: false }],
  };
}

/** One boolean attribute a conformant signing key has, and what its value means. */
export interface FlagRequirement {
  attribute: BooleanAttribute;
  wanted: boolean;
  why: Text;
}

/**
 * The per-key checks that only compare attributes with fixed values (hsm.key.private,
 * hsm.key.non-exportable, hsm.key.local) differ only by these data: one piece of code judges them.
 */
export function judgeFlags(survey: TokenSurvey, flags: readonly FlagRequirement[], wording: KeyJudgementWording): CheckOutcome {
  return judgeSigningKeys(survey, (key) => flags.map((f) => expectFlag(key, f.attribute, f.wanted, f.why)), wording);
}
