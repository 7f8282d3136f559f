import { describe, expect, it } from "vitest";
import {
  DEFAULT_ZONE,
  WEEKDAY_NAMES,
  assertZone,
  formatClock,
  formatDate,
  formatDateTime,
  formatTime,
  formatWeekdayDate,
  inZone,
  isValidZone,
  localYearMonth,
  parseClock,
  parseDate,
  parseDateTime,
  parseTimeInput,
  readDateTime,
  weekdayName,
} from "../../src/domain/dates.ts";

const HCM = "Asia/Ho_Chi_Minh";

describe("formatting", () => {
  // 07:00Z = 14:00 in Ho Chi Minh City (UTC+7, no DST).
  const d = new Date("2026-12-04T07:00:00Z");

  it("formats date, time, weekday and both in Ho Chi Minh City", () => {
    expect(formatDate(d, HCM)).toBe("04/12/2026");
    expect(formatTime(d, HCM)).toBe("14:00");
    expect(formatWeekdayDate(d, HCM)).toBe("Thứ Sáu, 04/12/2026");
    expect(formatDateTime(d, HCM)).toBe("14:00 Thứ Sáu, 04/12/2026");
  });

  it("defaults to Asia/Ho_Chi_Minh", () => {
    expect(DEFAULT_ZONE).toBe(HCM);
    expect(formatDateTime(d)).toBe("14:00 Thứ Sáu, 04/12/2026");
  });

  it("pads day, month, hour and minute", () => {
    const early = new Date("2027-01-04T01:05:00Z"); // 08:05 on 04/01/2027
    expect(formatDate(early)).toBe("04/01/2027");
    expect(formatTime(early)).toBe("08:05");
  });

  it("uses 24-hour time", () => {
    expect(formatTime(new Date("2026-12-05T16:30:00Z"))).toBe("23:30");
    expect(formatTime(new Date("2026-12-05T17:00:00Z"))).toBe("00:00");
  });

  it("shows the local date, which can differ from the UTC date", () => {
    const lateUtc = new Date("2026-12-04T18:00:00Z"); // 01:00 on the 5th in HCM
    expect(formatDate(lateUtc, HCM)).toBe("05/12/2026");
    expect(formatDate(lateUtc, "UTC")).toBe("04/12/2026");
    expect(formatDateTime(lateUtc, "Asia/Tokyo")).toBe("03:00 Thứ Bảy, 05/12/2026");
  });

  it("follows DST in Europe/Berlin", () => {
    expect(formatTime(new Date("2026-07-01T12:00:00Z"), "Europe/Berlin")).toBe("14:00");
    expect(formatTime(new Date("2026-12-01T12:00:00Z"), "Europe/Berlin")).toBe("13:00");
  });

  it.each([
    ["2026-11-30", "Thứ Hai, 30/11/2026"],
    ["2026-12-01", "Thứ Ba, 01/12/2026"],
    ["2026-12-02", "Thứ Tư, 02/12/2026"],
    ["2026-12-03", "Thứ Năm, 03/12/2026"],
    ["2026-12-04", "Thứ Sáu, 04/12/2026"],
    ["2026-12-05", "Thứ Bảy, 05/12/2026"],
    ["2026-12-06", "Chủ Nhật, 06/12/2026"],
  ])("names the weekday of %s", (iso, expected) => {
    expect(formatWeekdayDate(new Date(`${iso}T03:00:00Z`))).toBe(expected);
  });

  it("names weekdays 1..7 and rejects others", () => {
    expect(Object.keys(WEEKDAY_NAMES)).toHaveLength(7);
    expect(weekdayName(1)).toBe("Thứ Hai");
    expect(weekdayName(7)).toBe("Chủ Nhật");
    expect(() => weekdayName(0)).toThrow(RangeError);
    expect(() => weekdayName(8)).toThrow(RangeError);
  });

  it("fails loudly on an unknown zone", () => {
    expect(isValidZone("Asia/Ho_Chi_Minh")).toBe(true);
    expect(isValidZone("Mars/Olympus")).toBe(false);
    expect(() => assertZone("Mars/Olympus")).toThrow(RangeError);
    expect(() => formatDate(new Date(), "Mars/Olympus")).toThrow(RangeError);
  });
});

describe("parseClock / formatClock", () => {
  it("parses HH:mm and H:mm", () => {
    expect(parseClock("14:00")).toEqual({ hour: 14, minute: 0 });
    expect(parseClock("8:05")).toEqual({ hour: 8, minute: 5 });
    expect(parseClock(" 00:00 ")).toEqual({ hour: 0, minute: 0 });
    expect(parseClock("23:59")).toEqual({ hour: 23, minute: 59 });
  });

  it.each(["24:00", "12:60", "1200", "12:0", "12h", "", "ab:cd", "-1:00"])("rejects %j", (s) => {
    expect(parseClock(s)).toBeNull();
  });

  it("formats with padding", () => {
    expect(formatClock({ hour: 8, minute: 0 })).toBe("08:00");
    expect(formatClock({ hour: 14, minute: 30 })).toBe("14:30");
  });
});

describe("parseTimeInput", () => {
  it.each([
    ["14:00", 14, 0],
    ["8:30", 8, 30],
    ["14h", 14, 0],
    ["14h30", 14, 30],
    ["7H15", 7, 15],
    ["14 giờ", 14, 0],
    ["14 giờ 30 phút", 14, 30],
    ["14 gio 30", 14, 30],
  ])("reads %j", (s, hour, minute) => {
    expect(parseTimeInput(s)).toEqual({ hour, minute });
  });

  it.each(["25h", "14:75", "14", "chiều", ""])("rejects %j", (s) => {
    expect(parseTimeInput(s)).toBeNull();
  });
});

describe("parseDate", () => {
  it("parses dd/MM/yyyy as the start of the local day", () => {
    expect(parseDate("05/12/2026", HCM)?.toISOString()).toBe("2026-12-04T17:00:00.000Z");
    expect(parseDate("05/12/2026", "UTC")?.toISOString()).toBe("2026-12-05T00:00:00.000Z");
    expect(parseDate("05/12/2026", "Asia/Tokyo")?.toISOString()).toBe("2026-12-04T15:00:00.000Z");
  });

  it("accepts single digits, dashes, dots and spaces around", () => {
    const expected = "2026-12-04T17:00:00.000Z";
    expect(parseDate("5/12/2026")?.toISOString()).toBe(expected);
    expect(parseDate(" 05-12-2026 ")?.toISOString()).toBe(expected);
    expect(parseDate("05.12.2026")?.toISOString()).toBe(expected);
  });

  it("round-trips with formatDate", () => {
    const d = parseDate("29/02/2028", "Europe/Berlin");
    expect(d).not.toBeNull();
    expect(formatDate(d!, "Europe/Berlin")).toBe("29/02/2028");
  });

  it.each([
    "31/02/2026",
    "29/02/2026", // 2026 is not a leap year
    "29/02/2100", // divisible by 100, not by 400: not leap
    "31/04/2026",
    "31/06/2026",
    "31/09/2026",
    "31/11/2026",
    "00/12/2026",
    "12/13/2026",
    "12/00/2026",
    "32/01/2026",
    "05/12/26",
    "2026-12-05",
    "05/12/2026 14:00",
    "ngày mai",
    "",
  ])("rejects %j", (s) => {
    expect(parseDate(s)).toBeNull();
  });

  it("accepts leap days in leap years", () => {
    expect(parseDate("29/02/2028")).not.toBeNull();
    expect(parseDate("29/02/2000")).not.toBeNull(); // divisible by 400
    expect(parseDate("31/12/2026")).not.toBeNull();
    expect(parseDate("30/04/2026")).not.toBeNull();
  });
});

describe("parseDateTime", () => {
  it("parses dd/MM/yyyy HH:mm in the zone", () => {
    expect(parseDateTime("05/12/2026 14:00", HCM)?.toISOString()).toBe("2026-12-05T07:00:00.000Z");
    expect(parseDateTime("05/12/2026 14:00", "Asia/Tokyo")?.toISOString()).toBe("2026-12-05T05:00:00.000Z");
    expect(parseDateTime("05/12/2026 14:00", "Europe/Berlin")?.toISOString()).toBe("2026-12-05T13:00:00.000Z");
    expect(parseDateTime("05/07/2026 14:00", "Europe/Berlin")?.toISOString()).toBe("2026-07-05T12:00:00.000Z");
  });

  it("accepts the usual variants", () => {
    const expected = "2026-12-05T07:00:00.000Z";
    for (const s of ["5/12/2026 14h", "05/12/2026 lúc 14:00", "05/12/2026, 14h00", "14:00 05/12/2026", "14h ngày 05/12/2026", "14:00, 5-12-2026"]) {
      expect(parseDateTime(s, HCM)?.toISOString(), s).toBe(expected);
    }
  });

  it("round-trips with formatDateTime's date and time", () => {
    const d = new Date("2026-03-06T01:00:00Z");
    const text = `${formatDate(d)} ${formatTime(d)}`;
    expect(parseDateTime(text)?.getTime()).toBe(d.getTime());
  });

  it.each(["31/02/2026 14:00", "29/02/2100 08:00", "05/12/2026 24:00", "05/12/2026 14:60", "05/12/2026", "14:00", "05/12/2026 14", "hôm nay 14:00"])(
    "rejects %j",
    (s) => {
      expect(parseDateTime(s)).toBeNull();
    },
  );

  it("rejects a wall-clock time skipped by DST", () => {
    // Europe/Berlin jumps from 02:00 to 03:00 on 29/03/2026.
    expect(parseDateTime("29/03/2026 02:30", "Europe/Berlin")).toBeNull();
    expect(parseDateTime("29/03/2026 03:30", "Europe/Berlin")?.toISOString()).toBe("2026-03-29T01:30:00.000Z");
  });
});

describe("readDateTime", () => {
  const now = new Date("2026-11-20T03:00:00Z"); // 20/11/2026 10:00 in Hà Nội
  it("reads a date without a year as the next such moment, never in the past", () => {
    expect(readDateTime("20/12 19h30", "Asia/Ho_Chi_Minh", now)).toEqual({ kind: "ok", at: new Date("2026-12-20T12:30:00Z") });
    expect(readDateTime("20/11 8h", "Asia/Ho_Chi_Minh", now)).toEqual({ kind: "ok", at: new Date("2027-11-20T01:00:00Z") });
    expect(readDateTime("20/11 11h", "Asia/Ho_Chi_Minh", now)).toEqual({ kind: "ok", at: new Date("2026-11-20T04:00:00Z") });
    expect(readDateTime("29/02 8h", "Asia/Ho_Chi_Minh", now)).toEqual({ kind: "ok", at: new Date("2028-02-29T01:00:00Z") });
    // Without a moment to count from, a yearless date stays unreadable (the dashboard form).
    expect(readDateTime("20/12 19h30", "Asia/Ho_Chi_Minh").kind).toBe("unreadable");
    expect(parseDateTime("20/12 19h30", "Asia/Ho_Chi_Minh")).toBeNull();
  });

  it("tells a day not on the calendar from text that is not a date", () => {
    expect(readDateTime("31/02/2027 8h", "Asia/Ho_Chi_Minh", now)).toEqual({ kind: "no-such-date", text: "31/02/2027" });
    expect(readDateTime("31/2 8h", "Asia/Ho_Chi_Minh", now)).toEqual({ kind: "no-such-date", text: "31/02" });
    expect(readDateTime("hôm nay", "Asia/Ho_Chi_Minh", now).kind).toBe("unreadable");
    expect(readDateTime("20/12/2026 25h", "Asia/Ho_Chi_Minh", now).kind).toBe("unreadable");
  });
});

describe("localYearMonth", () => {
  it("is the local year and month, also when asked back and forth across a month's and a year's end", () => {
    const at = (iso: string) => localYearMonth(new Date(iso), "Asia/Ho_Chi_Minh");
    expect(at("2026-11-30T16:59:59.999Z")).toMatchObject({ year: 2026, month: 11 });
    expect(at("2026-11-30T17:00:00.000Z")).toMatchObject({ year: 2026, month: 12 });
    expect(at("2026-11-30T16:59:59.999Z")).toMatchObject({ year: 2026, month: 11 });
    expect(at("2026-12-31T16:59:59.999Z")).toMatchObject({ year: 2026, month: 12 });
    expect(at("2026-12-31T17:00:00.000Z")).toMatchObject({ year: 2027, month: 1 });
    expect(at("2026-12-15T00:00:00.000Z")).toMatchObject({ year: 2026, month: 12 });
  });

  it("agrees with luxon for instants spread over years, in zones with and without summer time", () => {
    for (const zone of ["Asia/Ho_Chi_Minh", "America/New_York", "Australia/Lord_Howe", "Asia/Kathmandu", "UTC"]) {
      // Every 7 hours 13 minutes for four years, then back again (each step may leave the month known).
      const instants: number[] = [];
      for (let t = Date.UTC(2025, 0, 1); t < Date.UTC(2029, 0, 1); t += (7 * 60 + 13) * 60_000) instants.push(t);
      for (const t of [...instants, ...instants.reverse()]) {
        const local = inZone(new Date(t), zone);
        expect(localYearMonth(new Date(t), zone), `${new Date(t).toISOString()} in ${zone}`).toMatchObject({ year: local.year, month: local.month });
      }
    }
  });
});
