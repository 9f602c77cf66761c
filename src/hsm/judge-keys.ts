/**
 * The shape every per-key hsm.* check shares: judge each signing key (a private key with
 * CKA_SIGN=true) on a few attributes, turn each judgement into an observation naming the key and
 * the attribute, and conclude — fail if any key fails, error if any could not be judged, else pass.
 * A token without a signing key is an `error`: there is nothing to assess, which usually means the
 * wrong token or a PIN that does not see the keys.
 */
import type { Basis, CheckOutcome, Observation } from "../check/types.ts";
import type { BooleanAttribute } from "./attributes.ts";
import { describeKey, isSigningKey, showFlag, type SurveyedPrivateKey, type TokenSurvey } from "./survey-types.ts";

/** One judgement on one key. `ok: undefined` means it could not be judged (attribute unreadable…). */
export interface KeyFinding {
  /** What was looked at: an attribute name (`CKA_LOCAL`) or a call (`C_WrapKey(CKM_AES_KEY_WRAP_PAD)`). */
  looked: string;
  expected: string;
  observed: string;
  ok: boolean | undefined;
  /** The text a departure rests on (design §3a). */
  basis?: Basis;
}

/** Judges a boolean attribute against the value a conformant key has. */
export function expectFlag(key: SurveyedPrivateKey, attribute: BooleanAttribute, wanted: boolean, why = ""): KeyFinding {
  const flag = key.flags[attribute];
  return {
    looked: attribute,
    expected: `${attribute}=${wanted}${why ? ` (${why})` : ""}`,
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
  /** Summary when every signing key met the requirement, e.g. "generated in the device". */
  pass: string;
  /** Summary fragment for failing keys, e.g. "not generated in the device". */
  fail: string;
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
  if (failing.length > 0) return { status: "fail", summary: `${failing.length} of ${keys.length} signing key(s) ${wording.fail}: ${failing.join("; ")}`, observations, facts };
  if (unjudged.length > 0) return { status: "error", summary: `could not judge ${unjudged.length} of ${keys.length} signing key(s): ${unjudged.join("; ")}`, observations, facts };
  return { status: "pass", summary: `all ${keys.length} signing key(s) on token "${survey.token.label}" ${wording.pass}`, observations, facts };
}

/** The outcome of a per-key check on a token without any signing key. */
export function noSigningKey(survey: TokenSurvey): CheckOutcome {
  return {
    status: "error",
    summary: `no signing key (private key with CKA_SIGN=true) visible on token "${survey.token.label}": nothing to assess (wrong token, or a PIN that does not see the keys?)`,
    observations: [{ expected: "at least one private key with CKA_SIGN=true", observed: `${survey.privateKeys.length} private key(s), none able to sign`, where: survey.uri, ok: false }],
  };
}
