// When meeting reminders and nudges are due, keeping members' nights quiet. Pure: the meeting
// time and "now" are passed in.
import { DateTime } from "luxon";
import { DEFAULT_ZONE, assertZone, parseClock, type ClockTime } from "./dates.ts";

/** Local "HH:mm" window in which nothing proactive is sent. */
export interface QuietHours {
  start: string;
  end: string;
}

export const DEFAULT_QUIET_HOURS: Readonly<QuietHours> = { start: "21:00", end: "07:00" };

/** 3 days, 1 day and 2 hours before the meeting (MeetingRule.reminderOffsetsMinutes default). */
export const DEFAULT_REMINDER_OFFSETS_MINUTES: readonly number[] = [4320, 1440, 120];

/** The nudge to members who still owe a registration or assessment: 2 days before the meeting. */
export const NUDGE_OFFSET_MINUTES = 2 * 24 * 60;

export interface ReminderTime {
  offsetMinutes: number;
  dueAt: Date;
  /** True when dueAt differs from startsAt − offset because of quiet hours. */
  shifted: boolean;
}

interface Window {
  start: ClockTime;
  end: ClockTime;
}

function parseWindow(q: QuietHours): Window | null {
  const start = parseClock(q.start);
  const end = parseClock(q.end);
  if (!start || !end) throw new RangeError(`Invalid quiet hours: ${q.start}–${q.end}`);
  // start == end is read as "no quiet hours" rather than "quiet all day", which would silence the
  // bot completely.
  if (start.hour === end.hour && start.minute === end.minute) return null;
  return { start, end };
}

const minutesOf = (t: ClockTime): number => t.hour * 60 + t.minute;

function atClock(local: DateTime, t: ClockTime): DateTime {
  return local.set({ hour: t.hour, minute: t.minute, second: 0, millisecond: 0 });
}

/**
 * The quiet window containing the local time, as [start, end) instants, or null when the time is
 * not quiet. The start is quiet and the end is not: with 21:00–07:00, 21:00 and 06:59 are quiet,
 * 20:59 and 07:00 are not. A window whose start is after its end spans midnight (21:00–07:00);
 * otherwise it lies within one day (12:00–13:30).
 */
function quietWindowAt(local: DateTime, w: Window): { start: DateTime; end: DateTime } | null {
  const t = local.hour * 60 + local.minute + (local.second + local.millisecond / 1000) / 60;
  const s = minutesOf(w.start);
  const e = minutesOf(w.end);
  if (s < e) {
    if (t >= s && t < e) return { start: atClock(local, w.start), end: atClock(local, w.end) };
    return null;
  }
  if (t >= s) {
    return { start: atClock(local, w.start), end: atClock(local.plus({ days: 1 }), w.end) };
  }
  if (t < e) {
    return { start: atClock(local.minus({ days: 1 }), w.start), end: atClock(local, w.end) };
  }
  return null;
}

export function isInQuietHours(date: Date, quietHours: QuietHours = DEFAULT_QUIET_HOURS, zone: string = DEFAULT_ZONE): boolean {
  assertZone(zone);
  const w = parseWindow(quietHours);
  return w !== null && quietWindowAt(DateTime.fromJSDate(date, { zone }), w) !== null;
}

/**
 * Where a message meant for `nominal` goes: unchanged outside quiet hours, else to the end of the
 * quiet window. If that end is not before `deadline` (an early-morning meeting: 05:00 → 07:00
 * when the meeting is at 07:00), the message would arrive too late to help, so it goes the evening
 * before instead — one minute before the quiet hours began (20:59). A reminder the night before
 * serves an early meeting better than none.
 */
function placeOutsideQuietHours(nominal: Date, deadline: Date, w: Window | null, zone: string): { dueAt: Date; shifted: boolean } {
  if (w === null) return { dueAt: nominal, shifted: false };
  const window = quietWindowAt(DateTime.fromJSDate(nominal, { zone }), w);
  if (window === null) return { dueAt: nominal, shifted: false };
  const end = window.end.toJSDate();
  if (end.getTime() < deadline.getTime()) return { dueAt: end, shifted: true };
  return { dueAt: window.start.minus({ minutes: 1 }).toJSDate(), shifted: true };
}

/**
 * When each reminder of a meeting is due: startsAt − offset (an exact duration, so across a DST
 * change "1440" is 24 hours, not the same wall-clock time the day before), moved out of quiet hours (see
 * placeOutsideQuietHours). Sorted by dueAt. Offsets that are not positive whole minutes are
 * ignored, and when quiet hours push two reminders onto the same instant only the one with the
 * smallest offset is kept, so a member never gets the same reminder twice at once.
 *
 * With `now`: nothing once the meeting has started; and of the reminders already due at `now` only
 * the latest is kept. A meeting added two days ahead, or a planner catching up after downtime,
 * then sends one reminder instead of a burst of stale ones; reminders due in the future are all
 * kept. The planner passes `now` and sends what is due and not yet in Delivery.
 */
export function reminderTimes(args: {
  startsAt: Date;
  offsetsMinutes?: readonly number[];
  quietHours?: QuietHours;
  zone?: string;
  now?: Date;
}): ReminderTime[] {
  const zone = args.zone ?? DEFAULT_ZONE;
  assertZone(zone);
  const w = parseWindow(args.quietHours ?? DEFAULT_QUIET_HOURS);
  const startsAt = args.startsAt;
  if (args.now && args.now.getTime() >= startsAt.getTime()) return [];

  const offsets = [...new Set(args.offsetsMinutes ?? DEFAULT_REMINDER_OFFSETS_MINUTES)].filter((o) => Number.isInteger(o) && o > 0).sort((a, b) => a - b); // smallest first, so it wins a tie below

  const byInstant = new Map<number, ReminderTime>();
  for (const offsetMinutes of offsets) {
    const nominal = new Date(startsAt.getTime() - offsetMinutes * 60_000);
    const placed = placeOutsideQuietHours(nominal, startsAt, w, zone);
    const key = placed.dueAt.getTime();
    if (!byInstant.has(key)) byInstant.set(key, { offsetMinutes, ...placed });
  }
  let out = [...byInstant.values()].sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());

  if (args.now) {
    const now = args.now.getTime();
    const due = out.filter((r) => r.dueAt.getTime() <= now);
    const latestDue = due[due.length - 1];
    out = out.filter((r) => r.dueAt.getTime() > now || r === latestDue);
  }
  return out;
}

/**
 * The nudge to members who still owe something: 2 days before the meeting, moved out of quiet
 * hours like a reminder.
 */
export function nudgeTime(startsAt: Date, zone: string = DEFAULT_ZONE, quietHours: QuietHours = DEFAULT_QUIET_HOURS): Date {
  assertZone(zone);
  const nominal = new Date(startsAt.getTime() - NUDGE_OFFSET_MINUTES * 60_000);
  return placeOutsideQuietHours(nominal, startsAt, parseWindow(quietHours), zone).dueAt;
}
