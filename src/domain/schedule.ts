// Meeting rules (MeetingRule) and their expansion into dated meetings. Pure: the range and the
// zone are passed in.
import { DateTime } from "luxon";
import { DEFAULT_ZONE, WEEKDAY_NAMES, assertZone, formatClock, parseClock, parseTimeInput, type Weekday } from "./dates.ts";
import { fold } from "./text.ts";
import type { MeetingKind, Subset } from "./vocabulary.ts";

export type { Weekday } from "./dates.ts";

/** Which occurrence of the weekday in the month: 1st … 5th, or -1 for the last one. */
export type Nth = 1 | 2 | 3 | 4 | 5 | -1;

export type MeetingRuleSpec =
  | {
      kind: "DAY_OF_MONTH";
      /** 1..31; in a shorter month the meeting is on the month's last day. */
      dayOfMonth: number;
      /** "HH:mm", local to the unit's zone. */
      time: string;
    }
  | {
      kind: "NTH_WEEKDAY";
      nth: Nth;
      /** 1 = Monday … 7 = Sunday (ISO, as luxon). */
      weekday: Weekday;
      time: string;
    };

export type OccurrenceKind = Subset<MeetingKind, "REGULAR" | "QUARTERLY" | "YEAR_END">;

export interface Occurrence {
  /** "2026-12": the month, unique per unit, so re-planning never adds a meeting twice. */
  occurrenceKey: string;
  startsAt: Date;
  kind: OccurrenceKind;
}

/**
 * Members report at the quarter's last meeting (March, June, September) and the December meeting
 * is the year-end review, which also closes the fourth quarter.
 */
export function meetingKindForMonth(month: number): OccurrenceKind {
  if (month === 12) return "YEAR_END";
  if (month === 3 || month === 6 || month === 9) return "QUARTERLY";
  return "REGULAR";
}

/** "2026-12" */
export function occurrenceKeyFor(year: number, month: number): string {
  return `${year}-${String(month).padStart(2, "0")}`;
}

/**
 * The day of the month the rule falls on, or null when the month has none (a 5th Friday in a
 * month with four Fridays: that month has no rule-made meeting; the secretary adds one by hand if
 * needed, rather than the bot silently picking another day).
 */
export function dayInMonth(rule: MeetingRuleSpec, year: number, month: number): number | null {
  const first = DateTime.utc(year, month, 1);
  const daysInMonth = first.daysInMonth;
  if (daysInMonth === undefined) throw new RangeError(`Invalid month ${year}-${month}`);
  if (rule.kind === "DAY_OF_MONTH") return Math.min(rule.dayOfMonth, daysInMonth);
  if (rule.nth === -1) {
    const lastWeekday = first.set({ day: daysInMonth }).weekday;
    return daysInMonth - ((lastWeekday - rule.weekday + 7) % 7);
  }
  const firstMatch = 1 + ((rule.weekday - first.weekday + 7) % 7);
  const day = firstMatch + 7 * (rule.nth - 1);
  return day <= daysInMonth ? day : null;
}

/**
 * The rule's meeting in one month, local time in the zone. A time skipped by a DST change (02:30
 * on a spring-forward night) moves forward by the gap, as luxon does; meetings are in daytime so
 * this is theoretical.
 */
export function occurrenceInMonth(rule: MeetingRuleSpec, year: number, month: number, zone: string = DEFAULT_ZONE): Occurrence | null {
  assertZone(zone);
  const day = dayInMonth(rule, year, month);
  if (day === null) return null;
  const time = parseClock(rule.time);
  if (!time) throw new RangeError(`Invalid rule time: ${rule.time}`);
  const local = DateTime.fromObject({ year, month, day, hour: time.hour, minute: time.minute }, { zone });
  return {
    occurrenceKey: occurrenceKeyFor(year, month),
    startsAt: local.toJSDate(),
    kind: meetingKindForMonth(month),
  };
}

/**
 * Every meeting of the rule with from <= startsAt < to (half-open, so consecutive windows never
 * produce the same meeting twice), in chronological order. Months without an occurrence (missing
 * 5th weekday) are skipped. Throws on an invalid rule or zone: callers validate rules on input.
 */
export function expandRule(rule: MeetingRuleSpec, range: { from: Date; to: Date; zone?: string }): Occurrence[] {
  const zone = range.zone ?? DEFAULT_ZONE;
  assertZone(zone);
  const checked = validateRule(rule);
  if (!checked.ok) throw new RangeError(`Invalid meeting rule: ${checked.error}`);
  const from = range.from.getTime();
  const to = range.to.getTime();
  if (!(to > from)) return [];
  const out: Occurrence[] = [];
  let cursor = DateTime.fromMillis(from, { zone }).startOf("month");
  const last = DateTime.fromMillis(to, { zone }).startOf("month");
  while (cursor <= last) {
    const occ = occurrenceInMonth(checked.rule, cursor.year, cursor.month, zone);
    if (occ) {
      const t = occ.startsAt.getTime();
      if (t >= from && t < to) out.push(occ);
    }
    cursor = cursor.plus({ months: 1 });
  }
  return out;
}

/** The first meeting of the rule at or after `after`, or null if none within 13 months. */
export function nextOccurrence(rule: MeetingRuleSpec, after: Date, zone: string = DEFAULT_ZONE): Occurrence | null {
  // Any weekday occurs five times in some month of every year, so 13 months always suffices.
  const to = DateTime.fromJSDate(after).plus({ months: 13 }).toJSDate();
  return expandRule(rule, { from: after, to, zone })[0] ?? null;
}

/** A MeetingRule row or untrusted input (dashboard form, chat parser). */
export interface MeetingRuleInput {
  kind?: unknown;
  dayOfMonth?: unknown;
  nth?: unknown;
  weekday?: unknown;
  time?: unknown;
}

export type RuleValidation = { ok: true; rule: MeetingRuleSpec } | { ok: false; error: string };

const ERR_KIND = "Kiểu lịch họp không hợp lệ. Đồng chí chọn theo ngày (ví dụ: ngày 5 hằng tháng) hoặc theo thứ (ví dụ: Thứ Sáu đầu tiên hằng tháng).";
const ERR_DAY = "Ngày họp phải là một số từ 1 đến 31. Ví dụ: ngày 5 hằng tháng.";
const ERR_NTH = "Lần trong tháng phải từ 1 đến 5, hoặc cuối cùng. Ví dụ: Thứ Sáu đầu tiên hằng tháng.";
const ERR_WEEKDAY = "Thứ họp phải từ Thứ Hai đến Chủ Nhật.";
const ERR_TIME = "Giờ họp phải theo dạng giờ:phút, từ 00:00 đến 23:59. Ví dụ: 14:00.";

/**
 * Checks a rule and returns it normalized ("8:00" → "08:00"; only the fields of its kind).
 * Accepts a Prisma MeetingRule row as is (null for the unused fields).
 */
export function validateRule(input: MeetingRuleInput): RuleValidation {
  const time = typeof input.time === "string" ? parseClock(input.time) : null;
  if (input.kind === "DAY_OF_MONTH") {
    const day = input.dayOfMonth;
    if (typeof day !== "number" || !Number.isInteger(day) || day < 1 || day > 31) {
      return { ok: false, error: ERR_DAY };
    }
    if (!time) return { ok: false, error: ERR_TIME };
    return { ok: true, rule: { kind: "DAY_OF_MONTH", dayOfMonth: day, time: formatClock(time) } };
  }
  if (input.kind === "NTH_WEEKDAY") {
    const nth = input.nth;
    if (typeof nth !== "number" || !(nth === -1 || (Number.isInteger(nth) && nth >= 1 && nth <= 5))) {
      return { ok: false, error: ERR_NTH };
    }
    const weekday = input.weekday;
    if (typeof weekday !== "number" || !Number.isInteger(weekday) || weekday < 1 || weekday > 7) {
      return { ok: false, error: ERR_WEEKDAY };
    }
    if (!time) return { ok: false, error: ERR_TIME };
    return {
      ok: true,
      rule: { kind: "NTH_WEEKDAY", nth: nth as Nth, weekday: weekday as Weekday, time: formatClock(time) },
    };
  }
  return { ok: false, error: ERR_KIND };
}

const NTH_WORDS: Readonly<Record<Nth, string>> = {
  1: "đầu tiên",
  2: "thứ hai",
  3: "thứ ba",
  4: "thứ tư",
  5: "thứ năm",
  [-1]: "cuối cùng",
};

/**
 * "Ngày 5 hằng tháng, 14:00"; "Thứ Sáu đầu tiên hằng tháng, 08:00"; "Thứ Sáu cuối cùng hằng
 * tháng, 08:00". Days 29–31 and 5th weekdays say what happens in months that lack them, so the
 * secretary is not surprised.
 */
export function describeRule(rule: MeetingRuleSpec): string {
  if (rule.kind === "DAY_OF_MONTH") {
    const note = rule.dayOfMonth >= 29 ? " (tháng không có ngày này thì họp ngày cuối tháng)" : "";
    return `Ngày ${rule.dayOfMonth} hằng tháng${note}, ${rule.time}`;
  }
  const note = rule.nth === 5 ? " (tháng không có thì không họp theo lịch)" : "";
  return `${WEEKDAY_NAMES[rule.weekday]} ${NTH_WORDS[rule.nth]} hằng tháng${note}, ${rule.time}`;
}

// ---- The secretary's chat input ("ngày 5 hằng tháng 14:00", "thứ 6 đầu tiên 8h") ----

const ERR_NOT_UNDERSTOOD = "Chưa hiểu lịch họp. Đồng chí gõ theo mẫu: “ngày 5 hằng tháng 14:00” hoặc “Thứ Sáu đầu tiên hằng tháng 08:00”.";
const ERR_NO_TIME = "Đồng chí cho biết thêm giờ họp, ví dụ: “ngày 5 hằng tháng 14:00”.";

// Folded (no diacritics, lower case). Longer forms first so "thu hai" is not read as "thu".
const WEEKDAY_PATTERNS: readonly [RegExp, Weekday][] = [
  [/\b(?:thu hai|thu 2|t2)\b/, 1],
  [/\b(?:thu ba|thu 3|t3)\b/, 2],
  [/\b(?:thu tu|thu 4|t4)\b/, 3],
  [/\b(?:thu nam|thu 5|t5)\b/, 4],
  [/\b(?:thu sau|thu 6|t6)\b/, 5],
  [/\b(?:thu bay|thu 7|t7)\b/, 6],
  [/\b(?:chu nhat|cn)\b/, 7],
];

const NTH_PATTERNS: readonly [RegExp, Nth][] = [
  [/\bcuoi\b/, -1],
  [/\b(?:dau tien|dau|thu nhat|nhat|1)\b/, 1],
  [/\b(?:thu hai|hai|2)\b/, 2],
  [/\b(?:thu ba|ba|3)\b/, 3],
  [/\b(?:thu tu|tu|4)\b/, 4],
  [/\b(?:thu nam|nam|5)\b/, 5],
];

/**
 * Reads a rule typed in chat, with or without diacritics: "ngày 5 hằng tháng 14:00",
 * "mùng 5 lúc 14h", "ngày cuối tháng 8:00" (→ day 31, i.e. the last day), "Thứ Sáu đầu tiên
 * hằng tháng 08:00", "thứ 6 tuần đầu 8h", "T6 cuối tháng 7h30", "chủ nhật thứ hai 8:00".
 */
export function parseRuleText(input: string): RuleValidation {
  let text = fold(input).replace(/[,.;]/g, " ").replace(/\s+/g, " ").trim();

  // The time: the last "14:00" / "14h" / "14 gio" in the text.
  const timeMatches = [...text.matchAll(/\b\d{1,2}\s*(?::\s*\d{2}|(?:h|g|gio)(?:\s*\d{2})?)(?:\s*phut)?(?=\s|$)/g)];
  const timeMatch = timeMatches[timeMatches.length - 1];
  let time: string | null = null;
  if (timeMatch) {
    const parsed = parseTimeInput(timeMatch[0]);
    if (!parsed) return { ok: false, error: ERR_TIME };
    time = formatClock(parsed);
    text = (text.slice(0, timeMatch.index) + " " + text.slice(timeMatch.index + timeMatch[0].length)).replace(/\s+/g, " ").trim();
  }
  text = text
    .replace(/\bluc\b/g, " ")
    .replace(/\s+/g, " ")
    .trim();

  // The earliest weekday in the text is the weekday; an ordinal follows it ("thu sau thu hai" =
  // the second Friday, not a Monday).
  let found: { index: number; end: number; weekday: Weekday } | null = null;
  for (const [pattern, weekday] of WEEKDAY_PATTERNS) {
    const m = pattern.exec(text);
    if (m && (found === null || m.index < found.index)) {
      found = { index: m.index, end: m.index + m[0].length, weekday };
    }
  }
  if (found !== null) {
    const weekday = found.weekday;
    const rest = text.slice(found.end).replace(/\b(?:hang thang|moi thang|thang|tuan|lan|trong)\b/g, " ");
    let nth: Nth | null = null;
    for (const [p, n] of NTH_PATTERNS) {
      if (p.test(rest)) {
        nth = n;
        break;
      }
    }
    if (nth === null) return { ok: false, error: ERR_NOT_UNDERSTOOD };
    if (time === null) return { ok: false, error: ERR_NO_TIME };
    return validateRule({ kind: "NTH_WEEKDAY", nth, weekday, time });
  }

  if (/\b(?:ngay )?cuoi thang\b/.test(text)) {
    if (time === null) return { ok: false, error: ERR_NO_TIME };
    // Day 31 clamps to the last day of every month.
    return validateRule({ kind: "DAY_OF_MONTH", dayOfMonth: 31, time });
  }
  const day = /\b(?:ngay|mung|mong)\s+(\d{1,2})\b/.exec(text) ?? /^(\d{1,2})\b/.exec(text);
  if (day) {
    if (time === null) return { ok: false, error: ERR_NO_TIME };
    return validateRule({ kind: "DAY_OF_MONTH", dayOfMonth: Number(day[1]), time });
  }
  return { ok: false, error: ERR_NOT_UNDERSTOOD };
}
