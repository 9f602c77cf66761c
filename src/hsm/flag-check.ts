/**
 * A per-key hsm.* check that only compares boolean attributes with fixed values: the checks of
 * this kind differ only by data (id, texts, control, attributes, wording), so they are written as
 * data and run by this one piece of code.
 */
import { controlBasis, withBasis } from "../check/with-basis.ts";
import { defineCheck, type Check, type CheckContext, type CheckOutcome, type Text } from "../check/types.ts";
import { HSM_CHECK_TIMEOUT_MS, tokenSurvey } from "./assessment-survey.ts";
import { judgeFlags, type FlagRequirement, type KeyJudgementWording } from "./judge-keys.ts";

export interface FlagCheck {
  id: string;
  title: Text;
  description: Text;
  /** The catalog control whose text a departure rests on (design §3a). */
  control: string;
  flags: readonly FlagRequirement[];
  wording: KeyJudgementWording;
  /** Parameters the check reads (only for `adjust`). */
  parameters?: string[];
  /** A last word on the outcome where the assessment's parameters change its meaning. */
  adjust?: (outcome: CheckOutcome, ctx: CheckContext) => CheckOutcome;
}

export function defineFlagCheck(spec: FlagCheck): Check {
  const basis = controlBasis(spec.control);
  return defineCheck({
    id: spec.id,
    family: "hsm",
    title: spec.title,
    description: spec.description,
    needs: ["hsm"],
    ...(spec.parameters ? { parameters: spec.parameters } : {}),
    intrusive: false,
    timeoutMs: HSM_CHECK_TIMEOUT_MS,
    async run(ctx) {
      const outcome = judgeFlags(await tokenSurvey(ctx), spec.flags, spec.wording);
      return withBasis(spec.adjust ? spec.adjust(outcome, ctx) : outcome, basis);
    },
  });
}
