import { describe, expect, it } from "vitest";
import {
  quotable,
  shorten,
  tallyItems,
  yearEndDraft,
  yearEndParts,
  yearEndSections,
  type DraftMonth,
  type YearEndDraftInput,
} from "../../src/domain/year-end-draft.ts";
import type { ProgressValue } from "../../src/domain/assessment-rules.ts";

const items: YearEndDraftInput["items"] = [
  { id: "a", category: "STUDY", text: "Đọc và ghi chép 2 chuyên đề về phong cách Hồ Chí Minh" },
  { id: "b", category: "FOLLOW", text: "Giải quyết hồ sơ một cửa đúng hạn 100%" },
  { id: "c", category: "EXAMPLE", text: "Đi làm đúng giờ, không dùng điện thoại việc riêng khi tiếp dân" },
];

const month = (m: number, a: ProgressValue, b: ProgressValue, notes: { a?: string; b?: string; overall?: string } = {}): DraftMonth => ({
  period: `2026-${String(m).padStart(2, "0")}`,
  items: [
    { itemId: "a", progress: a, note: notes.a ?? null },
    { itemId: "b", progress: b, note: notes.b ?? null },
  ],
  overallNote: notes.overall ?? null,
});

function year(): YearEndDraftInput {
  const months: DraftMonth[] = [];
  for (let m = 1; m <= 12; m++) {
    const a: ProgressValue = m <= 2 ? "NOT_STARTED" : m <= 9 ? "ON_TRACK" : "DONE";
    const b: ProgressValue = m === 3 || m === 7 ? "BEHIND" : "ON_TRACK";
    months.push(
      month(m, a, b, {
        ...(m === 10 ? { a: "Đã viết xong bài thu hoạch chuyên đề 2" } : {}),
        ...(m === 3 ? { b: "Thiếu người trực một cửa do nghỉ phép" } : {}),
        ...(m === 5 ? { overall: "Tham gia đầy đủ sinh hoạt chi bộ" } : {}),
      }),
    );
  }
  return {
    year: 2026,
    items,
    months,
    reviews: [
      { text: "Đồng chí cần chủ động hơn trong việc nêu gương trước nhân dân.", at: new Date("2026-06-05T08:00:00Z") },
      { text: "Tiến bộ rõ, giải quyết hồ sơ đúng hạn.", at: new Date("2026-10-05T08:00:00Z") },
    ],
  };
}

describe("tallyItems", () => {
  it("counts each progress value per item over the twelve months, with the latest month", () => {
    const [a, b, c] = tallyItems(year());
    expect(a).toEqual({ itemId: "a", counts: { DONE: 3, ON_TRACK: 7, BEHIND: 0, NOT_STARTED: 2 }, latest: { month: 12, progress: "DONE" } });
    expect(b?.counts).toEqual({ DONE: 0, ON_TRACK: 10, BEHIND: 2, NOT_STARTED: 0 });
    expect(c).toEqual({ itemId: "c", counts: { DONE: 0, ON_TRACK: 0, BEHIND: 0, NOT_STARTED: 0 }, latest: null });
  });

  it("ignores quarters, other years and duplicate months (the last one wins)", () => {
    const input = year();
    input.months = [
      month(1, "DONE", "DONE"),
      month(1, "BEHIND", "BEHIND"),
      { period: "2026-Q1", items: [{ itemId: "a", progress: "DONE" }] },
      { period: "2025-12", items: [{ itemId: "a", progress: "DONE" }] },
    ];
    expect(tallyItems(input)[0]?.counts).toEqual({ DONE: 0, ON_TRACK: 0, BEHIND: 1, NOT_STARTED: 0 });
  });
});

describe("yearEndDraft", () => {
  it("writes one paragraph from the months and the chi ủy's comments", () => {
    const draft = yearEndDraft(year());
    expect(draft).not.toContain("\n");
    expect(draft).toContain("Năm 2026, bản thân đăng ký 3 việc");
    expect(draft).toContain("đã tự đánh giá 12/12 tháng");
    // The items' texts are not repeated: every screen that shows the note lists the items above it.
    expect(draft).toContain(
      "Việc 1: hoàn thành 3 tháng, đúng tiến độ 7 tháng, chưa bắt đầu 2 tháng; đến tháng 12 đã hoàn thành. Việc 2: đúng tiến độ 10 tháng, chậm tiến độ 2 tháng; đến tháng 12 đúng tiến độ. Việc 3 chưa tự đánh giá tháng nào.",
    );
    for (const item of items) expect(draft).not.toContain(item.text);
    // Notable notes: what was done; a month's overall note is not one, it stays with the months' record.
    expect(draft).toContain("Những việc đã làm được: Đã viết xong bài thu hoạch chuyên đề 2 (tháng 10).");
    expect(yearEndSections(year())[0]?.text).toMatch(
      /đến tháng 12 đúng tiến độ\. Việc 3 chưa tự đánh giá tháng nào\. Nhận xét chung các tháng: Tham gia đầy đủ sinh hoạt chi bộ \(tháng 5\)\.$/,
    );
    expect(draft).toContain("Còn khó khăn, chậm tiến độ: Thiếu người trực một cửa do nghỉ phép (tháng 3).");
    // Comments, the most recent first.
    expect(draft).toContain("Chi ủy đã nhận xét: “Tiến bộ rõ, giải quyết hồ sơ đúng hạn”; “Đồng chí cần chủ động hơn trong việc nêu gương trước nhân dân”");
    expect(draft.indexOf("Tiến bộ rõ")).toBeLessThan(draft.indexOf("chủ động hơn"));
  });

  it("quotes the chi ủy and answers nothing for the member: no 'tiếp thu và tiếp tục khắc phục' after a praise", () => {
    const sections = yearEndSections({
      year: 2026,
      items,
      months: [],
      reviews: [{ text: "Đồng chí tiến bộ rõ, cần giữ vững.", at: new Date("2026-10-20T03:00:00Z") }],
    });
    expect(sections.find((x) => x.key === "reviews")?.text).toBe("Chi ủy đã nhận xét: “Đồng chí tiến bộ rõ, cần giữ vững”.");
  });

  it("says so once when the year has no monthly assessment and no comment", () => {
    const draft = yearEndDraft({ year: 2026, items, months: [], reviews: [] });
    expect(draft).toBe("Năm 2026, bản thân đăng ký 3 việc học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh. Cả 3 việc chưa có đánh giá nào.");
    expect(draft).not.toContain("Chi ủy đã nhận xét");
    expect(draft).not.toContain("Những việc đã làm được");
  });

  it("keeps at most three highlights, drops repeated notes and shortens long ones", () => {
    const long = "Tổ chức tuyên truyền ".repeat(20);
    const months = [1, 2, 3, 4, 5].map((m) => month(m, "DONE", "ON_TRACK", { a: m === 5 ? long : "Hoàn thành bài thu hoạch", b: `Việc tháng ${m}` }));
    const draft = yearEndDraft({ year: 2026, items, months, reviews: [] });
    const highlights = /Những việc đã làm được: (.*?)\.(?: |$)/.exec(draft)?.[1] ?? "";
    expect(highlights.split("; ")).toHaveLength(3);
    expect(highlights.match(/Hoàn thành bài thu hoạch/g)).toHaveLength(1);
    expect(highlights).toContain("…");
    expect(highlights.length).toBeLessThan(400);
  });

  it("ignores notes on items that are not in the registration and blank comments", () => {
    const months: DraftMonth[] = [{ period: "2026-04", items: [{ itemId: "zz", progress: "DONE", note: "Việc của người khác" }] }];
    const draft = yearEndDraft({ year: 2026, items, months, reviews: [{ text: "  ", at: new Date() }] });
    expect(draft).not.toContain("người khác");
    expect(draft).not.toContain("Chi ủy");
  });
});

describe("the draft of a year with nothing on record but the year-end answers", () => {
  const atYearEnd = (progress: ProgressValue[]): YearEndDraftInput => ({
    year: 2026,
    items,
    months: [],
    reviews: [],
    current: { items: items.map((item, i) => ({ itemId: item.id, progress: progress[i]! })) },
  });

  it("says each thing once: no month on record in the opening, one sentence for items with the same result", () => {
    expect(yearEndDraft(atYearEnd(["DONE", "DONE", "DONE"]))).toBe(
      "Năm 2026, bản thân đăng ký 3 việc học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh. Cả 3 việc đã hoàn thành.",
    );
    expect(yearEndDraft(atYearEnd(["DONE", "BEHIND", "DONE"]))).toBe(
      "Năm 2026, bản thân đăng ký 3 việc học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh. Việc 1 và 3 đã hoàn thành. Việc 2 còn chậm.",
    );
    expect(yearEndDraft({ ...atYearEnd(["ON_TRACK"]), items: items.slice(0, 1) })).toContain("Việc 1 đúng tiến độ.");
  });

  it("keeps a document's per-item results (each under its item there)", () => {
    expect(yearEndParts(atYearEnd(["DONE", "DONE", "NOT_STARTED"])).itemResults).toEqual([
      "chưa có đánh giá tháng nào; cuối năm đã hoàn thành.",
      "chưa có đánh giá tháng nào; cuối năm đã hoàn thành.",
      "chưa có đánh giá tháng nào; cuối năm chưa bắt đầu.",
    ]);
  });
});

describe("the draft from everything on record", () => {
  it("takes the answers given in the same conversation as the year-end word, and quarterly notes", () => {
    const input: YearEndDraftInput = {
      ...year(),
      months: [...year().months, { period: "2026-Q3", items: [{ itemId: "b", progress: "BEHIND", note: "Thiếu cán bộ quý III" }] }],
      current: {
        items: [
          { itemId: "c", progress: "DONE", note: "Cả năm không đi muộn buổi nào" },
          { itemId: "a", progress: "DONE" },
        ],
      },
    };
    const draft = yearEndDraft(input);
    expect(draft).toContain("Việc 3 chưa tự đánh giá tháng nào, cuối năm đã hoàn thành.");
    expect(draft).toContain("chưa bắt đầu 2 tháng; cuối năm đã hoàn thành.");
    // The most recent word first among notes of the same weight.
    // What the member wrote just now comes back as they wrote it: nothing tacked on ("(cuối năm)").
    expect(draft).toContain("Những việc đã làm được: Cả năm không đi muộn buổi nào; Đã viết xong bài thu hoạch chuyên đề 2 (tháng 10)");
    expect(draft).not.toContain("(cuối năm)");
    expect(draft).toContain("Thiếu cán bộ quý III (quý III)");
  });

  it("comes in sections the member can edit one by one; the paragraph is their join", () => {
    const sections = yearEndSections(year());
    expect(sections.map((s) => s.key)).toEqual(["results", "done", "difficulties", "reviews"]);
    expect(yearEndDraft(year())).toBe(sections.map((s) => s.text).join(" "));
    expect(yearEndSections({ year: 2026, items, months: [], reviews: [] }).map((s) => s.key)).toEqual(["results"]);
  });

  it("never nests quotes with the same marks", () => {
    const quoted = yearEndDraft({
      year: 2026,
      items: [{ id: "q", category: "STUDY", text: "Đọc cuốn “Đường Kách mệnh” và viết thu hoạch" }],
      months: [],
      reviews: [{ text: 'Đồng chí cần làm rõ "thu hoạch" là gì', at: new Date() }],
    });
    expect(quoted).not.toContain("Đường Kách mệnh");
    expect(quoted).toContain("“Đồng chí cần làm rõ ‘thu hoạch’ là gì”");
    expect(quotable("a “b” c")).toBe("a ‘b’ c");
  });
});

describe("shorten", () => {
  it("cuts on a word boundary with an ellipsis", () => {
    expect(shorten("một hai ba", 20)).toBe("một hai ba");
    expect(shorten("một hai ba bốn năm sáu bảy", 12)).toBe("một hai ba…");
  });

  it("never cuts a word, even when the only space is early or the cut falls right after a word", () => {
    // Before: a space in the first half was not used and the word was cut ("Tổ chức tuy…").
    expect(shorten("Tổ chứctuyêntruyềnphápluậtchonhândân khu phố", 20)).toBe("Tổ…");
    expect(shorten("một hai ba bốn", 11)).toBe("một hai ba…");
    expect(shorten("Siêudàikhôngcókhoảngtrắng nào", 8)).toBe("Siêudàikhôngcókhoảngtrắng…");
    const text = "Tổ chức tuyên truyền pháp luật cho nhân dân khu phố bốn mỗi quý một lần";
    for (let max = 4; max < text.length; max++) {
      const cut = shorten(text, max).replace(/…$/, "");
      expect(text.startsWith(cut)).toBe(true);
      expect([" ", ",", undefined]).toContain(text[cut.length]);
    }
  });
});
