// Date and time fields of the dashboard's forms as typed on a phone's numeric keypad.
import { describe, expect, it } from "vitest";
import { normalizeDateField, normalizeTimeField, parseDateTimeFields } from "../../src/domain/dates.ts";

describe("date and time fields", () => {
  it.each([
    ["07122026", "07/12/2026"],
    ["071226", "07/12/2026"],
    ["2026-12-07", "07/12/2026"],
    [" 07/12/2026 ", "07/12/2026"],
    ["7/12/2026", "7/12/2026"],
  ])("reads the date %j as %j", (input, expected) => {
    expect(normalizeDateField(input)).toBe(expected);
  });

  it.each([
    ["0830", "08:30"],
    ["830", "8:30"],
    ["14", "14:00"],
    ["8", "8:00"],
    ["14:00", "14:00"],
    ["14h30", "14h30"],
  ])("reads the time %j as %j", (input, expected) => {
    expect(normalizeTimeField(input)).toBe(expected);
  });

  it("builds the instant in the unit's zone from keypad digits", () => {
    expect(parseDateTimeFields("07122026", "0830", "Asia/Ho_Chi_Minh")?.toISOString()).toBe("2026-12-07T01:30:00.000Z");
    expect(parseDateTimeFields("07/12/2026", "08:30", "Asia/Ho_Chi_Minh")?.toISOString()).toBe("2026-12-07T01:30:00.000Z");
    expect(parseDateTimeFields("2026-12-07", "14h", "Asia/Ho_Chi_Minh")?.toISOString()).toBe("2026-12-07T07:00:00.000Z");
  });

  it.each([
    ["31022026", "0830"],
    ["07122026", "2460"],
    ["07122026", "0890"],
    ["0712202", "0830"],
    ["", "0830"],
    ["07122026", ""],
    ["hôm nay", "0830"],
  ])("refuses %j %j", (date, time) => {
    expect(parseDateTimeFields(date, time, "Asia/Ho_Chi_Minh")).toBeNull();
  });
});
