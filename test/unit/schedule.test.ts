import { describe, expect, it } from "vitest";
import { formatDate, formatDateTime } from "../../src/domain/dates.ts";
import {
  dayInMonth,
  describeRule,
  expandRule,
  meetingKindForMonth,
  nextOccurrence,
  occurrenceInMonth,
  occurrenceKeyFor,
  parseRuleText,
  validateRule,
  type MeetingRuleSpec,
} from "../../src/domain/schedule.ts";

const HCM = "Asia/Ho_Chi_Minh";
const utc = (iso: string) => new Date(iso);

const day = (dayOfMonth: number, time = "14:00"): MeetingRuleSpec => ({ kind: "DAY_OF_MONTH", dayOfMonth, time });
const nthWeekday = (nth: 1 | 2 | 3 | 4 | 5 | -1, weekday: 1 | 2 | 3 | 4 | 5 | 6 | 7, time = "08:00"): MeetingRuleSpec => ({
  kind: "NTH_WEEKDAY",
  nth,
  weekday,
  time,
});

/** Local dates ("dd/MM/yyyy") of the rule's meetings in a calendar year. */
function datesOfYear(rule: MeetingRuleSpec, year: number, zone = HCM): string[] {
  return expandRule(rule, {
    from: utc(`${year - 1}-12-31T00:00:00Z`),
    to: utc(`${year + 1}-01-02T00:00:00Z`),
    zone,
  })
    .filter((o) => o.occurrenceKey.startsWith(`${year}-`))
    .map((o) => formatDate(o.startsAt, zone));
}

describe("meetingKindForMonth", () => {
  it("marks March, June, September QUARTERLY and December YEAR_END", () => {
    const kinds = Array.from({ length: 12 }, (_, i) => meetingKindForMonth(i + 1));
    expect(kinds).toEqual([
      "REGULAR",
      "REGULAR",
      "QUARTERLY",
      "REGULAR",
      "REGULAR",
      "QUARTERLY",
      "REGULAR",
      "REGULAR",
      "QUARTERLY",
      "REGULAR",
      "REGULAR",
      "YEAR_END",
    ]);
  });

  it("builds occurrence keys", () => {
    expect(occurrenceKeyFor(2026, 3)).toBe("2026-03");
    expect(occurrenceKeyFor(2026, 12)).toBe("2026-12");
  });
});

describe("DAY_OF_MONTH", () => {
  it("gives the right UTC instant for a Ho Chi Minh City rule", () => {
    const occ = occurrenceInMonth(day(5), 2026, 12, HCM);
    expect(occ).toEqual({ occurrenceKey: "2026-12", startsAt: utc("2026-12-05T07:00:00Z"), kind: "YEAR_END" });
  });

  it("meets on day 5 of every month of a year", () => {
    expect(datesOfYear(day(5), 2026)).toEqual(Array.from({ length: 12 }, (_, i) => `05/${String(i + 1).padStart(2, "0")}/2026`));
  });

  it("clamps the 31st to the last day of short months", () => {
    expect(datesOfYear(day(31), 2026)).toEqual([
      "31/01/2026",
      "28/02/2026",
      "31/03/2026",
      "30/04/2026",
      "31/05/2026",
      "30/06/2026",
      "31/07/2026",
      "31/08/2026",
      "30/09/2026",
      "31/10/2026",
      "30/11/2026",
      "31/12/2026",
    ]);
  });

  it("clamps February in leap and non-leap years", () => {
    expect(dayInMonth(day(31), 2028, 2)).toBe(29); // leap
    expect(dayInMonth(day(30), 2028, 2)).toBe(29);
    expect(dayInMonth(day(29), 2028, 2)).toBe(29);
    expect(dayInMonth(day(29), 2026, 2)).toBe(28);
    expect(dayInMonth(day(31), 2100, 2)).toBe(28); // divisible by 100, not by 400
    expect(dayInMonth(day(31), 2000, 2)).toBe(29); // divisible by 400
    expect(formatDate(occurrenceInMonth(day(31), 2028, 2)!.startsAt)).toBe("29/02/2028");
    expect(formatDate(occurrenceInMonth(day(30), 2100, 2)!.startsAt)).toBe("28/02/2100");
  });

  it("keeps days 1..28 unchanged", () => {
    expect(dayInMonth(day(1), 2026, 2)).toBe(1);
    expect(dayInMonth(day(28), 2026, 2)).toBe(28);
  });

  it("uses the local time of the unit's zone", () => {
    expect(occurrenceInMonth(day(5), 2026, 12, "Asia/Tokyo")!.startsAt).toEqual(utc("2026-12-05T05:00:00Z"));
    // Berlin: CET (+1) in winter, CEST (+2) in summer.
    expect(occurrenceInMonth(day(5), 2026, 12, "Europe/Berlin")!.startsAt).toEqual(utc("2026-12-05T13:00:00Z"));
    expect(occurrenceInMonth(day(5), 2026, 7, "Europe/Berlin")!.startsAt).toEqual(utc("2026-07-05T12:00:00Z"));
  });

  it("keeps the local wall-clock time across DST changes", () => {
    const occs = expandRule(day(29), {
      from: utc("2026-03-01T00:00:00Z"),
      to: utc("2026-11-01T00:00:00Z"),
      zone: "Europe/Berlin",
    });
    expect(occs.map((o) => formatDateTime(o.startsAt, "Europe/Berlin"))).toEqual([
      "14:00 Chủ Nhật, 29/03/2026", // the day DST starts
      "14:00 Thứ Tư, 29/04/2026",
      "14:00 Thứ Sáu, 29/05/2026",
      "14:00 Thứ Hai, 29/06/2026",
      "14:00 Thứ Tư, 29/07/2026",
      "14:00 Thứ Bảy, 29/08/2026",
      "14:00 Thứ Ba, 29/09/2026",
      "14:00 Thứ Năm, 29/10/2026", // after DST ended on 25/10
    ]);
    expect(occs[0]!.startsAt).toEqual(utc("2026-03-29T12:00:00Z"));
    expect(occs[7]!.startsAt).toEqual(utc("2026-10-29T13:00:00Z"));
  });

  it("labels each month's meeting", () => {
    const occs = expandRule(day(5), { from: utc("2026-01-01T00:00:00Z"), to: utc("2027-01-01T00:00:00Z"), zone: HCM });
    expect(occs.map((o) => `${o.occurrenceKey}:${o.kind}`)).toEqual([
      "2026-01:REGULAR",
      "2026-02:REGULAR",
      "2026-03:QUARTERLY",
      "2026-04:REGULAR",
      "2026-05:REGULAR",
      "2026-06:QUARTERLY",
      "2026-07:REGULAR",
      "2026-08:REGULAR",
      "2026-09:QUARTERLY",
      "2026-10:REGULAR",
      "2026-11:REGULAR",
      "2026-12:YEAR_END",
    ]);
  });
});

describe("NTH_WEEKDAY", () => {
  it("finds the first Friday", () => {
    expect(datesOfYear(nthWeekday(1, 5), 2026)).toEqual([
      "02/01/2026",
      "06/02/2026",
      "06/03/2026",
      "03/04/2026",
      "01/05/2026",
      "05/06/2026",
      "03/07/2026",
      "07/08/2026",
      "04/09/2026",
      "02/10/2026",
      "06/11/2026",
      "04/12/2026",
    ]);
  });

  it("finds the last Friday", () => {
    expect(datesOfYear(nthWeekday(-1, 5), 2026)).toEqual([
      "30/01/2026",
      "27/02/2026",
      "27/03/2026",
      "24/04/2026",
      "29/05/2026",
      "26/06/2026",
      "31/07/2026",
      "28/08/2026",
      "25/09/2026",
      "30/10/2026",
      "27/11/2026",
      "25/12/2026",
    ]);
  });

  it("finds the 2nd, 3rd and 4th", () => {
    expect(dayInMonth(nthWeekday(2, 5), 2026, 12)).toBe(11);
    expect(dayInMonth(nthWeekday(3, 5), 2026, 12)).toBe(18);
    expect(dayInMonth(nthWeekday(4, 5), 2026, 12)).toBe(25);
    // Month starting on the weekday itself: 01/05/2026 is a Friday.
    expect(dayInMonth(nthWeekday(1, 5), 2026, 5)).toBe(1);
    // Month ending on the weekday itself: 31/07/2026 is a Friday.
    expect(dayInMonth(nthWeekday(-1, 5), 2026, 7)).toBe(31);
  });

  it("skips months without a 5th occurrence", () => {
    // Fridays five times in 2026: January, May, July, October.
    const occs = expandRule(nthWeekday(5, 5), {
      from: utc("2026-01-01T00:00:00Z"),
      to: utc("2027-01-01T00:00:00Z"),
      zone: HCM,
    });
    expect(occs.map((o) => formatDate(o.startsAt))).toEqual(["30/01/2026", "29/05/2026", "31/07/2026", "30/10/2026"]);
    expect(occs.map((o) => o.occurrenceKey)).toEqual(["2026-01", "2026-05", "2026-07", "2026-10"]);
    expect(occurrenceInMonth(nthWeekday(5, 5), 2026, 2, HCM)).toBeNull();
    expect(dayInMonth(nthWeekday(5, 5), 2026, 12)).toBeNull();
  });

  it("handles February of a leap year (29 days: one weekday occurs five times)", () => {
    // 01/02/2028 is a Tuesday, so 29/02/2028 is the 5th Tuesday.
    expect(dayInMonth(nthWeekday(5, 2), 2028, 2)).toBe(29);
    expect(dayInMonth(nthWeekday(-1, 2), 2028, 2)).toBe(29);
    expect(dayInMonth(nthWeekday(5, 3), 2028, 2)).toBeNull();
  });

  it("handles Sunday (7) and Monday (1)", () => {
    expect(dayInMonth(nthWeekday(1, 7), 2026, 11)).toBe(1); // 01/11/2026 is a Sunday
    expect(dayInMonth(nthWeekday(1, 1), 2026, 11)).toBe(2);
    expect(dayInMonth(nthWeekday(-1, 1), 2026, 11)).toBe(30);
    expect(dayInMonth(nthWeekday(-1, 7), 2026, 11)).toBe(29);
  });

  it("gives the right instants across DST in Europe/Berlin", () => {
    // Last Sunday of March / October are the DST change days in the EU.
    expect(occurrenceInMonth(nthWeekday(-1, 7, "14:00"), 2026, 3, "Europe/Berlin")!.startsAt).toEqual(utc("2026-03-29T12:00:00Z"));
    expect(occurrenceInMonth(nthWeekday(-1, 7, "14:00"), 2026, 10, "Europe/Berlin")!.startsAt).toEqual(utc("2026-10-25T13:00:00Z"));
  });

  it("gives the right instant in Ho Chi Minh City and Tokyo", () => {
    expect(occurrenceInMonth(nthWeekday(1, 5), 2026, 12, HCM)).toEqual({
      occurrenceKey: "2026-12",
      startsAt: utc("2026-12-04T01:00:00Z"),
      kind: "YEAR_END",
    });
    expect(occurrenceInMonth(nthWeekday(1, 5), 2026, 3, "Asia/Tokyo")).toEqual({
      occurrenceKey: "2026-03",
      startsAt: utc("2026-03-05T23:00:00Z"),
      kind: "QUARTERLY",
    });
  });
});

describe("expandRule ranges", () => {
  it("is half-open: includes from, excludes to", () => {
    const at = utc("2026-12-05T07:00:00Z");
    expect(expandRule(day(5), { from: at, to: utc("2026-12-31T00:00:00Z"), zone: HCM })).toHaveLength(1);
    expect(expandRule(day(5), { from: utc("2026-12-01T00:00:00Z"), to: at, zone: HCM })).toHaveLength(0);
    expect(expandRule(day(5), { from: new Date(at.getTime() + 1), to: utc("2026-12-31T00:00:00Z"), zone: HCM })).toHaveLength(0);
  });

  it("returns nothing for an empty or reversed range", () => {
    const t = utc("2026-12-01T00:00:00Z");
    expect(expandRule(day(5), { from: t, to: t, zone: HCM })).toEqual([]);
    expect(expandRule(day(5), { from: t, to: utc("2026-01-01T00:00:00Z"), zone: HCM })).toEqual([]);
  });

  it("uses the local month, not the UTC month, at the edges", () => {
    // 01/12/2026 00:30 in HCM is still 30/11 in UTC; the day-1 meeting of December is inside.
    const occs = expandRule(day(1, "06:00"), {
      from: utc("2026-11-30T17:30:00Z"),
      to: utc("2026-12-02T00:00:00Z"),
      zone: HCM,
    });
    expect(occs).toEqual([{ occurrenceKey: "2026-12", startsAt: utc("2026-11-30T23:00:00Z"), kind: "YEAR_END" }]);
  });

  it("spans years and returns chronological order with unique keys", () => {
    const occs = expandRule(day(5), { from: utc("2026-11-01T00:00:00Z"), to: utc("2027-04-01T00:00:00Z"), zone: HCM });
    expect(occs.map((o) => o.occurrenceKey)).toEqual(["2026-11", "2026-12", "2027-01", "2027-02", "2027-03"]);
    const times = occs.map((o) => o.startsAt.getTime());
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });

  it("consecutive windows do not repeat or lose a meeting", () => {
    const cut = utc("2026-06-05T07:00:00Z"); // exactly the June meeting
    const a = expandRule(day(5), { from: utc("2026-01-01T00:00:00Z"), to: cut, zone: HCM });
    const b = expandRule(day(5), { from: cut, to: utc("2027-01-01T00:00:00Z"), zone: HCM });
    expect([...a, ...b].map((o) => o.occurrenceKey)).toEqual(Array.from({ length: 12 }, (_, i) => `2026-${String(i + 1).padStart(2, "0")}`));
  });

  it("defaults to Asia/Ho_Chi_Minh", () => {
    const occs = expandRule(day(5), { from: utc("2026-12-01T00:00:00Z"), to: utc("2026-12-31T00:00:00Z") });
    expect(occs[0]!.startsAt).toEqual(utc("2026-12-05T07:00:00Z"));
  });

  it("throws on an invalid rule or zone", () => {
    const range = { from: utc("2026-01-01T00:00:00Z"), to: utc("2027-01-01T00:00:00Z"), zone: HCM };
    expect(() => expandRule(day(32), range)).toThrow(RangeError);
    expect(() => expandRule(day(5, "25:00"), range)).toThrow(RangeError);
    expect(() => expandRule(day(5), { ...range, zone: "Nowhere/City" })).toThrow(RangeError);
  });
});

describe("nextOccurrence", () => {
  it("finds the next meeting at or after a moment", () => {
    expect(nextOccurrence(day(5), utc("2026-11-22T00:00:00Z"), HCM)?.startsAt).toEqual(utc("2026-12-05T07:00:00Z"));
    expect(nextOccurrence(day(5), utc("2026-12-05T07:00:00Z"), HCM)?.startsAt).toEqual(utc("2026-12-05T07:00:00Z"));
    expect(nextOccurrence(day(5), utc("2026-12-05T07:00:01Z"), HCM)?.occurrenceKey).toBe("2027-01");
  });

  it("jumps over months without a 5th weekday", () => {
    // After October 2026 the next month with five Fridays is January 2027.
    expect(nextOccurrence(nthWeekday(5, 5), utc("2026-11-01T00:00:00Z"), HCM)?.occurrenceKey).toBe("2027-01");
  });
});

describe("validateRule", () => {
  it("accepts and normalizes rules", () => {
    expect(validateRule({ kind: "DAY_OF_MONTH", dayOfMonth: 5, time: "14:00" })).toEqual({
      ok: true,
      rule: { kind: "DAY_OF_MONTH", dayOfMonth: 5, time: "14:00" },
    });
    expect(validateRule({ kind: "NTH_WEEKDAY", nth: -1, weekday: 5, time: "8:00" })).toEqual({
      ok: true,
      rule: { kind: "NTH_WEEKDAY", nth: -1, weekday: 5, time: "08:00" },
    });
  });

  it("accepts a database row with nulls in the unused fields", () => {
    const row = { kind: "DAY_OF_MONTH", dayOfMonth: 31, nth: null, weekday: null, time: "07:30" };
    expect(validateRule(row)).toEqual({ ok: true, rule: { kind: "DAY_OF_MONTH", dayOfMonth: 31, time: "07:30" } });
    const row2 = { kind: "NTH_WEEKDAY", dayOfMonth: null, nth: 1, weekday: 7, time: "08:00" };
    expect(validateRule(row2)).toEqual({ ok: true, rule: { kind: "NTH_WEEKDAY", nth: 1, weekday: 7, time: "08:00" } });
  });

  it.each([
    [{ kind: "WEEKLY", time: "14:00" }, "Kiểu lịch họp"],
    [{ time: "14:00" }, "Kiểu lịch họp"],
    [{ kind: "DAY_OF_MONTH", dayOfMonth: 0, time: "14:00" }, "Ngày họp"],
    [{ kind: "DAY_OF_MONTH", dayOfMonth: 32, time: "14:00" }, "Ngày họp"],
    [{ kind: "DAY_OF_MONTH", dayOfMonth: 5.5, time: "14:00" }, "Ngày họp"],
    [{ kind: "DAY_OF_MONTH", dayOfMonth: "5", time: "14:00" }, "Ngày họp"],
    [{ kind: "DAY_OF_MONTH", time: "14:00" }, "Ngày họp"],
    [{ kind: "DAY_OF_MONTH", dayOfMonth: 5, time: "24:00" }, "Giờ họp"],
    [{ kind: "DAY_OF_MONTH", dayOfMonth: 5, time: "14h" }, "Giờ họp"],
    [{ kind: "DAY_OF_MONTH", dayOfMonth: 5 }, "Giờ họp"],
    [{ kind: "NTH_WEEKDAY", nth: 0, weekday: 5, time: "08:00" }, "Lần trong tháng"],
    [{ kind: "NTH_WEEKDAY", nth: 6, weekday: 5, time: "08:00" }, "Lần trong tháng"],
    [{ kind: "NTH_WEEKDAY", nth: -2, weekday: 5, time: "08:00" }, "Lần trong tháng"],
    [{ kind: "NTH_WEEKDAY", nth: 1, weekday: 0, time: "08:00" }, "Thứ họp"],
    [{ kind: "NTH_WEEKDAY", nth: 1, weekday: 8, time: "08:00" }, "Thứ họp"],
    [{ kind: "NTH_WEEKDAY", nth: 1, weekday: null, time: "08:00" }, "Thứ họp"],
    [{ kind: "NTH_WEEKDAY", nth: 1, weekday: 5, time: "8" }, "Giờ họp"],
  ])("rejects %j with a Vietnamese message", (input, start) => {
    const r = validateRule(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.startsWith(start)).toBe(true);
  });
});

describe("describeRule", () => {
  it.each<[MeetingRuleSpec, string]>([
    [day(5), "Ngày 5 hằng tháng, 14:00"],
    [day(28, "07:30"), "Ngày 28 hằng tháng, 07:30"],
    [day(31), "Ngày 31 hằng tháng (tháng không có ngày này thì họp ngày cuối tháng), 14:00"],
    [nthWeekday(1, 5), "Thứ Sáu đầu tiên hằng tháng, 08:00"],
    [nthWeekday(2, 1), "Thứ Hai thứ hai hằng tháng, 08:00"],
    [nthWeekday(3, 3), "Thứ Tư thứ ba hằng tháng, 08:00"],
    [nthWeekday(4, 6), "Thứ Bảy thứ tư hằng tháng, 08:00"],
    [nthWeekday(5, 5), "Thứ Sáu thứ năm hằng tháng (tháng không có thì không họp theo lịch), 08:00"],
    [nthWeekday(-1, 5), "Thứ Sáu cuối cùng hằng tháng, 08:00"],
    [nthWeekday(-1, 7, "19:30"), "Chủ Nhật cuối cùng hằng tháng, 19:30"],
  ])("describes %j", (rule, text) => {
    expect(describeRule(rule)).toBe(text);
  });
});

describe("parseRuleText", () => {
  it.each<[string, MeetingRuleSpec]>([
    ["ngày 5 hằng tháng 14:00", day(5)],
    ["Ngày 5 hằng tháng, 14:00", day(5)],
    ["ngay 5 hang thang 14h", day(5)],
    ["mùng 5 lúc 14 giờ", day(5)],
    ["5 14:00", day(5)],
    ["ngày 31, 7h30", day(31, "07:30")],
    ["ngày cuối tháng 8:00", day(31, "08:00")],
    ["Thứ Sáu đầu tiên hằng tháng, 08:00", nthWeekday(1, 5)],
    ["thu 6 dau tien 8h", nthWeekday(1, 5)],
    ["thứ 6 tuần đầu 8h", nthWeekday(1, 5)],
    ["T6 cuối tháng 7h30", nthWeekday(-1, 5, "07:30")],
    ["thứ sáu cuối cùng hằng tháng 08:00", nthWeekday(-1, 5)],
    ["thứ sáu thứ hai hằng tháng 8:00", nthWeekday(2, 5)],
    ["chủ nhật thứ hai 8:00", nthWeekday(2, 7)],
    ["thứ hai tuần 3 lúc 14h", nthWeekday(3, 1, "14:00")],
    ["thứ 7 lần thứ 4 8h", nthWeekday(4, 6)],
    ["thứ năm thứ năm 8h", nthWeekday(5, 4)],
  ])("reads %j", (text, rule) => {
    expect(parseRuleText(text)).toEqual({ ok: true, rule });
  });

  it("round-trips describeRule output", () => {
    for (const rule of [
      day(5),
      day(20, "19:00"),
      day(31),
      nthWeekday(1, 5),
      nthWeekday(-1, 5),
      nthWeekday(3, 2, "14:30"),
      nthWeekday(5, 5),
      nthWeekday(2, 7),
      nthWeekday(4, 1),
    ]) {
      expect(parseRuleText(describeRule(rule))).toEqual({ ok: true, rule });
    }
  });

  it("asks for the time when it is missing", () => {
    const r = parseRuleText("ngày 5 hằng tháng");
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain("giờ họp");
  });

  it.each(["hằng tuần", "", "họp khi nào cũng được 14h", "thứ sáu 8h"])("does not understand %j", (text) => {
    const r = parseRuleText(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain("Chưa hiểu lịch họp");
  });

  it("passes validation errors through", () => {
    const r = parseRuleText("ngày 32 14:00");
    expect(r).toEqual({ ok: false, error: expect.stringContaining("Ngày họp") });
    const t = parseRuleText("ngày 5 lúc 25h");
    expect(t).toEqual({ ok: false, error: expect.stringContaining("Giờ họp") });
  });
});
