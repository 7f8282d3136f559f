// The cell's meeting rule (lịch sinh hoạt định kỳ) as the dashboard shows and edits it, and the
// original time of meetings that were moved (read from the audit rows the moves wrote).
import type { Db } from "./client.ts";
import type { MeetingRuleSpec } from "../domain/schedule.ts";
import { storedText } from "./meetings.ts";

/** The rule in effect: the newest active one (as the planner picks it), or null. */
export async function currentMeetingRule(db: Db, unitId: string) {
  return db.meetingRule.findFirst({ where: { unitId, active: true }, orderBy: [{ createdAt: "desc" }, { id: "desc" }] });
}

export type ReplaceRuleResult = { done: true; ruleId: string } | { refused: "UNCHANGED" };

/**
 * Puts a new rule in effect: the old active rules are switched off and the new one keeps their
 * reminder offsets; the audit row is written in the same transaction. Nothing changes when the
 * rule and place are what is already in effect.
 */
export async function replaceMeetingRule(
  db: Db,
  input: { unitId: string; rule: MeetingRuleSpec; place: string | null; actorId: string | null },
): Promise<ReplaceRuleResult> {
  return db.$transaction(async (tx) => {
    const before = await tx.meetingRule.findFirst({ where: { unitId: input.unitId, active: true }, orderBy: [{ createdAt: "desc" }, { id: "desc" }] });
    const r = input.rule;
    const fields = {
      kind: r.kind,
      dayOfMonth: r.kind === "DAY_OF_MONTH" ? r.dayOfMonth : null,
      nth: r.kind === "NTH_WEEKDAY" ? r.nth : null,
      weekday: r.kind === "NTH_WEEKDAY" ? r.weekday : null,
      time: r.time,
      // Copied into every meeting planned from the rule: tidied and masked like a meeting's own place.
      place: storedText(input.place),
    };
    if (
      before &&
      before.kind === fields.kind &&
      before.dayOfMonth === fields.dayOfMonth &&
      before.nth === fields.nth &&
      before.weekday === fields.weekday &&
      before.time === fields.time &&
      (before.place ?? null) === fields.place
    ) {
      return { refused: "UNCHANGED" } as const;
    }
    await tx.meetingRule.updateMany({ where: { unitId: input.unitId, active: true }, data: { active: false } });
    const created = await tx.meetingRule.create({
      data: { unitId: input.unitId, ...fields, ...(before ? { reminderOffsetsMinutes: before.reminderOffsetsMinutes } : {}) },
    });
    await tx.auditLog.create({
      data: {
        actorId: input.actorId,
        unitId: input.unitId,
        action: "meeting-rule.changed",
        targetType: "MeetingRule",
        targetId: created.id,
        detail: {
          from: before
            ? { kind: before.kind, dayOfMonth: before.dayOfMonth, nth: before.nth, weekday: before.weekday, time: before.time, place: before.place }
            : null,
          to: fields,
        },
      },
    });
    return { done: true, ruleId: created.id } as const;
  });
}

/** For each moved meeting of the list, when it was first planned (the "from" of its first move). */
export async function originalStarts(db: Db, unitId: string, meetingIds: readonly string[]): Promise<Map<string, Date>> {
  const out = new Map<string, Date>();
  if (meetingIds.length === 0) return out;
  const rows = await db.auditLog.findMany({
    where: { unitId, action: "meeting.moved", targetType: "Meeting", targetId: { in: [...meetingIds] } },
    orderBy: { createdAt: "asc" },
    select: { targetId: true, detail: true },
  });
  for (const row of rows) {
    const from = (row.detail as { from?: unknown } | null)?.from;
    if (!row.targetId || out.has(row.targetId) || typeof from !== "string") continue;
    const at = new Date(from);
    if (!Number.isNaN(at.getTime())) out.set(row.targetId, at);
  }
  return out;
}
