// Deciding a cell's regular meeting day (lịch sinh hoạt định kỳ): the input is checked, the new
// rule put in effect, and the future meetings nobody moved or cancelled follow it at once, so the
// calendar the secretary sees next is the new one (reminders follow on the planner's next run).
import { materializeMeetings } from "../db/meetings.ts";
import { replaceMeetingRule } from "../db/meeting-rules.ts";
import { describeRule, validateRule, type MeetingRuleInput } from "../domain/schedule.ts";
import { usecaseMsg } from "../messages/usecases.ts";
import { refused, type Refused, type UseCaseDeps } from "./types.ts";

export type ChangeMeetingRuleResult =
  | { kind: "done"; description: string; meetingsUpdated: number; meetingsCreated: number }
  /** `reason` says which part of the rule is wrong (the day, the weekday, the time). */
  | Refused<"invalid">
  | Refused<"unchanged">;

export async function changeMeetingRule(
  deps: Pick<UseCaseDeps, "db" | "now">,
  input: { unitId: string; rule: MeetingRuleInput; place: string | null; actorId: string | null; horizonDays?: number },
): Promise<ChangeMeetingRuleResult> {
  const checked = validateRule(input.rule);
  if (!checked.ok) return refused("invalid", checked.error);
  const saved = await replaceMeetingRule(deps.db, { unitId: input.unitId, rule: checked.rule, place: input.place, actorId: input.actorId });
  if ("refused" in saved) return refused("unchanged", usecaseMsg.meetingRuleUnchanged());
  const planned = await materializeMeetings(deps.db, {
    now: deps.now,
    unitIds: [input.unitId],
    ...(input.horizonDays ? { horizonDays: input.horizonDays } : {}),
  });
  return { kind: "done", description: describeRule(checked.rule), meetingsUpdated: planned.updated, meetingsCreated: planned.created };
}
