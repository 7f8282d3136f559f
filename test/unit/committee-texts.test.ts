// Texts of the chi ủy actions: a member's words cut between words and quoted with marks they do not
// use, and the sender told a notice is on its way only when it is.
import { describe, expect, it } from "vitest";
import { clip, quote } from "../../src/messages/quote.ts";
import { choiceLabel, CHOICE_LABEL_MAX } from "../../src/conversations/choices.ts";
import { deliveryMsg } from "../../src/messages/delivery.ts";
import { assessedBeforeApprovalLine, committeeMsg } from "../../src/messages/committee.ts";
import type { SendReport } from "../../src/usecases/notifier.ts";

const ITEM = "Đọc và ghi chép 12 bài viết của Bác Hồ về văn hóa công sở, mỗi tháng một bài";

describe("clip and choice labels", () => {
  it("cuts at a word boundary with …, never mid-word", () => {
    const label = choiceLabel(ITEM);
    expect(label.length).toBeLessThanOrEqual(CHOICE_LABEL_MAX);
    expect(label.endsWith("…")).toBe(true);
    const kept = label.slice(0, -1);
    expect(ITEM.startsWith(kept)).toBe(true);
    // The next character of the original is a space: the last word is whole.
    expect(ITEM[kept.length]).toBe(" ");
    for (let max = 8; max < ITEM.length; max++) {
      const cut = clip(ITEM, max).replace(/…$/, "");
      expect(cut.length).toBeLessThan(max);
      expect([" ", ",", undefined]).toContain(ITEM[cut.length]);
    }
  });

  it("drops a comma left before the …, and leaves short text alone", () => {
    expect(clip("Hưu trí, nguyên Phó Chủ tịch phường", 10)).toBe("Hưu trí…");
    expect(choiceLabel("Trả lại")).toBe("Trả lại");
  });
});

describe("quote", () => {
  it('uses “…” unless the text has them, then "…", then ‘…’', () => {
    expect(quote(" Tốt. ")).toBe("“Tốt.”");
    expect(quote("Ghi rõ “áp dụng” bằng số")).toBe('"Ghi rõ “áp dụng” bằng số"');
    expect(quote('Ghi rõ "áp dụng" và “đo”')).toBe('‘Ghi rõ "áp dụng" và “đo”’');
  });

  it("is used where the chi ủy's words and notices are quoted", () => {
    const approved = committeeMsg.notifyApproved({ fullName: "Võ Thị Thu Hà", year: 2026, comment: "Ghi rõ “áp dụng” bằng số" });
    expect(approved).toContain('Nhận xét của chi ủy: "Ghi rõ “áp dụng” bằng số"');
    const summary = deliveryMsg.broadcastSummary({
      createdAt: new Date("2026-11-20T03:00:00Z"),
      zone: "Asia/Ho_Chi_Minh",
      text: "Họp “chuyên đề” lúc 14:00",
      sent: 1,
      failed: 0,
      skipped: 0,
      failedNames: [],
      moreFailed: false,
      exemptMissed: 0,
    });
    expect(summary).toContain('("Họp “chuyên đề” lúc 14:00")');
  });
});

describe("the sender's line about a message to one member", () => {
  const report = (o: Partial<SendReport>): SendReport => ({ reachable: [], unreachable: [], created: 1, existing: 0, group: false, notBefore: null, ...o });
  it("says the notice is on its way only when the report has the member reachable", async () => {
    const { toldLine } = await import("../../src/conversations/flows/committee-common.ts");
    expect(toldLine(report({ reachable: [{ memberId: "m", fullName: "Đặng Văn Lợi" }] }), "Đặng Văn Lợi")).toBe("Bot đang gửi tin báo cho đồng chí Lợi.");
    expect(toldLine(report({ unreachable: [{ memberId: "m", fullName: "Đặng Văn Lợi", reason: "blocked" }] }), "Đặng Văn Lợi")).toContain(
      "Chưa báo được cho đồng chí Lợi qua bot vì đồng chí ấy đã chặn bot",
    );
    // Nothing known about the member (no row written): never "đang gửi".
    expect(toldLine(report({}), "Đặng Văn Lợi")).toContain("Chưa báo được cho đồng chí Lợi");
  });
});

describe("the word for an item", () => {
  it("says 'việc' for an item in the approve and return prompts' examples, never 'nội dung'", () => {
    for (const text of [committeeMsg.askReturnComment("Mai Văn Sơn"), committeeMsg.askApproveComment("Mai Văn Sơn")]) {
      expect(text, text).not.toMatch(/nội dung/i);
    }
    expect(committeeMsg.askReturnComment("Mai Văn Sơn")).toContain("“Việc 2 cần có con số");
  });
});

describe("self-assessments made before approval", () => {
  it("names up to three periods, and the count with the last one beyond", () => {
    expect(assessedBeforeApprovalLine([])).toBeNull();
    expect(assessedBeforeApprovalLine(["2026-10", "2026-Q4"])).toBe("Đã tự đánh giá tháng 10/2026, quý IV/2026 trên bản chưa duyệt này.");
    expect(assessedBeforeApprovalLine(["2026-08", "2026-09", "2026-10", "2026-11"])).toBe(
      "Đã tự đánh giá 4 kỳ, gần nhất tháng 11/2026 trên bản chưa duyệt này.",
    );
  });
});

describe("the end of a /duyet session", () => {
  it("names only what was done: no 'trả lại 0', no 'duyệt 0'", () => {
    expect(committeeMsg.reviewDone({ approved: 2, returned: 0, left: [] })).toBe("Đã duyệt 2 bản đăng ký. Không còn bản nào chờ duyệt.");
    expect(committeeMsg.reviewDone({ approved: 0, returned: 1, left: [2026, 2026, 2026] })).toBe(
      "Đã trả lại 1 bản đăng ký. Còn 3 bản chờ duyệt, đồng chí gõ /duyet để xem lại.",
    );
    expect(committeeMsg.reviewDone({ approved: 1, returned: 1, left: [] })).toBe("Đã duyệt 1, trả lại 1 bản đăng ký. Không còn bản nào chờ duyệt.");
    expect(committeeMsg.reviewDone({ approved: 0, returned: 0, left: [] })).toBe("Đã xem hết danh sách. Không còn bản nào chờ duyệt.");
    expect(committeeMsg.reviewStopKept({ approved: 2, returned: 0, left: [2026] })).toBe(
      "Đã duyệt 2 bản đăng ký. Còn 1 bản chờ duyệt, gõ /duyet khi đồng chí muốn tiếp tục.",
    );
  });

  it("names the years when the session held two", () => {
    expect(committeeMsg.reviewDone({ approved: 1, returned: 0, left: [2027, 2026, 2027], named: true })).toBe(
      "Đã duyệt 1 bản đăng ký. Còn 3 bản chờ duyệt (1 bản năm 2026, 2 bản năm 2027), đồng chí gõ /duyet để xem lại.",
    );
    expect(committeeMsg.reviewStopped([2026, 2027], true)).toBe(
      "Đã dừng duyệt. Còn 2 bản chờ duyệt (1 bản năm 2026, 1 bản năm 2027), gõ /duyet khi đồng chí muốn tiếp tục.",
    );
    // One year left of the two: which one.
    expect(committeeMsg.reviewStopKept({ approved: 1, returned: 0, left: [2026], named: true })).toBe(
      "Đã duyệt 1 bản đăng ký. Còn 1 bản năm 2026 chờ duyệt, gõ /duyet khi đồng chí muốn tiếp tục.",
    );
    expect(committeeMsg.reviewStopped([2026, 2026])).toBe("Đã dừng duyệt. Còn 2 bản chờ duyệt, gõ /duyet khi đồng chí muốn tiếp tục.");
  });
});
