// Vietnamese date and time formatting and parsing. Pure: every function takes the instant and the
// zone it should be shown in; nothing here reads the clock.
import { DateTime, IANAZone } from "luxon";
import { fold } from "./text.ts";

/** The zone of every unit that does not say otherwise (docs/domain.md). */
export const DEFAULT_ZONE = "Asia/Ho_Chi_Minh";

export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/** ISO weekday (1 = Monday … 7 = Sunday) → Vietnamese name as written in notices. */
export const WEEKDAY_NAMES: Readonly<Record<Weekday, string>> = {
  1: "Thứ Hai",
  2: "Thứ Ba",
  3: "Thứ Tư",
  4: "Thứ Năm",
  5: "Thứ Sáu",
  6: "Thứ Bảy",
  7: "Chủ Nhật",
};

export function isValidZone(zone: string): boolean {
  return IANAZone.isValidZone(zone);
}

/**
 * An unknown zone is a configuration bug (Unit.timeZone is validated when saved); luxon would
 * silently give "Invalid DateTime", so fail loudly instead.
 */
export function assertZone(zone: string): void {
  if (checkedZones.has(zone)) return;
  if (!IANAZone.isValidZone(zone)) throw new RangeError(`Unknown time zone: ${zone}`);
  if (checkedZones.size < 1_000) checkedZones.add(zone);
}

/** Zones found valid: luxon formats a date each time it is asked, and a roll-up asks per cell. */
const checkedZones = new Set<string>();

/** The instant as a luxon DateTime in the zone (throws on an unknown zone). */
export function inZone(d: Date, zone: string = DEFAULT_ZONE): DateTime {
  assertZone(zone);
  return DateTime.fromJSDate(d, { zone });
}

/** The local month holding an instant, per zone: its bounds as epoch milliseconds. */
interface LocalMonth {
  readonly from: number;
  readonly until: number;
  readonly year: number;
  readonly month: number;
}
/** The last month asked about in each zone (zones are few: assertZone has vetted each). */
const lastMonth = new Map<string, LocalMonth>();

/**
 * The local year and month at an instant. Every message asks (which year /dangky means, whether
 * next year's registration is open), and luxon works a zone's offset out through Intl each time,
 * a few percent of a message's CPU; within the month last asked about the answer is known.
 */
export function localYearMonth(d: Date, zone: string = DEFAULT_ZONE): { readonly year: number; readonly month: number } {
  const t = d.getTime();
  const known = lastMonth.get(zone);
  if (known && t >= known.from && t < known.until) return known;
  const local = inZone(d, zone);
  const start = local.startOf("month");
  const month: LocalMonth = { from: start.toMillis(), until: start.plus({ months: 1 }).toMillis(), year: local.year, month: local.month };
  lastMonth.set(zone, month);
  return month;
}

export function weekdayName(weekday: number): string {
  const name = WEEKDAY_NAMES[weekday as Weekday];
  if (name === undefined) throw new RangeError(`Weekday must be 1..7, got ${weekday}`);
  return name;
}

/** "05/12/2026" */
export function formatDate(d: Date, zone: string = DEFAULT_ZONE): string {
  return inZone(d, zone).toFormat("dd/MM/yyyy");
}

/** "14:00" (24-hour) */
export function formatTime(d: Date, zone: string = DEFAULT_ZONE): string {
  return inZone(d, zone).toFormat("HH:mm");
}

/** "Thứ Bảy, 05/12/2026" */
export function formatWeekdayDate(d: Date, zone: string = DEFAULT_ZONE): string {
  const local = inZone(d, zone);
  return `${weekdayName(local.weekday)}, ${local.toFormat("dd/MM/yyyy")}`;
}

/** "14:00 Thứ Bảy, 05/12/2026" */
export function formatDateTime(d: Date, zone: string = DEFAULT_ZONE): string {
  return `${formatTime(d, zone)} ${formatWeekdayDate(d, zone)}`;
}

export interface ClockTime {
  hour: number;
  minute: number;
}

/** Strict "HH:mm" (also "H:mm") as stored in MeetingRule.time and quiet-hour settings. */
export function parseClock(input: string): ClockTime | null {
  const m = /^(\d{1,2}):(\d{2})$/.exec(input.trim());
  if (!m) return null;
  const hour = Number(m[1]);
  const minute = Number(m[2]);
  if (hour > 23 || minute > 59) return null;
  return { hour, minute };
}

/** { hour: 8, minute: 0 } → "08:00" */
export function formatClock(t: ClockTime): string {
  return `${String(t.hour).padStart(2, "0")}:${String(t.minute).padStart(2, "0")}`;
}

// Members type times the way they say them: "14:00", "8:30", "14h", "14h30", "14 giờ 30".
const TIME_PATTERN = String.raw`(\d{1,2})\s*(?::\s*(\d{2})|(?:h|g|gio)\s*(\d{2})?(?:\s*phut)?)`;
// Day first, as written in Vietnam; "/", "-" or "." between the parts; a four-digit year.
const DATE_PATTERN = String.raw`(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})`;

/** Lenient user time of day: "14:00", "8:30", "14h", "14h30", "14 giờ". Null when not a time. */
export function parseTimeInput(input: string): ClockTime | null {
  const m = new RegExp(`^${TIME_PATTERN}$`).exec(fold(input));
  if (!m) return null;
  return clockFromParts(m[1], m[2] ?? m[3]);
}

function clockFromParts(h: string | undefined, min: string | undefined): ClockTime | null {
  const hour = Number(h);
  const minute = min === undefined ? 0 : Number(min);
  if (!Number.isInteger(hour) || hour > 23 || minute > 59) return null;
  return { hour, minute };
}

/**
 * Builds the local wall-clock time in the zone. Returns null for a date that does not exist
 * (31/02) and for a wall-clock time skipped by a DST change (02:30 on the spring-forward night in
 * Europe/Berlin): luxon would quietly move those, and a user who typed them should be asked again.
 */
function localInstant(zone: string, year: number, month: number, day: number, hour: number, minute: number): Date | null {
  assertZone(zone);
  const dt = DateTime.fromObject({ year, month, day, hour, minute }, { zone });
  if (!dt.isValid) return null;
  if (dt.year !== year || dt.month !== month || dt.day !== day) return null;
  if (dt.hour !== hour || dt.minute !== minute) return null;
  return dt.toJSDate();
}

/**
 * User input "dd/MM/yyyy" (also "5/12/2026", "05-12-2026", "05.12.2026") → the start of that day
 * in the zone. Null for anything else, including dates that do not exist (31/02/2026, 29/02/2100).
 */
export function parseDate(input: string, zone: string = DEFAULT_ZONE): Date | null {
  const m = new RegExp(`^${DATE_PATTERN}$`).exec(fold(input));
  if (!m) return null;
  const year = Number(m[3]);
  const month = Number(m[2]);
  const day = Number(m[1]);
  // Midnight never falls in a DST gap in the zones we serve, but if it did the day start moves.
  assertZone(zone);
  const dt = DateTime.fromObject({ year, month, day }, { zone });
  if (!dt.isValid || dt.year !== year || dt.month !== month || dt.day !== day) return null;
  return dt.startOf("day").toJSDate();
}

/**
 * User input "dd/MM/yyyy HH:mm" in the zone. Also accepts the time first ("14:00 05/12/2026", the
 * order formatDateTime prints), "lúc" / "ngày" / a comma between them, and "14h" / "14h30".
 * Null when the date or time does not exist.
 */
export function parseDateTime(input: string, zone: string = DEFAULT_ZONE): Date | null {
  const reading = readDateTime(input, zone);
  return reading.kind === "ok" ? reading.at : null;
}

export type DateTimeReading =
  | { kind: "ok"; at: Date }
  /** Read as a date and time, but that day is not on the calendar (31/02/2027, 32/1). */
  | { kind: "no-such-date"; text: string }
  | { kind: "unreadable" };

// The year is optional here; readDateTime decides what a missing one means.
const DATE_NO_YEAR = String.raw`(\d{1,2})\s*[/.-]\s*(\d{1,2})(?:\s*[/.-]\s*(\d{4}))?`;

/**
 * parseDateTime that tells a day not on the calendar from text that is not a date. With `now`, a
 * date without a year ("20/12 19h30") is the next such moment that is not in the past, in the zone;
 * without `now` it is unreadable (nothing to count from).
 */
export function readDateTime(input: string, zone: string = DEFAULT_ZONE, now?: Date): DateTimeReading {
  const text = fold(input);
  let parts: { day: string; month: string; year: string | undefined; hour: string | undefined; minute: string | undefined } | null = null;
  const dateFirst = new RegExp(`^${DATE_NO_YEAR}\\s*,?\\s*(?:luc\\s+)?${TIME_PATTERN}$`).exec(text);
  if (dateFirst) parts = { day: dateFirst[1]!, month: dateFirst[2]!, year: dateFirst[3], hour: dateFirst[4], minute: dateFirst[5] ?? dateFirst[6] };
  const timeFirst = parts ? null : new RegExp(`^${TIME_PATTERN}\\s*,?\\s*(?:ngay\\s+)?${DATE_NO_YEAR}$`).exec(text);
  if (timeFirst) parts = { day: timeFirst[4]!, month: timeFirst[5]!, year: timeFirst[6], hour: timeFirst[1], minute: timeFirst[2] ?? timeFirst[3] };
  if (!parts) return { kind: "unreadable" };
  const t = clockFromParts(parts.hour, parts.minute);
  if (!t) return { kind: "unreadable" };
  const day = Number(parts.day);
  const month = Number(parts.month);
  const shown = `${String(day).padStart(2, "0")}/${String(month).padStart(2, "0")}${parts.year ? `/${parts.year}` : ""}`;
  const onCalendar = (year: number) => {
    const d = DateTime.fromObject({ year, month, day }, { zone });
    return d.isValid && d.day === day && d.month === month;
  };
  if (parts.year !== undefined) {
    const year = Number(parts.year);
    assertZone(zone);
    if (!onCalendar(year)) return { kind: "no-such-date", text: shown };
    const at = localInstant(zone, year, month, day, t.hour, t.minute);
    return at ? { kind: "ok", at } : { kind: "unreadable" };
  }
  if (!now) return { kind: "unreadable" };
  // This year's, or the first later year that has the day (29/02 waits for a leap year).
  const first = inZone(now, zone).year;
  for (let year = first; year <= first + 8; year++) {
    const at = onCalendar(year) ? localInstant(zone, year, month, day, t.hour, t.minute) : null;
    if (at && at.getTime() >= now.getTime()) return { kind: "ok", at };
  }
  return { kind: "no-such-date", text: shown };
}

/**
 * A date field as typed on a phone's numeric keypad, which has no "/": "07122026" (ddMMyyyy) and
 * "071226" (ddMMyy, this century) become "07/12/2026"; "2026-12-07" from a date picker too.
 * Anything else is returned trimmed, for parseDate/parseDateTime to accept or refuse.
 */
export function normalizeDateField(input: string): string {
  const text = input.trim();
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (iso) return `${iso[3]}/${iso[2]}/${iso[1]}`;
  const long = /^(\d{2})(\d{2})(\d{4})$/.exec(text);
  if (long) return `${long[1]}/${long[2]}/${long[3]}`;
  const short = /^(\d{2})(\d{2})(\d{2})$/.exec(text);
  if (short) return `${short[1]}/${short[2]}/20${short[3]}`;
  return text;
}

/**
 * A time field typed with digits only: "0830" and "830" become "08:30" / "8:30", "14" becomes
 * "14:00". Anything else is returned trimmed for the lenient time parser ("14h30", "8:30").
 */
export function normalizeTimeField(input: string): string {
  const text = input.trim();
  const hm = /^(\d{1,2})(\d{2})$/.exec(text);
  if (hm) return `${hm[1]}:${hm[2]}`;
  if (/^\d{1,2}$/.test(text)) return `${text}:00`;
  return text;
}

/** The date and time fields of a form in the zone; null when either is empty or not a real time. */
export function parseDateTimeFields(date: string, time: string, zone: string = DEFAULT_ZONE): Date | null {
  const day = normalizeDateField(date);
  const clock = normalizeTimeField(time);
  if (!day || !clock) return null;
  return parseDateTime(`${day} ${clock}`, zone);
}
