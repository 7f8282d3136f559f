import { describe, expect, it } from "vitest";
import {
  MAX_ITEMS,
  canAddCollectiveItem,
  canAddItem,
  canDeleteDraft,
  canSubmit,
  canWithdraw,
  checkItems,
  checkSubmission,
  cleanAnswer,
  tidyAnswer,
  coveredContents,
  isEditable,
  itemContents,
  judgeItem,
  missingContents,
  leadingRegistrationYear,
  registrationRoute,
  offeredYears,
  registrationYear,
  yearNamed,
  statusAfterEdit,
} from "../../src/domain/registration-rules.ts";

const THEME = "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về ý chí tự lực, tự cường và khát vọng phát triển đất nước phồn vinh, hạnh phúc";

describe("contents of items", () => {
  it("an item covers its main content and the others it was tagged with, in canonical order, once each", () => {
    expect(itemContents({ category: "FOLLOW" })).toEqual(["FOLLOW"]);
    expect(itemContents({ category: "EXAMPLE", categories: ["EXAMPLE", "STUDY", "STUDY"] })).toEqual(["STUDY", "EXAMPLE"]);
    expect(itemContents({ category: "FOLLOW", categories: null })).toEqual(["FOLLOW"]);
  });

  it("the main content counts even when the tag list leaves it out (rows written before the tags)", () => {
    expect(itemContents({ category: "STUDY", categories: [] })).toEqual(["STUDY"]);
  });

  it("coverage is the union over the items; missing lists the rest in canonical order", () => {
    expect(missingContents([])).toEqual(["STUDY", "FOLLOW", "EXAMPLE"]);
    expect(missingContents([{ category: "EXAMPLE" }])).toEqual(["STUDY", "FOLLOW"]);
    expect(missingContents([{ category: "STUDY" }, { category: "FOLLOW" }])).toEqual(["EXAMPLE"]);
    expect(coveredContents([{ category: "EXAMPLE" }, { category: "STUDY" }])).toEqual(["STUDY", "EXAMPLE"]);
  });

  it("one item tagged with all three contents is a complete registration", () => {
    expect(checkItems([{ category: "FOLLOW", categories: ["STUDY", "FOLLOW", "EXAMPLE"] }])).toEqual([]);
  });

  it("two items can cover the three contents", () => {
    expect(checkItems([{ category: "STUDY", categories: ["STUDY", "EXAMPLE"] }, { category: "FOLLOW" }])).toEqual([]);
  });
});

describe("the 1–3 rule", () => {
  it("needs at least one item", () => {
    expect(checkItems([])).toEqual([{ code: "NO_ITEMS" }]);
  });

  it("allows at most three items", () => {
    const four = [{ category: "STUDY" }, { category: "FOLLOW" }, { category: "EXAMPLE" }, { category: "STUDY" }] as const;
    expect(checkItems(four)).toEqual([{ code: "TOO_MANY_ITEMS", max: MAX_ITEMS }]);
    expect(canAddItem(2)).toBe(true);
    expect(canAddItem(3)).toBe(false);
  });

  it("says which contents are missing", () => {
    expect(checkItems([{ category: "STUDY" }, { category: "STUDY" }, { category: "FOLLOW" }])).toEqual([{ code: "MISSING_CONTENTS", missing: ["EXAMPLE"] }]);
  });

  it("a cell registers at most two collective items", () => {
    expect(canAddCollectiveItem(1)).toBe(true);
    expect(canAddCollectiveItem(2)).toBe(false);
  });
});

describe("statuses", () => {
  it("everything but an approved registration can be edited", () => {
    expect(isEditable("DRAFT")).toBe(true);
    expect(isEditable("SUBMITTED")).toBe(true);
    expect(isEditable("RETURNED")).toBe(true);
    expect(isEditable("APPROVED")).toBe(false);
  });

  it("an edit takes a submitted registration back to draft; drafts and returned ones keep their status", () => {
    expect(statusAfterEdit("SUBMITTED")).toBe("DRAFT");
    expect(statusAfterEdit("DRAFT")).toBe("DRAFT");
    expect(statusAfterEdit("RETURNED")).toBe("RETURNED");
    expect(() => statusAfterEdit("APPROVED")).toThrow();
  });

  it("submit from DRAFT or RETURNED, withdraw from SUBMITTED, delete only a DRAFT", () => {
    expect([canSubmit("DRAFT"), canSubmit("RETURNED"), canSubmit("SUBMITTED"), canSubmit("APPROVED")]).toEqual([true, true, false, false]);
    expect([canWithdraw("SUBMITTED"), canWithdraw("DRAFT"), canWithdraw("APPROVED"), canWithdraw("RETURNED")]).toEqual([true, false, false, false]);
    expect([canDeleteDraft("DRAFT"), canDeleteDraft("RETURNED"), canDeleteDraft("SUBMITTED")]).toEqual([true, false, false]);
  });

  it("submitting needs complete items and the pledge", () => {
    const items = [{ category: "STUDY" as const }, { category: "FOLLOW" as const }, { category: "EXAMPLE" as const }];
    expect(checkSubmission({ status: "DRAFT", pledgeAccepted: true, items })).toEqual([]);
    expect(checkSubmission({ status: "RETURNED", pledgeAccepted: true, items })).toEqual([]);
    expect(checkSubmission({ status: "DRAFT", pledgeAccepted: false, items })).toEqual([{ code: "NO_PLEDGE" }]);
    expect(checkSubmission({ status: "DRAFT", pledgeAccepted: false, items: items.slice(0, 2) })).toEqual([
      { code: "MISSING_CONTENTS", missing: ["EXAMPLE"] },
      { code: "NO_PLEDGE" },
    ]);
    expect(checkSubmission({ status: "APPROVED", pledgeAccepted: true, items })).toEqual([{ code: "NOT_SUBMITTABLE", status: "APPROVED" }]);
  });
});

describe("registration year and answers", () => {
  it("is the local year in the zone", () => {
    const newYearsEveUtc = new Date("2026-12-31T17:30:00Z");
    expect(registrationYear(newYearsEveUtc, "Asia/Ho_Chi_Minh")).toBe(2027);
    expect(registrationYear(newYearsEveUtc, "UTC")).toBe(2026);
  });

  it("offers next year's registration from November (local time), and this year's too while there is one to finish", () => {
    const zone = "Asia/Ho_Chi_Minh";
    const nov = new Date("2026-11-20T03:00:00Z");
    expect(offeredYears(new Date("2026-10-31T16:59:00Z"), zone, null)).toEqual({ years: [2026], named: null });
    expect(offeredYears(new Date("2026-10-31T16:59:00Z"), zone, { status: "DRAFT", items: 2 })).toEqual({ years: [2026], named: null });
    // 1 November 00:00 in Hà Nội is still 31 October in UTC. Nothing for this year: next year's at once, this year's named.
    expect(offeredYears(new Date("2026-10-31T17:00:00Z"), zone, null)).toEqual({ years: [2027], named: 2026 });
    expect(offeredYears(nov, zone, { status: "DRAFT", items: 0 })).toEqual({ years: [2027], named: 2026 });
    expect(offeredYears(nov, zone, { status: "DRAFT", items: 1 })).toEqual({ years: [2027, 2026], named: null });
    expect(offeredYears(nov, zone, { status: "RETURNED", items: 3 })).toEqual({ years: [2027, 2026], named: null });
    // Approved this year and nothing next year: next year's at once (this year's is locked).
    expect(offeredYears(new Date("2026-12-31T03:00:00Z"), zone, { status: "APPROVED", items: 2 })).toEqual({ years: [2027], named: null });
    expect(offeredYears(nov, zone, { status: "APPROVED", items: 2 }, { status: "DRAFT", items: 0 })).toEqual({ years: [2027], named: null });
  });

  it("from November asks between both years once either has a registration that is not done with (a sent one can still be withdrawn)", () => {
    const zone = "Asia/Ho_Chi_Minh";
    const dec = new Date("2026-12-03T03:00:00Z");
    const both = { years: [2027, 2026], named: null };
    expect(offeredYears(dec, zone, { status: "SUBMITTED", items: 3 })).toEqual(both);
    expect(offeredYears(dec, zone, { status: "SUBMITTED", items: 3 }, { status: "APPROVED", items: 2 })).toEqual(both);
    expect(offeredYears(dec, zone, { status: "APPROVED", items: 3 }, { status: "SUBMITTED", items: 2 })).toEqual(both);
    expect(offeredYears(dec, zone, null, { status: "SUBMITTED", items: 3 })).toEqual(both);
    expect(offeredYears(dec, zone, { status: "DRAFT", items: 0 }, { status: "DRAFT", items: 1 })).toEqual(both);
    // Before November next year's is not offered, whatever it holds.
    expect(offeredYears(new Date("2026-10-20T03:00:00Z"), zone, { status: "SUBMITTED", items: 3 }, { status: "APPROVED", items: 2 })).toEqual({
      years: [2026],
      named: null,
    });
  });

  it("names next year's registration as the one being made from November (local time)", () => {
    const zone = "Asia/Ho_Chi_Minh";
    expect(leadingRegistrationYear(new Date("2026-10-31T16:59:00Z"), zone)).toBe(2026);
    expect(leadingRegistrationYear(new Date("2026-10-31T17:00:00Z"), zone)).toBe(2027);
    expect(leadingRegistrationYear(new Date("2026-12-03T03:00:00Z"), zone)).toBe(2027);
    // 1 January in Hà Nội: the new year's own registration.
    expect(leadingRegistrationYear(new Date("2026-12-31T17:30:00Z"), zone)).toBe(2027);
  });

  it("says how /dangky reaches a year: this year's is named from November, not dropped", () => {
    const zone = "Asia/Ho_Chi_Minh";
    const october = new Date("2026-10-20T03:00:00Z");
    const december = new Date("2026-12-03T03:00:00Z");
    expect(registrationRoute(october, zone, 2026)).toBe("plain");
    expect(registrationRoute(october, zone, 2027)).toBe("named");
    // The year-end meeting reviews 2026: /dangky 2026 still registers it (memberStart takes it).
    expect(registrationRoute(december, zone, 2026)).toBe("named");
    expect(registrationRoute(december, zone, 2027)).toBe("plain");
    expect(registrationRoute(december, zone, 2025)).toBeNull();
    // January: last year's is closed to /dangky.
    expect(registrationRoute(new Date("2027-01-05T03:00:00Z"), zone, 2026)).toBeNull();
  });

  it("tidies typed answers and cuts very long ones", () => {
    expect(cleanAnswer("  Đọc   sách\nvề Bác ")).toBe("Đọc sách về Bác");
    expect(cleanAnswer("x".repeat(50), 10)).toHaveLength(10);
  });

  it("cuts a long answer between words, never inside one, and says it did", () => {
    expect(tidyAnswer("Guong mau nhac nho dong chi", 17)).toEqual({ text: "Guong mau nhac", shortened: true });
    expect(tidyAnswer("Guong mau nhac nho", 14)).toEqual({ text: "Guong mau nhac", shortened: true });
    expect(tidyAnswer("Đọc sách, viết thu hoạch", 10)).toEqual({ text: "Đọc sách", shortened: true });
    expect(tidyAnswer("Đọc sách về Bác", 15)).toEqual({ text: "Đọc sách về Bác", shortened: false });
  });
});

describe("a year named in words after đăng ký", () => {
  it("reads the year as /dangky <year> would, with or without diacritics; anything else is no year", () => {
    for (const words of ["năm 2026", "nam 2026", "2026", "cho năm 2026", "Năm nay", "nam nay", "cho năm nay ạ", "năm 2026 nhé"])
      expect(yearNamed(words, 2026), words).toBe(2026);
    for (const words of ["năm sau", "nam sau", "năm tới", "nam toi", "cho năm sau"]) expect(yearNamed(words, 2026), words).toBe(2027);
    expect(yearNamed("2025", 2026)).toBe(2025);
    for (const words of ["", "Ngô Văn Bảy", "cho Ngô Văn Bảy", "Lê Văn Nam", "chibo", "năm", "2 việc"]) expect(yearNamed(words, 2026), words).toBeNull();
  });
});

describe("judging an item with its measure and timeframe", () => {
  it("a slogan-like item is vague and says why", () => {
    const r = judgeItem({ text: "Tích cực học tập và làm theo Bác", measure: "tốt", timeframe: "Trong năm 2026" }, { themeTitle: THEME });
    expect(r.verdict).toBe("vague");
    expect(r.reasons.map((x) => x.code)).toContain("ABSTRACT_ONLY");
  });

  it("a number and a date given in the measure and timeframe fields count", () => {
    const r = judgeItem({ text: "Đọc sách về Bác", measure: "5 cuốn, ghi thu hoạch vào sổ tay", timeframe: "trước 30/6/2026" }, { themeTitle: THEME });
    expect(r.verdict).toBe("concrete");
  });

  it("a rich measure does not carry a one- or two-word text", () => {
    const r = judgeItem({ text: "Đọc sách", measure: "5 cuốn, ghi thu hoạch vào sổ tay", timeframe: "trước 30/6/2026" });
    expect(r.verdict).toBe("vague");
    expect(r.reasons[0]?.code).toBe("TOO_SHORT");
  });

  it("a measure answer that names what is counted is a measure, not asked for again", () => {
    for (const [text, measure] of [
      ["Tham gia đầy đủ các buổi sinh hoạt chi bộ", "so buoi co mat"],
      ["Đọc tài liệu về tư tưởng của Bác", "số bài"],
    ] as const) {
      const r = judgeItem({ text, measure, timeframe: "Mỗi tháng" });
      expect(
        r.reasons.map((x) => x.code),
        `${text} / ${measure}`,
      ).not.toContain("NO_MEASURE");
      expect(r.verdict, `${text} / ${measure}`).toBe("concrete");
    }
    // An abstract item stays vague whatever its measure.
    expect(judgeItem({ text: "Tích cực học tập và làm theo Bác", measure: "số buổi", timeframe: "Mỗi tháng" }).verdict).toBe("vague");
  });

  it("copying last year's item is caught on the text alone; another member's same item is not vague", () => {
    const text = "Trả lời đơn thư của công dân trong vòng 7 ngày làm việc";
    expect(judgeItem({ text, measure: "sổ theo dõi", timeframe: "Mỗi tháng" }).verdict).toBe("concrete");
    const dup = judgeItem({ text, measure: "sổ theo dõi", timeframe: "Mỗi tháng" }, { cellTexts: [`${text}.`] });
    // The same item as another member's is not vagueness: not flagged, not coached.
    expect(dup.verdict).toBe("concrete");
    expect(dup.reasons).toEqual([]);
    const last = judgeItem({ text, measure: "sổ theo dõi", timeframe: "Mỗi tháng" }, { ownLastYearTexts: [text.toUpperCase()] });
    expect(last.reasons[0]?.code).toBe("SAME_AS_LAST_YEAR");
  });
});
