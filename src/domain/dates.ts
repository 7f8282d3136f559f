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
  if (!IANAZone.isValidZone(zone)) throw new RangeError(`Unknown time zone: ${zone}`);
}

/** The instant as a luxon DateTime in the zone (throws on an unknown zone). */
export function inZone(d: Date, zone: string = DEFAULT_ZONE): DateTime {
  assertZone(zone);
  return DateTime.fromJSDate(d, { zone });
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
  const text = fold(input);
  const dateFirst = new RegExp(`^${DATE_PATTERN}\\s*,?\\s*(?:luc\\s+)?${TIME_PATTERN}$`).exec(text);
  if (dateFirst) {
    const t = clockFromParts(dateFirst[4], dateFirst[5] ?? dateFirst[6]);
    if (!t) return null;
    return localInstant(zone, Number(dateFirst[3]), Number(dateFirst[2]), Number(dateFirst[1]), t.hour, t.minute);
  }
  const timeFirst = new RegExp(`^${TIME_PATTERN}\\s*,?\\s*(?:ngay\\s+)?${DATE_PATTERN}$`).exec(text);
  if (timeFirst) {
    const t = clockFromParts(timeFirst[1], timeFirst[2] ?? timeFirst[3]);
    if (!t) return null;
    return localInstant(zone, Number(timeFirst[6]), Number(timeFirst[5]), Number(timeFirst[4]), t.hour, t.minute);
  }
  return null;
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
