// Names and short fields lose what a person cannot see (control, bidi-override, zero-width
// characters, NUL); free texts keep their line breaks.
import { describe, expect, it } from "vitest";
import { cleanLongText, cleanName, cleanShortText, fold } from "../../src/domain/text.ts";

describe("cleanShortText / cleanName", () => {
  it.each([
    ["Nguyễn\u200B Văn Hùng", "Nguyễn Văn Hùng"],
    ["\u202EgnùH năV nễyugN", "gnùH năV nễyugN"],
    ["Trần\u0000Thị\tMai\r\n", "Trần Thị Mai"],
    ["Lê\u2066 Quang\u2069 Vinh\uFEFF", "Lê Quang Vinh"],
    ["Nguye\u0302\u0303n", "Nguyễn"],
    ["  Hoàng   Minh\u00A0Tuấn  ", "Hoàng Minh Tuấn"],
  ])("%j → %j", (input, expected) => {
    expect(cleanShortText(input)).toBe(expected);
    expect(cleanName(input)).toBe(expected);
  });

  it("makes names that look alike equal, so they match and sort as one", () => {
    expect(fold(cleanName("Nguyễn Văn\u200D Hùng"))).toBe(fold(cleanName("Nguyễn Văn Hùng")));
  });
});

describe("cleanLongText", () => {
  it("keeps line breaks and tabs, drops NUL, other controls and invisible characters", () => {
    expect(cleanLongText("Dòng 1\r\nDòng\u0000 2\u202E\n\tDòng 3\u200B\u0007")).toBe("Dòng 1\nDòng 2\n\tDòng 3");
  });
});
