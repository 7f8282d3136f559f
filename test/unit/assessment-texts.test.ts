// Texts of the self-assessment that other parts show: the monthly request names the one tap.
import { describe, expect, it } from "vitest";
import { owedLines } from "../../src/messages/reminders.ts";
import { monthPeriod, yearPeriod } from "../../src/domain/periods.ts";
import { allOnTrack, allProgressFromWords, meansAllOnTrack, progressAtStart, readProgressLine } from "../../src/domain/assessment-rules.ts";

describe("the monthly request", () => {
  it("tells the member that all on track is one choice; quarters and the year keep the plain line", () => {
    expect(owedLines(["ASSESSMENT"], monthPeriod(2026, 11))).toEqual([
      "- Chưa gửi tự đánh giá tháng 11/2026: gõ /danhgia, mọi việc đúng tiến độ thì chỉ cần chọn “Tất cả đúng tiến độ”",
    ]);
    expect(owedLines(["ASSESSMENT"], yearPeriod(2026))).toEqual(["- Chưa gửi tự đánh giá năm 2026: gõ /danhgia"]);
  });

  it("puts the registration first for a member who has not sent one (/danhgia refuses until then)", () => {
    for (const owed of ["REGISTRATION", "REGISTRATION_RETURNED"] as const) {
      const lines = owedLines([owed, "ASSESSMENT"], monthPeriod(2026, 11), true);
      expect(lines[0]).toContain("gõ /dangky 2026");
      expect(lines[1]).toBe("- Chưa gửi tự đánh giá tháng 11/2026: nộp bản đăng ký xong thì gõ /danhgia");
    }
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

describe("progress in words (readProgressLine, progressAtStart)", () => {
  it("reads items named with their progress, and the rest", () => {
    expect(readProgressLine("viec 2 cham, con lai dung tien do", 3)).toEqual({ kind: "read", items: { 1: "BEHIND" }, rest: "ON_TRACK" });
    expect(readProgressLine("Việc 1 xong. Việc 3 chưa làm", 3)).toEqual({ kind: "read", items: { 0: "DONE", 2: "NOT_STARTED" }, rest: null });
    expect(readProgressLine("Tháng này bận tiếp dân", 3)).toEqual({ kind: "none" });
    expect(readProgressLine("viec 1 moi doc duoc 1 cuon", 3)).toEqual({ kind: "unclear", item: 0 });
    expect(readProgressLine("viec 5 cham", 3)).toEqual({ kind: "unclear", item: null });
  });
  it("a one-word progress starts the words only before a comma or a reason: 'chăm chỉ' is not 'chậm'", () => {
    expect(progressAtStart("xong rồi, đã đọc cả 2 cuốn")).toBe("DONE");
    expect(progressAtStart("chậm vì máy hỏng")).toBe("BEHIND");
    expect(progressAtStart("Chăm sóc 2 hộ khó khăn")).toBeNull();
    expect(progressAtStart("trẻ em trong khu phố được dạy")).toBeNull();
    expect(progressAtStart("moi giup duoc 1 ho, con 1 ho chua")).toBeNull();
  });
  it("one progress for every item: 'tất cả đúng tiến độ', 'cả 3 việc đã hoàn thành'; a note is none", () => {
    expect(allProgressFromWords("tat ca dung tien do")).toEqual({ progress: "ON_TRACK", count: null });
    expect(allProgressFromWords("Tất cả đã hoàn thành ạ")).toEqual({ progress: "DONE", count: null });
    expect(allProgressFromWords("Cả 3 việc đều đã hoàn thành")).toEqual({ progress: "DONE", count: 3 });
    expect(allProgressFromWords("các việc còn lại đúng tiến độ")).toEqual({ progress: "ON_TRACK", count: null });
    expect(allProgressFromWords("da doc xong 2 cuon")).toBeNull();
    expect(allProgressFromWords("cả nhà đã hoàn thành")).toBeNull();
    expect(allProgressFromWords("đúng tiến độ")).toBeNull();
  });
});
