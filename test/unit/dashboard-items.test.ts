// How registered items and charts read on the dashboard (pure rendering helpers).
import { describe, expect, it } from "vitest";
import { itemDetails, itemFlag, orderedCategoryLabel, stated } from "../../src/web/dashboard/items.ts";
import { coverageBars, trendChart, withoutLeadingZeros } from "../../src/web/dashboard/charts.ts";

describe("registered items", () => {
  it.each(["không", "Không.", "  chưa có ", "-", "ko", ""])("treats %j as nothing stated", (text) => {
    expect(stated(text)).toBeNull();
  });

  it("keeps what was stated", () => {
    expect(stated(" 4 bài thu hoạch ")).toBe("4 bài thu hoạch");
    expect(stated("không quá 2 buổi")).toBe("không quá 2 buổi");
    expect(itemDetails({ category: "STUDY", text: "x", measure: "không", timeframe: "mỗi quý" })).toBe("Thời hạn: mỗi quý");
    expect(itemDetails({ category: "STUDY", text: "x", measure: "Không", timeframe: null })).toBeNull();
  });

  it("orders categories học tập, làm theo, nêu gương whatever the order stored", () => {
    expect(orderedCategoryLabel("EXAMPLE", ["FOLLOW", "STUDY"])).toBe("Học tập + Làm theo + Nêu gương");
    expect(orderedCategoryLabel("FOLLOW", ["STUDY"])).toBe("Học tập + Làm theo");
  });

  it("drops the reasons the member has since answered from the flag", () => {
    const base = { category: "FOLLOW", text: "x", vagueVerdict: "vague" };
    expect(itemFlag({ ...base, timeframe: "mỗi tháng", vagueReasons: [{ code: "NO_TIMEFRAME" }, { code: "NO_MEASURE" }] })).toBe("Chung chung: chưa có số đo");
    expect(itemFlag({ ...base, timeframe: "mỗi tháng", measure: "4 bài", vagueReasons: [{ code: "NO_TIMEFRAME" }, { code: "NO_MEASURE" }] })).toBeNull();
    expect(itemFlag({ ...base, timeframe: "không", vagueReasons: [{ code: "NO_TIMEFRAME" }] })).toBe("Chung chung: chưa có thời hạn");
    expect(itemFlag({ ...base, vagueReasons: [{ code: "SLOGAN" }], vagueKept: true })).toBe("Chung chung: khẩu hiệu (đảng viên giữ nguyên)");
    expect(itemFlag({ category: "FOLLOW", text: "x", vagueVerdict: "concrete" })).toBeNull();
  });
});

describe("charts", () => {
  it("shows months before the first data as gaps, and a line without data as none", () => {
    expect(withoutLeadingZeros([0, 0, 14, 0, 29])).toEqual([null, null, 14, 0, 29]);
    expect(withoutLeadingZeros([0, null, 0])).toEqual([null, null, null]);
  });

  it("says 'chưa có dữ liệu' instead of a flat 0% line", () => {
    const out = trendChart({ labels: ["10/2026", "11/2026"], series: [{ name: "Tỷ lệ", values: [0, 0] }], title: "t" }).value;
    expect(out).toContain("Chưa có dữ liệu");
    expect(out).not.toContain("<svg");
  });

  it("writes the newest value, keeps text sizes fixed and draws a legend only for several lines", () => {
    const one = trendChart({ labels: ["09/2026", "10/2026", "11/2026"], series: [{ name: "A", values: [10, 20, 43] }], title: "t" }).value;
    expect(one).toMatch(/<text class="last" x="100\.00%"[^>]*>43%<\/text>/);
    expect(one).not.toContain("viewBox");
    expect(one).not.toContain("legend");
    const two = trendChart({
      labels: ["10/2026", "11/2026"],
      series: [
        { name: "A", values: [10, 20] },
        { name: "B", values: [0, 0] },
      ],
      title: "t",
    }).value;
    expect(two).toContain('class="legend"');
    expect(two).toContain('B <span class="muted">(chưa có dữ liệu)</span>');
  });

  it("writes bars as count with a rounded percentage", () => {
    const out = coverageBars(
      [
        { label: "Đã đăng ký", count: 3, total: 7 },
        { label: "Tự đánh giá", count: 0, total: 0 },
      ],
      "t",
    ).value;
    expect(out).toContain("Đã đăng ký: 3/7 (43%)");
    expect(out).toContain('width="43%"');
    expect(out).toContain("Tự đánh giá: chưa có dữ liệu");
  });
});
