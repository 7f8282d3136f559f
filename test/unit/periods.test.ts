import { describe, expect, it } from "vitest";
import { parseDateTime } from "../../src/domain/dates.ts";
import {
  comparePeriods,
  isStale,
  monthPeriod,
  monthsOfPeriod,
  monthsOfYear,
  openPeriod,
  parsePeriod,
  periodForMeeting,
  periodLabel,
  previousPeriods,
  quarterOfMonth,
  quarterPeriod,
  yearPeriod,
} from "../../src/domain/periods.ts";
import { expandRule } from "../../src/domain/schedule.ts";

const HCM = "Asia/Ho_Chi_Minh";

function at(text: string, zone = HCM): Date {
  const d = parseDateTime(text, zone);
  if (!d) throw new Error(`bad test date ${text}`);
  return d;
}

describe("period builders", () => {
  it("builds month, quarter and year periods with Vietnamese labels", () => {
    expect(monthPeriod(2026, 11)).toEqual({ kind: "MONTHLY", period: "2026-11", year: 2026, label: "tháng 11/2026" });
    expect(monthPeriod(2026, 1)).toEqual({ kind: "MONTHLY", period: "2026-01", year: 2026, label: "tháng 1/2026" });
    expect(quarterPeriod(2026, 4)).toEqual({ kind: "QUARTERLY", period: "2026-Q4", year: 2026, label: "quý IV/2026" });
    expect(yearPeriod(2026)).toEqual({ kind: "YEARLY", period: "2026", year: 2026, label: "năm 2026" });
  });

  it("writes quarters in Roman numerals", () => {
    expect([1, 2, 3, 4].map((q) => quarterPeriod(2027, q).label)).toEqual(["quý I/2027", "quý II/2027", "quý III/2027", "quý IV/2027"]);
  });

  it("rejects out-of-range months and quarters", () => {
    expect(() => monthPeriod(2026, 0)).toThrow(RangeError);
    expect(() => monthPeriod(2026, 13)).toThrow(RangeError);
    expect(() => quarterPeriod(2026, 0)).toThrow(RangeError);
    expect(() => quarterPeriod(2026, 5)).toThrow(RangeError);
    expect(() => quarterPeriod(2026, 1.5)).toThrow(RangeError);
  });

  it("maps months to quarters", () => {
    expect(Array.from({ length: 12 }, (_, i) => quarterOfMonth(i + 1))).toEqual([1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4]);
  });
});

describe("periodForMeeting", () => {
  it("a REGULAR meeting evaluates its month", () => {
    expect(periodForMeeting({ startsAt: at("05/11/2026 14:00"), kind: "REGULAR" }, HCM)).toEqual({
      kind: "MONTHLY",
      period: "2026-11",
      year: 2026,
      label: "tháng 11/2026",
    });
  });

  it("a THEMATIC meeting counts like a regular one", () => {
    expect(periodForMeeting({ startsAt: at("20/11/2026 14:00"), kind: "THEMATIC" }).period).toBe("2026-11");
  });

  it("a QUARTERLY meeting evaluates its quarter", () => {
    expect(periodForMeeting({ startsAt: at("05/03/2026 14:00"), kind: "QUARTERLY" })).toEqual({
      kind: "QUARTERLY",
      period: "2026-Q1",
      year: 2026,
      label: "quý I/2026",
    });
    expect(periodForMeeting({ startsAt: at("05/06/2026 14:00"), kind: "QUARTERLY" }).period).toBe("2026-Q2");
    expect(periodForMeeting({ startsAt: at("30/09/2026 14:00"), kind: "QUARTERLY" }).period).toBe("2026-Q3");
    expect(periodForMeeting({ startsAt: at("15/08/2026 14:00"), kind: "QUARTERLY" }).period).toBe("2026-Q3");
  });

  it("a YEAR_END meeting evaluates its year", () => {
    expect(periodForMeeting({ startsAt: at("05/12/2026 14:00"), kind: "YEAR_END" })).toEqual({
      kind: "YEARLY",
      period: "2026",
      year: 2026,
      label: "năm 2026",
    });
  });

  it("a review moved into the next month evaluates the period just ended", () => {
    expect(periodForMeeting({ startsAt: at("08/01/2027 14:00"), kind: "YEAR_END" }).period).toBe("2026");
    expect(periodForMeeting({ startsAt: at("03/04/2026 14:00"), kind: "QUARTERLY" }).period).toBe("2026-Q1");
    expect(periodForMeeting({ startsAt: at("05/01/2027 14:00"), kind: "QUARTERLY" })).toMatchObject({
      period: "2026-Q4",
      year: 2026,
    });
  });

  it("labels a monthly meeting by its own local month at both edges of the month", () => {
    expect(periodForMeeting({ startsAt: at("20/01/2027 14:00"), kind: "REGULAR" }, HCM).label).toBe("tháng 1/2027");
    expect(periodForMeeting({ startsAt: at("31/01/2027 23:30"), kind: "REGULAR" }, HCM).label).toBe("tháng 1/2027");
    // 01/02 00:30 in Hà Nội is still 31/01 in UTC: the local date decides.
    expect(periodForMeeting({ startsAt: at("01/02/2027 00:30"), kind: "REGULAR" }, HCM).label).toBe("tháng 2/2027");
    expect(periodForMeeting({ startsAt: at("05/02/2027 14:00"), kind: "REGULAR" }, HCM).label).toBe("tháng 2/2027");
  });

  it("uses the local date in the unit's zone", () => {
    // 31/10/2026 23:30 in HCM is 01/11/2026 01:30 in Tokyo.
    const startsAt = at("31/10/2026 23:30");
    expect(periodForMeeting({ startsAt, kind: "REGULAR" }, HCM).period).toBe("2026-10");
    expect(periodForMeeting({ startsAt, kind: "REGULAR" }, "Asia/Tokyo").period).toBe("2026-11");
    expect(periodForMeeting({ startsAt, kind: "REGULAR" }, "UTC").period).toBe("2026-10");
  });

  it("gives one period per rule-made meeting over a year: 8 months, 3 quarters, 1 year", () => {
    const occs = expandRule({ kind: "DAY_OF_MONTH", dayOfMonth: 5, time: "14:00" }, { from: at("01/01/2026 00:00"), to: at("01/01/2027 00:00"), zone: HCM });
    const periods = occs.map((o) => periodForMeeting(o, HCM).period);
    expect(periods).toEqual(["2026-01", "2026-02", "2026-Q1", "2026-04", "2026-05", "2026-Q2", "2026-07", "2026-08", "2026-Q3", "2026-10", "2026-11", "2026"]);
  });
});

describe("openPeriod", () => {
  it("is the current month without a known next meeting", () => {
    expect(openPeriod(at("22/11/2026 10:00"), HCM).period).toBe("2026-11");
    expect(openPeriod(at("22/11/2026 10:00"), HCM, null).period).toBe("2026-11");
    expect(openPeriod(at("01/12/2026 00:30"), HCM).period).toBe("2026-12");
    expect(openPeriod(at("01/12/2026 00:30"), "UTC").period).toBe("2026-11");
  });

  it("is the next meeting's period when known", () => {
    const now = at("22/11/2026 10:00");
    expect(openPeriod(now, HCM, { startsAt: at("05/12/2026 14:00"), kind: "YEAR_END" })).toMatchObject({
      kind: "YEARLY",
      period: "2026",
      label: "năm 2026",
    });
    expect(openPeriod(at("25/02/2026 10:00"), HCM, { startsAt: at("05/03/2026 14:00"), kind: "QUARTERLY" }).period).toBe("2026-Q1");
    expect(openPeriod(at("28/09/2026 10:00"), HCM, { startsAt: at("05/10/2026 14:00"), kind: "REGULAR" }).period).toBe("2026-10");
  });
});

describe("parsePeriod / periodLabel", () => {
  it("parses the three forms", () => {
    expect(parsePeriod("2026-11")).toEqual(monthPeriod(2026, 11));
    expect(parsePeriod("2026-Q4")).toEqual(quarterPeriod(2026, 4));
    expect(parsePeriod("2026")).toEqual(yearPeriod(2026));
  });

  it.each(["2026-13", "2026-00", "2026-Q5", "2026-Q0", "26-11", "2026-1", "2026/11", "", "năm 2026"])("rejects %j", (s) => {
    expect(parsePeriod(s)).toBeNull();
  });

  it("labels", () => {
    expect(periodLabel("2026-11")).toBe("tháng 11/2026");
    expect(periodLabel("2026-Q2")).toBe("quý II/2026");
    expect(periodLabel("2026")).toBe("năm 2026");
    expect(() => periodLabel("x")).toThrow(RangeError);
  });
});

describe("months", () => {
  it("monthsOfYear lists the 12 month periods", () => {
    expect(monthsOfYear(2026)).toEqual([
      "2026-01",
      "2026-02",
      "2026-03",
      "2026-04",
      "2026-05",
      "2026-06",
      "2026-07",
      "2026-08",
      "2026-09",
      "2026-10",
      "2026-11",
      "2026-12",
    ]);
  });

  it("monthsOfPeriod covers a month, a quarter, a year", () => {
    expect(monthsOfPeriod("2026-11")).toEqual(["2026-11"]);
    expect(monthsOfPeriod("2026-Q1")).toEqual(["2026-01", "2026-02", "2026-03"]);
    expect(monthsOfPeriod("2026-Q4")).toEqual(["2026-10", "2026-11", "2026-12"]);
    expect(monthsOfPeriod("2026")).toHaveLength(12);
  });
});

describe("previousPeriods", () => {
  it("steps back through months across a year", () => {
    expect(previousPeriods("2026-02", 3).map((p) => p.period)).toEqual(["2026-01", "2025-12", "2025-11"]);
  });

  it("steps back through quarters across a year", () => {
    expect(previousPeriods("2026-Q2", 3).map((p) => p.period)).toEqual(["2026-Q1", "2025-Q4", "2025-Q3"]);
    expect(previousPeriods("2026-Q1", 1)[0]).toEqual(quarterPeriod(2025, 4));
  });

  it("steps back through years", () => {
    expect(previousPeriods("2026", 2).map((p) => p.label)).toEqual(["năm 2025", "năm 2024"]);
  });

  it("returns nothing for n = 0 and throws on a bad period", () => {
    expect(previousPeriods("2026-11", 0)).toEqual([]);
    expect(() => previousPeriods("2026-13", 1)).toThrow(RangeError);
  });
});

describe("isStale", () => {
  const last = at("15/09/2026 10:00");

  it("is stale after 2 months without progress", () => {
    expect(isStale(last, at("15/11/2026 09:59"), HCM)).toBe(false);
    expect(isStale(last, at("15/11/2026 10:00"), HCM)).toBe(true);
    expect(isStale(last, at("20/12/2026 10:00"), HCM)).toBe(true);
    expect(isStale(last, at("01/10/2026 10:00"), HCM)).toBe(false);
  });

  it("takes another threshold", () => {
    expect(isStale(last, at("16/10/2026 10:00"), HCM, 1)).toBe(true);
    expect(isStale(last, at("16/10/2026 10:00"), HCM, 3)).toBe(false);
  });

  it("clamps at month ends", () => {
    // 31/12 + 2 months = 28/02 (2027 is not a leap year).
    expect(isStale(at("31/12/2026 10:00"), at("28/02/2027 10:00"), HCM)).toBe(true);
    expect(isStale(at("31/12/2026 10:00"), at("27/02/2027 10:00"), HCM)).toBe(false);
  });
});

describe("comparePeriods", () => {
  it("orders periods by the month they end with, the shorter first when two end together", () => {
    const periods = ["2026", "2026-Q4", "2026-12", "2026-10", "2025", "2026-Q1", "2026-03", "2026-01"];
    expect([...periods].sort(comparePeriods)).toEqual(["2025", "2026-01", "2026-03", "2026-Q1", "2026-10", "2026-12", "2026-Q4", "2026"]);
  });
});
