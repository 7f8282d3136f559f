// Deciding a cell's regular meeting day (lịch sinh hoạt định kỳ): the input is checked, the new
// rule put in effect, and the future meetings nobody moved or cancelled follow it at once, so the
// calendar the secretary sees next is the new one (reminders follow on the planner's next run).
import type { Db } from "../db/client.ts";
import { materializeMeetings } from "../db/meetings.ts";
import { replaceMeetingRule } from "../db/meeting-rules.ts";
import { describeRule, validateRule, type MeetingRuleInput } from "../domain/schedule.ts";

export type ChangeMeetingRuleResult =
  { done: true; description: string; meetingsUpdated: number; meetingsCreated: number } | { refused: "invalid"; error: string } | { refused: "unchanged" };

export async function changeMeetingRule(
  db: Db,
  input: { unitId: string; rule: MeetingRuleInput; place: string | null; actorId: string | null; now: Date; horizonDays?: number },
): Promise<ChangeMeetingRuleResult> {
  const checked = validateRule(input.rule);
  if (!checked.ok) return { refused: "invalid", error: checked.error };
  const saved = await replaceMeetingRule(db, { unitId: input.unitId, rule: checked.rule, place: input.place, actorId: input.actorId });
  if ("refused" in saved) return { refused: "unchanged" };
  const planned = await materializeMeetings(db, { now: input.now, unitIds: [input.unitId], ...(input.horizonDays ? { horizonDays: input.horizonDays } : {}) });
  return { done: true, description: describeRule(checked.rule), meetingsUpdated: planned.updated, meetingsCreated: planned.created };
}
