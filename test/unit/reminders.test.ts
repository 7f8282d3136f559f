import { describe, expect, it } from "vitest";
import { formatDateTime, parseDateTime } from "../../src/domain/dates.ts";
import {
  DEFAULT_QUIET_HOURS,
  DEFAULT_REMINDER_OFFSETS_MINUTES,
  isInQuietHours,
  nudgeTime,
  reminderTimes,
  type ReminderTime,
} from "../../src/domain/reminders.ts";

const HCM = "Asia/Ho_Chi_Minh";
const QUIET = { start: "21:00", end: "07:00" };
const LUNCH = { start: "12:00", end: "13:30" };

/** Local "dd/MM/yyyy HH:mm" → Date, failing the test on a typo. */
function at(text: string, zone = HCM): Date {
  const d = parseDateTime(text, zone);
  if (!d) throw new Error(`bad test date ${text}`);
  return d;
}

const show = (rs: ReminderTime[], zone = HCM) => rs.map((r) => `${r.offsetMinutes} ${formatDateTime(r.dueAt, zone)}${r.shifted ? " (dời)" : ""}`);

/** The single reminder for one offset. */
function one(startsAt: Date, offsetMinutes: number, quietHours = QUIET, zone = HCM): ReminderTime {
  const rs = reminderTimes({ startsAt, offsetsMinutes: [offsetMinutes], quietHours, zone });
  expect(rs).toHaveLength(1);
  return rs[0]!;
}

describe("isInQuietHours (21:00–07:00, spanning midnight)", () => {
  it.each([
    ["05/12/2026 20:59", false],
    ["05/12/2026 21:00", true],
    ["05/12/2026 22:30", true],
    ["05/12/2026 23:59", true],
    ["06/12/2026 00:00", true],
    ["06/12/2026 03:00", true],
    ["06/12/2026 06:59", true],
    ["06/12/2026 07:00", false],
    ["06/12/2026 12:00", false],
  ])("%s → %s", (text, quiet) => {
    expect(isInQuietHours(at(text), QUIET, HCM)).toBe(quiet);
  });

  it("counts seconds at the edges", () => {
    expect(isInQuietHours(new Date(at("05/12/2026 20:59").getTime() + 59_000), QUIET, HCM)).toBe(false);
    expect(isInQuietHours(new Date(at("06/12/2026 06:59").getTime() + 59_999), QUIET, HCM)).toBe(true);
  });

  it("uses the zone's local time", () => {
    const d = new Date("2026-12-05T14:30:00Z"); // 21:30 in HCM, 23:30 in Tokyo, 15:30 in Berlin
    expect(isInQuietHours(d, QUIET, HCM)).toBe(true);
    expect(isInQuietHours(d, QUIET, "Asia/Tokyo")).toBe(true);
    expect(isInQuietHours(d, QUIET, "Europe/Berlin")).toBe(false);
  });

  it("defaults to 21:00–07:00 in Asia/Ho_Chi_Minh", () => {
    expect(DEFAULT_QUIET_HOURS).toEqual(QUIET);
    expect(isInQuietHours(at("05/12/2026 22:00"))).toBe(true);
    expect(isInQuietHours(at("05/12/2026 20:00"))).toBe(false);
  });
});

describe("isInQuietHours (window within a day)", () => {
  it.each([
    ["05/12/2026 11:59", false],
    ["05/12/2026 12:00", true],
    ["05/12/2026 13:29", true],
    ["05/12/2026 13:30", false],
    ["05/12/2026 23:00", false],
    ["05/12/2026 03:00", false],
  ])("%s → %s", (text, quiet) => {
    expect(isInQuietHours(at(text), LUNCH, HCM)).toBe(quiet);
  });

  it("treats start = end as no quiet hours", () => {
    expect(isInQuietHours(at("05/12/2026 23:00"), { start: "22:00", end: "22:00" }, HCM)).toBe(false);
    expect(isInQuietHours(at("05/12/2026 22:00"), { start: "22:00", end: "22:00" }, HCM)).toBe(false);
  });

  it("rejects malformed quiet hours", () => {
    expect(() => isInQuietHours(at("05/12/2026 23:00"), { start: "9pm", end: "07:00" }, HCM)).toThrow(RangeError);
    expect(() => isInQuietHours(at("05/12/2026 23:00"), { start: "21:00", end: "25:00" }, HCM)).toThrow(RangeError);
  });
});

describe("reminderTimes", () => {
  const meeting = at("05/12/2026 14:00");

  it("uses 3 days, 1 day and 2 hours by default, sorted by time", () => {
    expect(DEFAULT_REMINDER_OFFSETS_MINUTES).toEqual([4320, 1440, 120]);
    expect(show(reminderTimes({ startsAt: meeting, zone: HCM }))).toEqual([
      "4320 14:00 Thứ Tư, 02/12/2026",
      "1440 14:00 Thứ Sáu, 04/12/2026",
      "120 12:00 Thứ Bảy, 05/12/2026",
    ]);
    expect(reminderTimes({ startsAt: meeting }).map((r) => r.dueAt.toISOString())).toEqual([
      "2026-12-02T07:00:00.000Z",
      "2026-12-04T07:00:00.000Z",
      "2026-12-05T05:00:00.000Z",
    ]);
  });

  it("sorts whatever order the offsets come in", () => {
    const rs = reminderTimes({ startsAt: meeting, offsetsMinutes: [120, 4320, 1440], zone: HCM });
    expect(rs.map((r) => r.offsetMinutes)).toEqual([4320, 1440, 120]);
  });

  it("moves 22:30 to 07:00 the next day", () => {
    const r = one(at("06/12/2026 09:00"), 630); // nominal 05/12 22:30
    expect(r).toEqual({ offsetMinutes: 630, dueAt: at("06/12/2026 07:00"), shifted: true });
  });

  it("moves 21:00 (the first quiet minute) to 07:00 the next day", () => {
    expect(one(at("06/12/2026 09:00"), 720).dueAt).toEqual(at("06/12/2026 07:00"));
  });

  it("moves 06:59 to 07:00", () => {
    const r = one(at("06/12/2026 09:00"), 121);
    expect(r).toEqual({ offsetMinutes: 121, dueAt: at("06/12/2026 07:00"), shifted: true });
  });

  it("moves 00:30 to 07:00 the same day", () => {
    expect(one(at("06/12/2026 09:00"), 510).dueAt).toEqual(at("06/12/2026 07:00"));
  });

  it("leaves 07:00 and 20:59 unchanged", () => {
    expect(one(at("06/12/2026 09:00"), 120)).toEqual({
      offsetMinutes: 120,
      dueAt: at("06/12/2026 07:00"),
      shifted: false,
    });
    expect(one(at("06/12/2026 09:00"), 721)).toEqual({
      offsetMinutes: 721,
      dueAt: at("05/12/2026 20:59"),
      shifted: false,
    });
  });

  it("moves to 07:00 when that is still before the meeting", () => {
    expect(one(at("06/12/2026 07:30"), 120)).toEqual({
      offsetMinutes: 120,
      dueAt: at("06/12/2026 07:00"),
      shifted: true,
    });
  });

  it("sends the evening before when 07:00 would be at or after the meeting", () => {
    // Meeting at 07:00: the 2-hour reminder (05:00) cannot wait until 07:00.
    expect(show(reminderTimes({ startsAt: at("06/12/2026 07:00"), zone: HCM }))).toEqual([
      "4320 07:00 Thứ Năm, 03/12/2026",
      "1440 07:00 Thứ Bảy, 05/12/2026",
      "120 20:59 Thứ Bảy, 05/12/2026 (dời)",
    ]);
    // Meeting at 06:30, inside quiet hours itself.
    expect(one(at("06/12/2026 06:30"), 120).dueAt).toEqual(at("05/12/2026 20:59"));
    // A reminder is never at or after the meeting start.
    for (const startsAt of [at("06/12/2026 07:00"), at("06/12/2026 06:30"), at("06/12/2026 00:15")]) {
      for (const r of reminderTimes({ startsAt, offsetsMinutes: [30, 60, 120, 600], quietHours: QUIET, zone: HCM })) {
        expect(r.dueAt.getTime()).toBeLessThan(startsAt.getTime());
        expect(isInQuietHours(r.dueAt, QUIET, HCM)).toBe(false);
      }
    }
  });

  it("keeps one reminder when quiet hours push two onto the same instant", () => {
    // 06:00 and 06:30 both move to 07:00; the closer one (90 minutes) is kept.
    const rs = reminderTimes({ startsAt: at("06/12/2026 08:00"), offsetsMinutes: [120, 90, 1440], zone: HCM });
    expect(show(rs)).toEqual(["1440 08:00 Thứ Bảy, 05/12/2026", "90 07:00 Chủ Nhật, 06/12/2026 (dời)"]);
  });

  it("ignores offsets that are not positive whole minutes, and duplicates", () => {
    const rs = reminderTimes({ startsAt: meeting, offsetsMinutes: [0, -60, 1.5, Number.NaN, 120, 120], zone: HCM });
    expect(rs.map((r) => r.offsetMinutes)).toEqual([120]);
    expect(reminderTimes({ startsAt: meeting, offsetsMinutes: [], zone: HCM })).toEqual([]);
  });

  it("works with a quiet window inside one day", () => {
    expect(one(at("05/12/2026 15:00"), 165, LUNCH)).toMatchObject({ dueAt: at("05/12/2026 13:30"), shifted: true }); // 12:15
    expect(one(at("05/12/2026 15:00"), 180, LUNCH)).toMatchObject({ dueAt: at("05/12/2026 13:30"), shifted: true }); // 12:00
    expect(one(at("05/12/2026 15:00"), 90, LUNCH)).toMatchObject({ dueAt: at("05/12/2026 13:30"), shifted: false });
    expect(one(at("05/12/2026 15:00"), 181, LUNCH)).toMatchObject({ dueAt: at("05/12/2026 11:59"), shifted: false });
    expect(one(at("06/12/2026 01:00"), 120, LUNCH)).toMatchObject({ dueAt: at("05/12/2026 23:00"), shifted: false });
    // Meeting at 13:30: 12:30 cannot move to 13:30, so it goes before the window, at 11:59.
    expect(one(at("05/12/2026 13:30"), 60, LUNCH)).toMatchObject({ dueAt: at("05/12/2026 11:59"), shifted: true });
  });

  it("shifts nothing when start = end", () => {
    expect(one(at("06/12/2026 01:00"), 120, { start: "00:00", end: "00:00" })).toMatchObject({
      dueAt: at("05/12/2026 23:00"),
      shifted: false,
    });
  });

  it("applies quiet hours in the unit's zone (Asia/Tokyo)", () => {
    const tokyo = "Asia/Tokyo";
    const startsAt = at("05/12/2026 09:00", tokyo); // 00:00Z
    const r = one(startsAt, 720, QUIET, tokyo); // 04/12 21:00 JST
    expect(r.dueAt.toISOString()).toBe("2026-12-04T22:00:00.000Z"); // 07:00 JST
    expect(r.shifted).toBe(true);
    // The same instant is 19:00 in HCM: not quiet there.
    expect(one(startsAt, 720, QUIET, HCM)).toMatchObject({ dueAt: new Date("2026-12-04T12:00:00Z"), shifted: false });
  });

  it("ends quiet hours at local 07:00 across DST in Europe/Berlin", () => {
    const berlin = "Europe/Berlin";
    // Spring forward night 28→29/03/2026: 22:00 CET → 07:00 CEST (05:00Z).
    const spring = at("29/03/2026 09:00", berlin);
    expect(spring.toISOString()).toBe("2026-03-29T07:00:00.000Z");
    const r1 = one(spring, 600, QUIET, berlin);
    expect(r1.dueAt.toISOString()).toBe("2026-03-29T05:00:00.000Z");
    expect(formatDateTime(r1.dueAt, berlin)).toBe("07:00 Chủ Nhật, 29/03/2026");
    // Fall back night 24→25/10/2026: 00:00 CEST → 07:00 CET (06:00Z).
    const autumn = at("25/10/2026 09:00", berlin);
    expect(autumn.toISOString()).toBe("2026-10-25T08:00:00.000Z");
    const r2 = one(autumn, 600, QUIET, berlin);
    expect(r2.dueAt.toISOString()).toBe("2026-10-25T06:00:00.000Z");
    expect(formatDateTime(r2.dueAt, berlin)).toBe("07:00 Chủ Nhật, 25/10/2026");
    // Offsets are exact durations, not calendar days: 1440 minutes before 09:00 CEST is 08:00 CET
    // the day before.
    expect(formatDateTime(one(spring, 1440, QUIET, berlin).dueAt, berlin)).toBe("08:00 Thứ Bảy, 28/03/2026");
  });

  describe("with now", () => {
    it("keeps all reminders while none is due", () => {
      const rs = reminderTimes({ startsAt: meeting, zone: HCM, now: at("01/12/2026 10:00") });
      expect(rs.map((r) => r.offsetMinutes)).toEqual([4320, 1440, 120]);
    });

    it("keeps a reminder due exactly now", () => {
      const rs = reminderTimes({ startsAt: meeting, zone: HCM, now: at("02/12/2026 14:00") });
      expect(rs.map((r) => r.offsetMinutes)).toEqual([4320, 1440, 120]);
    });

    it("keeps only the latest of the reminders already due", () => {
      // A meeting created late, or the planner catching up: the 3-day one is overtaken.
      const rs = reminderTimes({ startsAt: meeting, zone: HCM, now: at("04/12/2026 15:00") });
      expect(rs.map((r) => r.offsetMinutes)).toEqual([1440, 120]);
      const later = reminderTimes({ startsAt: meeting, zone: HCM, now: at("05/12/2026 13:00") });
      expect(later.map((r) => r.offsetMinutes)).toEqual([120]);
    });

    it("returns nothing once the meeting has started", () => {
      expect(reminderTimes({ startsAt: meeting, zone: HCM, now: meeting })).toEqual([]);
      expect(reminderTimes({ startsAt: meeting, zone: HCM, now: at("06/12/2026 09:00") })).toEqual([]);
    });
  });
});

describe("nudgeTime", () => {
  it("is 2 days before the meeting", () => {
    expect(nudgeTime(at("05/12/2026 14:00"), HCM, QUIET)).toEqual(at("03/12/2026 14:00"));
    expect(nudgeTime(at("05/12/2026 07:00"), HCM, QUIET)).toEqual(at("03/12/2026 07:00"));
  });

  it("moves out of quiet hours", () => {
    expect(nudgeTime(at("05/12/2026 06:00"), HCM, QUIET)).toEqual(at("03/12/2026 07:00"));
    expect(nudgeTime(at("05/12/2026 22:00"), HCM, QUIET)).toEqual(at("04/12/2026 07:00"));
  });

  it("defaults to Ho Chi Minh City and 21:00–07:00", () => {
    expect(nudgeTime(at("05/12/2026 23:30"))).toEqual(at("04/12/2026 07:00"));
  });

  it("uses the unit's zone", () => {
    const startsAt = at("05/12/2026 22:00", "Asia/Tokyo");
    expect(formatDateTime(nudgeTime(startsAt, "Asia/Tokyo", QUIET), "Asia/Tokyo")).toBe("07:00 Thứ Sáu, 04/12/2026");
  });
});
