/**
 * A key's security-relevant attributes in one short line for tables: `+LOCAL -EXTRACTABLE …`
 * (`+` true, `-` false, `?` unreadable). Only the attributes the hsm.* checks judge are shown.
 */
import type { BooleanAttribute } from "./attributes.ts";
import type { Flag } from "./survey-types.ts";

const PRIVATE_KEY_FLAGS: BooleanAttribute[] = ["CKA_LOCAL", "CKA_SENSITIVE", "CKA_EXTRACTABLE", "CKA_ALWAYS_SENSITIVE", "CKA_NEVER_EXTRACTABLE", "CKA_PRIVATE", "CKA_SIGN", "CKA_DECRYPT", "CKA_UNWRAP", "CKA_DERIVE", "CKA_ALWAYS_AUTHENTICATE"];
const SECRET_KEY_FLAGS: BooleanAttribute[] = ["CKA_LOCAL", "CKA_SENSITIVE", "CKA_EXTRACTABLE", "CKA_ALWAYS_SENSITIVE", "CKA_NEVER_EXTRACTABLE", "CKA_PRIVATE", "CKA_WRAP", "CKA_UNWRAP"];

export function flagSummary(flags: Record<BooleanAttribute, Flag> | undefined, secretKey: boolean): string {
  if (!flags) return "";
  return (secretKey ? SECRET_KEY_FLAGS : PRIVATE_KEY_FLAGS)
    .map((name) => {
      const f = flags[name];
      return `${f === true ? "+" : f === false ? "-" : "?"}${name.slice(4)}`;
    })
    .join(" ");
}
