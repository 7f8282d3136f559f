// Meetings (sinh hoạt chi bộ): materialized from MeetingRules, added, moved and cancelled by the
// secretary; and who a meeting's reminders go to.
import { safeShortText } from "../domain/sensitive.ts";
import type { Db, Meeting } from "./client.ts";
import type { MeetingKind, MeetingStatus } from "../domain/vocabulary.ts";
import { audit } from "./audit.ts";
import { expandRule, validateRule } from "../domain/schedule.ts";
import type { RegistrationStatusValue } from "../domain/owed.ts";

/** How far ahead meetings are materialized when no config is at hand (PLANNER_HORIZON_DAYS). */
export const DEFAULT_HORIZON_DAYS = 60;
export const UPCOMING_STATUSES = ["SCHEDULED", "MOVED"] as const satisfies readonly MeetingStatus[];

const DAY_MS = 86_400_000;

export interface MaterializeSummary {
  created: number;
  /** Future, untouched rule meetings brought in line with an edited rule. */
  updated: number;
  invalidRules: string[];
}

/**
 * Makes a Meeting row for every occurrence of the units' active rules in [now, now + horizon).
 * The row's (unitId, occurrenceKey) is unique, so running again adds nothing, and a meeting the
 * secretary moved or cancelled keeps its key and is never made again. A unit has one rule in
 * effect: the newest active one. When that rule was edited (or replaced), its future meetings
 * that nobody touched (SCHEDULED) follow it to the new day, time and place.
 */
export async function materializeMeetings(db: Db, options: { now: Date; horizonDays?: number; unitIds?: string[] }): Promise<MaterializeSummary> {
  const { now } = options;
  const to = new Date(now.getTime() + (options.horizonDays ?? DEFAULT_HORIZON_DAYS) * DAY_MS);
  const rules = await db.meetingRule.findMany({
    where: { active: true, ...(options.unitIds ? { unitId: { in: options.unitIds } } : {}) },
    include: { unit: { select: { timeZone: true } } },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
  });
  const summary: MaterializeSummary = { created: 0, updated: 0, invalidRules: [] };
  type Rule = (typeof rules)[number];
  const planned: Array<{ rule: Rule; occurrences: ReturnType<typeof expandRule> }> = [];
  const seen = new Set<string>();
  for (const rule of rules) {
    if (seen.has(rule.unitId)) continue;
    const checked = validateRule(rule);
    if (!checked.ok) {
      summary.invalidRules.push(rule.id);
      continue;
    }
    seen.add(rule.unitId);
    try {
      const occurrences = expandRule(checked.rule, { from: now, to, zone: rule.unit.timeZone });
      if (occurrences.length > 0) planned.push({ rule, occurrences });
    } catch {
      summary.invalidRules.push(rule.id);
    }
  }
  // In batches of units: one query for what exists, one insert for what is missing.
  for (let i = 0; i < planned.length; i += 500) {
    const batch = planned.slice(i, i + 500);
    const keys = [...new Set(batch.flatMap((p) => p.occurrences.map((o) => o.occurrenceKey)))];
    const existing = await db.meeting.findMany({
      where: { unitId: { in: batch.map((p) => p.rule.unitId) }, occurrenceKey: { in: keys } },
    });
    const byKey = new Map(existing.map((m) => [`${m.unitId}|${m.occurrenceKey}`, m]));
    const missing = batch.flatMap(({ rule, occurrences }) =>
      occurrences
        .filter((o) => !byKey.has(`${rule.unitId}|${o.occurrenceKey}`))
        .map((o) => ({ unitId: rule.unitId, ruleId: rule.id, occurrenceKey: o.occurrenceKey, startsAt: o.startsAt, kind: o.kind, place: rule.place })),
    );
    if (missing.length > 0) summary.created += (await db.meeting.createMany({ data: missing, skipDuplicates: true })).count;
    for (const { rule, occurrences } of batch) {
      for (const o of occurrences) {
        const m = byKey.get(`${rule.unitId}|${o.occurrenceKey}`);
        if (!m || m.status !== "SCHEDULED" || m.ruleId === null || m.startsAt.getTime() <= now.getTime()) continue;
        if (m.ruleId === rule.id && m.startsAt.getTime() === o.startsAt.getTime() && m.place === rule.place && m.kind === o.kind) continue;
        // Only if still untouched: a concurrent move or cancel wins.
        const r = await db.meeting.updateMany({
          where: { id: m.id, status: "SCHEDULED", startsAt: m.startsAt },
          data: { ruleId: rule.id, startsAt: o.startsAt, place: rule.place, kind: o.kind },
        });
        summary.updated += r.count;
      }
    }
  }
  return summary;
}

/** Meetings of the unit that will still take place (SCHEDULED or MOVED), soonest first. */
export async function upcomingMeetings(db: Db, unitId: string, now: Date, limit = 5) {
  return db.meeting.findMany({
    where: { unitId, status: { in: [...UPCOMING_STATUSES] }, startsAt: { gt: now } },
    orderBy: [{ startsAt: "asc" }, { id: "asc" }],
    take: limit,
  });
}

/** The unit's meetings in (from, to], soonest first; upcoming ones only unless `all`. */
export async function meetingsBetween(db: Db, unitId: string, from: Date, to: Date, options: { all?: boolean } = {}): Promise<Meeting[]> {
  return db.meeting.findMany({
    where: { unitId, startsAt: { gt: from, lte: to }, ...(options.all ? {} : { status: { in: [...UPCOMING_STATUSES] } }) },
    orderBy: [{ startsAt: "asc" }, { id: "asc" }],
  });
}

export async function findUnitMeeting(db: Db, unitId: string, meetingId: string) {
  return db.meeting.findFirst({ where: { id: meetingId, unitId } });
}

/** The year's theme (chuyên đề) that applies to the unit: its own, else the nearest ancestor's, else the national one. */
export async function themeForUnit(db: Db, unitId: string, year: number): Promise<{ year: number; title: string } | null> {
  const themes = await db.theme.findMany({ where: { year } });
  if (themes.length === 0) return null;
  const byUnit = new Map(themes.map((t) => [t.unitId, t]));
  let current: string | null = unitId;
  for (let depth = 0; current !== null && depth < 20; depth++) {
    const own = byUnit.get(current);
    if (own) return { year: own.year, title: own.title };
    const unit: { parentId: string | null } | null = await db.unit.findUnique({ where: { id: current }, select: { parentId: true } });
    current = unit?.parentId ?? null;
  }
  const national = byUnit.get(null);
  return national ? { year: national.year, title: national.title } : null;
}

/**
 * Places, notes and reasons come from every entry point (chat, dashboard, CLI): whichever it was,
 * what is stored is tidied (nothing invisible, no control characters) with personal numbers masked.
 */
export function storedText(input: string | null): string | null {
  return input === null ? null : safeShortText(input) || null;
}

export type ChangeResult<T> = { ok: true; meeting: T; previousStartsAt: Date } | { ok: false; reason: "NOT_FOUND" | "NOT_UPCOMING" | "PAST" };

/** A meeting the secretary adds by hand (no rule; occurrenceKey null). */
export async function createManualMeeting(
  db: Db,
  input: { unitId: string; startsAt: Date; place: string | null; kind?: MeetingKind; actorId: string | null; note?: string | null },
) {
  const meeting = await db.meeting.create({
    data: {
      unitId: input.unitId,
      startsAt: input.startsAt,
      place: storedText(input.place),
      kind: input.kind ?? "REGULAR",
      note: storedText(input.note ?? null),
    },
  });
  await audit(db, {
    actorId: input.actorId,
    unitId: input.unitId,
    action: "meeting.created",
    targetType: "Meeting",
    targetId: meeting.id,
    detail: { startsAt: meeting.startsAt.toISOString(), place: meeting.place, kind: meeting.kind },
  });
  return meeting;
}

/**
 * Moves an upcoming meeting: status MOVED, the new time (and place, if given). The row and its
 * occurrence key stay, so re-planning does not make the rule's meeting again. The planner moves
 * the reminder jobs on its next run; until then the old jobs find the time changed and do nothing.
 */
export async function moveMeeting(
  db: Db,
  input: { unitId: string; meetingId: string; startsAt: Date; place?: string | null; actorId: string | null; now: Date; reason?: string | null },
): Promise<ChangeResult<Meeting>> {
  const before = await findUnitMeeting(db, input.unitId, input.meetingId);
  if (!before) return { ok: false, reason: "NOT_FOUND" };
  if (!(UPCOMING_STATUSES as readonly string[]).includes(before.status) || before.startsAt.getTime() <= input.now.getTime()) {
    return { ok: false, reason: "NOT_UPCOMING" };
  }
  if (input.startsAt.getTime() <= input.now.getTime()) return { ok: false, reason: "PAST" };
  const place = input.place === undefined ? before.place : storedText(input.place);
  const reason = storedText(input.reason ?? null);
  const updated = await db.meeting.updateMany({
    where: { id: before.id, status: before.status, startsAt: before.startsAt },
    data: { status: "MOVED", startsAt: input.startsAt, place },
  });
  if (updated.count !== 1) return { ok: false, reason: "NOT_UPCOMING" };
  await audit(db, {
    actorId: input.actorId,
    unitId: input.unitId,
    action: "meeting.moved",
    targetType: "Meeting",
    targetId: before.id,
    detail: { from: before.startsAt.toISOString(), to: input.startsAt.toISOString(), placeFrom: before.place, placeTo: place, ...(reason ? { reason } : {}) },
  });
  const meeting = await db.meeting.findUniqueOrThrow({ where: { id: before.id } });
  return { ok: true, meeting, previousStartsAt: before.startsAt };
}

/** Cancels an upcoming meeting (status CANCELLED); the planner removes its jobs. */
export async function cancelMeeting(
  db: Db,
  input: { unitId: string; meetingId: string; actorId: string | null; now: Date; reason?: string | null },
): Promise<ChangeResult<Meeting>> {
  const before = await findUnitMeeting(db, input.unitId, input.meetingId);
  if (!before) return { ok: false, reason: "NOT_FOUND" };
  if (!(UPCOMING_STATUSES as readonly string[]).includes(before.status) || before.startsAt.getTime() <= input.now.getTime()) {
    return { ok: false, reason: "NOT_UPCOMING" };
  }
  const reason = storedText(input.reason ?? null);
  const updated = await db.meeting.updateMany({
    where: { id: before.id, status: before.status, startsAt: before.startsAt },
    data: { status: "CANCELLED", ...(reason ? { note: reason } : {}) },
  });
  if (updated.count !== 1) return { ok: false, reason: "NOT_UPCOMING" };
  await audit(db, {
    actorId: input.actorId,
    unitId: input.unitId,
    action: "meeting.cancelled",
    targetType: "Meeting",
    targetId: before.id,
    detail: { startsAt: before.startsAt.toISOString(), ...(reason ? { reason } : {}) },
  });
  const meeting = await db.meeting.findUniqueOrThrow({ where: { id: before.id } });
  return { ok: true, meeting, previousStartsAt: before.startsAt };
}

export interface AudienceMember {
  id: string;
  fullName: string;
  role: string;
  optionalRemindersOff: boolean;
  registrationStatus: RegistrationStatusValue;
  assessmentSubmitted: boolean;
}

/**
 * The ACTIVE members of the unit with an account of any platform, the terminal chat included (the
 * rule every list of recipients shares, reach.ts; EXEMPT and LEFT members get no meeting messages), with what the owed rules need: the
 * registration of `year` and whether the assessment of `period` was submitted.
 */
export async function meetingAudience(db: Db, unitId: string, year: number, period: string): Promise<AudienceMember[]> {
  const members = await db.member.findMany({
    where: { unitId, status: "ACTIVE", identities: { some: {} } },
    select: {
      id: true,
      fullName: true,
      role: true,
      optionalRemindersOff: true,
      registrations: { where: { year }, select: { status: true } },
      assessments: { where: { period }, select: { submittedAt: true } },
    },
    orderBy: { id: "asc" },
  });
  return members.map((m) => ({
    id: m.id,
    fullName: m.fullName,
    role: m.role,
    optionalRemindersOff: m.optionalRemindersOff,
    registrationStatus: m.registrations[0]?.status ?? "NONE",
    assessmentSubmitted: m.assessments.some((a) => a.submittedAt !== null),
  }));
}
