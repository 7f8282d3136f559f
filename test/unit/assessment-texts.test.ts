// Texts of the self-assessment that other parts show: the monthly request names the one tap.
import { describe, expect, it } from "vitest";
import { owedLines } from "../../src/messages/reminders.ts";
import { monthPeriod, yearPeriod } from "../../src/domain/periods.ts";
import { allOnTrack, meansAllOnTrack } from "../../src/domain/assessment-rules.ts";

describe("the monthly request", () => {
  it("tells the member that all on track is one choice; quarters and the year keep the plain line", () => {
    expect(owedLines(["ASSESSMENT"], monthPeriod(2026, 11))).toEqual([
      "- Chưa gửi tự đánh giá tháng 11/2026: gõ /danhgia, mọi việc đúng tiến độ thì chỉ cần chọn “Tất cả đúng tiến độ”",
    ]);
    expect(owedLines(["ASSESSMENT"], yearPeriod(2026))).toEqual(["- Chưa gửi tự đánh giá năm 2026: gõ /danhgia"]);
  });
});

describe("allOnTrack", () => {
  it("fills every item not reported otherwise, keeping the reported ones as they are", () => {
    const behind = { progress: "BEHIND" as const, note: "Thiếu người", evidence: null };
    expect(allOnTrack(["a", "b"], { b: behind })).toEqual({ a: { progress: "ON_TRACK", note: null, evidence: null }, b: behind });
    // Answers for items no longer in the registration are not carried.
    expect(Object.keys(allOnTrack(["a"], { z: behind }))).toEqual(["a"]);
  });
});

describe("meansAllOnTrack", () => {
  it("reads typed confirmations at the monthly overview, with or without diacritics", () => {
    for (const yes of ["đúng tiến độ", "Tất cả đúng tiến độ.", "tat ca deu dung tien do", "Đều đúng tiến độ ạ", "ổn", "Ok", "đồng ý", "Gửi", "xác nhận"]) {
      expect(meansAllOnTrack(yes), yes).toBe(true);
    }
    for (const no of ["chậm tiến độ", "Tháng này bận nhưng vẫn đúng tiến độ", "việc 2 chậm", "chưa", ""]) expect(meansAllOnTrack(no), no).toBe(false);
  });
});
