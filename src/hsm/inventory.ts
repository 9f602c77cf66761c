/**
 * The token inventory as saved in evidence and printed by `hsm inspect --format json`: every key
 * and certificate with its attributes. Built from the survey, which holds no secret value; the
 * random sample is left out (bulk, and not evidence of anything beyond the rng check's p-values).
 */
import { mechanismName } from "./pkcs11-names.ts";
import type { TokenSurvey } from "./survey-types.ts";

export function inventoryOf(survey: TokenSurvey) {
  return {
    token: survey.token,
    uri: survey.uri,
    privateKeys: survey.privateKeys.map((k) => ({ ...k, ...(k.allowedMechanisms ? { allowedMechanisms: k.allowedMechanisms.map(mechanismName) } : {}) })),
    secretKeys: survey.secretKeys,
    certificates: survey.certificates,
    signatureMechanisms: survey.mechanisms.filter((m) => m.sign).map((m) => m.name),
    wrapProbeKey: survey.wrapProbeKey,
    randomBits: "bytes" in survey.random ? survey.random.bytes.length * 8 : 0,
  };
}

export type TokenInventory = ReturnType<typeof inventoryOf>;
