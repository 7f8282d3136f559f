// Assessment periods (Assessment.period): "2026-11" (month), "2026-Q4" (quarter), "2026" (year).
// Pure: dates and zones are passed in.
import type { MeetingKind } from "./vocabulary.ts";
import { DateTime } from "luxon";
import { DEFAULT_ZONE, inZone } from "./dates.ts";

export type PeriodKind = "MONTHLY" | "QUARTERLY" | "YEARLY";
export type MeetingKindValue = MeetingKind;

export interface AssessmentPeriod {
  kind: PeriodKind;
  /** "2026-11" | "2026-Q4" | "2026" */
  period: string;
  year: number;
  /** "tháng 11/2026" | "quý IV/2026" | "năm 2026" */
  label: string;
}

const ROMAN = ["I", "II", "III", "IV"] as const;

export function monthPeriod(year: number, month: number): AssessmentPeriod {
  if (!Number.isInteger(month) || month < 1 || month > 12) throw new RangeError(`Month must be 1..12, got ${month}`);
  return {
    kind: "MONTHLY",
    period: `${year}-${String(month).padStart(2, "0")}`,
    year,
    label: `tháng ${month}/${year}`,
  };
}

export function quarterPeriod(year: number, quarter: number): AssessmentPeriod {
  const roman = ROMAN[quarter - 1];
  if (!Number.isInteger(quarter) || roman === undefined) throw new RangeError(`Quarter must be 1..4, got ${quarter}`);
  return { kind: "QUARTERLY", period: `${year}-Q${quarter}`, year, label: `quý ${roman}/${year}` };
}

export function yearPeriod(year: number): AssessmentPeriod {
  return { kind: "YEARLY", period: String(year), year, label: `năm ${year}` };
}

export const quarterOfMonth = (month: number): number => Math.ceil(month / 3);

/**
 * The period a meeting evaluates. A QUARTERLY meeting evaluates its quarter, a YEAR_END meeting
 * its year, any other (REGULAR, THEMATIC) its month; rule-made meetings are in the quarter's last
 * month and in December, so that is the quarter or year just ending. A meeting the secretary moved
 * into the first month after (year-end review held in January, quarterly review on 3 April)
 * evaluates the period that just ended, not one that has barely started.
 */
export function periodForMeeting(meeting: { startsAt: Date; kind: MeetingKindValue }, zone: string = DEFAULT_ZONE): AssessmentPeriod {
  const local = inZone(meeting.startsAt, zone);
  if (meeting.kind === "YEAR_END") {
    return yearPeriod(local.month === 1 ? local.year - 1 : local.year);
  }
  if (meeting.kind === "QUARTERLY") {
    if (local.month % 3 === 1) {
      const prev = local.minus({ months: 1 });
      return quarterPeriod(prev.year, quarterOfMonth(prev.month));
    }
    return quarterPeriod(local.year, quarterOfMonth(local.month));
  }
  return monthPeriod(local.year, local.month);
}

/**
 * The period members are asked to assess now: the one the next meeting will evaluate when the
 * caller knows it (so the assessment answered before the December meeting is the yearly one),
 * otherwise the current month.
 */
export function openPeriod(now: Date, zone: string = DEFAULT_ZONE, nextMeeting?: { startsAt: Date; kind: MeetingKindValue } | null): AssessmentPeriod {
  if (nextMeeting) return periodForMeeting(nextMeeting, zone);
  const local = inZone(now, zone);
  return monthPeriod(local.year, local.month);
}

/** "2026-11" → the month period with its label; null when not a period string. */
export function parsePeriod(period: string): AssessmentPeriod | null {
  let m = /^(\d{4})-(\d{2})$/.exec(period);
  if (m) {
    const month = Number(m[2]);
    return month >= 1 && month <= 12 ? monthPeriod(Number(m[1]), month) : null;
  }
  m = /^(\d{4})-Q([1-4])$/.exec(period);
  if (m) return quarterPeriod(Number(m[1]), Number(m[2]));
  m = /^(\d{4})$/.exec(period);
  if (m) return yearPeriod(Number(m[1]));
  return null;
}

function mustParse(period: string): AssessmentPeriod {
  const p = parsePeriod(period);
  if (!p) throw new RangeError(`Invalid assessment period: ${period}`);
  return p;
}

const KIND_ORDER: Readonly<Record<PeriodKind, number>> = { MONTHLY: 0, QUARTERLY: 1, YEARLY: 2 };

/**
 * Chronological order of periods by the month each ends with, a shorter one first when two end
 * together ("2026-10", "2026-12", "2026-Q4", "2026"); as text the year "2026" came before its months.
 */
export function comparePeriods(a: string, b: string): number {
  const end = (period: string) => {
    const p = mustParse(period);
    return [p.year, Number(monthsOfPeriod(period).at(-1)!.slice(5)), KIND_ORDER[p.kind]] as const;
  };
  const [x, y] = [end(a), end(b)];
  return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
}

/** "2026-Q4" → "quý IV/2026" */
export function periodLabel(period: string): string {
  return mustParse(period).label;
}

/** ["2026-01", …, "2026-12"] */
export function monthsOfYear(year: number): string[] {
  return Array.from({ length: 12 }, (_, i) => monthPeriod(year, i + 1).period);
}

/** The months a period covers: "2026-Q4" → ["2026-10", "2026-11", "2026-12"]. */
export function monthsOfPeriod(period: string): string[] {
  const p = mustParse(period);
  if (p.kind === "YEARLY") return monthsOfYear(p.year);
  if (p.kind === "MONTHLY") return [p.period];
  const q = Number(p.period.slice(-1));
  return [1, 2, 3].map((i) => monthPeriod(p.year, (q - 1) * 3 + i).period);
}

/** The n periods of the same kind before `period`, most recent first ("2026-01", 2 → Dec, Nov 2025). */
export function previousPeriods(period: string, n: number): AssessmentPeriod[] {
  const p = mustParse(period);
  const out: AssessmentPeriod[] = [];
  for (let i = 1; i <= n; i++) {
    if (p.kind === "YEARLY") {
      out.push(yearPeriod(p.year - i));
    } else if (p.kind === "MONTHLY") {
      const d = DateTime.utc(p.year, Number(p.period.slice(5)), 1).minus({ months: i });
      out.push(monthPeriod(d.year, d.month));
    } else {
      const index = p.year * 4 + (Number(p.period.slice(-1)) - 1) - i;
      out.push(quarterPeriod(Math.floor(index / 4), (index % 4) + 1));
    }
  }
  return out;
}

/**
 * Stale = no progress for 2+ months (digest flag): true once `months` calendar months have passed
 * since the last progress, counted in the unit's zone (15/09 → stale from 15/11).
 */
export function isStale(lastProgressAt: Date, now: Date, zone: string = DEFAULT_ZONE, months = 2): boolean {
  return inZone(lastProgressAt, zone).plus({ months }) <= inZone(now, zone);
}
