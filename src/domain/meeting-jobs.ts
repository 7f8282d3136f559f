// Which planned jobs a meeting should have right now (reminders, the nudge, the chi ủy digest) and
// the committee roll-ups, with deterministic job ids. Pure: the meeting, the settings and `now`
// are passed in. The planner adds what is missing and removes pending jobs that are no longer in
// this list; the processors run only a job whose id is still in it, so a moved or cancelled
// meeting can never be reminded at its old time.
import { DateTime } from "luxon";
import { DEFAULT_ZONE, assertZone, parseClock } from "./dates.ts";
import { DEFAULT_QUIET_HOURS, DEFAULT_REMINDER_OFFSETS_MINUTES, isInQuietHours, nudgeTime, reminderTimes, type QuietHours } from "./reminders.ts";

export type PlannedJobKind = "reminder" | "nudge" | "digest" | "rollup";

export interface PlannedJobSpec {
  /**
   * BullMQ job id. BullMQ refuses ":" in custom ids, so the parts are joined with "-":
   * reminder-<meetingId>-<offsetMin>-<startsAtMs>, nudge-<meetingId>-<startsAtMs>,
   * digest-<meetingId>-<startsAtMs>, rollup-<committeeId>-<yyyy-MM>.
   */
  id: string;
  kind: PlannedJobKind;
  dueAt: Date;
  meetingId?: string;
  /** Meeting start in epoch milliseconds (part of the id, so a move yields new ids). */
  startsAtMs?: number;
  offsetMinutes?: number;
}

/** The chi ủy digest goes out 1 day before the meeting (moved out of quiet hours like a reminder). */
export const DIGEST_OFFSET_MINUTES = 24 * 60;

/** A nudge whose time passed while the planner was down is still sent within this window. */
export const NUDGE_CATCH_UP_MS = 12 * 60 * 60 * 1000;

/** Roll-ups go out on day 1 of the month at this local time… */
export const ROLLUP_LOCAL_TIME = "08:00";
/** …and, after downtime, are still sent during the month's first days. */
export const ROLLUP_CATCH_UP_DAYS = 3;

export const reminderJobId = (meetingId: string, offsetMinutes: number, startsAt: Date | number) => `reminder-${meetingId}-${offsetMinutes}-${ms(startsAt)}`;
export const nudgeJobId = (meetingId: string, startsAt: Date | number) => `nudge-${meetingId}-${ms(startsAt)}`;
export const digestJobId = (meetingId: string, startsAt: Date | number) => `digest-${meetingId}-${ms(startsAt)}`;
export const rollupJobId = (committeeId: string, month: string) => `rollup-${committeeId}-${month}`;

const ms = (d: Date | number) => (typeof d === "number" ? d : d.getTime());

export type ParsedJobId =
  | { kind: "reminder"; meetingId: string; offsetMinutes: number; startsAtMs: number }
  | { kind: "nudge" | "digest"; meetingId: string; startsAtMs: number }
  | { kind: "rollup"; committeeId: string; month: string };

/** The parts of a planned job id, or null for anything else. */
export function parseJobId(id: string): ParsedJobId | null {
  let m = /^reminder-(.+)-(\d+)-(\d+)$/.exec(id);
  if (m) return { kind: "reminder", meetingId: m[1]!, offsetMinutes: Number(m[2]), startsAtMs: Number(m[3]) };
  m = /^(nudge|digest)-(.+)-(\d+)$/.exec(id);
  if (m) return { kind: m[1] as "nudge" | "digest", meetingId: m[2]!, startsAtMs: Number(m[3]) };
  m = /^rollup-(.+)-(\d{4}-\d{2})$/.exec(id);
  if (m) return { kind: "rollup", committeeId: m[1]!, month: m[2]! };
  return null;
}

const sameOffsets = (a: readonly number[], b: readonly number[]) => {
  const x = [...new Set(a)].sort((p, q) => p - q);
  const y = [...new Set(b)].sort((p, q) => p - q);
  return x.length === y.length && x.every((v, i) => v === y[i]);
};

/**
 * The reminder offsets of a meeting. A rule whose offsets were changed from the built-in default
 * (3 days, 1 day, 2 hours) keeps its own; otherwise (and for manual meetings) the deployment's
 * REMINDER_OFFSETS apply, so that setting works without editing every rule.
 */
export function offsetsForMeeting(ruleOffsets: readonly number[] | null | undefined, configOffsets: readonly number[]): number[] {
  const valid = (ruleOffsets ?? []).filter((o) => Number.isInteger(o) && o > 0);
  if (valid.length > 0 && !sameOffsets(valid, DEFAULT_REMINDER_OFFSETS_MINUTES)) return [...new Set(valid)].sort((a, b) => b - a);
  return [...new Set(configOffsets)].sort((a, b) => b - a);
}

/**
 * The essential reminder: the one closest to 1 day before the meeting, on a log scale (2 days is
 * as close as 12 hours; the larger wins a tie). It goes to every ACTIVE linked member even when
 * they turned optional reminders off (/nhac), and is the one posted in the cell's group chat. The
 * others (by default 3 days and 2 hours) are optional.
 */
export function essentialOffset(offsets: readonly number[]): number | null {
  let best: number | null = null;
  const distance = (o: number) => Math.abs(Math.log(o / 1440));
  for (const o of offsets) {
    if (!(o > 0)) continue;
    if (best === null || distance(o) < distance(best) - 1e-9 || (Math.abs(distance(o) - distance(best)) <= 1e-9 && o > best)) best = o;
  }
  return best;
}

export interface MeetingJobsInput {
  meetingId: string;
  startsAt: Date;
  offsetsMinutes: readonly number[];
  quietHours?: QuietHours;
  zone?: string;
  now: Date;
}

/**
 * The jobs the meeting should have at `now`, in due order: the reminders (reminderTimes: future
 * ones, plus the latest already due), the nudge 2 days before (if not yet past, or past by less
 * than NUDGE_CATCH_UP_MS) and the chi ủy digest 1 day before (until the meeting starts). Nothing
 * once the meeting has started.
 */
export function meetingJobs(input: MeetingJobsInput): PlannedJobSpec[] {
  const zone = input.zone ?? DEFAULT_ZONE;
  const quietHours = input.quietHours ?? DEFAULT_QUIET_HOURS;
  const { meetingId, startsAt, now } = input;
  if (now.getTime() >= startsAt.getTime()) return [];
  const startsAtMs = startsAt.getTime();
  const out: PlannedJobSpec[] = [];
  for (const r of reminderTimes({ startsAt, offsetsMinutes: input.offsetsMinutes, quietHours, zone, now })) {
    out.push({
      id: reminderJobId(meetingId, r.offsetMinutes, startsAt),
      kind: "reminder",
      dueAt: r.dueAt,
      meetingId,
      startsAtMs,
      offsetMinutes: r.offsetMinutes,
    });
  }
  const nudgeAt = nudgeTime(startsAt, zone, quietHours);
  if (nudgeAt.getTime() + NUDGE_CATCH_UP_MS > now.getTime()) {
    out.push({ id: nudgeJobId(meetingId, startsAt), kind: "nudge", dueAt: nudgeAt, meetingId, startsAtMs });
  }
  const digest = reminderTimes({ startsAt, offsetsMinutes: [DIGEST_OFFSET_MINUTES], quietHours, zone })[0];
  if (digest) out.push({ id: digestJobId(meetingId, startsAt), kind: "digest", dueAt: digest.dueAt, meetingId, startsAtMs });
  return out.sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || (a.id < b.id ? -1 : 1));
}

/**
 * When a message that should go out at `now` may go out: null when `now` is outside quiet hours,
 * else the end of the quiet window (the first instant after `now` at the window's end time).
 */
export function quietHoursEnd(now: Date, quietHours: QuietHours = DEFAULT_QUIET_HOURS, zone: string = DEFAULT_ZONE): Date | null {
  assertZone(zone);
  if (!isInQuietHours(now, quietHours, zone)) return null;
  const end = parseClock(quietHours.end);
  if (!end) throw new RangeError(`Invalid quiet hours: ${quietHours.start}–${quietHours.end}`);
  const local = DateTime.fromJSDate(now, { zone });
  let candidate = local.set({ hour: end.hour, minute: end.minute, second: 0, millisecond: 0 });
  if (candidate <= local) candidate = candidate.plus({ days: 1 });
  return candidate.toJSDate();
}

/** "2026-12" of an instant in the zone. */
export function monthKey(d: Date, zone: string = DEFAULT_ZONE): string {
  return DateTime.fromJSDate(d, { zone }).toFormat("yyyy-MM");
}

/** The month before "2026-12": "2026-11" (what the roll-up of 1 December reports on). */
export function previousMonth(month: string): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return DateTime.utc(y, m, 1).minus({ months: 1 }).toFormat("yyyy-MM");
}

/** Day 1 of the month at ROLLUP_LOCAL_TIME in the zone, moved out of quiet hours if need be. */
export function rollupDueAt(month: string, zone: string = DEFAULT_ZONE, quietHours: QuietHours = DEFAULT_QUIET_HOURS): Date {
  assertZone(zone);
  const [y, m] = month.split("-").map(Number) as [number, number];
  const t = parseClock(ROLLUP_LOCAL_TIME)!;
  const at = DateTime.fromObject({ year: y, month: m, day: 1, hour: t.hour, minute: t.minute }, { zone }).toJSDate();
  return quietHoursEnd(at, quietHours, zone) ?? at;
}

/**
 * The roll-up jobs a committee should have at `now`: this month's while within its first
 * ROLLUP_CATCH_UP_DAYS days after it was due, and next month's.
 */
export function rollupJobs(
  committeeId: string,
  now: Date,
  zone: string = DEFAULT_ZONE,
  quietHours: QuietHours = DEFAULT_QUIET_HOURS,
): Array<PlannedJobSpec & { month: string; reportPeriod: string }> {
  const current = monthKey(now, zone);
  const next = DateTime.fromJSDate(now, { zone }).startOf("month").plus({ months: 1 }).toFormat("yyyy-MM");
  const out: Array<PlannedJobSpec & { month: string; reportPeriod: string }> = [];
  for (const month of [current, next]) {
    const dueAt = rollupDueAt(month, zone, quietHours);
    if (month === current && dueAt.getTime() + ROLLUP_CATCH_UP_DAYS * 86_400_000 <= now.getTime()) continue;
    out.push({ id: rollupJobId(committeeId, month), kind: "rollup", dueAt, month, reportPeriod: previousMonth(month) });
  }
  return out;
}
